"""Reads-like models: which grade a unit of prose reads like, learned from published reports.

The machinery is generic; the trained models are data that plugins ship (see the
``judgecheck_reads_like`` hook). A model is over one ordinal scale (its grades,
best to worst) and one unit of text: ``section`` (each graded section of a
report) or ``document`` (a whole report with one outcome). It reads prose only:
headings and tables are never given to it, and sentences that name a grade
outright (the model's ``withheld`` patterns: "... are good", "requires
improvement") are withheld, so that the judgement is not read off the grade.

The model is an ordinal (cumulative logit) regression over tf-idf word and
word-pair features plus a few context features (the area, the length, and any
measure of the unit that the plugin supplies by name): a latent
score ``s = w . x`` and cut points ``c_1 < ... < c_{K-1}`` give
``P(grade at or better than k) = sigmoid(c_k - s)``, so a higher score reads worse.
Each sentence's share of ``s`` is its push: the evidence a finding quotes.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from judgecheck.model import Document, Placement, Reading, ReadsLike, Section

if TYPE_CHECKING:
    from judgecheck.language import Language

Unit = Literal["section", "document"]
PROSE = ("paragraph", "item")
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")


def terms(text: str) -> list[str]:
    """The words (lower case, no numbers) and adjacent word pairs of ``text``."""
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def graded_sections(document: Document) -> list[tuple[int, ...]]:
    """Runs of consecutive current sections with the same area and grade (a SIF heading and its summary are one), overall effectiveness aside."""
    runs: list[list[int]] = []
    key: tuple[str | None, str | None] | None = None
    for i, s in enumerate(document.sections):
        if s.grade is None or s.past or s.area in (None, "overall_effectiveness"):
            key = None
            continue
        if key == (s.area, s.grade):
            runs[-1].append(i)
        else:
            runs.append([i])
            key = (s.area, s.grade)
    return [tuple(r) for r in runs]


def prose_sentences(sections: Iterable[Section], split: Callable[[str], list[str]]) -> list[str]:
    """The sentences of the sections' paragraphs and list items (headings and tables are not prose)."""
    return [t for s in sections for b in s.blocks if b.kind in PROSE for t in split(b.text)]


class ReadsLikeModel:
    """A trained reads-like model: vocabulary, weights, cut points and the published distribution, over a scale and a unit."""

    def __init__(self, meta: dict, arrays: dict[str, Sequence[float]]) -> None:
        self.meta = meta
        self.unit: Unit = meta["unit"]
        self.scale: tuple[str, ...] = tuple(meta["scale"])
        #: Grades of other scales read as a position of this one ("adequate" -> "requires_improvement").
        self.aliases: dict[str, str] = dict(meta.get("aliases", {}))
        self.min_sentences: int = meta["min_sentences"]
        self.withheld = re.compile("|".join(f"(?:{p})" for p in meta["withheld"]), re.IGNORECASE)
        self.index = {t: i for i, t in enumerate(meta["vocabulary"])}
        self.context: list[str] = meta["context"]
        self.idf = [float(v) for v in arrays["idf"]]
        self.weights = [float(v) for v in arrays["weights"]]
        self.context_weights = [float(v) for v in arrays["context_weights"]]
        self.cuts = [float(v) for v in arrays["cuts"]]
        #: Per "grade|area" (and "grade|*"): sorted published scores and shortcoming rates, cross-validated.
        self.published: dict[str, tuple[list[float], list[float]]] = {
            k: (sorted(v[0]), sorted(v[1])) for k, v in meta["published"].items()}
        self.shortcoming_push: float = meta["shortcoming_push"]

    @classmethod
    def load(cls, path: Path) -> ReadsLikeModel:
        """Read ``path`` (``.npz`` arrays) and its ``.json`` meta file beside it."""
        import numpy as np  # only here: judgecheck starts without it

        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(path) as data:
            arrays = {k: data[k].tolist() for k in data.files}
        return cls(meta, arrays)

    def position(self, grade: str | None) -> int | None:
        """The grade's place on the model's scale (0 best), through the aliases; None when it has none."""
        grade = self.aliases.get(grade or "", grade)
        return self.scale.index(grade) if grade in self.scale else None

    def keep(self, sentence: str) -> bool:
        """False for a sentence that names a grade outright (withheld from the model)."""
        return not self.withheld.search(sentence)

    def term_counts(self, sentences: Sequence[str]) -> list[Counter[int]]:
        """Each sentence's vocabulary terms, counted: the one pass over the words that the other measures share."""
        return [Counter(i for t in terms(s) if (i := self.index.get(t)) is not None) for s in sentences]

    def vector(self, counts: Sequence[Counter[int]]) -> tuple[dict[int, float], float]:
        """The sparse tf-idf vector of the sentences' term counts (sublinear) and its norm before normalising."""
        total: Counter[int] = Counter()
        for each in counts:
            total.update(each)
        raw = {i: (1.0 + math.log(c)) * self.idf[i] for i, c in total.items()}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        return {i: v / norm for i, v in raw.items()}, norm

    def context_vector(self, area: str | None, sentences: int, measures: Mapping[str, float] | None = None) -> list[float]:
        """The context features, by name: ``area=X`` (one-hot), ``log_sentences`` (the log of the sentence
        count), and any other name a measure of the unit that the caller supplies in ``measures``."""
        out = []
        for name in self.context:
            if name.startswith("area="):
                out.append(1.0 if name == f"area={area}" else 0.0)
            elif name == "log_sentences":
                out.append(math.log1p(sentences))
            elif measures is None or name not in measures:
                raise KeyError(f"the reads-like model needs the measure {name!r} of the unit, which the caller did not supply")
            else:
                out.append(float(measures[name]))
        return out

    def score(self, sentences: Sequence[str], area: str | None, counts: Sequence[Counter[int]] | None = None,
              measures: Mapping[str, float] | None = None) -> float:
        """The latent score: higher reads worse (``counts``: the sentences' :meth:`term_counts`, when already made;
        ``measures``: the unit's measures that the model's context names)."""
        vec, _ = self.vector(self.term_counts(sentences) if counts is None else counts)
        text = sum(self.weights[i] * v for i, v in vec.items())
        return text + sum(w * v for w, v in zip(self.context_weights, self.context_vector(area, len(sentences), measures)))

    def probabilities(self, score: float) -> list[float]:
        """The probability of each grade of the scale, best to worst, for a latent score."""
        cumulative = [1.0 / (1.0 + math.exp(min(max(score - c, -50.0), 50.0))) for c in self.cuts] + [1.0]
        return [max(b - a, 0.0) for a, b in zip([0.0, *cumulative[:-1]], cumulative)]

    def departure(self, probs: Sequence[float], grade: str | None) -> Literal["", "other", "far"]:
        """How far probabilities ``probs`` read from ``grade``, by the thresholds of the model's meta (``departure``)."""
        own = self.position(grade)
        if own is None:
            return ""
        limits = self.meta["departure"]
        far = sum(p for k, p in enumerate(probs) if abs(k - own) >= 2)
        lower = sum(probs[own + 1:])
        if far >= limits["far"]:
            return "far"
        return "other" if max(lower, sum(probs[:own])) >= limits["other"] or lower >= limits["lower"] else ""

    def pushes(self, sentences: Sequence[str], counts: Sequence[Counter[int]] | None = None) -> list[float]:
        """Each sentence's share of the text score (positive pushes towards worse grades), alone and unnormalised by others."""
        counts = self.term_counts(sentences) if counts is None else counts
        _, norm = self.vector(counts)
        return [sum(self.weights[i] * (1.0 + math.log(c)) * self.idf[i] for i, c in each.items()) / norm for each in counts]

    def shortcoming_rate(self, pushes: Sequence[float]) -> float:
        """Sentences pushing towards worse grades past the model's threshold, per 100 sentences."""
        return 100.0 * sum(p >= self.shortcoming_push for p in pushes) / max(len(pushes), 1)

    def placement(self, grade: str, area: str | None, score: float, rate: float) -> Placement | None:
        """Where a unit sits among the published units of its grade (and area, when there are enough of them)."""
        for key in (f"{grade}|{area}", f"{grade}|*"):
            found = self.published.get(key)
            if found and len(found[0]) >= self.meta["min_published"]:
                scores, rates = found
                return Placement(
                    grade=grade, area=area if key.endswith(f"|{area}") else None, published=len(scores),
                    score_percentile=round(100.0 * bisect.bisect_left(scores, score) / len(scores), 1),
                    shortcomings_per_100=round(rate, 1),
                    shortcoming_percentile=round(100.0 * bisect.bisect_left(rates, rate) / len(rates), 1),
                )
        return None

    def read(self, title: str, area: str | None, grade: str | None, page: int, sections: tuple[int, ...],
             all_sentences: Sequence[str], evidence: int = 3, measures: Mapping[str, float] | None = None,
             note: str = "") -> Reading:
        """Judge one unit: its reads-like grade and probabilities, evidence and placement (None when too little prose).

        ``measures``: the unit's measures that the model's context names (see :meth:`context_vector`);
        ``note``: said with the reading."""
        sentences = [s for s in all_sentences if self.keep(s)]
        withheld = len(all_sentences) - len(sentences)
        if len(sentences) < self.min_sentences:
            note = f"too little prose to judge: {len(sentences)} sentences after {withheld} naming a grade were withheld (at least {self.min_sentences} needed)"
            return Reading(self.unit, sections, title, area, grade, page, None, note=note, sentences=len(sentences), withheld=withheld)
        counts = self.term_counts(sentences)
        score = self.score(sentences, area, counts, measures)
        probs = self.probabilities(score)
        median = self.scale[sum(c < 0.5 for c in itertools.accumulate(probs[:-1]))]
        pushes = self.pushes(sentences, counts)
        order = sorted(range(len(sentences)), key=lambda i: (-pushes[i], i))
        worse = tuple((sentences[i], round(pushes[i], 3)) for i in order[:evidence] if pushes[i] > 0)
        better = tuple((sentences[i], round(pushes[i], 3)) for i in reversed(order[-evidence:]) if pushes[i] < 0)
        own = self.aliases.get(grade or "", grade)
        reads = ReadsLike(median, tuple(zip(self.scale, (round(p, 4) for p in probs))), round(score, 4), self.departure(probs, grade))
        placement = self.placement(own, area, score, self.shortcoming_rate(pushes)) if own in self.scale else None
        return Reading(self.unit, sections, title, area, grade, page, reads, placement, worse, better, note=note,
                       sentences=len(sentences), withheld=withheld)

    def read_sections(self, document: Document, language: Language) -> tuple[Reading, ...]:
        """A reading for each graded section of the document (the model's unit must be ``section``)."""
        out = []
        for run in graded_sections(document):
            first = document.sections[run[0]]
            sentences = prose_sentences((document.sections[i] for i in run), language.sentences)
            out.append(self.read(first.title, first.area, first.grade, first.page, run, sentences))
        return tuple(out)

    def read_document(self, document: Document, language: Language, grade: str | None) -> Reading:
        """One reading of the whole document's prose (the model's unit must be ``document``)."""
        sentences = prose_sentences(document.sections, language.sentences)
        return self.read(document.path, None, grade, 1, tuple(range(len(document.sections))), sentences)


@dataclass(frozen=True)
class ReadsLikeProvider:
    """A plugin's reads-like model for some frameworks: what ``judgecheck_reads_like`` returns."""

    #: Unique across plugins (say "<framework>-sections").
    name: str
    #: The framework ids whose documents it reads; empty: any.
    frameworks: tuple[str, ...]
    unit: Unit
    #: Reads a document: one reading per graded section (unit ``section``) or one for the document.
    read: Callable[[Document, Language], tuple[Reading, ...]]
    #: The files the readings depend on (the model's), so that cached results follow a retrained model.
    data: tuple[str, ...] = ()


def read_prose(document: Document, providers: Sequence[ReadsLikeProvider], language: Language) -> tuple[Reading, ...]:
    """Every provider's readings of a document its frameworks cover, in provider order."""
    return tuple(r for p in providers if not p.frameworks or document.framework in p.frameworks
                 for r in p.read(document, language))
