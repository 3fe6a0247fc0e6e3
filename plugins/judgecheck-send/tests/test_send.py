"""The plugin's own tests, on two real reports (``fixtures/``): judgecheck's public API only, as a third party's would."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from judgecheck.check import check_file
from judgecheck.output.markdown import to_markdown
from judgecheck.plugins import load_registry
from judgecheck.read import read_path
from judgecheck.structure import build_document

FIXTURES = Path(__file__).parent / "fixtures"
POSITIVE = FIXTURES / "bedford-2025-02-04.pdf"
SYSTEMIC = FIXTURES / "oldham-2023-08-29.pdf"
HEADINGS = {
    "summary": "What is it like to be a child or young person with SEND in this area?",
    "effective": "What is the area partnership doing that is effective?",
    "better": "What does the area partnership need to do better?",
    "improvement": "Areas for improvement",
}


def markdown(path: Path) -> str:
    """The report as ``judgecheck extract`` gives it, to plant a defect in."""
    registry = load_registry()
    return to_markdown(build_document(read_path(path, registry.readers), registry.frameworks))


def send_findings(text: str, tmp_path: Path) -> list[tuple[str, str]]:
    planted = tmp_path / "planted.md"
    planted.write_text(text, encoding="utf-8")
    return [(f.rule, f.message) for f in check_file(planted, load_registry()).findings if f.rule.startswith("SEND")]


@pytest.mark.parametrize(("path", "outcome"), [(POSITIVE, "positive"), (SYSTEMIC, "systemic")])
def test_the_framework_reads_a_real_report(path: Path, outcome: str) -> None:
    result = check_file(path, load_registry())
    document = result.document
    assert document is not None and document.framework == "area-send-2023"
    assert {j.area: j.grade for j in document.judgements} == {"send_outcome": outcome}
    assert document.uncertain == ()
    assert document.metadata.inspection_end is not None
    titles = {" ".join(s.title.split()) for s in document.sections}
    assert set(HEADINGS.values()) <= titles
    assert ("Areas for priority action" in titles) == (outcome == "systemic")
    assert not [f for f in result.findings if f.rule.startswith("SEND") or f.rule in ("JC003", "JC006", "JC601")]


def test_json_names_the_outcome() -> None:
    run = subprocess.run([sys.executable, "-m", "judgecheck", "--format", "json", "--no-cache", str(SYSTEMIC)],
                         capture_output=True, text=True, check=False)
    document = json.loads(run.stdout)["documents"][0]
    assert document["framework"] == "area-send-2023"
    assert [(j["area"], j["grade"]) for j in document["judgements"]] == [("send_outcome", "systemic")]


def test_a_positive_report_with_priority_actions(tmp_path: Path) -> None:
    text = markdown(POSITIVE) + "\n\n# Areas for priority action\n\nLeaders should urgently improve the timeliness of EHC plans.\n"
    found = send_findings(text, tmp_path)
    assert [rule for rule, _ in found] == ["SEND002"]
    assert "but the outcome is 'positive'" in found[0][1]


def test_a_positive_report_with_a_three_year_next_inspection(tmp_path: Path) -> None:
    text = re.sub(r"approximately (?:five|5) years", "approximately three years", markdown(POSITIVE))
    assert sorted(rule for rule, _ in send_findings(text, tmp_path)) == ["SEND001", "SEND001"]  # five years missing, three present


def test_a_systemic_report_without_priority_actions(tmp_path: Path) -> None:
    text = re.sub(r"(?im)^#+ Areas for priority action\s*$", "", markdown(SYSTEMIC))
    found = send_findings(text, tmp_path)
    assert [rule for rule, _ in found] == ["SEND002"]
    assert "requires a section \"Areas for priority action\"" in found[0][1]


def test_a_systemic_report_with_a_five_year_next_inspection(tmp_path: Path) -> None:
    text = re.sub(r"A monitoring inspection will be carried out within approximately 18 months\.",
                  "The next full area SEND inspection will be within approximately five years.", markdown(SYSTEMIC))
    found = sorted(rule for rule, _ in send_findings(text, tmp_path))
    assert found == ["SEND001", "SEND001"]  # the 18-month monitoring inspection missing, the five years present


def test_reports_of_other_frameworks_are_left_alone(tmp_path: Path) -> None:
    text = "# Summary\n\nThe next full area SEND inspection will be within approximately five years.\n\n# Areas for priority action\n\nImprove.\n"
    assert send_findings(text, tmp_path) == []


def test_json_gives_what_the_prose_reads_like() -> None:
    run = subprocess.run([sys.executable, "-m", "judgecheck", "--format", "json", "--no-cache", str(POSITIVE)],
                         capture_output=True, text=True, check=False)
    reads = json.loads(run.stdout)["documents"][0]["reads_like"]
    assert set(reads["probabilities"]) == {"positive", "inconsistent", "systemic"}
    assert reads["grade"] in reads["probabilities"] and abs(sum(reads["probabilities"].values()) - 1) < 0.01


def test_systemic_prose_under_a_positive_outcome(tmp_path: Path) -> None:
    # Oldham's systemic report with the cover's outcome (and what it fixes) made positive.
    text = markdown(SYSTEMIC).replace("There are widespread and/or systemic failings leading to significant concerns about",
                                      "The local area partnership’s arrangements typically lead to positive experiences and outcomes for")
    planted = tmp_path / "planted.md"
    planted.write_text(text, encoding="utf-8")
    found = [f for f in check_file(planted, load_registry()).findings if f.rule == "SEND003"]
    assert len(found) == 1 and found[0].severity == "warning" and "reads like 'systemic'" in found[0].message


def reading(path: Path):
    document = check_file(path, load_registry()).document
    assert document is not None
    return next(r for r in document.readings if r.unit == "document")


def test_priority_actions_are_not_read(tmp_path: Path) -> None:
    # The section exists only under a systemic outcome (SEND002's business): its prose is withheld
    # whole, so adding or removing it changes nothing the model reads.
    with_section, without = tmp_path / "with.md", tmp_path / "without.md"
    text = markdown(SYSTEMIC)
    assert re.search(r"(?im)^#+ Areas for priority action\s*$", text)
    with_section.write_text(text, encoding="utf-8")
    without.write_text(re.sub(r"(?ims)^#+ Areas for priority action\s*$.*?(?=^#+ Areas for improvement)", "", text), encoding="utf-8")
    assert "should act urgently" in text and "should act urgently" not in without.read_text(encoding="utf-8")
    a, b = reading(with_section), reading(without)
    assert a.reads_like is not None and a.reads_like == b.reads_like and a.sentences == b.sentences
    planted = tmp_path / "planted.md"
    planted.write_text(markdown(POSITIVE) + "\n\n# Areas for priority action\n\nLeaders should urgently act. Too many children wait too long.\n",
                       encoding="utf-8")
    plain = tmp_path / "plain.md"
    plain.write_text(markdown(POSITIVE), encoding="utf-8")
    assert reading(planted).reads_like == reading(plain).reads_like


def test_the_balance_of_what_is_effective_and_what_needs_to_be_better_is_read(tmp_path: Path) -> None:
    found = reading(SYSTEMIC)
    assert re.fullmatch(r"\d+ sentences on what needs to be better against \d+ on what is effective", found.note)
    # Without its "need to do better" heading, the balance is the published mean, and the reading says so.
    text = re.sub(r"(?im)^(#+ )What does the area partnership need to do better\?\s*$", r"\1Findings", markdown(SYSTEMIC))
    path = tmp_path / "no-heading.md"
    path.write_text(text, encoding="utf-8")
    assert "not both found" in reading(path).note
    # The model needs the measure: judgecheck's reads-like machinery will not guess it.
    from judgecheck_send.reads_like import outcome_model

    with pytest.raises(KeyError, match="balance"):
        outcome_model().score(["Children wait too long."] * 20, None)
