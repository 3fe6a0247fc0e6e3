"""JC001 heading-grade-contradicts-table."""

from __future__ import annotations

from collections.abc import Iterator

from judgecheck.language import Language
from judgecheck.model import Document
from judgecheck.rules import Hit, Rule


def words(grade: str) -> str:
    return grade.replace("_", " ")


class HeadingGradeContradictsTable(Rule):
    """A section heading states a grade that the judgement table contradicts.

    **What it checks**: every section heading that states a grade ("The
    experiences and progress of children in care: good") against each
    judgement table row for the same area.

    **Why it matters**: the table on the cover is what readers, councils and
    scrapers take as the result; a heading that says otherwise means one of
    the two was not updated when the judgement changed.

    **Example**::

        | Judgement | Grade |
        | --- | --- |
        | The experiences and progress of children in care | Good |
        | Overall effectiveness | Good |

        # The experiences and progress of children in care: requires improvement

    **Does not fire on**: a heading that agrees with the table, or an area that
    the table does not grade.

    **References**: the framework's judgement names, in ``rules/frameworks``.
    """

    id = "JC001"
    name = "heading-grade-contradicts-table"
    severity = "error"
    scope = "section"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        rows = [s for s in document.statements if s.source == "table"]
        sections = {(s.page, s.line, s.title): s for s in document.sections}
        for heading in (s for s in document.statements if s.source == "heading"):
            section = sections.get((heading.page, heading.line, heading.label))
            for row in rows:
                if row.area == heading.area and row.grade != heading.grade:
                    yield Hit(
                        f"Heading grades {heading.area.replace('_', ' ')} '{words(heading.grade)}' but the "
                        f"judgement table (page {row.page}) says '{words(row.grade)}'.",
                        section=section,
                        excerpt=heading.label,
                        page=heading.page,
                        line=heading.line,
                    )
                    break
