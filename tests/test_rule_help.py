"""Learning about rules: `judgecheck rule` in any case with a near id suggested, rendered Markdown, each rule's
measured precision; the text output's pointer to it; --annotate on a folder that also holds other files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, run_cli

from judgecheck.errors import JudgecheckError
from judgecheck.rulefile import parse_rule_file, rule_from_spec
from judgecheck.rules import Rule

RULE_FILE = 'id = "HR101"\nname = "bed-and-breakfast-placement"\nseverity = "warning"\n{measured}message = "Named."\n[[cue]]\nphrases = ["b and b"]\n'


@pytest.mark.parametrize("asked", ["jc101", "JC101", "Jc101", "deficit-in-good-section", "DEFICIT-IN-GOOD-SECTION"])
def test_rule_takes_any_case_and_renders_markdown(asked: str) -> None:
    result = run_cli("rule", asked)
    assert result.exit_code == 0 and "JC101 deficit-in-good-section" in result.stdout
    assert "What it checks:" in result.stdout and "Measured: precision 0.97, recall 0.86" in result.stdout
    assert "**" not in result.stdout and "::" not in result.stdout
    assert not any(line.endswith(" ") for line in result.stdout.splitlines())


def test_an_unknown_rule_suggests_the_nearest() -> None:
    result = run_cli("rule", "jc10")
    assert result.exit_code == 2 and result.stderr == (
        "judgecheck: error: no rule 'jc10'; did you mean JC101? (see `judgecheck rules`)\n")


def test_every_rule_shows_what_was_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    listed = run_cli("rules").stdout.splitlines()
    assert listed and all(line.endswith("]") for line in listed)
    from judgecheck.plugins import load_registry

    rule = next(r for r in load_registry().rules if r.id == "JC101")
    monkeypatch.setattr(rule, "measured", "precision 0.50 (1 of 2 judged findings, a test set)")
    assert "[precision 0.50 (1 of 2 judged findings, a test set)]" in run_cli("rules").stdout
    assert "Measured: precision 0.50 (1 of 2 judged findings, a test set)." in run_cli("rule", "JC101").stdout
    assert Rule.measured == ""


def test_a_rule_file_declares_what_was_measured(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(RULE_FILE.format(measured='measured = "precision 1.00 (3 of 3,\n validation/)"\n'.replace("\n ", " ")), encoding="utf-8")
    assert rule_from_spec(parse_rule_file(path)).measured == "precision 1.00 (3 of 3, validation/)"
    path.write_text(RULE_FILE.format(measured=""), encoding="utf-8")
    assert rule_from_spec(parse_rule_file(path)).measured == ""
    path.write_text(RULE_FILE.format(measured="measured = 0.9\n"), encoding="utf-8")
    with pytest.raises(JudgecheckError, match="'measured' must be a string"):
        parse_rule_file(path)


def test_the_text_output_points_to_the_rule_command() -> None:
    out = run_cli(str(SEED)).stdout
    assert "Run `judgecheck rule JC" in out and "for what a rule checks and why" in out
    assert "judgecheck rule" not in run_cli("--select", "JC001", str(FIXTURES / "cambridgeshire-2019-02-18.pdf")).stdout


def test_annotate_a_folder_annotates_its_pdfs_and_notes_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEED, folder / "paper.txt")
    alone = run_cli("--annotate", str(tmp_path / "out") + "/", str(folder))
    assert alone.exit_code in (0, 1) and not (tmp_path / "out").exists(), alone.stderr + alone.stdout[-300:]
    assert f"--annotate skipped 1 report(s) that are not PDFs or DOCX drafts: {folder / 'paper.txt'}" in alone.stderr
    shutil.copy(FIXTURES / "slough-2023-03-17.pdf", folder / "slough.pdf")
    both = run_cli("--annotate", str(tmp_path / "out"), str(folder))
    assert both.exit_code in (0, 1) and [p.name for p in (tmp_path / "out").iterdir()] == ["slough.annotated.pdf"]
    assert "skipped 1 report(s)" in both.stderr and "Traceback" not in both.stderr
    assert "is not a PDF report" in run_cli("--annotate", str(tmp_path / "x.pdf"), str(folder / "paper.txt")).stderr
