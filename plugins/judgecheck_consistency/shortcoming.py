"""Does a sentence state a current shortcoming? A logistic model over features a QA editor can read.

The features are named constructions found on the spaCy parse, not opaque vectors:
the cues of JC101's rule file that survive its negation, prevention and condition
scope (``cue:delay``), a negated word and the word it negates (``not:routinely``,
``not:consistent``), a comparison that falls short (``short:lower than``), work
still needed (``need:more to do``), a stated limit (``limit:a small number``),
a dated or conditional clause (``past:year``, ``if:when``), and the sentence's
word lemmas and lemma pairs. Their weights are learned from hand-labelled
sentences by ``bench/label/train_shortcoming.py`` and shipped as
``models/shortcoming.json`` with its data card ``models/shortcoming.md``; the
features that carry a decision are its explanation.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc, Token

    from judgecheck.rulefile import CueMatch

MODEL = Path(str(files("judgecheck_consistency") / "models" / "shortcoming.json"))
NEGATORS = frozenset({"not", "n't", "n’t", "no", "never", "without", "nor", "neither", "none", "cannot"})
#: Constructions that say something falls short, needs doing or is limited, by kind (matched on lower-case text).
CONSTRUCTIONS: dict[str, tuple[str, ...]] = {
    "short": ("lower than", "worse than", "less than", "below the national", "higher than", "fewer than",
              "as well as it should", "as it should be", "as it needs to be", "not as", "less well", "less effective",
              "less consistent", "less developed", "only one", "only two", "just one", "only a", "only some"),
    "need": ("more to do", "more work", "further work", "more needs to be done", "still more", "needs to",
             "need to", "needs further", "requires further", "is required to", "are required to", "yet to",
             "not yet", "early stage", "at an early stage", "in its infancy", "remains a", "remain a",
             "continues to be", "continue to be", "should be", "should have", "would benefit"),
    "limit": ("a small number", "a very small number", "small number", "a few", "a minority", "some children",
              "some young people", "some families", "some care leavers", "some cases", "some plans", "not all",
              "not always", "not consistently", "in a small", "for a small", "one child", "a small proportion"),
    "aware": ("recognise", "recognises", "recognised", "acknowledge", "acknowledges", "are aware", "is aware",
              "know that", "knows that", "have identified", "has identified"),
    "resolved": ("has improved", "have improved", "has reduced", "have reduced", "now tackled", "have addressed",
                 "has addressed", "has been addressed", "have been addressed", "no longer", "has been resolved",
                 "have been resolved", "reduced delay", "minimise delay", "avoid delay", "without delay"),
    "if": ("when ", "if ", "where ", "unless ", "should they", "potential to", "could ", "may "),
}
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: Words that start the constructions :func:`features` finds on the parse ("needs strengthening", "missed").
PARSE_TRIGGERS = frozenset({"need", "require", "enough", "miss"})


def text_features(text: str) -> list[str]:
    """The features read from the words as written, without a parse: constructions and a named year."""
    lowered = f" {text.lower()} "
    out = [f"{kind}:{phrase.strip()}" for kind, phrases in CONSTRUCTIONS.items() for phrase in phrases
           if f" {phrase}" in lowered]
    if YEAR.search(text):
        out.append("past:year")
    return out


def features(doc: Doc, cues: Sequence[CueMatch]) -> list[str]:
    """The named features of one parsed sentence (with JC101's surviving cue matches)."""
    out = [f"cue:{m.label}" for m in cues] + text_features(doc.text)
    for token in doc:
        if token.lower_ in NEGATORS:
            out += _negated(doc, token)
        elif token.lemma_.lower() in ("need", "require") and any(c.tag_ in ("VBG", "VBN") for c in token.children):
            out.append("need:gerund")  # "needs strengthening", "requires updating"
        elif token.lower_ == "enough" and token.head.lower_ != "good" and doc[max(0, token.i - 4) : token.i].text.lower().count("not"):
            out.append("short:not enough")  # "not robust enough", "not starting early enough"
        elif token.lemma_.lower() == "miss" and token.dep_ == "amod":
            out.append("short:missed")  # "missed opportunities"
    lemmas = [t.lemma_.lower() for t in doc if t.is_alpha]
    out += [f"w:{w}" for w in lemmas]
    out += [f"ww:{a}_{b}" for a, b in zip(lemmas, lemmas[1:])]
    return sorted(set(out))


def _negated(doc: Doc, negator: Token) -> list[str]:
    """What a negator negates: its head unless that is an auxiliary, and the first content word after it."""
    out = ["not:any"]
    head = negator.head
    if negator.dep_ in ("neg", "det", "advmod", "preconj") and head.pos_ not in ("AUX",) and head.i != negator.i:
        out.append(f"not:{head.lemma_.lower()}")
    after = next((t for t in doc[negator.i + 1 : negator.i + 5] if t.pos_ in ("ADJ", "ADV", "VERB", "NOUN")), None)
    if after is not None:
        out.append(f"not:{after.lemma_.lower()}")
    return out


@dataclass(frozen=True)
class Decision:
    """The model's probability for a sentence, and the features that pushed it most towards a shortcoming."""

    probability: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ShortcomingModel:
    """Weights over named features, a bias and the thresholds chosen on cross-validation."""

    weights: dict[str, float]
    bias: float
    threshold: float
    #: At or above this probability, a sentence whose quantity words say widespread or serious is a warning.
    strong: float

    @classmethod
    @functools.cache
    def load(cls, path: Path = MODEL) -> ShortcomingModel:
        """The shipped model, read once per process."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], float(data["bias"]), float(data["threshold"]), float(data["strong"]))

    def decide(self, names: Sequence[str]) -> Decision:
        z = self.bias + sum(self.weights.get(n, 0.0) for n in names)
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        pushing = sorted((n for n in names if self.weights.get(n, 0.0) > 0 and not n.startswith(("w:", "ww:"))),
                         key=lambda n: (-self.weights[n], n))
        return Decision(p, tuple(pushing[:4]))

    def words(self, names: Sequence[str], most: int = 3) -> tuple[str, ...]:
        """The sentence's content words (lemmas) that weigh most towards a shortcoming, heaviest first."""
        from spacy.lang.en.stop_words import STOP_WORDS

        weighed = sorted((n for n in names if n.startswith("w:") and n[2:] not in STOP_WORDS and self.weights.get(n, 0.0) > 0),
                         key=lambda n: (-self.weights[n], n))
        return tuple(weighed[:most])

    def may_reach(self, text: str, tokens: Doc, cue_labels: Iterable[str], lemmas: LemmaForms,
                  probability: float | None = None) -> bool:
        """Whether the sentence could score at or above ``probability`` (the threshold when None), judged
        before it is parsed.

        An upper bound of its score. Exact where the words decide a feature: the constructions
        and a named year (:func:`text_features`), a negator, and the lemma of a word that can
        have only one (and each pair of such words). For every feature a parse could add
        beyond those, its weight when positive: every lemma the pipeline could give each
        other word (``lemmas``), every cue whose first word is there (``cue_labels``), every
        word a negator could negate. A sentence under the threshold even so cannot be a
        finding, and is not parsed.
        """
        weight = self.weights.get

        def best(prefix: str, names: Iterable[str]) -> float:
            return max((weight(prefix + n, 0.0) for n in names), default=0.0)

        z = self.bias + sum(weight(n, 0.0) for n in text_features(text))
        z += sum(max(0.0, weight(f"cue:{c}", 0.0)) for c in set(cue_labels))
        words = [(t.lower_, t.is_alpha) for t in tokens]
        forms = [lemmas.of(w) for w, _ in words]
        alpha = [f for (_, is_alpha), f in zip(words, forms) if is_alpha]
        # A word of one possible lemma gives its feature for sure (once, however often it occurs); any
        # other word at most its best lemma's weight, when positive. Word pairs alike.
        z += sum(weight(f"w:{w}", 0.0) for w in {next(iter(f)) for f in alpha if len(f) == 1})
        z += sum(max(0.0, best("w:", f)) for f in alpha if len(f) > 1)
        sure = {(next(iter(x)), next(iter(y))) for x, y in pairwise(alpha) if len(x) == len(y) == 1}
        z += sum(weight(f"ww:{a}_{b}", 0.0) for a, b in sure)
        z += sum(max(0.0, best("ww:", (f"{a}_{b}" for a in x for b in y))) for x, y in pairwise(alpha)
                 if len(x) > 1 or len(y) > 1)
        negators = sum(w in NEGATORS for w, _ in words)
        if negators:
            # Each negator names at most two negated words (its head and the next content word).
            gains = sorted((max(0.0, best("not:", f)) for f in forms), reverse=True)
            z += weight("not:any", 0.0) + negators * sum(gains[:2])
        every: set[str] = set().union(*forms)
        if every & {"need", "require"}:
            z += max(0.0, weight("need:gerund", 0.0))
        if any(w == "enough" for w, _ in words):
            z += max(0.0, weight("short:not enough", 0.0))
        if "miss" in every:
            z += max(0.0, weight("short:missed", 0.0))
        at = self.threshold if probability is None else probability
        return z >= math.log(at / (1.0 - at)) - 1e-9


class LemmaForms:
    """Every lemma spaCy's rule lemmatizer could give a word, whatever its part of speech: the word itself,
    each suffix rule's result, the exceptions, and the attribute ruler's lemmas for that word."""

    #: The parts of speech the lemmatizer's tables may be keyed by (Universal Dependencies).
    POS = ("adj", "adp", "adv", "aux", "cconj", "det", "intj", "noun", "num", "part", "pron", "propn", "punct",
           "sconj", "sym", "verb", "x")
    #: Components that leave lemmas alone (the parse and tags feed the lemmatizer, which this class follows).
    KNOWN = frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter", "transformer"})

    def __init__(self, rules: dict[str, list[tuple[str, str]]], exceptions: dict[str, dict[str, list[str]]],
                 ruled: dict[str, set[str]], matched: list[tuple[re.Pattern[str], str]], anywhere: set[str]) -> None:
        self.rules = rules
        self.exceptions = exceptions
        self.ruled = ruled
        self.matched = matched
        self.anywhere = frozenset(anywhere)
        self._cache: dict[str, frozenset[str]] = {}

    @classmethod
    def of_pipeline(cls, nlp: SpacyLanguage) -> LemmaForms | None:
        """The forms of the pipeline's lemmatizer, or None when its lemmas cannot be foreseen (another kind of
        lemmatizer, or a component this class does not know), in which case every candidate is parsed."""
        if not set(nlp.pipe_names) <= cls.KNOWN or "lemmatizer" not in nlp.pipe_names:
            return None
        lemmatizer = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) != "rule":
            return None
        tables = {name: lemmatizer.lookups.get_table(name, {}) for name in ("lemma_rules", "lemma_exc")}
        rules = {pos: [tuple(r) for r in tables["lemma_rules"].get(pos, [])] for pos in cls.POS}
        exceptions = {pos: dict(tables["lemma_exc"].get(pos, {})) for pos in cls.POS}
        ruled: dict[str, set[str]] = {}
        matched: list[tuple[re.Pattern[str], str]] = []
        anywhere: set[str] = set()
        if "attribute_ruler" in nlp.pipe_names:
            for entry in nlp.get_pipe("attribute_ruler").patterns:
                if "LEMMA" not in entry["attrs"]:
                    continue
                lemma = str(entry["attrs"]["LEMMA"]).lower()
                for pattern in entry["patterns"]:
                    token = pattern[entry.get("index", 0)]
                    values = [token[k] for k in ("LOWER", "ORTH", "TEXT") if k in token]
                    if not values:
                        anywhere.add(lemma)
                    for value in values:
                        if isinstance(value, dict) and "REGEX" in value:
                            matched.append((re.compile(str(value["REGEX"])), lemma))
                        words = [value] if isinstance(value, str) else value.get("IN", []) if isinstance(value, dict) else []
                        if isinstance(value, dict) and not ({"IN", "REGEX"} & set(value)):
                            anywhere.add(lemma)
                        for word in words:
                            ruled.setdefault(str(word).lower(), set()).add(lemma)
        return cls(rules, exceptions, ruled, matched, anywhere)

    def of(self, word: str) -> frozenset[str]:
        """The lower-cased lemmas the word could have."""
        found = self._cache.get(word)
        if found is None:
            lower = word.lower()
            out = {lower} | self.anywhere | self.ruled.get(lower, set()) | {m for rx, m in self.matched if rx.search(lower)}
            for pos, rules in self.rules.items():
                out.update(lower[: len(lower) - len(old)] + new for old, new in rules if lower.endswith(old))
                out.update(f.lower() for f in self.exceptions[pos].get(lower, ()))
            found = self._cache[word] = frozenset(out)
        return found


def explain(reasons: Sequence[str], cues: Sequence[CueMatch] = (), negator: str = "not") -> str:
    """The features that carried a decision, in words that quote the sentence where they can (``negator`` as written)."""
    said = {m.label: m.text for m in cues}
    kinds = {"cue": "'{}'", "short": "'{}' (falls short)", "need": "'{}' (still to do)",
             "limit": "'{}' (limited)", "aware": "'{}' (a known shortcoming)", "past": "a year named",
             "if": "'{}' (a condition)", "w": "'{}'"}
    quoted: list[tuple[str, str]] = []  # (the words quoted, the reason as said)
    for name in reasons:
        kind, _, value = name.partition(":")
        words = said.get(value, value) if kind == "cue" else value
        if name == "not:any":
            words, kind = negator, "cue"
        elif name == "need:gerund":
            words = "needs …ing"
        elif kind == "not":
            words, kind = f"{negator} … {value}", "cue"
        quoted.append((words, kinds.get(kind, "{}").format(words)))
    # One reason a phrase: "small number" goes in "a small number", "not" in "not … reflect", and "not
    # always" as a cue and as a limit is said once.
    plain = [words.replace(" … ", " ") for words, _ in quoted]
    kept = [said_as for i, (_, said_as) in enumerate(quoted)
            if not any(plain[i] in other and (plain[i] != other or j < i) for j, other in enumerate(plain) if j != i)]
    return ", ".join(kept)


def trigger_words(model: ShortcomingModel, floor: float = 1.0) -> re.Pattern[str]:
    """Words or phrases without one of which a sentence cannot score high: every construction that raises the
    score, and every lemma weighing ``floor`` or more.

    Sentences without any, and without a cue of the rule file, are not parsed (most
    praise stops here); the benchmark compares the result with parsing every
    sentence. Lemmas are matched as word starts ("delay" finds "delays"); a negated
    word by its negator; cues by the rule file's own word test.
    """
    words = {value for name, weight in model.weights.items() for kind, _, value in [name.partition(":")]
             if (kind == "w" and weight >= floor) or (kind in ("short", "need", "limit", "aware") and weight > 0)}
    words |= NEGATORS | PARSE_TRIGGERS
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + ")", re.IGNORECASE)
