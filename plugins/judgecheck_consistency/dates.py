"""JC601-JC604: dates that disagree (headers and cover, publication, visit length, "in post since")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from judgecheck.language import Language
from judgecheck.model import Document
from judgecheck.rules import Hit, Rule
from judgecheck.structure import MONTHS

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

    **Does not fire on**: headers without a date range, a header that gives one
    day of the inspection ("11 July 2022" for a cover's 11 to 22 July 2022), a
    header that puts the range in brackets after the title, or reports whose
    cover gives no inspection dates.

    **References**: the cover's inspection dates and the running header of each page; judged
    findings in ``bench/eval/structural_findings.jsonl``.
    """

    id = "JC601"
    name = "header-dates-contradict-cover"
    severity = "error"
    measured = "4 of 4 judged findings real (pdf/; 3 errors); none on validation/"
    scope = "document"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        meta = document.metadata
        if not (meta.inspection_start and meta.inspection_end):
            return
        cover = f"{spoken(meta.inspection_start)} to {spoken(meta.inspection_end)}"
        for page, start, end, written in meta.header_dates:
            # A header may give one day of the inspection, its first ("11 July 2022" for 11 to 22 July 2022).
            one_day_within = start == end and meta.inspection_start <= start <= meta.inspection_end
            if (start, end) != (meta.inspection_start, meta.inspection_end) and not one_day_within:
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

    **References**: the cover's inspection and publication dates; judged findings in
    ``bench/eval/structural_findings.jsonl``.
    """

    id = "JC602"
    name = "published-before-inspection-ended"
    severity = "error"
    measured = "no findings on pdf/ or validation/; tested on planted variants of real text"
    scope = "document"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        meta = document.metadata
        if meta.published and meta.inspection_end and meta.published < meta.inspection_end:
            yield Hit(f"Published {spoken(meta.published)}, before the inspection ended on {spoken(meta.inspection_end)}.")


class VisitLongerThanFrameworkAllows(Rule):
    """One visit of the inspection lasts longer than its framework allows.

    **What it checks**: each visit the cover lists ("Inspection dates: 30
    September to 11 October 2024 and 13 to 16 January 2025" has two) against
    the framework's longest visit (`longest_visit_days` in its file: ILACS
    inspections are at most two weeks on site, SIF four weeks).

    **Why it matters**: a visit longer than the framework allows means a date
    on the cover is wrong, and the cover's dates are the ones quoted.

    **Example**: an ILACS cover "Inspection dates: 8 to 26 December 2025" (19 days).

    **Does not fire on**: frameworks that set no limit, inspections made of
    several visits that each keep to it, or covers without dates.

    **References**: each framework's ``longest_visit_days``, in ``rules/frameworks/ofsted-*.toml``,
    from the inspection handbook's length of an on-site visit.
    """

    id = "JC603"
    name = "visit-longer-than-framework-allows"
    severity = "warning"
    measured = "no findings on pdf/ or validation/; tested on planted variants of real text"
    scope = "document"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        limit = document.longest_visit_days
        if not limit:
            return
        for start, end in document.metadata.visits:
            days = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
            if days > limit:
                yield Hit(f"The inspection visit from {spoken(start)} to {spoken(end)} lasts {days} days; "
                          f"the {document.framework} framework allows at most {limit}.", page=1)


#: "has been in post since May 2015", "has been in post since 1 September 2014".
IN_POST_SINCE = re.compile(
    r"\b(?:has|have) been in (?:post|(?:the|this|her|his|their) (?:post|role))\s+since\s+"
    r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Z][a-z]{2,8})\s+(\d{4})\b"
)


def _first_day_of(day: str | None, month: str, year: str) -> date | None:
    month_number = MONTHS.get(month.lower())
    if month_number is None:
        return None
    try:
        return date(int(year), month_number, int(day) if day else 1)
    except ValueError:
        return None


class InPostSinceAfterInspection(Rule):
    """Someone "has been in post since" a date after the inspection ended.

    **What it checks**: "has been in post since <month year>" (and "in the
    role since") against the last day of the inspection on the cover.

    **Why it matters**: the report describes the leadership it inspected; a
    start date after the inspection is a typing error in a fact councils quote.

    **Example**: an inspection ending 12 December 2025 and "The director of
    children's services has been in post since March 2026".

    **Does not fire on**: dates without a month, other tenses ("will take up
    post in"), or reports whose cover gives no inspection dates.

    **References**: the cover's inspection dates and the report's "in post since" statements; judged
    findings in ``bench/eval/structural_findings.jsonl``.
    """

    id = "JC604"
    name = "in-post-since-after-inspection"
    severity = "error"
    measured = "no findings on pdf/ or validation/; tested on planted variants of real text"
    scope = "sentence"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        end = document.metadata.inspection_end
        if not end:
            return
        last = date.fromisoformat(end)
        for section, block in document.blocks():
            for m in IN_POST_SINCE.finditer(block.text):
                since = _first_day_of(*m.groups())
                if since and since > last:
                    yield Hit(f"'{m.group(0)}' is after the inspection ended on {spoken(end)}.",
                              section=section, block=block, excerpt=m.group(0))
