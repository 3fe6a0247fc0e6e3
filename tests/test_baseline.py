"""Baselines travel: paths relative to the baseline's directory, matched from any working directory; unused
suppressions are reported in every output format."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import SEED, run_cli

FORMATS = ("text", "concise", "json", "sarif", "github", "junit", "rdjson", "html")


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the seed in reports/ and a baseline of all its findings written from the project folder."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "seed.txt").write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert run_cli("--write-baseline", "baseline.json", "reports").exit_code == 0
    return tmp_path


def entries(path: Path) -> list[dict[str, str]]:
    return json.loads(path.read_text(encoding="utf-8"))["suppressions"]


def test_paths_are_relative_to_the_baseline_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert {e["path"] for e in entries(project / "baseline.json")} == {"reports/seed.txt"}
    monkeypatch.chdir(project / "reports")
    assert run_cli("--write-baseline", "../other.json", "seed.txt").exit_code == 0
    assert entries(project / "other.json") == entries(project / "baseline.json")
    assert run_cli("--write-baseline", "here.json", str(project / "reports" / "seed.txt")).exit_code == 0
    assert {e["path"] for e in entries(project / "reports" / "here.json")} == {"seed.txt"}


@pytest.mark.parametrize("where", ["reports", ".", "elsewhere"])
def test_a_baseline_matches_from_any_working_directory(project: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    (project / "elsewhere").mkdir()
    monkeypatch.chdir(project / where)
    baseline, report = os.path.relpath(project / "baseline.json"), os.path.relpath(project / "reports")
    result = run_cli("--format", "json", "--baseline", baseline, report)
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["summary"]["findings"] == 0 and data["summary"]["baseline"]["unused"] == []
    assert data["summary"]["baseline"]["suppressed"] == len(entries(project / "baseline.json"))


def test_a_baseline_matches_through_a_symbolic_link(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("store")
    (project / "reports").rename(elsewhere / "reports")
    (project / "reports").symlink_to(elsewhere / "reports")
    assert run_cli("--baseline", "baseline.json", "reports").exit_code == 0
    assert run_cli("--write-baseline", "again.json", "reports/seed.txt").exit_code == 0
    assert entries(project / "again.json") == entries(project / "baseline.json")


def test_the_baseline_in_the_config_is_relative_to_the_config(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "judgecheck.toml").write_text('baseline = "baseline.json"\n', encoding="utf-8")
    monkeypatch.chdir(project / "reports")
    result = run_cli("--format", "json", ".")
    assert result.exit_code == 0 and json.loads(result.stdout)["summary"]["findings"] == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_unused_suppressions_are_reported_in_every_format(project: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    data = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    data["suppressions"][0]["fingerprint"] = "0123456789abcdef"
    (project / "baseline.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.chdir(project / "reports")
    result = run_cli("--format", fmt, "--fail-on", "info", "--baseline", "../baseline.json", ".")
    assert result.exit_code == 1  # the finding the entry stood for is back
    out = result.stdout
    assert "0123456789abcdef" in out and "seed.txt" in out
    if fmt == "json":
        assert json.loads(out)["summary"]["baseline"]["unused"][0]["path"] == "reports/seed.txt"  # as the baseline names it
    elif fmt == "sarif":
        notes = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert [n["descriptor"]["id"] for n in notes if "0123456789abcdef" in n["message"]["text"]] == ["unused-suppression"]
    elif fmt == "github":
        assert "::warning file=reports/seed.txt,title=unused suppression::" in out
    elif fmt == "rdjson":
        assert [d["code"]["value"] for d in json.loads(out)["diagnostics"] if "0123456789abcdef" in d["message"]] == ["unused-suppression"]
