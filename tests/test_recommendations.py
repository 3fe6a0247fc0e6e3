"""JC301 (recommendation-without-finding): linking by lemma, aspect and learned terms; the planting benchmark."""

from __future__ import annotations

import sys
from pathlib import Path

from judgecheck.language import Language
from judgecheck.model import Block, Document, Section
from judgecheck_consistency.recommendations import RecommendationWithoutFinding, key

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


def test_keys_meet_across_inflection_and_derivation() -> None:
    assert key("caseloads") == key("caseload")
    assert key("assessments") == key("assessed") == key("assess")
    assert key("responses") == key("response")
    assert key("timeliness") != key("timelines")


def test_a_problem_backs_the_same_topic_said_as_a_goal() -> None:
    # sefton-2022-05-09 recommends "Caseloads and management oversight so that children receive a timely ...";
    # a body that says caseloads are too high backs a recommendation that they be manageable.
    backed = _report("Ensure that social workers have manageable caseloads.", FILLER, "Caseloads are too high in the assessment teams.")
    assert _flags(backed) == []


def test_praise_does_not_back_and_the_message_names_what_was_missing() -> None:
    # newham-2019-03-25: "The take-up of return home interviews and the effective use of information ..."
    unbacked = _report("The take-up of return home interviews for children who go missing.", FILLER,
                       "Return home interviews are offered promptly and are of good quality.")
    (message,) = _flags(unbacked)
    assert "lacks" in message and "'missing'" not in message.split("lacks")[0]


def test_planting_drops_the_labelled_backing_paragraphs() -> None:
    # bench/eval/recommendations.jsonl, birmingham-2016-11-25 #1
    evidence = 'para 18 (marked): "Multi-agency thresholds for intervention are poorly understood... combined"; para 110 (marked); paras 22-23'
    assert backing_numbers(evidence) == {18, 22, 23, 110}
    assert quoted(evidence) == ["multi-agency thresholds for intervention are poorly understood"]
    document = _report("Ensure that caseloads are manageable.", FILLER, "Caseloads are too high in the assessment teams.")
    stripped, dropped = without_backing(document, {2}, [])
    assert dropped == 1 and _flags(document) == [] and len(_flags(stripped)) == 1
