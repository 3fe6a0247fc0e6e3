"""Cover layouts met on reports outside the development corpus, as classes of construction.

Each input is a report's opening as its PDF's text layer gives it, one line per
line: copied from a development report (named) or made by changing one thing in
such a copy to the construction an unseen report used (said so).
"""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from judgecheck.cache import result_from_dict
from judgecheck.framework import framework_from_dict
from judgecheck.model import Document, DocumentResult, Source, SourceLine
from judgecheck.plugins import Registry
from judgecheck.structure import build_document

GOOD, OUT, RI = "good", "outstanding", "requires_improvement"


def build(text: str, registry: Registry, headers: tuple[tuple[int, str], ...] = ()) -> Document:
    lines = tuple(SourceLine(line.strip(), 1) for line in text.strip().splitlines() if line.strip())
    source = Source("cover.pdf", "pdf", lines, 1, wrapped=True, paged=True, headers=headers)
    return build_document(source, registry.frameworks)


def grades(doc: Document) -> dict[str, str]:
    return {j.area: j.grade for j in doc.judgements}


def ilacs_cover(title: str, rows: str) -> str:
    """bracknell-forest-2026-01-28's cover with another title and other rows."""
    return f"""{title}
Inspection dates: 8 to 12 December 2025
Lead inspector: Naintara Khosla, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Outstanding
The experiences and progress of
children who need help and protection
Outstanding
{rows}
Overall effectiveness Outstanding
Since the last inspection in 2022, Bracknell Forest has sustained and strengthened
exceptional services for children and families."""


TITLE = "Inspection of Bracknell Forest local\nauthority children’s services"
#: Two rows as in bracknell-forest-2026-01-28 (its care leavers label is garbled so).
IN_CARE = "The experiences and progress of\nchildren in care\nOutstanding"
GARBLED_CARE_LEAVERS = "The experiences and progress of\nchildren care leavers\nGood"
ALL_OUT = {"impact_of_leaders": OUT, "help_and_protection": OUT, "in_care": OUT, "overall_effectiveness": OUT}


def test_a_garbled_label_is_read_by_its_pattern_and_kept_as_written(registry: Registry) -> None:
    doc = build(ilacs_cover(TITLE, f"{IN_CARE}\n{GARBLED_CARE_LEAVERS}"), registry)
    assert doc.framework == "ofsted-ilacs"
    assert grades(doc) == {**ALL_OUT, "care_leavers": GOOD}
    # The odd label stays as written for JC005; the reading is not in doubt.
    assert "The experiences and progress of children care leavers" in {s.label for s in doc.statements}
    assert doc.uncertain == ()


def test_a_garbled_in_care_label_beside_a_care_leavers_row_is_read_as_in_care(registry: Registry) -> None:
    # Made up: the in care row garbled as bracknell-forest-2026 garbles its care leavers row.
    rows = f"{GARBLED_CARE_LEAVERS.replace('Good', 'Outstanding')}\nThe experiences and progress of care\nleavers\nGood"
    doc = build(ilacs_cover(TITLE, rows), registry)
    assert grades(doc) == {**ALL_OUT, "care_leavers": GOOD}
    assert doc.uncertain == (
        "table row label not recognised: 'The experiences and progress of children care leavers' (read as in care)",
    )


def test_the_combined_judgement_of_2018_22_is_in_care(registry: Registry) -> None:
    # derby-2022-05-11's rows: care leavers inside children in care, overall effectiveness on one line.
    rows = "The experiences and progress of\nchildren in care and care leavers\nGood"
    doc = build(ilacs_cover(TITLE, rows), registry)
    assert grades(doc) == {**ALL_OUT, "in_care": GOOD}
    assert doc.uncertain == ()


def test_one_unknown_row_does_not_lose_the_table(registry: Registry) -> None:
    # Made up: a row naming no judgement between the leaders row and overall effectiveness,
    # which used to split the table into two rows of one, and lose both.
    text = ilacs_cover(TITLE, "").replace(
        "The experiences and progress of\nchildren who need help and protection", "The experiences of young carers"
    )
    doc = build(text, registry)
    assert grades(doc) == {"impact_of_leaders": OUT, "overall_effectiveness": OUT}
    assert doc.uncertain == ("table row label not recognised: 'The experiences of young carers'", "judgement table partly read")
    assert any(b.kind == "table" and b.text.startswith("The experiences of young carers") for _, b in doc.blocks())


@pytest.mark.parametrize(
    "title",
    [
        "Inspection of Doncaster Children's Services Trust",
        "Inspection of Sandwell Children's Trust",
        "Inspection of Slough Children and Families Trust",
    ],
)
def test_trust_titles(title: str, registry: Registry) -> None:
    doc = build(ilacs_cover(title, IN_CARE), registry)
    assert doc.framework == "ofsted-ilacs" and grades(doc) == ALL_OUT and doc.uncertain == ()


@pytest.mark.parametrize("title", ["Inspection of Together for Children", "Inspection of Achieving for Children"])
def test_an_unknown_title_is_recognised_by_its_table(title: str, registry: Registry) -> None:
    doc = build(ilacs_cover(title, IN_CARE), registry)
    assert doc.framework == "ofsted-ilacs" and grades(doc) == ALL_OUT
    assert doc.uncertain == ("framework recognised by its judgement table only, not its cover title",)


def test_a_title_taken_for_a_running_header_still_names_the_framework(registry: Registry) -> None:
    # warrington-2024-07-30: the reader removes page 1's header line, the same as every page's.
    header = "Inspection of Warrington local authority children’s services"
    doc = build(ilacs_cover("10 to 14 June 2024", IN_CARE), registry, headers=((1, header), (2, header)))
    assert doc.framework == "ofsted-ilacs" and doc.uncertain == ()


SIF_2014 = """Sheffield City Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children
Board
Inspection dates: 19 November-11 December 2013 and 28 – 30
January 2014
{overall}
There are no widespread or serious failures that leave children being harmed or at
risk of harm.
1. Children who need help and protection Good
2. Children looked after and achieving permanence Requires
improvement
2. Adoption performance Requires
improvement
2.2 Experiences and progress of care leavers Good
3. Leadership, management and governance Good
The effectiveness of the Local Safeguarding Children Board (LSCB) is
good."""
SIF_GRADES = {"help_and_protection": GOOD, "in_care": RI, "adoption": RI, "care_leavers": GOOD, "leadership": GOOD, "lscb": GOOD}


@pytest.mark.parametrize(
    "overall",
    [
        "The overall judgement is requires improvement",  # sheffield-2014-02-21 as published
        "The overall judgement is that children’s services are requires improvement",  # made up, as 2014 covers say "are good"
    ],
)
def test_sif_overall_judgement_sentences(overall: str, registry: Registry) -> None:
    doc = build(SIF_2014.format(overall=overall), registry)
    assert doc.framework == "ofsted-sif"
    assert grades(doc) == {**SIF_GRADES, "overall_effectiveness": RI}


def test_sif_overall_grade_merged_into_the_first_row(registry: Registry) -> None:
    # Made up from north-lincolnshire-2017-09-04's cover: the dates and the overall grade on the first row's line.
    text = """North Lincolnshire
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children
Board
Inspection date: 6 March 2017 ─ 30 March 2017 Children’s services in North Lincolnshire are outstanding 1. Children who need help and protection Good
2. Children looked after and achieving
permanence
Outstanding
2. Adoption performance Outstanding
2.2 Experiences and progress of care leavers Outstanding
3. Leadership, management and governance Outstanding
Executive summary"""
    doc = build(text, registry)
    assert grades(doc) == {"overall_effectiveness": OUT, "help_and_protection": GOOD, "in_care": OUT, "adoption": OUT,
                           "care_leavers": OUT, "leadership": OUT}
    rows = [s.label for s in doc.statements if s.source == "table"]
    assert rows[0] == "Children who need help and protection"
    assert doc.metadata.inspection_start == "2017-03-06"


LSCB_REVIEW = """Bristol City Council
Review of the effectiveness of the Local Safeguarding Children
Board
Inspection dates: 13 January – 4 February 2015
Report published: 27 March 2015
{verdict}"""


@pytest.mark.parametrize(
    "verdict",
    [
        # The sentence SIF covers give the board (sheffield-2014-02-21), and a table row.
        "The effectiveness of the Local Safeguarding Children Board (LSCB) is\ngood.",
        "Overall effectiveness Good\nThe LSCB co-ordinates shared priorities for the protection of children.",
    ],
)
def test_lscb_review_published_on_its_own(verdict: str, registry: Registry) -> None:
    # Made up from the review's title and judgement as SIF covers print them.
    doc = build(LSCB_REVIEW.format(verdict=verdict), registry)
    assert doc.framework == "ofsted-lscb"
    assert grades(doc) == {"lscb": GOOD}


def test_a_sif_cover_naming_the_lscb_review_is_still_sif(registry: Registry) -> None:
    doc = build(SIF_2014.format(overall="The overall judgement is requires improvement"), registry)
    assert doc.framework == "ofsted-sif"


def test_uncertain_structure_is_said_and_cached(registry: Registry) -> None:
    none = build("Rapport d'inspection\nLes services sont bons.", registry)
    assert none.uncertain == ("framework not recognised",)
    bare = build(f"{TITLE}\nInspection dates: 8 to 12 December 2025\nThe local authority has improved.", registry)
    assert bare.framework == "ofsted-ilacs"
    assert bare.uncertain == ("no judgement table found", "no graded judgement found")
    stored = result_from_dict(json.loads(json.dumps(asdict(DocumentResult("cover.pdf", bare)))), "elsewhere.pdf")
    assert stored.document is not None and stored.document.uncertain == bare.uncertain


def test_a_framework_without_a_judgement_table_is_not_uncertain_without_one() -> None:
    # Made up: a framework whose one judgement is a cover sentence (as area SEND inspections state their outcome).
    fw = framework_from_dict({"id": "cover-only", "name": "Cover only", "inspectorate": "X", "detect": ["inspection outcome"],
                              "judgement_table": False, "grades": {"positive": "positive", "negative": "negative"},
                              "areas": [{"key": "outcome", "name": "Outcome", "label": "outcome"}],
                              "statements": [{"area": "outcome", "pattern": "the outcome is {grade}"}]}, "cover-only")
    lines = tuple(SourceLine(t, 1) for t in ("Inspection outcome", "The outcome is positive."))
    doc = build_document(Source("cover.pdf", "pdf", lines, 1, wrapped=True, paged=True), [fw])
    assert grades(doc) == {"outcome": "positive"} and doc.uncertain == ()
