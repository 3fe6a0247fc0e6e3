"""JC601 header-dates-contradict-cover and JC602 published-before-inspection-ended: dates that disagree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from judgecheck.language import Language
from judgecheck.model import Document
from judgecheck.rules import Hit, Rule

TWO_DIGIT_YEAR = re.compile(r"\b[A-Za-z]{3,9}\.?,?\s+\d{2}$")


def spoken(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


class HeaderDatesContradictCover(Rule):
    """The inspection dates in the running header are not the dates on the cover.

    **What it checks**: every date range printed in a page's running header
    ("6 to 12 December 2024") against the inspection dates on the cover
    ("Inspection dates: 2 to 6 December 2024"); a header year written with two
    digits ("19 June 26") is reported too.

    **Why it matters**: the header is on every page a reader prints or quotes;
    a date that disagrees with the cover makes the report's own record of
    when the inspection happened ambiguous.

    **Example**: cover "Inspection dates: 27 April to 1 May 2026", header
    "17 April to 1 May 2026".

    **Does not fire on**: headers without a date range, or reports whose cover
    gives no inspection dates.
    """

    id = "JC601"
    name = "header-dates-contradict-cover"
    severity = "error"
    scope = "document"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        meta = document.metadata
        if not (meta.inspection_start and meta.inspection_end):
            return
        cover = f"{spoken(meta.inspection_start)} to {spoken(meta.inspection_end)}"
        for page, start, end, written in meta.header_dates:
            if (start, end) != (meta.inspection_start, meta.inspection_end):
                yield Hit(f"The running header gives the inspection as '{written}'; the cover says {cover}.",
                          excerpt=written, page=page)
            elif TWO_DIGIT_YEAR.search(written):
                yield Hit(f"The running header writes the year with two digits: '{written}'.", excerpt=written, page=page,
                          severity="info")


class PublishedBeforeInspectionEnded(Rule):
    """The report says it was published before the inspection ended.

    **What it checks**: the cover's publication date against the last day of
    the inspection.

    **Why it matters**: one of the two dates is wrong, and both are quoted.

    **Example**: "Inspection dates: 10 to 21 July 2023", "Report published: 4 July 2023".

    **Does not fire on**: covers without both dates.
    """

    id = "JC602"
    name = "published-before-inspection-ended"
    severity = "error"
    scope = "document"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        meta = document.metadata
        if meta.published and meta.inspection_end and meta.published < meta.inspection_end:
            yield Hit(f"Published {spoken(meta.published)}, before the inspection ended on {spoken(meta.inspection_end)}.")
