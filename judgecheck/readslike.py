"""Reads-like models: which grade a unit of prose reads like, learned from published reports.

The machinery is generic; the trained models are data that plugins ship (see the
``judgecheck_reads_like`` hook). A model is over one ordinal scale (its grades,
best to worst) and one unit of text: ``section`` (each graded section of a
report) or ``document`` (a whole report with one outcome). It reads prose only:
headings and tables are never given to it, and sentences that name a grade
outright (the model's ``withheld`` patterns: "... are good", "requires
improvement") are withheld, so that the judgement is not read off the grade.

The model is an ordinal (cumulative logit) regression over tf-idf word and
word-pair features (and, when the model asks for them, character n-grams), a few
context features (the area, the length, and any measure of the unit that the
plugin supplies by name) and, when the model has them, sentence features averaged
over the unit's sentences (a sentence model's probability, whether it passes a
level, whether the sentence has one of a list of terms): a latent score ``s = w . x + ...`` and cut points
``c_1 < ... < c_{K-1}`` give ``P(grade at or better than k) = sigmoid(c_k - s)``, so a
higher score reads worse. Each sentence's share of ``s`` is its push: the evidence a
finding quotes.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from judgecheck.model import Document, Placement, Reading, ReadsLike, Section

if TYPE_CHECKING:
    from judgecheck.language import Language

Unit = Literal["section", "document"]
PROSE = ("paragraph", "item")
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")


def terms(text: str, chars: int = 0) -> list[str]:
    """The words (lower case, no numbers) and adjacent word pairs of ``text``; with ``chars``, also its
    character n-grams of that length, each as ``#`` and the n characters, over the words joined by single
    spaces with a space either end (``#not `` ends a word "not"; ``#t al`` spans "not all")."""
    words = _WORD.findall(text.lower())
    out = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
    if chars:
        joined = f" {' '.join(words)} "
        out += ["#" + joined[i : i + chars] for i in range(len(joined) - chars + 1)]
    return out


@functools.cache
def _word_contexts(n: int) -> re.Pattern[str]:
    """Each word of words joined by single spaces (with a space either end) in its context: the space before
    it, the word and the n - 1 characters after it (fewer at the end)."""
    return re.compile(f"(?=( [^ ]+.{{0,{n - 1}}}))")


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
        #: The length of the character n-grams among the terms (0: words and word pairs only).
        self.chars = int(meta.get("char_ngrams", 0))
        #: The vocabulary's character n-grams that start at each word (or the space before it), by the word in its
        #: context (the space before it and the n - 1 characters after it): words recur, so each is looked up once.
        self._grams: dict[str, tuple[int, ...]] = {}
        # Sentence features (``sentence_features`` in the meta): names, each "<model>" (the sentence model's
        # probability), "<model>>=T" (1 when that probability is at least T) or the name of a list of terms
        # (1 when the sentence has one of them); the unit's feature is their mean over its sentences, weighted
        # by ``feature_weights``.
        found = meta.get("sentence_features") or {"names": []}
        self.feature_names: list[str] = list(found["names"])
        self.feature_weights = [float(v) for v in arrays["feature_weights"]] if self.feature_names else []
        self.sentence_weights = [float(v) for v in arrays["sentence_weights"]] if self.feature_names else []
        self.sentence_bias = float(found.get("bias", 0.0))
        model_name = found.get("model", "")
        listed = {k: sorted(self.index[t] for t in v if t in self.index) for k, v in found.get("terms", {}).items()}
        self._features: list[tuple[float | None, list[int] | None]] = []
        for name in self.feature_names:
            if name == model_name:
                self._features.append((None, None))
            elif name.startswith(f"{model_name}>="):
                self._features.append((float(name.split(">=", 1)[1]), None))
            else:
                self._features.append((None, listed[name]))
        self._arrays: dict[str, Any] | None = None

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
        """Each sentence's vocabulary terms (:func:`terms`), counted: the one pass over the words that the other measures share."""
        get, n, grams = self.index.get, self.chars, self._grams
        if len(grams) > 200_000:
            grams.clear()
        starts = _word_contexts(n) if n else None
        out = []
        for s in sentences:
            # As terms(s, n) gives them, but each word's character n-grams from the cache.
            words = _WORD.findall(s.lower())
            ids = list(map(get, words))
            ids += map(get, map(" ".join, zip(words, words[1:])))
            if starts is not None:
                contexts = starts.findall(f" {' '.join(words)} ")
                found = list(map(grams.get, contexts))
                if None in found:
                    for k, context in enumerate(contexts):
                        if found[k] is None:
                            found[k] = grams[context] = self._context_grams(context)
                ids += itertools.chain.from_iterable(found)  # type: ignore[arg-type]
            counted = Counter(ids)
            counted.pop(None, None)  # type: ignore[call-overload]
            out.append(counted)
        return out

    def _context_grams(self, context: str) -> tuple[int, ...]:
        """The vocabulary's character n-grams starting at a word's first character or the space before it, given the
        word in its context (the space before it, the word, and the n - 1 characters after it, fewer at the end)."""
        n, get = self.chars, self.index.get
        starting = min(len(context.split(" ", 2)[1]) + 1, len(context) - n + 1)
        return tuple(i for k in range(starting) if (i := get("#" + context[k : k + n])) is not None)

    def vector(self, counts: Sequence[Counter[int]]) -> tuple[dict[int, float], float]:
        """The sparse tf-idf vector of the sentences' term counts (sublinear) and its norm before normalising."""
        total = Counter(itertools.chain.from_iterable(each.elements() for each in counts))
        idf = self.idf
        raw = {i: (idf[i] if c == 1 else (1.0 + math.log(c)) * idf[i]) for i, c in total.items()}
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

    def _analyse(self, counts: Sequence[Counter[int]]) -> tuple[float, list[float], list[list[float]]]:
        """The text score, each sentence's share of it (alone and unnormalised by others) and each sentence's
        features, from the sentences' term counts: the arithmetic of :meth:`score`, :meth:`pushes` and
        :meth:`sentence_features`, over arrays."""
        import numpy as np  # loaded with the model (:meth:`load`)

        if self._arrays is None:
            self._arrays = {"idf": np.array(self.idf), "weights": np.array(self.weights),
                            "weighted": np.array(self.weights) * np.array(self.idf), "sentence": np.array(self.sentence_weights),
                            "listed": [np.array(listed or [], dtype=np.int64) for _, listed in self._features]}
        arrays = self._arrays
        n, sizes = len(counts), [len(c) for c in counts]
        term = np.fromiter(itertools.chain.from_iterable(counts), dtype=np.int64, count=sum(sizes))
        count = np.fromiter(itertools.chain.from_iterable(c.values() for c in counts), dtype=np.float64, count=sum(sizes))
        sentence = np.repeat(np.arange(n), sizes)
        # The unit's tf-idf vector (sublinear counts, L2-normalised) and its dot product with the weights.
        total = np.bincount(term, weights=count, minlength=len(self.idf))
        used = np.flatnonzero(total)
        raw = (1.0 + np.log(total[used])) * arrays["idf"][used]
        norm = float(np.sqrt(raw @ raw)) or 1.0
        text = float(arrays["weights"][used] @ raw) / norm
        pushes = np.bincount(sentence, weights=arrays["weighted"][term] * (1.0 + np.log(count)), minlength=n) / norm
        features: list[list[float]] = [[] for _ in range(n)]
        if self._features:
            z = self.sentence_bias + np.bincount(sentence, weights=arrays["sentence"][term], minlength=n)
            p = 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))
            columns = []
            for (level, listed), ids in zip(self._features, arrays["listed"]):
                if listed is not None:
                    columns.append(np.bincount(sentence, weights=np.isin(term, ids).astype(np.float64), minlength=n) > 0)
                else:
                    columns.append(p if level is None else p >= level)
            features = np.column_stack(columns).astype(np.float64).tolist()
        return text, pushes.tolist(), features

    def sentence_features(self, sentences: Sequence[str], counts: Sequence[Counter[int]] | None = None) -> list[list[float]]:
        """Each sentence's features, in the order of the model's ``sentence_features`` names (none: empty rows).

        The sentence model is a logistic one over the presence of the vocabulary's terms."""
        return self._analyse(self.term_counts(sentences) if counts is None else counts)[2]

    def score(self, sentences: Sequence[str], area: str | None, counts: Sequence[Counter[int]] | None = None,
              measures: Mapping[str, float] | None = None) -> float:
        """The latent score: higher reads worse (``counts``: the sentences' :meth:`term_counts`, when already made;
        ``measures``: the unit's measures that the model's context names)."""
        text, _, features = self._analyse(self.term_counts(sentences) if counts is None else counts)
        return self._score(text, area, len(sentences), measures, features)

    def _score(self, text: float, area: str | None, sentences: int, measures: Mapping[str, float] | None,
               features: Sequence[Sequence[float]]) -> float:
        context = sum(w * v for w, v in zip(self.context_weights, self.context_vector(area, sentences, measures)))
        return text + context + self.feature_score(features)

    def feature_score(self, features: Sequence[Sequence[float]]) -> float:
        """The sentence features' share of the score: each feature's mean over the sentences, weighted."""
        if not self.feature_weights or not features:
            return 0.0
        return sum(w * sum(row[k] for row in features) for k, w in enumerate(self.feature_weights)) / len(features)

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
        """Each sentence's share of the score (positive pushes towards worse grades): of the text score, alone and
        unnormalised by others, and its exact share of the sentence features' part."""
        _, text, features = self._analyse(self.term_counts(sentences) if counts is None else counts)
        return self._pushes(text, features)

    def _pushes(self, text: list[float], features: Sequence[Sequence[float]]) -> list[float]:
        if not self.feature_weights:
            return text
        n = max(len(text), 1)
        return [t + sum(w * v for w, v in zip(self.feature_weights, row)) / n for t, row in zip(text, features)]

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
        text, text_pushes, features = self._analyse(self.term_counts(sentences))
        score = self._score(text, area, len(sentences), measures, features)
        probs = self.probabilities(score)
        median = self.scale[sum(c < 0.5 for c in itertools.accumulate(probs[:-1]))]
        pushes = self._pushes(text_pushes, features)
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
