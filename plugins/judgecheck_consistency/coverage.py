"""JC006 no-judgements-found: a checked report in which no graded judgement was read.

A report whose grades were not read passes every rule about grades without
being checked against them. This rule turns that silence into a finding, so
that a pre-publication gate fails on an unread report instead of passing it.
"""

from __future__ import annotations

from collections.abc import Iterator

from judgecheck.language import Language
from judgecheck.model import Document
from judgecheck.rules import Hit, Rule


class NoJudgementsFound(Rule):
    """No graded judgement was recognised, so nothing in the report was checked against grades.

    **What it checks**: that the structure stage read at least one graded
    judgement (a judgement table row, a graded heading or a sentence stating a
    grade) from the report, and says why not: no loaded framework recognised
    the report's opening, or a framework was recognised but no judgement was
    found under it.

    **Why it matters**: the grade rules (JC001-JC004, JC101-JC103) have nothing
    to compare without grades; a report read with none would otherwise pass with
    no finding, as if it had been checked and found sound.

    **Example**: a 2022 report whose judgement table carries a row label the
    framework does not know, so that the whole table was missed.

    **Does not fire on**: a report from which any judgement was read. For
    inputs that carry no grades (a council paper, a draft chapter), turn it off
    with ``ignore = ["JC006"]`` or ``per-file-ignores`` in the configuration.

    **References**: the README's "Exit status" (a warning fails the default
    gate, ``--fail-on warning``).
    """

    id = "JC006"
    name = "no-judgements-found"
    severity = "warning"
    measured = "0 findings on the 244 readable real reports of pdf/ and validation/: none is read without judgements"
    scope = "document"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        if document.judgements:
            return
        if document.framework is None:
            why = "no loaded framework recognised the report's opening (see `judgecheck plugins`)"
        else:
            why = f"the report follows {document.framework}, but no judgement table, graded heading or grade statement was found"
        reasons = "; ".join(document.uncertain) if document.framework else ""
        yield Hit(f"No graded judgement was read, so nothing was checked against grades: {why}."
                  + (f" The reader noted: {reasons}." if reasons else ""), page=1 if document.paged else None)
