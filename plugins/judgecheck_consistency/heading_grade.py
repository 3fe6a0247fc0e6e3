"""JC001 heading-grade-contradicts-table."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from judgecheck.language import Language
from judgecheck.model import Document, GradeStatement, Severity
from judgecheck.rules import Hit, Rule
from judgecheck.structure import fold

if TYPE_CHECKING:
    from spacy.tokens import Token


def words(grade: str) -> str:
    return grade.replace("_", " ")


def as_proven(document: Document, severity: Severity) -> Severity:
    """An error stays an error only when the structure stage read the judgements it rests on with certainty
    (``Document.uncertain`` empty); otherwise it is a warning."""
    return "warning" if severity == "error" and document.uncertain else severity


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
    measured = "no findings on pdf/ or validation/ (247 real reports); tested on planted variants of real text"
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
                        severity=as_proven(document, self.severity),
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
    does not grade, "Previous inspections" sections, or a sentence whose own
    grammar does not make it a present claim about this inspection: its
    governing verb is past, perfect or modal ("were judged inadequate", "have
    been inadequate since"), negated ("are no longer inadequate"), or dated by
    an adverbial ("In 2021, ...", "were last inspected in November 2019, with a
    judgement of ...", "at the previous inspection"). The sentence is parsed with spaCy.

    **References**: the framework's grade words and judgement names, in
    ``rules/frameworks/ofsted-*.toml``; the judgement table is read as in JC001.
    """

    id = "JC002"
    name = "grade-statement-contradicts-table"
    severity = "error"
    measured = "no findings on pdf/ or validation/ (247 real reports); tested on planted variants and real past-tense sentences"
    scope = "sentence"
    needs_language = True

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
            if st.source == "sentence" and not (language and present_claim(st, document, language)):
                continue
            where = "sentence" if st.source == "sentence" else f"judgement table {st.table}"
            yield Hit(
                f"This {where} grades {st.area.replace('_', ' ')} '{words(st.grade)}'; the first judgement table"
                f" (page {ref.page}) says '{words(ref.grade)}'.",
                excerpt=st.label, page=st.page, line=st.line, severity=as_proven(document, self.severity),
            )


#: A year, which dates the adverbial it is in ("In 2021, ...", "in November 2019").
YEAR = re.compile(r"(?:19|20)\d\d")
#: Modifiers that place a judgement before this inspection ("last inspected", "the previous inspection").
EARLIER = frozenset({"previous", "prior", "earlier", "former", "last", "ago"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
ADVERBIALS = frozenset({"prep", "npadvmod", "advmod", "advcl", "tmod", "agent"})


def sentence_of(st: GradeStatement, document: Document, language: Language) -> tuple[str, int] | None:
    """The sentence of the statement's block that holds it, and where the statement starts in it."""
    wanted = st.label.lower()
    for _, block in document.blocks():
        if block.page != st.page or block.line != st.line:
            continue
        for sentence in language.sentences(fold(block.text)):
            at = sentence.lower().find(wanted)
            if at >= 0:
                return sentence, at
    return None


def _tenses(token: Token) -> set[str]:
    """The finite tags of a clause head and its auxiliaries: VBZ/VBP (present), VBD (past), MD (modal), "have" (perfect)."""
    verbs = [token, *(c for c in token.children if c.dep_ in ("aux", "auxpass"))]
    return {"have" if t.lemma_ == "have" and t.dep_ == "aux" else t.tag_ for t in verbs} & {"VBZ", "VBP", "VBD", "MD", "have"}


def present_claim(st: GradeStatement, document: Document, language: Language) -> bool:
    """True when the statement's sentence claims the grade now: present, not negated, not dated earlier."""
    found = sentence_of(st, document, language)
    if found is None:
        return False
    sentence, at = found
    doc = language.parse(sentence)
    end = at + len(st.label)
    first = st.grade.split("_")[0][:7]
    grade = [t for t in doc if at <= t.idx < end and t.lower_.startswith(first)]
    if not grade:
        return False
    path = [grade[-1]]
    while path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    clauses = [t for t in path if t.pos_ in ("VERB", "AUX") and (t.dep_ == "ROOT" or any(c.dep_ in SUBJECTS for c in t.children))]
    tenses = set().union(*map(_tenses, clauses))
    if not tenses & {"VBZ", "VBP"} or tenses & {"VBD", "MD", "have"}:
        return False
    on_path = {t.i for t in path}
    for token in doc:
        if token.dep_ == "neg" and (token.head.i in on_path or token.head.head.i in on_path):
            return False
    for token in path:
        for child in token.children:
            if child.dep_ in ADVERBIALS and child.i not in on_path:
                marks = {t.lower_ for t in child.subtree}
                if marks & EARLIER or any(YEAR.fullmatch(m) for m in marks):
                    return False
    return True
