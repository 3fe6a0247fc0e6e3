"""The planting benchmark of JC301 (recommendation-without-finding): what it deletes, and that JC301 then fires."""

from __future__ import annotations

import sys
from pathlib import Path

from judgecheck.language import Language
from judgecheck.model import Block, Document, Section
from judgecheck_consistency.recommendations import RecommendationWithoutFinding

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
from recommendations import backing_numbers, quoted, without_backing  # noqa: E402


def _report(recommendation: str, *findings: str) -> Document:
    """A report with one recommendation and numbered body paragraphs."""
    recs = Section("What needs to improve", "recommendations", 2, 2, None, blocks=(Block("item", recommendation, 2),))
    body = Section("Help and protection", "area", 2, 3, None, area="help_and_protection",
                   blocks=tuple(Block("paragraph", text, 3, number=n) for n, text in enumerate(findings, 1)))
    return Document("report.pdf", "pdf", 4, True, "ofsted-ilacs", (recs, body), ())


def _flags(document: Document) -> list[str]:
    return [hit.message for hit in RecommendationWithoutFinding().check(document, Language())]


FILLER = "Leaders have a clear understanding of the strengths of the service."


def test_planting_drops_the_labelled_backing_paragraphs() -> None:
    # bench/eval/recommendations.jsonl, birmingham-2016-11-25 #1
    evidence = 'para 18 (marked): "Multi-agency thresholds for intervention are poorly understood... combined"; para 110 (marked); paras 22-23'
    assert backing_numbers(evidence) == {18, 22, 23, 110}
    assert quoted(evidence) == ["multi-agency thresholds for intervention are poorly understood"]
    document = _report("Improve the timeliness of initial health assessments.", FILLER, "Initial health assessments are not timely.")
    stripped, dropped = without_backing(document, {2}, [])
    assert dropped == 1 and [b.number for b in stripped.sections[1].blocks] == [1] and len(_flags(stripped)) == 1
