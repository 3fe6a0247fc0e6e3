"""Built-in consistency rules: grades, and the language that must justify them.

Rule ids start with ``JC``: JC0xx grades and the framework's judgements, JC1xx
the language of graded sections (rule files under ``rules/language``), JC2xx
repeated passages, JC3xx recommendations and their findings, JC4xx numbers,
JC5xx numbering, JC6xx dates. Python rules live in their own module of this package.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from judgecheck.hookimpl import hookimpl
from judgecheck.rulefile import FileRule, load_rule_files, rule_files_in
from judgecheck.rules import Rule
from judgecheck_consistency.coverage import NoJudgementsFound
from judgecheck_consistency.dates import (
    HeaderDatesContradictCover,
    InPostSinceAfterInspection,
    PublishedBeforeInspectionEnded,
    VisitLongerThanFrameworkAllows,
)
from judgecheck_consistency.duplicates import DuplicatedPassage, MisquotedPassage
from judgecheck_consistency.expectations import (
    JudgementMissingOrUnexpected,
    JudgementsOutOfLine,
    TableLabelNotAJudgementName,
)
from judgecheck_consistency.grade_language import learned
from judgecheck_consistency.heading_grade import (
    GradeStatementContradictsTable,
    HeadingGradeContradictsTable,
)
from judgecheck_consistency.numbering import NumberingOutOfSequence
from judgecheck_consistency.reads_like import SectionReadsLikeAnotherGrade
from judgecheck_consistency.numbers import (
    PartsDoNotAddUp,
    PercentageDoesNotMatchCount,
    RateDoesNotFollowFromPopulation,
)
from judgecheck_consistency.recommendations import (
    BrokenParagraphReference,
    RecommendationWithoutFinding,
    UnevenReferences,
)

LANGUAGE_RULES = Path(str(files("judgecheck_rules") / "language"))
_FILE_RULES: list[type[Rule]] = []


def file_rules() -> list[type[Rule]]:
    """The rules of ``rules/language``, read once; JC101's sentences are judged by the learned shortcoming model."""
    if not _FILE_RULES:
        _FILE_RULES.extend(learned(r) if r.id == "JC101" else r for r in load_rule_files(rule_files_in(LANGUAGE_RULES)))
    return _FILE_RULES


def deficit_rule() -> FileRule | None:
    """JC101, whose cues also mark the findings that back a recommendation."""
    found = next((r for r in file_rules() if r.id == "JC101"), None)
    return found() if found else None  # type: ignore[return-value]


@hookimpl
def judgecheck_rules() -> list[type[Rule]]:
    return [
        HeadingGradeContradictsTable,
        GradeStatementContradictsTable,
        JudgementMissingOrUnexpected,
        JudgementsOutOfLine,
        TableLabelNotAJudgementName,
        NoJudgementsFound,
        *file_rules(),
        SectionReadsLikeAnotherGrade,
        DuplicatedPassage,
        MisquotedPassage,
        RecommendationWithoutFinding,
        BrokenParagraphReference,
        UnevenReferences,
        PercentageDoesNotMatchCount,
        RateDoesNotFollowFromPopulation,
        PartsDoNotAddUp,
        NumberingOutOfSequence,
        HeaderDatesContradictCover,
        PublishedBeforeInspectionEnded,
        VisitLongerThanFrameworkAllows,
        InPostSinceAfterInspection,
    ]
