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
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from judgecheck.rulefile import CueMatch

MODEL = Path(str(files("judgecheck_consistency") / "models" / "shortcoming.json"))
NEGATORS = frozenset({"not", "n't", "no", "never", "without", "nor", "neither", "none", "cannot"})
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


def features(doc: Doc, cues: Sequence[CueMatch]) -> list[str]:
    """The named features of one parsed sentence (with JC101's surviving cue matches)."""
    lowered = f" {doc.text.lower()} "
    out = [f"cue:{m.label}" for m in cues]
    out += [f"{kind}:{phrase.strip()}" for kind, phrases in CONSTRUCTIONS.items() for phrase in phrases
            if f" {phrase}" in lowered]
    for token in doc:
        if token.lower_ in NEGATORS:
            out += _negated(doc, token)
        elif token.lemma_.lower() in ("need", "require") and any(c.tag_ in ("VBG", "VBN") for c in token.children):
            out.append("need:gerund")  # "needs strengthening", "requires updating"
        elif token.lower_ == "enough" and token.head.lower_ != "good" and doc[max(0, token.i - 4) : token.i].text.lower().count("not"):
            out.append("short:not enough")  # "not robust enough", "not starting early enough"
        elif token.lemma_.lower() == "miss" and token.dep_ == "amod":
            out.append("short:missed")  # "missed opportunities"
    if YEAR.search(doc.text):
        out.append("past:year")
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


def explain(reasons: Sequence[str], cues: Sequence[CueMatch] = (), negator: str = "not") -> str:
    """The features that carried a decision, in words that quote the sentence where they can (``negator`` as written)."""
    said = {m.label: m.text for m in cues}
    kinds = {"cue": "'{}'", "not": "'" + negator + " … {}'", "short": "'{}' (falls short)", "need": "'{}' (still to do)",
             "limit": "'{}' (limited)", "aware": "'{}' (a known shortcoming)", "past": "a year named",
             "if": "'{}' (a condition)"}
    out: list[str] = []
    quoted: list[str] = []
    for name in reasons:
        kind, _, value = name.partition(":")
        words = said.get(value, value) if kind == "cue" else value
        if name == "not:any":
            words, kind = negator, "cue"
        elif name == "need:gerund":
            words = "needs …ing"
        if any(words in earlier for earlier in quoted):
            continue  # "not always" as a cue and as a limit is one reason
        quoted.append(words)
        out.append(kinds.get(kind, "{}").format(words))
    return ", ".join(out)


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
