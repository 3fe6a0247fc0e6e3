"""JC103 and the reads-like model on real section texts (tests/fixtures/reads-like-sections.jsonl.gz)."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from judgecheck.language import Language
from judgecheck.model import Block, Document, Section
from judgecheck.output.json import document_dict
from judgecheck.readslike import terms
from judgecheck.model import DocumentResult
from judgecheck_consistency.reads_like import SectionReadsLikeAnotherGrade
from judgecheck_ofsted.reads_like import PROVIDER, section_model

FIXTURES = Path(__file__).parent / "fixtures"


def _rows() -> list[dict]:
    with gzip.open(FIXTURES / "reads-like-sections.jsonl.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


ROWS = _rows()
GOOD = [r for r in ROWS if r["grade"] in ("good", "outstanding")]
INADEQUATE = [r for r in ROWS if r["grade"] == "inadequate"]


def _document(area: str, grade: str, sentences: list[str]) -> Document:
    """A one-section ILACS document whose section has the given prose, read by the Ofsted model."""
    blocks = tuple(Block("paragraph", s, 1) for s in sentences)
    section = Section(f"The experiences of children: {grade}", "area", 1, 1, None, area, grade, blocks)
    document = Document("case.txt", "text", 1, False, "ofsted-ilacs", (section,), ())
    return replace(document, readings=PROVIDER.read(document, Language()))


def _severities(document: Document) -> list[str]:
    return [h.severity or SectionReadsLikeAnotherGrade.severity for h in SectionReadsLikeAnotherGrade().check(document, None)]


def test_fixture_has_twenty_of_each() -> None:
    assert len(GOOD) == 20 and len(INADEQUATE) == 20


def test_good_sections_with_inadequate_text_are_flagged() -> None:
    flagged = sum("warning" in _severities(_document(g["area"], g["grade"], b["sentences"])) for g, b in zip(GOOD, INADEQUATE))
    assert flagged >= 18


def test_good_sections_unchanged_are_rarely_flagged() -> None:
    flagged = sum("warning" in _severities(_document(g["area"], g["grade"], g["sentences"])) for g in GOOD)
    assert flagged <= 2


def test_grade_naming_sentences_are_withheld() -> None:
    model = section_model()
    assert not model.keep("Services for care leavers are good.")
    assert not model.keep("Help and protection requires improvement to be good.")
    assert not model.keep("The graded judgement for adoption performance is that it is outstanding.")
    assert model.keep("Social workers have good knowledge of the children they work with.")


def test_probabilities_cover_the_scale_and_sum_to_one() -> None:
    reading = _document(GOOD[0]["area"], GOOD[0]["grade"], GOOD[0]["sentences"]).readings[0]
    assert reading.reads_like is not None
    grades = [g for g, _ in reading.reads_like.probabilities]
    assert grades == ["outstanding", "good", "requires_improvement", "inadequate"]
    assert sum(p for _, p in reading.reads_like.probabilities) == pytest.approx(1.0, abs=1e-3)


def test_too_little_prose_is_null_with_a_reason() -> None:
    document = _document("help_and_protection", "good", ["Children are seen.", "Services are good."])
    section = document_dict(DocumentResult("case.txt", document))["sections"][0]
    assert section["reads_like"] is None and "too little prose" in section["note"]


def test_adequate_reads_on_the_same_scale_as_requires_improvement() -> None:
    assert section_model().position("adequate") == section_model().position("requires_improvement")


def test_term_counts_are_the_terms_of_each_sentence() -> None:
    """Each word's character n-grams come from a cache: the same terms as :func:`terms` gives, sentence by sentence."""
    model = section_model()
    sentences = [s for r in ROWS for s in r["sentences"]] + ["", "a", "To be or not", "Sector-leading, first-class work’s"]
    expected = [Counter(i for t in terms(s, model.chars) if (i := model.index.get(t)) is not None) for s in sentences]
    assert model.term_counts(sentences) == expected


def test_sentence_features_read_shortcomings_and_praise() -> None:
    model = section_model()
    shortcoming, praise, plain = (dict(zip(model.feature_names, row)) for row in model.sentence_features([
        "Management oversight is not consistently effective.",
        "Children benefit from exceptional support from their social workers.",
        "Social workers know children well."]))
    assert shortcoming["shortcoming"] > 0.9 and shortcoming["praise"] == 0
    assert praise["shortcoming"] < 0.1 and praise["praise"] == 1
    assert plain["shortcoming"] < 0.2 and plain["praise"] == 0


def test_each_sentence_pushes_its_own_way() -> None:
    pushes = section_model().pushes(["Too many children experience delays in assessment and planning.",
                                     "Children benefit from exceptional support from their social workers."])
    assert pushes[0] > 0 > pushes[1]
