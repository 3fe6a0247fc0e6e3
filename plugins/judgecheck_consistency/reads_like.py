"""JC103 section-reads-like-another-grade: a graded section whose prose, as a whole, reads like another grade.

The judgement comes from the reads-like models of the framework plugins (the
``judgecheck_reads_like`` hook; for Ofsted, ``judgecheck_ofsted/reads_like``),
which the runner applies before the rules: this rule only turns a section's
reading into a finding, with the evidence the reading carries.
"""

from __future__ import annotations

from collections.abc import Iterator

from judgecheck.language import Language
from judgecheck.model import Document, Reading
from judgecheck.rules import Hit, Rule

#: At most this many sentences are quoted as evidence.
EVIDENCE = 2


def grade_name(grade: str) -> str:
    """A grade key as prose: "requires_improvement" -> "Requires improvement"."""
    return grade.replace("_", " ").capitalize()


def area_name(area: str | None) -> str:
    return (area or "graded").replace("_", "-")


def describe(reading: Reading) -> str:
    """The message: what the section reads like, how sure, where it sits among published sections, and why."""
    assert reading.reads_like is not None and reading.grade is not None
    reads = reading.reads_like
    probs = dict(reads.probabilities)
    ranked = sorted(reads.probabilities, key=lambda gp: -gp[1])[:2]
    odds = "; ".join(f"{grade_name(g)} {p:.0%}" for g, p in ranked)
    if reading.grade not in dict(ranked):
        odds += f"; {grade_name(reading.grade)} {probs.get(reading.grade, 0.0):.0%}"
    text = f"Section graded {grade_name(reading.grade)} reads like {grade_name(reads.grade)} ({odds})"
    place = reading.placement
    if place is not None:
        cohort = f"published {grade_name(place.grade)} {area_name(place.area) + ' ' if place.area else ''}sections"
        text += (f": {place.shortcomings_per_100:g} shortcoming sentences per 100, more than {place.shortcoming_percentile:g}% of {place.published} {cohort},"
                 f" and reads worse than {place.score_percentile:g}% of them")
    pushes = reading.worse if _worse(reading) else reading.better
    quoted = "; ".join(f"'{_short(s)}'" for s, _ in pushes[:EVIDENCE])
    return text + (f". Sentences that push hardest that way: {quoted}" if quoted else "") + "."


def _worse(reading: Reading) -> bool:
    assert reading.reads_like is not None
    grades = [g for g, _ in reading.reads_like.probabilities]
    return reading.grade in grades and grades.index(reading.reads_like.grade) > grades.index(reading.grade)


def _short(sentence: str, limit: int = 160) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


class SectionReadsLikeAnotherGrade(Rule):
    """A graded section's prose, as a whole, reads like another grade.

    **What it checks**: the grade that each graded section's prose reads like,
    by the framework plugin's reads-like model (learned from published reports,
    from the prose alone: heading, table and every sentence naming a grade
    withheld), against the section's given grade. A warning when the section
    reads two steps away; information when it probably reads one step either
    way. One step worse, even with high confidence, stays information: of the
    12 validation sections that were warnings for it, 2 were judged to read
    like the other grade. The thresholds are set on cross-validated readings of
    published reports so that the rule is rare on them (the model's data card).

    **Why it matters**: a Good section always reports some shortcomings, and
    twenty sentence findings say little; whether the section as a whole reads
    like its grade, and how unusual it is among published sections of that grade
    and area, is what an editor or inspection manager needs to know.

    **Example**: a section graded Good whose paragraphs read "Too many children
    experience delays in assessment ... Management oversight is weak and
    ineffective ..." reads like Inadequate.

    **Does not fire on**: a Good section with a handful of qualified shortcomings
    ("not all plans are sufficiently specific"), which published Good sections
    have too; sections with too little prose to judge (their reading is null in
    the JSON, with the reason).

    **References**: ``judgecheck_ofsted/reads_like/DATA_CARD.md`` (measured QWK,
    calibration and limits); ``bench/reads_like.py``.
    """

    id = "JC103"
    name = "section-reads-like-another-grade"
    severity = "warning"
    measured = ("precision 0.20 (4 of 20 judged findings, validation/, an earlier model, before one-step readings became information); "
                "QWK 0.869, accuracy 0.824 (488 graded sections, validation/)")
    scope = "section"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        for reading in document.readings:
            if reading.unit != "section" or reading.reads_like is None or not reading.reads_like.departure:
                continue
            section = document.sections[reading.sections[-1]]
            sections = [document.sections[i] for i in reading.sections]
            evidence = (reading.worse if _worse(reading) else reading.better)[:1]
            block = next((b for s in sections for b in s.blocks for t, _ in evidence if t in b.text), None)
            yield Hit(describe(reading), section=section, block=block, excerpt=evidence[0][0] if evidence else "",
                      severity="warning" if reading.reads_like.departure == "far" else "info")
