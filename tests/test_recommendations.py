"""JC301 (recommendation-without-finding): backing by meaning, and the planting benchmark that measures its recall."""

from __future__ import annotations

import sys
from pathlib import Path

from judgecheck.language import Language
from judgecheck.model import Block, Document, Section
from judgecheck_consistency.recommendations import SPACE, RecommendationWithoutFinding, Settings, Space

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


# Body paragraphs of real reports on other subjects (bench/eval/recommendations.jsonl reports, dev set).
FILLER = (
    "Leaders have a clear understanding of the strengths of the service.",
    "Most children in care live in stable homes close to their families and schools.",
    "Adopters receive good support, and adoption is considered for all children who need it.",
    "Some care leavers do not have an up-to-date pathway plan.",
)


def test_the_space_is_shipped_small_and_loads() -> None:
    assert SPACE.stat().st_size <= 2_000_000
    space = Space.load()
    assert space.vectors.shape[0] == space.idf.shape[0] and space.forms
    assert 0 < Settings.load().threshold < 1


def test_a_finding_said_differently_backs_the_recommendation() -> None:
    # The problem stated, the goal recommended: no shared word but "caseloads".
    assert _flags(_report("Ensure that social workers' caseloads are manageable.", *FILLER, "Caseloads are too high in the assessment teams.")) == []


def test_a_real_finding_backs_its_recommendation_and_its_removal_is_flagged() -> None:
    # birmingham-2016-11-25.pdf (dev), recommendation 5 and its backing, para 27.
    recommendation = "Ensure that key partner agencies contribute fully to child protection strategy meetings."
    backing = "Strategy meetings are not routinely attended by all key agencies including, in some instances, the police."
    document = _report(recommendation, *FILLER, backing)
    assert _flags(document) == []
    stripped, dropped = without_backing(document, {len(FILLER) + 1}, [])
    assert dropped == 1
    (message,) = _flags(stripped)
    # The message names the recommendation, the closest passage left and its score, under the threshold.
    assert "key partner agencies" in message and "closest passage, in paragraph" in message
    score = float(message.split(" scores ")[1].split(":")[0])
    assert score < Settings.load().threshold


def test_a_recommendation_on_a_subject_the_body_never_discusses_is_flagged() -> None:
    assert len(_flags(_report("Improve the timeliness of initial health assessments for children in care.", *FILLER))) == 1


def test_planting_drops_the_labelled_backing_paragraphs() -> None:
    # bench/eval/recommendations.jsonl, birmingham-2016-11-25 #1
    evidence = 'para 18 (marked): "Multi-agency thresholds for intervention are poorly understood... combined"; para 110 (marked); paras 22-23'
    assert backing_numbers(evidence) == {18, 22, 23, 110}
    assert quoted(evidence) == ["multi-agency thresholds for intervention are poorly understood"]
    document = _report("Improve the timeliness of initial health assessments.", FILLER[0], "Initial health assessments are not timely.")
    assert _flags(document) == []
    stripped, dropped = without_backing(document, {2}, [])
    assert dropped == 1 and [b.number for b in stripped.sections[1].blocks] == [1] and len(_flags(stripped)) == 1
