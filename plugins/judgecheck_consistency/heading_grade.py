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


class GradeStatementContradictsTable(Rule):
    """A sentence, or a second judgement table, states a grade the first judgement table contradicts.

    **What it checks**: sentences that state a grade ("Services for children in
    need of help and protection are good", "Children's services in X are
    outstanding") and the rows of any further judgement table (a council
    paper's restatement of the cover) against the first table's grade for the
    same judgement. Grades quoted from earlier inspections are left out.

    **Why it matters**: summaries and council papers are what most readers see;
    a grade restated wrongly there misreports the inspection.

    **Example**: the cover table grades help and protection "good", and the
    executive summary says "Services for children in need of help and
    protection require improvement".

    **Does not fire on**: statements that agree, judgements the first table
    does not grade, or "Previous inspections" sections.

    **References**: the framework's grade words and judgement names, in
    ``rules/frameworks/ofsted-*.toml``; the judgement table is read as in JC001.
    """

    id = "JC002"
    name = "grade-statement-contradicts-table"
    severity = "error"
    scope = "sentence"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        tables = [s for s in document.statements if s.source == "table"]
        if not tables:
            return
        first_table = min(s.table or 0 for s in tables)
        reference = {s.area: s for s in tables if (s.table or 0) == first_table}
        for st in document.statements:
            ref = reference.get(st.area)
            restated = st.source == "sentence" or (st.source == "table" and (st.table or 0) != first_table)
            if ref is None or not restated or st.grade == ref.grade:
                continue
            where = "sentence" if st.source == "sentence" else f"judgement table {st.table}"
            yield Hit(
                f"This {where} grades {st.area.replace('_', ' ')} '{words(st.grade)}'; the first judgement table"
                f" (page {ref.page}) says '{words(ref.grade)}'.",
                excerpt=st.label, page=st.page, line=st.line,
            )
