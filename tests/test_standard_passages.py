"""JC201/JC202 never compare the publisher's standard passages, learned from the corpus (rules/standard_passages.txt)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli
from judgecheck_consistency.duplicates import STANDARD, Settings, normalise

#: Two sentences of Ofsted's standard text, found in many reports of the dev corpus (e.g. every SIF report's
#: summary of what a good local authority does), and two of one report's own prose (north-lincolnshire-2017).
STANDARD_TEXT = ("A good local authority leads effective services that help protect and care for children and young "
                 "people, and those who are looked after and care leavers have their welfare safeguarded and promoted.")
OWN_TEXT = ("Senior leaders have a comprehensive understanding of the strengths and weaknesses of the service. "
            "Managers use performance information well to drive improvement in frontline practice.")


def repeats(tmp_path: Path, passage: str) -> list[str]:
    report = tmp_path / "report.md"
    report.write_text(f"# Summary\n\n{passage}\n\n# Findings\n\n{passage}\n", encoding="utf-8")
    out = json.loads(run_cli("--format", "json", "--no-cache", "--select", "JC20", str(report)).stdout)
    return [f["rule"] for f in out["documents"][0]["findings"]]


def test_the_learned_list_holds_the_standard_sentence() -> None:
    assert normalise(STANDARD_TEXT) in Settings.load().standard
    assert normalise(OWN_TEXT.split(". ")[0]) not in Settings.load().standard
    assert STANDARD.read_text(encoding="utf-8").startswith("# Standard passages")


def test_a_repeated_standard_passage_is_not_a_finding(tmp_path: Path) -> None:
    assert repeats(tmp_path, OWN_TEXT) == ["JC201"]
    assert repeats(tmp_path, f"{STANDARD_TEXT} Some text follows here for the reader to see.") == []
