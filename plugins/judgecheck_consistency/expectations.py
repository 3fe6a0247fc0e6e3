"""JC003 judgement-missing-or-unexpected and JC004 judgements-out-of-line: the framework's expectations.

Both rules only read ``Document.expectations``, which the recognised framework
states as data (``rules/frameworks/*.toml``: ``required_areas``,
``forbidden_areas`` and ``[[expect]]`` tables); they know no inspectorate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from judgecheck.language import Language, split_sentences
from judgecheck.model import Document, Judgement
from judgecheck.rules import Hit, Rule
from judgecheck_consistency.heading_grade import as_proven


def words(grade: str) -> str:
    return grade.replace("_", " ")


class JudgementMissingOrUnexpected(Rule):
    """A report lacks a judgement its framework requires, or grades one the framework does not have.

    **What it checks**: the judgements recovered from the report against the
    framework's list of judgements that must and must not appear, for the
    inspection's dates (for Ofsted: no overall effectiveness after April 2026;
    care leavers graded on their own from January 2023).

    **Why it matters**: a judgement missing from the table, or one from an
    older framework left in, is the kind of error a template carries forward.

    **Example**: an ILACS report inspected in 2024 whose table has no row for
    the experiences and progress of care leavers.

    **Does not fire on**: reports whose framework was not recognised; a
    judgement the report says it did not make ("Adoption performance: not
    judged", "too few care leavers to make a judgement", as in very small
    authorities); a judgement the table grades jointly with another ("The
    experiences and progress of children in care and care leavers", ILACS
    2018-22). A missing judgement is a warning, not an error, when the cover's
    inspection dates were not read, since the framework and its expectations
    depend on them.

    **References**: each framework's ``required_areas`` and ``forbidden_areas``, in
    ``rules/frameworks/ofsted-*.toml``, taken from the judgements Ofsted's inspection handbook for
    that framework lists.
    """

    id = "JC003"
    name = "judgement-missing-or-unexpected"
    severity = "error"
    measured = "no findings on pdf/ or validation/ (247 real reports); tested on planted variants of real text"
    scope = "document"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        graded = {j.area for j in document.judgements}
        dated = bool(document.metadata.inspection_start and document.metadata.inspection_end)
        for e in document.expectations:
            if e.kind == "required" and e.area not in graded:
                if graded_jointly(document, e.area) or said_not_judged(document, e.area):
                    continue
                yield Hit(f"The framework ({document.framework}) requires a judgement for {e.area.replace('_', ' ')}; "
                          f"the report gives none." + (f" ({e.note})" if e.note else ""),
                          severity=as_proven(document, e.severity) if dated else "warning")
            elif e.kind == "forbidden" and e.area in graded:
                found = next(j for j in document.judgements if j.area == e.area)
                yield Hit(f"The framework ({document.framework}) has no judgement for {e.area.replace('_', ' ')}, "
                          f"but the report grades it '{words(found.grade)}'.", excerpt=found.label, page=found.page,
                          severity=as_proven(document, e.severity))


#: What a report says of a judgement it does not give ("Not judged", "too few ... to make a judgement").
NO_JUDGEMENT = re.compile(
    r"\bnot (?:been )?(?:judged|graded)\b"
    r"|\btoo (?:few|small)\b[^.]{0,160}?\bjudge?ments?\b|\b(?:insufficient|small) numbers?\b[^.]{0,160}?\bjudge?ments?\b"
    r"|\bnot (?:possible|able) to (?:make|give|reach) a (?:graded |secure )?judge?ment\b",
    re.IGNORECASE,
)
#: The words every Ofsted judgement's name opens with, which say nothing of the area.
OPENING = re.compile(r"^(?:the )?(?:experiences? and progress of )?", re.IGNORECASE)


def _short_names(document: Document, area: str) -> set[str]:
    """The area's key and names as lower-case phrases without their common opening ("care leavers", "adoption performance")."""
    names = {area.replace("_", " ")}
    for key, name, spellings in document.area_names:
        if key == area:
            names |= {OPENING.sub("", n.lower()) for n in (name, *spellings)}
    return {" ".join(n.split()[:3]) for n in names if n}


def graded_jointly(document: Document, area: str) -> bool:
    """True when a table row grades ``area`` with another area ("children in care and care leavers")."""
    own = _short_names(document, area)
    for st in document.statements:
        if st.source == "table" and st.area != area:
            label = " ".join(st.label.lower().split())
            if any(re.search(rf"\band {re.escape(name)}\b", label) for name in own):
                return True
    return False


def said_not_judged(document: Document, area: str) -> bool:
    """True when a sentence or table line names ``area`` and says that it was not judged."""
    names = _short_names(document, area)
    for _, block in document.blocks():
        for sentence in split_sentences(" ".join(block.text.split())):
            lower = sentence.lower()
            if NO_JUDGEMENT.search(sentence) and any(name in lower for name in names):
                return True
    return False


class JudgementsOutOfLine(Rule):
    """The report's judgements break a rule of how its framework combines them.

    **What it checks**: the framework's aggregation expectations: for Ofsted,
    overall effectiveness lies between the best and the worst of the other
    judgements, and an inadequate judgement for children who need help and
    protection or for children in care makes overall effectiveness inadequate
    (an error: it held in every report of the dev corpus); an inadequate
    judgement of leaders with a better overall judgement is information (it
    happened once in 119 reports).

    **Why it matters**: a grade typed wrongly in the table is rarely caught by
    reading; the combination shows it.

    **Example**: help and protection inadequate, overall effectiveness
    requires improvement.

    **Does not fire on**: overall effectiveness better than the worst judgement
    (35 published reports do that), or reports whose framework was not recognised.

    **References**: the ``[[expect]]`` tables of ``rules/frameworks/ofsted-*.toml``, each with the
    handbook's wording in its ``note``.
    """

    id = "JC004"
    name = "judgements-out-of-line"
    severity = "error"
    measured = "3 of 3 judged findings real (2 validation/, 1 pdf/), all information"
    scope = "document"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        graded: dict[str, Judgement] = {j.area: j for j in document.judgements}
        rank = {grade: i for i, grade in enumerate(document.scale)}
        for e in document.expectations:
            target = graded.get(e.area)
            if target is None or target.grade not in rank:
                continue
            if e.kind == "within":
                others = [j for a, j in graded.items() if a != e.area and j.grade in rank]
                if not others:
                    continue
                best = min(others, key=lambda j: rank[j.grade])
                worst = max(others, key=lambda j: rank[j.grade])
                if rank[target.grade] < rank[best.grade] or rank[target.grade] > rank[worst.grade]:
                    side = (f"better than the best other judgement ('{words(best.grade)}')" if rank[target.grade] < rank[best.grade]
                            else f"worse than the worst other judgement ('{words(worst.grade)}')")
                    yield Hit(f"{e.area.replace('_', ' ').capitalize()} is '{words(target.grade)}', {side}.",
                              excerpt=target.label, page=target.page, severity=as_proven(document, e.severity))
            elif e.kind == "implies" and e.when_area in graded and graded[e.when_area].grade == e.when_grade and target.grade != e.grade:
                cause = graded[e.when_area]
                yield Hit(f"{cause.label} is '{words(cause.grade)}' but {e.area.replace('_', ' ')} is '{words(target.grade)}', "
                          f"not '{words(e.grade or '')}'" + (f": {e.note}." if e.note else "."),
                          excerpt=target.label, page=target.page, severity=as_proven(document, e.severity))


def _norm(label: str) -> str:
    return " ".join(label.replace("’", "'").lower().strip(" .:;").split())


class TableLabelNotAJudgementName(Rule):
    """A judgement table row's label is not a name the framework gives that judgement.

    **What it checks**: each row of a judgement table against the judgement's
    name and the other spellings its framework accepts (``spellings`` in the
    framework file), ignoring case and final punctuation. A label that shares
    most of its words with a name but differs ("The experiences and progress of
    children care leavers") is a warning; a label that only loosely resembles
    one (a council paper's "Review of LSCB") is information.

    **Why it matters**: the table is what readers and scrapers take as the
    result; a garbled label makes a judgement harder to attribute, and is a
    sign that the table was edited by hand.

    **Example**: "The experiences and progress of children care leavers: Good".

    **Does not fire on**: labels that are a framework name in another case.

    **References**: the framework's judgement names, in ``rules/frameworks/ofsted-*.toml``.
    """

    id = "JC005"
    name = "table-label-not-a-judgement-name"
    severity = "warning"
    measured = "5 of 5 judged findings real (1 validation/, 4 pdf/)"
    scope = "document"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        names = {key: (name, {_norm(name), *map(_norm, spellings)}) for key, name, spellings in document.area_names}
        for st in document.statements:
            if st.source != "table" or st.area not in names:
                continue
            name, accepted = names[st.area]
            label = _norm(st.label)
            if label in accepted:
                continue
            words = set(label.split())
            best = max(accepted, key=lambda a: len(words & set(a.split())) / len(words | set(a.split())))
            overlap = len(words & set(best.split())) / len(words | set(best.split()))
            yield Hit(
                f"The table labels the {st.area.replace('_', ' ')} judgement '{st.label}', not a name the framework uses "
                f"(closest: '{best}').",
                excerpt=st.label, page=st.page, line=st.line, severity="warning" if overlap >= 0.6 else "info",
            )
