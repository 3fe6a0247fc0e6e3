"""JC006 no-judgements-found: no report passes silently with no judgement read."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SEED, run_cli

UNGRADED = "# Cabinet paper\n\nThis paper sets out the timetable for the children's services improvement plan.\n"
#: An ILACS opening whose judgement table was lost: the framework is recognised, but no grade is given.
TABLE_LOST = (
    "# Inspection of Exampleshire local authority children's services\n\n"
    "Inspection dates: 8 to 12 December 2025\n\nLead inspector: A Person, His Majesty's Inspector\n\n"
    "The experiences and progress of children who need help and protection are improving.\n"
)


def findings(path: Path, *flags: str) -> list[dict]:
    out = json.loads(run_cli("--format", "json", "--no-cache", "--select", "JC006", *flags, str(path)).stdout)
    return out["documents"][0]["findings"]


def test_a_report_with_no_judgement_read_fails_the_default_gate(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text(UNGRADED, encoding="utf-8")
    (found,) = findings(paper)
    assert found["severity"] == "warning" and "no loaded framework recognised" in found["message"]
    assert run_cli("--no-cache", str(paper)).exit_code == 1


def test_the_finding_says_why_when_the_framework_was_recognised(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text(TABLE_LOST, encoding="utf-8")
    doc = json.loads(run_cli("--format", "json", "--no-cache", str(report)).stdout)["documents"][0]
    (found,) = [f for f in doc["findings"] if f["rule"] == "JC006"]
    assert doc["framework"] and doc["framework"] in found["message"] and "no judgement table" in found["message"]


def test_a_graded_report_gets_none_and_the_check_can_be_turned_off(tmp_path: Path) -> None:
    assert findings(SEED) == []
    paper = tmp_path / "paper.md"
    paper.write_text(UNGRADED, encoding="utf-8")
    config = tmp_path / "judgecheck.toml"
    config.write_text('ignore = ["JC006"]\n', encoding="utf-8")
    assert run_cli("--no-cache", "--config", str(config), str(paper)).exit_code == 0
