"""Rule ids and prefixes in flags and configuration: case-insensitive, comma lists, and an unknown one is one error line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED, run_cli

from judgecheck.config import load_config, nearest, unknown_rule


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with the seed in it, the current directory for the test."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "seed.txt").write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rules_run(*args: str) -> set[str]:
    result = run_cli("--format", "json", "--exit-zero", *args, "reports/seed.txt")
    assert result.exit_code == 0, result.stderr
    return {f["rule"] for d in json.loads(result.stdout)["documents"] for f in d["findings"]}


def test_ids_are_case_insensitive_and_flags_take_comma_lists(project: Path) -> None:
    everything = rules_run()
    assert {"JC005", "JC201"} <= everything
    assert rules_run("--select", "jc005") == {"JC005"}
    assert rules_run("--select", "JC005,jc201") == {"JC005", "JC201"} == rules_run("--select", "JC005", "--select", "JC201")
    assert rules_run("--select", "jc0", "--extend-select", "JC201, jc303") == {r for r in everything if r.startswith("JC0")} | {"JC201"}
    assert rules_run("--ignore", "jc005,JC2") == {r for r in everything if r != "JC005" and not r.startswith("JC2")}


@pytest.mark.parametrize(("args", "line"), [
    (["--select", "JC999"], "--select: unknown rule id or prefix 'JC999' (nearest: JC604, JC603, JC602;"),
    (["--select", "JC005,JC1011"], "--select: unknown rule id or prefix 'JC1011' (nearest: JC101,"),
    (["--extend-select", "JX2"], "--extend-select: unknown rule id or prefix 'JX2' (nearest: JC2,"),
    (["--ignore", "jc7"], "--ignore: unknown rule id or prefix 'JC7' (nearest: JC6,"),
])
def test_an_unknown_id_in_a_flag_is_one_line_and_exit_2(project: Path, args: list[str], line: str) -> None:
    result = run_cli(*args, "reports/seed.txt", "missing.pdf")
    assert result.exit_code == 2 and result.stdout == ""  # before any file is read: no E001 for missing.pdf
    assert result.stderr.startswith(f"judgecheck: error: {line}") and result.stderr.count("\n") == 1


@pytest.mark.parametrize(("toml", "part"), [
    ('select = ["JC1O1"]\n', "judgecheck.toml: 'select': unknown rule id or prefix 'JC1O1' (nearest: JC101,"),
    ('extend-select = ["jc005", "JC9"]\n', "judgecheck.toml: 'extend-select': unknown rule id or prefix 'JC9'"),
    ('ignore = ["JC30X"]\n', "judgecheck.toml: 'ignore': unknown rule id or prefix 'JC30X' (nearest: JC301,"),
    ('[severity]\nJC10 = "info"\n', "judgecheck.toml: [severity]: unknown rule id 'JC10' (nearest: JC101,"),
    ('[per-file-ignores]\n"*.txt" = ["JC005", "JC55"]\n', "judgecheck.toml: per-file-ignores '*.txt': unknown rule id or prefix 'JC55'"),
])
def test_an_unknown_id_in_the_config_is_one_line_and_exit_2(project: Path, toml: str, part: str) -> None:
    (project / "judgecheck.toml").write_text(toml, encoding="utf-8")
    result = run_cli("reports/seed.txt")
    assert result.exit_code == 2 and result.stdout == "" and result.stderr.count("\n") == 1
    assert part in result.stderr and "Traceback" not in result.stderr


def test_config_ids_are_case_insensitive(project: Path) -> None:
    (project / "judgecheck.toml").write_text(
        'select = ["jc005,jc201"]\n[severity]\njc005 = "error"\n[per-file-ignores]\n"*.txt" = ["jc201"]\n', encoding="utf-8")
    data = json.loads(run_cli("--format", "json", "reports/seed.txt").stdout)
    assert {(f["rule"], f["severity"]) for f in data["documents"][0]["findings"]} == {("JC005", "error")}


def test_ids_are_checked_against_the_loaded_rules(project: Path) -> None:
    (project / "house").mkdir()
    (project / "house" / "r.toml").write_text(
        'id = "HR101"\nname = "bed-and-breakfast-placement"\nmessage = "Named."\n[[cue]]\nphrases = ["bed and breakfast"]\n',
        encoding="utf-8")
    assert run_cli("--select", "hr1", "reports/seed.txt").exit_code == 2
    (project / "judgecheck.toml").write_text('rule-dirs = ["house"]\n', encoding="utf-8")
    assert run_cli("--select", "hr1", "--exit-zero", "reports/seed.txt").exit_code == 0
    assert "nearest: CQ001" in run_cli("--disable-plugin", "consistency", "--select", "JC001", "reports/seed.txt").stderr


def test_nearest_and_unknown_rule(tmp_path: Path) -> None:
    known = ["JC001", "JC101", "JC102", "JC601"]
    assert nearest("JC1O1", known, 1) == ["JC101"] and nearest("JC7", known, 2) == ["JC6", "JC1"]
    assert nearest("jc10", known, 1, prefixes=False) != ["JC10"]
    (tmp_path / "judgecheck.toml").write_text('select = ["jc1, JC001"]\n', encoding="utf-8")
    config = load_config(tmp_path / "judgecheck.toml")
    assert config["select"] == ["JC1", "JC001"] and unknown_rule(config, known) is None
    assert unknown_rule(config.with_flags({"ignore": ("JC2",)}), known) == (
        "--ignore: unknown rule id or prefix 'JC2' (nearest: JC1, JC0, JC6; see `judgecheck rules`)")
