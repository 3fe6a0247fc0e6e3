"""judgecheck-cqc: the Care Quality Commission's service ratings, as a judgecheck plugin.

Two hooks: ``judgecheck_frameworks`` hands over the framework in ``cqc.toml``,
``judgecheck_rules`` the rule below. Nothing here reaches into judgecheck's
internals; everything comes from its public modules.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

from judgecheck.framework import Framework, load_frameworks
from judgecheck.hookimpl import hookimpl
from judgecheck.language import Language
from judgecheck.model import Document
from judgecheck.rules import Hit, Rule

__version__ = "0.1.0"
ORDER = ("outstanding", "good", "requires_improvement", "inadequate")
KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well_led")


class OverallRatingAboveKeyQuestions(Rule):
    """The overall rating is better than every key question's rating.

    **What it checks**: a CQC report's overall rating against the ratings of
    the five key questions (safe, effective, caring, responsive, well-led).

    **Why it matters**: CQC's aggregation rules never rate a service better
    overall than all of its key questions; a report that does has a rating
    typed wrongly in one place.

    **Example**::

        | Overall | Outstanding |
        | Safe | Good |   (and every other key question Good)

    **Does not fire on**: an overall rating equal to or below at least one key
    question's, or a report that rates no key question.

    **References**: CQC's published rating principles (the overall rating is aggregated from the
    five key questions' ratings); the sample report in ``plugins/judgecheck-cqc/tests``.
    """

    id = "CQ001"
    name = "overall-rating-above-key-questions"
    severity = "error"
    scope = "document"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        grades = {j.area: j for j in document.judgements}
        overall = grades.get("overall")
        rated = [grades[k] for k in KEY_QUESTIONS if k in grades]
        if overall is None or not rated:
            return
        best = min(rated, key=lambda j: ORDER.index(j.grade))
        if ORDER.index(overall.grade) < ORDER.index(best.grade):
            yield Hit(
                f"Overall rating '{overall.grade.replace('_', ' ')}' is better than every key question "
                f"(the best is '{best.grade.replace('_', ' ')}' for {best.label}).",
                excerpt=overall.label,
                page=overall.page,
            )


@hookimpl
def judgecheck_frameworks() -> list[Framework]:
    return load_frameworks(Path(str(files("judgecheck_cqc"))))


@hookimpl
def judgecheck_rules() -> list[type[Rule]]:
    return [OverallRatingAboveKeyQuestions]
