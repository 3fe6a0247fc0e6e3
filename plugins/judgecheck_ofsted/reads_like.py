"""The Ofsted section reads-like model: which grade each graded section's prose reads like.

The model (``reads_like/sections.npz`` and ``.json``) is trained by
``bench/reads_like_train.py`` on the development corpus; ``reads_like/DATA_CARD.md``
says what it learned from, how well it does and where it is weak. It is loaded
once per process, the first time a document of an Ofsted framework is read.
"""

from __future__ import annotations

import functools
from pathlib import Path

from judgecheck.language import Language
from judgecheck.model import Document, Reading
from judgecheck.readslike import ReadsLikeModel, ReadsLikeProvider

MODEL = Path(__file__).parent / "reads_like" / "sections.npz"
#: The frameworks whose graded sections the model reads (the LSCB-only reviews are not among its training units).
FRAMEWORKS = ("ofsted-lac-2012", "ofsted-sif", "ofsted-ilacs", "ofsted-ilacs-2026")


@functools.cache
def section_model() -> ReadsLikeModel:
    """The trained model, loaded once."""
    return ReadsLikeModel.load(MODEL)


def read_sections(document: Document, language: Language) -> tuple[Reading, ...]:
    return section_model().read_sections(document, language)


PROVIDER = ReadsLikeProvider("ofsted-sections", FRAMEWORKS, "section", read_sections,
                             (str(MODEL), str(MODEL.with_suffix(".json"))))
