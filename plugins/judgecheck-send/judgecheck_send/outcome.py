"""SEND001-SEND002: what the inspection outcome fixes elsewhere in the report.

The consequences are data (``data/outcome.toml``): a sentence or a section heading,
the outcomes that require it, and those that may have it anyway. Any other outcome
must not have it.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from judgecheck.language import Language
from judgecheck.model import Block, Document, Section
from judgecheck.rules import Hit, Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

FRAMEWORK = "area-send-2023"
AREA = "send_outcome"
DATA = Path(str(files("judgecheck_send") / "data" / "outcome.toml"))


@dataclass(frozen=True)
class Consequence:
    """Something the outcome fixes: present exactly for the outcomes of ``when`` (``also`` may have it)."""

    rule: str
    what: str
    pattern: re.Pattern[str]
    #: "sentence" (searched in paragraphs) or "heading" (a whole section title).
    kind: str
    when: frozenset[str]
    also: frozenset[str]


@functools.cache
def consequences(path: Path = DATA) -> tuple[Consequence, ...]:
    """The consequences of ``data/outcome.toml``, read once per process."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for raw in data["consequence"]:
        kind = "heading" if "heading" in raw else "sentence"
        out.append(Consequence(raw["rule"], raw["what"], re.compile(raw[kind], re.IGNORECASE), kind,
                               frozenset(raw["when"]), frozenset(raw.get("also", ()))))
    return tuple(out)


def _fold(text: str) -> str:
    return " ".join(text.split())


def places(document: Document, consequence: Consequence) -> list[tuple[Section, Block | None]]:
    """Where the document has the consequence: each section with that title, or each paragraph stating it."""
    if consequence.kind == "heading":
        return [(s, None) for s in document.sections if s.title and consequence.pattern.fullmatch(_fold(s.title).rstrip(":"))]
    return [(s, b) for s, b in document.blocks() if b.kind != "table" and consequence.pattern.search(_fold(b.text))]


class _OutcomeRule(Rule):
    severity = "error"
    scope = "document"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        outcome = next((j for j in document.judgements if j.area == AREA), None)
        if document.framework != FRAMEWORK or outcome is None:
            return
        said = outcome.grade
        for consequence in (c for c in consequences() if c.rule == self.id):
            found = places(document, consequence)
            if said in consequence.when and not found:
                yield Hit(f"The outcome is '{said}', which requires {consequence.what}, but the report has none.",
                          excerpt=outcome.label, page=outcome.page)
            elif found and said not in consequence.when | consequence.also:
                usual = " or ".join(f"'{g}'" for g in sorted(consequence.when))
                for section, block in found:
                    yield Hit(f"The report has {consequence.what}, which follows a {usual} outcome, but the outcome is '{said}'.",
                              section=section, block=block, excerpt=section.title if block is None else "",
                              page=section.page if block is None else None, line=section.line if block is None else None)


class NextInspectionContradictsOutcome(_OutcomeRule):
    """The next-inspection sentence does not follow from the inspection outcome.

    **What it checks**: an area SEND report's outcome against the sentences that say
    when the area is inspected next: a positive outcome, the next full inspection
    within approximately five years; inconsistent, three years; systemic, a
    monitoring inspection within approximately 18 months (and the next full
    inspection within three years). A missing sentence, or one that belongs to
    another outcome, is a finding.

    **Why it matters**: the framework fixes the follow-up by the outcome; a report
    that promises a five-year gap after finding systemic failings has its outcome
    or its follow-up wrong, and the area plans around the wrong one.

    **Example**: a cover saying "There are widespread and/or systemic failings ..."
    then "The next full area SEND inspection will be within approximately five years."

    **Does not fire on**: reports of other frameworks, reports whose outcome was not
    read, the three-year sentence beside a systemic outcome.

    **References**: Ofsted and CQC, *Area SEND inspections: framework and handbook*
    (2023), "Inspection outcomes"; the 30 reports of ``send/`` (all agree);
    ``judgecheck_send/data/outcome.toml``.
    """

    id = "SEND001"
    name = "next-inspection-contradicts-outcome"
    measured = "0 findings on the 30 real reports of send/ (bench/send.py); every planted contradiction found (tests)"


class PriorityActionsContradictOutcome(_OutcomeRule):
    """"Areas for priority action" appears without a systemic outcome, or is missing with one.

    **What it checks**: the section "Areas for priority action" is present exactly
    when the outcome is "widespread and/or systemic failings".

    **Why it matters**: areas for priority action oblige the partnership to a
    priority action plan and bring a monitoring inspection; they belong to a
    systemic outcome alone, and a systemic outcome without them leaves the
    partnership nothing it must act on first.

    **Example**: a report whose cover reads "typically lead to positive experiences
    and outcomes" with a section "Areas for priority action".

    **Does not fire on**: reports of other frameworks, reports whose outcome was not read.

    **References**: Ofsted and CQC, *Area SEND inspections: framework and handbook*
    (2023); the 30 reports of ``send/`` (the section is in every systemic report and no
    other); ``judgecheck_send/data/outcome.toml``.
    """

    id = "SEND002"
    name = "priority-actions-contradict-outcome"
    measured = "0 findings on the 30 real reports of send/ (bench/send.py); every planted contradiction found (tests)"
