"""JC003/JC004: the framework's expectations of a report's judgements, stated as data in its TOML file."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, SEED

from judgecheck import plugins
from judgecheck.check import Selection, check_file
from judgecheck.errors import BAD_FRAMEWORK, JudgecheckError
from judgecheck.framework import load_frameworks
from judgecheck.model import Document, Expectation, GradeStatement
from judgecheck_consistency.expectations import JudgementsOutOfLine

SELECT = Selection(select=("JC003", "JC004"))


def findings(registry: plugins.Registry, path: Path) -> list[tuple[str, str, str]]:
    return [(f.rule, f.severity, f.message) for f in check_file(path, registry, SELECT).findings]


@pytest.mark.parametrize("name", ["cambridgeshire-2019-02-18.pdf", "trafford-2026-08-03.pdf", "peterborough-2015-09-18.pdf",
                                  "medway-2013-08-23.pdf", SEED.name])
def test_real_reports_meet_their_framework(registry: plugins.Registry, name: str) -> None:
    assert findings(registry, FIXTURES / name) == []


def test_leaders_inadequate_with_a_better_overall_judgement_is_information(registry: plugins.Registry) -> None:
    # slough-2023-03-17: "The impact of leaders ...: Inadequate", "Overall effectiveness: Requires improvement to be good".
    (found,) = findings(registry, FIXTURES / "slough-2023-03-17.pdf")
    assert found[:2] == ("JC004", "info") and "in all but one published report" in found[2]


LABELS = {
    "impact_of_leaders": "The impact of leaders on social work practice with children and families",
    "help_and_protection": "The experiences and progress of children who need help and protection",
    "in_care": "The experiences and progress of children in care",
    "care_leavers": "The experiences and progress of care leavers",
    "overall_effectiveness": "Overall effectiveness",
}


def ilacs_draft(tmp_path: Path, grades: dict[str, str], dates: str = "6 to 17 March 2023") -> Path:
    """A Markdown ILACS report (of March 2023 unless told) with these grades in its judgement table (a planted variant)."""
    rows = "".join(f"| {LABELS[area]} | {grade} |\n" for area, grade in grades.items())
    path = tmp_path / "draft.md"
    path.write_text(
        f"Inspection of Anytown local authority children's services\n\nInspection dates: {dates}\n\n"
        f"| Judgement | Grade |\n| --- | --- |\n{rows}",
        encoding="utf-8",
    )
    return path


GOOD = {"impact_of_leaders": "Good", "help_and_protection": "Good", "in_care": "Good", "care_leavers": "Good",
        "overall_effectiveness": "Good"}


def test_a_well_formed_draft_meets_the_framework(registry: plugins.Registry, tmp_path: Path) -> None:
    assert findings(registry, ilacs_draft(tmp_path, GOOD)) == []


def test_overall_better_than_every_other_judgement_is_an_error(registry: plugins.Registry, tmp_path: Path) -> None:
    found = findings(registry, ilacs_draft(tmp_path, {**GOOD, "overall_effectiveness": "Outstanding"}))
    assert [(r, s) for r, s, _ in found] == [("JC004", "error")] and "better than the best other judgement" in found[0][2]


def test_inadequate_help_and_protection_requires_inadequate_overall(registry: plugins.Registry, tmp_path: Path) -> None:
    grades = {**GOOD, "help_and_protection": "Inadequate", "overall_effectiveness": "Requires improvement to be good"}
    found = findings(registry, ilacs_draft(tmp_path, grades))
    assert [(r, s) for r, s, _ in found] == [("JC004", "error")] and "makes overall effectiveness inadequate" in found[0][2]


def test_a_missing_judgement_is_an_error(registry: plugins.Registry, tmp_path: Path) -> None:
    # Care leavers have been graded on their own since January 2023 (the real slough-2023 report does).
    found = findings(registry, ilacs_draft(tmp_path, {k: v for k, v in GOOD.items() if k != "care_leavers"}))
    assert [(r, s) for r, s, _ in found] == [("JC003", "error")] and "care leavers" in found[0][2]


def test_a_judgement_the_framework_does_not_have_is_an_error(registry: plugins.Registry, tmp_path: Path) -> None:
    # From April 2026 ILACS gives no overall effectiveness judgement (trafford-2026-08-03 has none).
    assert findings(registry, ilacs_draft(tmp_path, {k: v for k, v in GOOD.items() if k != "overall_effectiveness"},
                                          "4 to 15 May 2026")) == []
    found = findings(registry, ilacs_draft(tmp_path, GOOD, "4 to 15 May 2026"))
    assert found == [("JC003", "error", "The framework (ofsted-ilacs-2026) has no judgement for overall effectiveness, "
                                        "but the report grades it 'good'.")]


def test_overall_worse_than_every_other_judgement_is_an_error(registry: plugins.Registry, tmp_path: Path) -> None:
    found = findings(registry, ilacs_draft(tmp_path, {**GOOD, "overall_effectiveness": "Inadequate"}))
    assert found == [("JC004", "error", "Overall effectiveness is 'inadequate', worse than the worst other judgement ('good').")]


def test_an_implied_grade_without_a_note_still_says_what_is_wrong() -> None:
    rule = JudgementsOutOfLine()
    table = (GradeStatement("help_and_protection", "Help and protection", "inadequate", 1, 3, "table", 0),
             GradeStatement("overall_effectiveness", "Overall effectiveness", "good", 1, 4, "table", 0))
    document = Document("x.md", "markdown", 1, False, "x", (), table, scale=("good", "inadequate"), expectations=(
        Expectation("implies", "overall_effectiveness", grade="inadequate", when_area="help_and_protection", when_grade="inadequate"),))
    (hit,) = rule.check(document, None)
    assert hit.message == "Help and protection is 'inadequate' but overall effectiveness is 'good', not 'inadequate'."


WITHOUT_CARE_LEAVERS = {k: v for k, v in GOOD.items() if k != "care_leavers"}


@pytest.mark.parametrize("said", [
    # What reports of very small authorities say of a judgement they do not give (issue 16).
    "| The experiences and progress of care leavers | Not judged |",
    "There were too few care leavers in the authority to make a judgement about their experiences and progress.",
])
def test_a_judgement_the_report_says_it_did_not_make_is_not_missing(registry: plugins.Registry, tmp_path: Path, said: str) -> None:
    path = ilacs_draft(tmp_path, WITHOUT_CARE_LEAVERS)
    assert [r for r, _, _ in findings(registry, path)] == ["JC003"]
    assert findings(registry, with_paragraph(path, said)) == []


def test_a_judgement_graded_jointly_is_not_missing(registry: plugins.Registry, tmp_path: Path) -> None:
    # The 2018-22 ILACS row, as a cover of an inspection that began in December 2022 prints it.
    path = ilacs_draft(tmp_path, WITHOUT_CARE_LEAVERS, "5 to 16 December 2022 and 9 to 13 January 2023")
    text = path.read_text(encoding="utf-8").replace("children in care |", "children in care and care leavers |")
    path.write_text(text, encoding="utf-8")
    assert findings(registry, path) == []


def test_the_framework_change_follows_the_inspection_start(registry: plugins.Registry, tmp_path: Path) -> None:
    # Begun in December 2022, ended in January 2023: inspected under the 2018-22 judgements, no care leavers row.
    assert findings(registry, ilacs_draft(tmp_path, WITHOUT_CARE_LEAVERS, "5 to 16 December 2022 and 9 to 13 January 2023")) == []
    assert [r for r, _, _ in findings(registry, ilacs_draft(tmp_path, WITHOUT_CARE_LEAVERS, "9 to 20 January 2023"))] == ["JC003"]


def test_a_missing_judgement_of_an_undated_report_is_a_warning(registry: plugins.Registry, tmp_path: Path) -> None:
    # Without the cover's dates neither the framework nor the expectations that hold on those dates are known.
    path = ilacs_draft(tmp_path, WITHOUT_CARE_LEAVERS)
    path.write_text(path.read_text(encoding="utf-8").replace("Inspection dates: 6 to 17 March 2023", ""), encoding="utf-8")
    assert [(r, s) for r, s, _ in findings(registry, path)] == [("JC003", "warning")]


def test_an_error_needs_a_table_read_with_certainty(registry: plugins.Registry, tmp_path: Path) -> None:
    # A row the structure stage could not name leaves the table partly read: the same defect is then a warning.
    path = ilacs_draft(tmp_path, {**GOOD, "overall_effectiveness": "Outstanding"})
    assert [(r, s) for r, s, _ in findings(registry, path)] == [("JC004", "error")]
    text = path.read_text(encoding="utf-8").replace("| Overall", "| The quality of something else entirely | Good |\n| Overall")
    path.write_text(text, encoding="utf-8")
    assert [(r, s) for r, s, _ in findings(registry, path)] == [("JC004", "warning")]


def test_expectations_are_checked_when_the_framework_loads(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(
        'id = "x"\nname = "X"\ninspectorate = "X"\ndetect = ["x"]\n[grades]\ngood = "good"\n'
        '[[areas]]\nkey = "a"\nname = "A"\nlabel = "a"\n[[expect]]\nkind = "implies"\narea = "a"\ngrade = "good"\n'
        'when = { area = "b", grade = "good" }\n',
        encoding="utf-8",
    )
    with pytest.raises(JudgecheckError) as caught:
        load_frameworks(tmp_path)
    assert caught.value.code == BAD_FRAMEWORK and "when.area 'b' is not an area" in str(caught.value)


def label_findings(registry: plugins.Registry, path: Path) -> list[tuple[str, str]]:
    return [(f.severity, f.excerpt) for f in check_file(path, registry, Selection(select=("JC005",))).findings]


def test_a_real_garbled_table_label(registry: plugins.Registry) -> None:
    # kent-2026-02-02, cover table: "The experiences and progress of children care leavers | Requires improvement".
    assert label_findings(registry, FIXTURES / "kent-2026-02-02.pdf") == [
        ("warning", "The experiences and progress of children care leavers")
    ]


def test_a_council_paper_paraphrasing_the_labels(registry: plugins.Registry) -> None:
    assert label_findings(registry, SEED) == [
        ("warning", "Children in need of help and protection"), ("info", "Adoption"), ("info", "Review of LSCB"),
    ]


def test_planted_label(registry: plugins.Registry, tmp_path: Path) -> None:
    path = ilacs_draft(tmp_path, GOOD)
    assert label_findings(registry, path) == []
    text = path.read_text(encoding="utf-8").replace("The experiences and progress of children in care |", "The experience and progres of children in care |")
    path.write_text(text, encoding="utf-8")
    assert label_findings(registry, path) == [("warning", "The experience and progres of children in care")]


def statement_findings(registry: plugins.Registry, path: Path) -> list[str]:
    return [f.message for f in check_file(path, registry, Selection(select=("JC002",))).findings]


def test_the_seed_restates_its_grades_consistently(registry: plugins.Registry) -> None:
    # The cabinet paper's table, the report's table and the summary sentences all agree.
    assert statement_findings(registry, SEED) == []


def test_a_grade_restated_differently(registry: plugins.Registry, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    council = tmp_path / "council.txt"
    council.write_text(text.replace("Adoption\tOUTSTANDING", "Adoption\tGOOD", 1), encoding="utf-8")
    assert statement_findings(registry, council) == [
        "This judgement table 1 grades adoption 'outstanding'; the first judgement table (page 1) says 'good'."
    ]
    summary = tmp_path / "summary.txt"
    summary.write_text(text.replace("Services for children in need of help and protection are good.",
                                    "Services for children in need of help and protection are inadequate."), encoding="utf-8")
    assert statement_findings(registry, summary) == [
        "This sentence grades help and protection 'inadequate'; the first judgement table (page 1) says 'good'."
    ] * 2


def with_paragraph(path: Path, paragraph: str) -> Path:
    """The draft with one more paragraph after its judgement table."""
    path.write_text(path.read_text(encoding="utf-8") + f"\n## Summary\n\n{paragraph}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("sentence", [
    # Sentences of published reports about an earlier inspection or an earlier grade (issue 16):
    # negated, past tense, dated by an adverbial, or a judgement attached to "last inspected".
    "Children's services in Anytown are no longer inadequate.",
    "In 2017, children's services in Anytown were judged by Ofsted to be inadequate.",
    "Children's services in Anytown were last inspected in November 2019, with a judgement of requires improvement to be good.",
    "In 2021, children's services in Anytown were judged inadequate.",
    # croydon-2020-03-16, the present perfect about the last inspection.
    "Children’s services in Anytown have improved dramatically since the last inspection in 2017, when they were judged to be inadequate.",
])
def test_a_grade_from_an_earlier_inspection_is_no_contradiction(registry: plugins.Registry, tmp_path: Path, sentence: str) -> None:
    assert statement_findings(registry, with_paragraph(ilacs_draft(tmp_path, GOOD), sentence)) == []


@pytest.mark.parametrize("sentence", [
    "Children’s services in Anytown are inadequate.",
    "Children's services in Anytown are judged to be inadequate.",
    "The overall judgement is that children's services are inadequate.",
])
def test_a_present_claim_that_contradicts_the_table(registry: plugins.Registry, tmp_path: Path, sentence: str) -> None:
    assert statement_findings(registry, with_paragraph(ilacs_draft(tmp_path, GOOD), sentence)) == [
        "This sentence grades overall effectiveness 'inadequate'; the first judgement table (page 1) says 'good'."
    ]
