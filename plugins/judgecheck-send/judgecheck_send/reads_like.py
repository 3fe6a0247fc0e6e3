"""The area SEND outcome reads-like model, and SEND003: a report whose prose reads like another outcome.

The model (``reads_like/outcome.npz`` and ``.json``, data card ``reads_like/DATA_CARD.md``) is
a small ordinal (cumulative logit) model over two measures of the whole report's prose, trained
by ``train_reads_like.py`` on the 30 reports of ``send/``:

- how its sentences read by a sentence-level model learned elsewhere: the text score of
  judgecheck's Ofsted section reads-like model (children's services reports), a frozen copy of
  whose vocabulary and weights the model carries, so each sentence's push is the evidence;
- ``balance``: the log ratio of the sentences of "What does the area partnership need to do
  better?" to those of "What is the area partnership doing that is effective?".

The prose is every paragraph and list item less ``data/withheld.toml``: the sentences that
state the outcome or what it fixes, and the whole of the sections it names ("Areas for
priority action", which only a systemic outcome has), so that neither the verdict nor the
presence of priority actions is read. Its leave-one-out figures are in the model's meta
(``figures``) and ``reads_like/leave_one_out.json``.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from judgecheck.language import Language
from judgecheck.model import Document, Reading
from judgecheck.readslike import PROSE, ReadsLikeModel, ReadsLikeProvider
from judgecheck.rules import Hit, Rule
from judgecheck_send.outcome import AREA, FRAMEWORK

MODEL = Path(__file__).parent / "reads_like" / "outcome.npz"
WITHHELD = Path(__file__).parent / "data" / "withheld.toml"


@dataclass(frozen=True)
class Prose:
    """What the model is given of one report: the sentences of the sections not withheld (the model then withholds
    sentences by its patterns), the sections they come from, and the measures of its kept sentences."""

    sentences: list[str]
    sections: tuple[int, ...]
    #: Sentences of the sections that say what is effective and what needs to be better (None: no such section).
    effective: int | None
    better: int | None

    def balance(self, default: float) -> float:
        """log((better + 1) / (effective + 1)); ``default`` when either section was not found."""
        if self.effective is None or self.better is None:
            return default
        return math.log((self.better + 1) / (self.effective + 1))


def withheld_sections() -> re.Pattern[str]:
    """The headings of the sections whose prose is never read (``sections`` of ``data/withheld.toml``)."""
    patterns = tomllib.loads(WITHHELD.read_text(encoding="utf-8"))["sections"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def prose(document: Document, split: Callable[[str], list[str]], keep: Callable[[str], bool],
          effective: str, better: str) -> Prose:
    """The report's prose outside withheld sections, with the counts of the sentences ``keep`` keeps in the
    sections whose titles match ``effective`` and ``better`` (case-insensitive)."""
    skip, eff, bet = withheld_sections(), re.compile(effective, re.IGNORECASE), re.compile(better, re.IGNORECASE)
    sentences: list[str] = []
    used: list[int] = []
    counts: dict[str, int | None] = {"effective": None, "better": None}
    for i, section in enumerate(document.sections):
        if section.title and skip.search(section.title):
            continue
        each = [t for b in section.blocks if b.kind in PROSE for t in split(b.text)]
        sentences += each
        used.append(i)
        for name, rx in (("effective", eff), ("better", bet)):
            if section.title and rx.search(" ".join(section.title.split())):
                counts[name] = (counts[name] or 0) + sum(map(keep, each))
    return Prose(sentences, tuple(used), counts["effective"], counts["better"])


@functools.cache
def outcome_model() -> ReadsLikeModel:
    """The trained model, loaded once per process."""
    return ReadsLikeModel.load(MODEL)


def read_document(document: Document, language: Language) -> tuple[Reading, ...]:
    model = outcome_model()
    outcome = next((j.grade for j in document.judgements if j.area == AREA), None)
    balance = model.meta["balance"]
    found = prose(document, language.sentences, model.keep, balance["effective"], balance["better"])
    if found.effective is None or found.better is None:
        note = ("the sections saying what is effective and what needs to be better were not both found: "
                "their balance is taken as the published reports' mean")
    else:
        note = f"{found.better} sentences on what needs to be better against {found.effective} on what is effective"
    measures = {"balance": found.balance(balance["mean"])}
    return (model.read(document.path, None, outcome, 1, found.sections, found.sentences, measures=measures, note=note),)


PROVIDER = ReadsLikeProvider("send-outcome", (FRAMEWORK,), "document", read_document,
                             (str(MODEL), str(MODEL.with_suffix(".json")), str(WITHHELD)))


class ReportReadsLikeAnotherOutcome(Rule):
    """The report's prose, as a whole, reads like another inspection outcome.

    **What it checks**: the outcome that the whole report's prose reads like, by the
    plugin's reads-like model (learned from published area SEND reports: how its
    sentences read by a sentence model of shortcomings, and how long "what needs to
    be better" is against "what is effective"; with the outcome statement, the
    next-inspection and monitoring sentences and the priority actions withheld),
    against the outcome on the cover. A warning when the prose probably reads two
    steps away (positive against systemic), information when it reads another
    outcome with high confidence.

    **Why it matters**: the outcome is the one thing most readers take from the
    report; prose that describes another outcome means the outcome, or the
    findings behind it, need a second look before publication.

    **Example**: a cover saying "typically lead to positive experiences and
    outcomes" over findings such as "Too many children wait too long ... leaders
    do not know ...", which published systemic reports write.

    **Does not fire on**: reports of other frameworks; reports whose outcome was
    not read; reports with too little prose to judge; prose that leans towards
    another outcome without high confidence.

    **References**: ``judgecheck_send/reads_like/DATA_CARD.md`` and
    ``outcome.json`` (its ``figures``: the leave-one-out agreement on the 30 reports
    of ``send/``); ``train_reads_like.py``.
    """

    id = "SEND003"
    name = "report-reads-like-another-outcome"
    severity = "warning"
    scope = "document"
    measured = ("nested leave-one-out on the 30 reports of send/: reads like its outcome 27/30 (90%), "
                "no positive/systemic confusion; 0 findings")

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
            yield Hit(f"The report's outcome is '{reading.grade}' but its prose reads like '{reads.grade}' ({odds}; {reading.note}).",
                      excerpt=evidence[0][0] if evidence else "", page=reading.page,
                      severity="warning" if far >= outcome_model().meta["departure"]["far"] else "info")
