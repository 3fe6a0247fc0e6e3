"""Structure recovery on each Ofsted format, checked against what the PDFs say."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, SEED

from judgecheck.check import check_file
from judgecheck.model import Document
from judgecheck.plugins import Registry

RI, GOOD, OUT, INAD = "requires_improvement", "good", "outstanding", "inadequate"

# Grades read from each PDF's cover (and, for 2013, its "Record of main findings").
EXPECTED = {
    "cambridgeshire-2019-02-18.pdf": ("ofsted-ilacs", {
        "impact_of_leaders": GOOD, "help_and_protection": RI, "in_care": RI, "overall_effectiveness": RI}),
    "trafford-2026-08-03.pdf": ("ofsted-ilacs-2026", {
        "impact_of_leaders": INAD, "help_and_protection": INAD, "in_care": GOOD, "care_leavers": RI}),
    "peterborough-2015-09-18.pdf": ("ofsted-sif", {
        "overall_effectiveness": RI, "help_and_protection": RI, "in_care": RI, "adoption": GOOD,
        "care_leavers": RI, "leadership": RI, "lscb": GOOD}),
    "medway-2013-08-23.pdf": ("ofsted-lac-2012", {
        "overall_effectiveness": INAD, "capacity_to_improve": "adequate", "outcomes": INAD,
        "quality_of_provision": INAD, "leadership": INAD}),
    SEED.name: ("ofsted-sif", {
        "overall_effectiveness": OUT, "help_and_protection": GOOD, "in_care": OUT, "adoption": OUT,
        "care_leavers": OUT, "leadership": OUT, "lscb": OUT}),
}


def document(name: str, registry: Registry) -> Document:
    result = check_file(FIXTURES / name, registry)
    assert result.document is not None, result.error
    return result.document


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_judgements_and_framework(name: str, registry: Registry) -> None:
    framework, grades = EXPECTED[name]
    doc = document(name, registry)
    assert doc.framework == framework
    assert {j.area: j.grade for j in doc.judgements} == grades


def test_ilacs_sections_summary_and_recommendations(registry: Registry) -> None:
    doc = document("cambridgeshire-2019-02-18.pdf", registry)
    graded = {s.area: s.grade for s in doc.sections if s.kind == "area"}
    assert graded == {"help_and_protection": RI, "in_care": RI, "impact_of_leaders": GOOD}
    kinds = [s.kind for s in doc.sections]
    assert kinds.index("summary") < kinds.index("recommendations") < kinds.index("area")
    recs = next(s for s in doc.sections if s.kind == "recommendations")
    assert recs.title.startswith("What needs to improve") and all(b.kind == "item" for b in recs.blocks)
    assert len(recs.blocks) >= 3


def test_numbered_paragraphs_are_continuous_with_pages(registry: Registry) -> None:
    doc = document("trafford-2026-08-03.pdf", registry)
    numbers = [b.number for _, b in doc.blocks() if b.number is not None]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 40
    pages = [b.page for _, b in doc.blocks() if b.number is not None]
    assert pages == sorted(pages) and pages[0] >= 2
    # A wrapped grade ("Requires improvement" / "to be good") does not leak into the text.
    assert not any(b.text.startswith("to be good") for _, b in doc.blocks())


def test_sif_subsections_inherit_and_state_grades(registry: Registry) -> None:
    doc = document("peterborough-2015-09-18.pdf", registry)
    summaries = [s for s in doc.sections if s.kind == "summary" and s.level == 2]
    assert summaries and all(s.grade for s in summaries)
    adoption = [s for s in doc.sections if s.area == "adoption"]
    assert adoption and adoption[0].grade == GOOD and adoption[0].level == 2


def test_old_grades_under_previous_inspections_are_not_judgements(tmp_path: Path, registry: Registry) -> None:
    text = (
        "Inspection of Testshire local authority children's services\n\nInspection dates: 1 to 5 May 2023\n\n"
        "| Judgement | Grade |\n| --- | --- |\n| The impact of leaders on social work practice with children and families | Good |\n"
        "| Overall effectiveness | Good |\n\n## Previous Ofsted inspections\n\nThe judgements for the local authority were:\n\n"
        "| Judgement | Grade |\n| --- | --- |\n| Overall effectiveness | Inadequate |\n| Adoption performance | Inadequate |\n"
    )
    path = tmp_path / "r.md"
    path.write_text(text)
    doc = check_file(path, registry).document
    assert doc is not None and doc.framework == "ofsted-ilacs"
    assert {j.area: j.grade for j in doc.judgements} == {"impact_of_leaders": GOOD, "overall_effectiveness": GOOD}


def test_seed_has_both_tables_and_the_cover_dates(registry: Registry) -> None:
    doc = document(SEED.name, registry)
    tables = {s.table for s in doc.statements if s.source == "table"}
    assert tables == {0, 1}
    assert doc.metadata.inspection_end == "2017-07-13" and doc.metadata.published == "2017-09-04"


def test_a_report_of_no_known_framework_is_still_read(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "other.txt"
    path.write_text("Rapport d'inspection\n\nLes services sont bons.\n")
    doc = check_file(path, registry).document
    assert doc is not None and doc.framework is None and doc.judgements == ()
    assert doc.sections[0].blocks[0].text == "Rapport d'inspection"


@pytest.mark.parametrize(
    ("cover", "start", "end"),
    [
        # Real cover lines from the corpus (devon-2025, sheffield-2014, bracknell-forest-2026, the seed).
        ("Inspection dates: 30 September to 11 October 2024 and 13 to 16 January 2025", "2024-09-30", "2025-01-16"),
        ("Inspection dates: 19 November-11 December 2013 and 28 – 30 January 2014", "2013-11-19", "2014-01-30"),
        ("Inspection dates: 8 to 12 December 2025", "2025-12-08", "2025-12-12"),
        ("Inspection date: 20 June 2017 ─ 13 July 2017 Report published: 4 September 2017", "2017-06-20", "2017-07-13"),
        ("Inspection dates: 28 December to 3 January 2015", "2014-12-28", "2015-01-03"),
    ],
)
def test_inspection_dates(cover: str, start: str, end: str) -> None:
    from judgecheck.structure import read_metadata

    metadata = read_metadata(cover)
    assert (metadata.inspection_start, metadata.inspection_end) == (start, end)
