"""The area SEND outcome reads-like model, and SEND003: a report whose prose reads like another outcome.

The model (``reads_like/outcome.npz`` and ``.json``) is issue 19's ordinal reads-like model
(:mod:`judgecheck.readslike`) over the whole report's prose, trained by
``train_reads_like.py`` on the 30 reports of ``send/``, with the sentences of
``data/withheld.toml`` (the outcome statement, the next inspection) withheld. Its
leave-one-out figures are in the model's meta (``figures``) and ``reads_like/leave_one_out.json``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from judgecheck.language import Language
from judgecheck.model import Document, Reading
from judgecheck.readslike import ReadsLikeModel, ReadsLikeProvider
from judgecheck.rules import Hit, Rule
from judgecheck_send.outcome import AREA, FRAMEWORK

MODEL = Path(__file__).parent / "reads_like" / "outcome.npz"


@functools.cache
def outcome_model() -> ReadsLikeModel:
    """The trained model, loaded once per process."""
    return ReadsLikeModel.load(MODEL)


def read_document(document: Document, language: Language) -> tuple[Reading, ...]:
    outcome = next((j.grade for j in document.judgements if j.area == AREA), None)
    return (outcome_model().read_document(document, language, outcome),)


PROVIDER = ReadsLikeProvider("send-outcome", (FRAMEWORK,), "document", read_document, (str(MODEL), str(MODEL.with_suffix(".json"))))


class ReportReadsLikeAnotherOutcome(Rule):
    """The report's prose, as a whole, reads like another inspection outcome.

    **What it checks**: the outcome that the whole report's prose reads like, by the
    plugin's reads-like model (learned from published area SEND reports, with the
    outcome statement, the next-inspection and monitoring sentences and priority
    actions withheld), against the outcome on the cover. A warning when the prose
    probably reads two steps away (positive against systemic), information when
    it reads another outcome with high confidence.

    **Why it matters**: the outcome is the one thing most readers take from the
    report; prose that describes another outcome means the outcome, or the
    findings behind it, need a second look before publication.

    **Example**: a cover saying "typically lead to positive experiences and
    outcomes" over findings such as "Too many children wait too long ... leaders
    do not know ...", which published systemic reports write.

    **Does not fire on**: reports of other frameworks; reports whose outcome was
    not read; reports with too little prose to judge; prose that leans towards
    another outcome without high confidence.

    **References**: ``judgecheck_send/reads_like/outcome.json`` (its ``figures``: the
    leave-one-out agreement on the 30 reports of ``send/``); ``train_reads_like.py``.
    """

    id = "SEND003"
    name = "report-reads-like-another-outcome"
    severity = "warning"
    scope = "document"
    measured = "leave-one-out on the 30 reports of send/: reads like its outcome 22/30 (73%), no positive/systemic confusion; 1 information finding, 0 warnings"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        for reading in document.readings:
            reads = reading.reads_like
            if reading.unit != "document" or reads is None or not reads.departure or reading.grade is None:
                continue
            probs = dict(reads.probabilities)
            grades = list(probs)
            far = sum(p for g, p in probs.items() if abs(grades.index(g) - grades.index(reading.grade)) >= 2)
            odds = "; ".join(f"{g} {p:.0%}" for g, p in sorted(probs.items(), key=lambda gp: -gp[1]))
            evidence = reading.worse if grades.index(reads.grade) > grades.index(reading.grade) else reading.better
            yield Hit(f"The report's outcome is '{reading.grade}' but its prose reads like '{reads.grade}' ({odds}).",
                      excerpt=evidence[0][0] if evidence else "", page=reading.page,
                      severity="warning" if far >= outcome_model().meta["departure"]["far"] else "info")
