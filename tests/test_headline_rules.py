"""The headline rules on real text: grade language (JC101/JC102), repeated passages (JC201/JC202),
recommendations and their findings (JC301-JC303). The seed is the test the issue names."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED

from judgecheck import plugins
from judgecheck.check import Options, Selection, check_file, check_paths
from judgecheck.errors import BAD_RULE_FILE, JudgecheckError
from judgecheck.language import Language
from judgecheck.model import Finding
from judgecheck.rulefile import FileRule, parse_rule_file
from judgecheck_consistency.recommendations import cited


@pytest.fixture(scope="module")
def seed_findings() -> list[Finding]:
    registry = plugins.load_registry()
    return list(check_file(SEED, registry).findings)


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def file_rule(registry: plugins.Registry, rule_id: str) -> type[FileRule]:
    found = next(r for r in registry.rules if r.id == rule_id)
    assert issubclass(found, FileRule)
    return found


# -- JC101 / JC102: grade language --------------------------------------------------


def test_seed_good_section_citing_delay_is_flagged(seed_findings: list[Finding]) -> None:
    delay = [f for f in by_rule(seed_findings, "JC101") if "resulting in some delay in these children" in f.excerpt]
    assert delay, "the Good help-and-protection summary cites delay"
    assert "graded good" in delay[0].message and "'delay'" in delay[0].message
    # "In a small number of cases" is the texture of a Good grade: information, not a warning.
    assert delay[0].severity == "info"


def test_seed_outstanding_section_not_timely_is_flagged(seed_findings: list[Finding]) -> None:
    late = [f for f in by_rule(seed_findings, "JC101") if "have not been completed in a timely way" in f.excerpt]
    assert late and "graded outstanding" in late[0].message and "'timely'" in late[0].message


@pytest.mark.parametrize("praise", [
    "Permanence is achieved for children in North Lincolnshire without delay",
    "so that children do not experience drift and delay",
    "concurrent and twin tracking planning ensures that children do not experience drift and delay",
    "No children were found to be in situations of unassessed or unmanaged risk",
])
def test_seed_praise_with_deficit_words_is_not_flagged(seed_findings: list[Finding], praise: str) -> None:
    assert not [f for f in by_rule(seed_findings, "JC101") if praise in f.excerpt]


@pytest.mark.parametrize(("sentence", "fires"), [
    ("Permanence is achieved without delay.", False),
    ("Decisions are tracked so that children do not experience delay.", False),
    ("Leaders have taken action to prevent drift in planning.", False),
    ("Delays in initial health assessments have been reduced.", False),
    ("No children were left at risk of significant harm.", False),
    ("Although this has not resulted in any children being left at risk, plans are clear.", False),
    ("When plans do not sufficiently reduce risk of harm, decisions are taken to escalate.", False),
    ("Assessments had not been completed in a timely way.", True),
    ("Too many children experience delay in securing permanence.", True),
    ("Some children wait too long for an assessment.", True),
    ("Children experience drift in their plans.", True),
    ("Management oversight is not yet consistently evident.", True),
])
def test_negation_and_prevention_scope_follow_the_parse(registry: plugins.Registry, sentence: str, fires: bool) -> None:
    matcher = file_rule(registry, "JC101").compiled()
    assert bool(matcher.matches(Language().parse(sentence))) is fires


@pytest.mark.parametrize(("sentence", "severity"), [
    ("In a small number of cases, there was a short delay in children receiving help.", "info"),
    ("Too many children experience delay in securing permanence.", "warning"),
    ("Children experience widespread drift in their plans.", "warning"),
    ("Assessments are not timely.", None),  # the rule's default, a warning
    ("Practice is inconsistent across teams.", "info"),
])
def test_quantity_sets_severity(registry: plugins.Registry, sentence: str, severity: str | None) -> None:
    matcher = file_rule(registry, "JC101").compiled()
    found = matcher.matches(Language().parse(sentence))
    assert found and matcher.severity(sentence, found) == severity


@pytest.mark.parametrize("rule_id", ["JC101", "JC102"])
def test_rule_file_examples_behave_as_documented(registry: plugins.Registry, rule_id: str) -> None:
    rule = file_rule(registry, rule_id)
    matcher, language = rule.compiled(), Language()
    assert rule.spec.examples["fires"] and rule.spec.examples["silent"]
    for text in rule.spec.examples["fires"]:
        assert matcher.matches(language.parse(text)), text
    for text in rule.spec.examples["silent"]:
        assert not matcher.matches(language.parse(text)), text


@pytest.mark.parametrize(("sentence", "fires"), [
    ("The quality of assessments is exceptional.", True),
    ("The CAMHS service is very effective and ensures that needs are met.", True),
    ("Some practice is exceptional, but too many children wait.", False),
    ("There are 40 outstanding assessments.", False),
    ("Health assessments remain outstanding for six children.", False),
    ("The local authority was judged outstanding in 2012.", False),
    ("Practice is not exceptional.", False),
])
def test_praise_in_weak_section(registry: plugins.Registry, sentence: str, fires: bool) -> None:
    matcher = file_rule(registry, "JC102").compiled()
    assert bool(matcher.matches(Language().parse(sentence))) is fires


def test_grade_language_runs_only_in_sections_of_its_grades(tmp_path: Path, registry: plugins.Registry) -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "The experiences and progress of children who need help and protection\tGood",
        "The experiences and progress of children who need help and protection\tInadequate",
    )
    planted = tmp_path / "planted.txt"
    planted.write_text(text, encoding="utf-8")
    findings = check_file(planted, registry, Selection(select=("JC101",))).findings
    assert not [f for f in findings if "resulting in some delay in these children" in f.excerpt]


# -- JC201 / JC202: repeated and misquoted passages -----------------------------------


def test_seed_executive_summary_repeat_is_reported_once(seed_findings: list[Finding]) -> None:
    (repeat,) = [f for f in by_rule(seed_findings, "JC201") if f.section == "Executive summary"]
    assert "37 sentences" in repeat.message and "word for word" in repeat.message
    # The earlier copy is the cabinet paper's quotation, before any heading of the report.
    assert "the opening" in repeat.message and "Ofsted Executive Summary" in repeat.message
    # ...and is given as a structured place too, quoting the earlier copy.
    (original,) = repeat.related
    assert (original.path, original.section) == (str(SEED), None)
    assert original.line is not None and repeat.line is not None and original.line < repeat.line
    assert original.excerpt.startswith("Ofsted Executive Summary") and original.excerpt != repeat.excerpt


def test_seed_misquote_names_the_changed_words(seed_findings: list[Finding]) -> None:
    misquotes = by_rule(seed_findings, "JC202")
    # The looked-after summary rewrites the executive summary's "Significant investment" as "Good investment".
    investment = [f for f in misquotes if "'good' here, 'significant' there" in f.message]
    assert len(investment) == 1
    assert investment[0].section == "Summary" and investment[0].excerpt.startswith("Permanence is achieved")
    assert "the opening" in investment[0].message  # the cabinet paper's copy, the first of three


PASSAGE = ("Managers review the plans of some children every month with their social workers. "
           "The service has 12 independent reviewing officers who know the children well. "
           "Leaders have a clear understanding of the quality of practice across the service.")


@pytest.mark.parametrize(("old", "new", "rule", "said"), [
    ("some children", "most children", "JC202", "changes words that matter: quantity: 'most' here, 'some' there."),
    ("every month", "each month", "JC202", "changes words that matter: quantity: 'each' here, 'every' there."),
    ("have a clear", "do not have a clear", "JC202", "changes words that matter: negation: 'do not' here, '(nothing)' there."),
    ("12 independent", "15 independent", "JC202", "changes words that matter: number: '15' here, '12' there."),
    ("know the children well", "know the children", "JC201", "nearly word for word (no grade, quantity, negation or number changed)."),
])
def test_each_kind_of_change_in_a_repeat_is_named(old: str, new: str, rule: str, said: str, tmp_path: Path,
                                                  registry: plugins.Registry) -> None:
    """A passage repeated with one word changed: JC202 names the kind of change; a change of no kind is JC201's."""
    assert PASSAGE.count(old) == 1
    report = tmp_path / "report.txt"
    report.write_text(f"Summary\n\n{PASSAGE}\n\nThe report goes on about other matters for a while here.\n\n"
                      f"Leadership\n\n{PASSAGE.replace(old, new)}\n", encoding="utf-8")
    (finding,) = check_file(report, registry, Selection(select=("JC201", "JC202"))).findings
    assert finding.rule == rule and said in finding.message, finding.message
    assert finding.excerpt.startswith(PASSAGE.replace(old, new)[:60]) and finding.related[0].excerpt == PASSAGE


def test_a_council_paper_quoting_the_report_is_found_across_files(tmp_path: Path, registry: plugins.Registry) -> None:
    text = SEED.read_text(encoding="utf-8")
    cut = text.index("\n", text.index("Background Papers used in the preparation")) + 1
    (tmp_path / "a-cabinet-paper.txt").write_text(text[:cut], encoding="utf-8")
    (tmp_path / "b-report.txt").write_text(text[cut:], encoding="utf-8")
    results = check_paths(
        [tmp_path / "a-cabinet-paper.txt", tmp_path / "b-report.txt"], registry, Options(Selection(select=("JC201",)), compare=True)
    )
    assert not results[0].findings
    across = [f for f in results[1].findings if "a-cabinet-paper.txt" in f.message]
    assert [(f.section, "37 sentences" in f.message) for f in across] == [("Executive summary", True)]
    assert [p.path for p in across[0].related] == [str(tmp_path / "a-cabinet-paper.txt")]


# -- JC301-JC303: recommendations ---------------------------------------------------------


def test_seed_recommendations_are_all_backed(seed_findings: list[Finding]) -> None:
    assert not [f for f in seed_findings if f.rule.startswith("JC30")]


RECOMMENDATIONS = (
    "Ensure that screening and first-line management decisions about thresholds of need are of a uniformly high standard",
    "Ensure the timely completion of all connected persons and special guardianship assessments.",
    "Ensure that bed and breakfast is not offered as an option to homeless young people in circumstances in which they refuse more suitable accommodation.",
)


def _with_recommendations(tmp_path: Path, replacements: dict[int, str]) -> Path:
    """The seed with some of its three recommendations rewritten (numbering kept: SIF numbers them with the body)."""
    text = SEED.read_text(encoding="utf-8")
    for number, item in replacements.items():
        old = RECOMMENDATIONS[number - 1]
        assert text.count(old) == 1
        start = text.index(old)
        end = text.index("\n", start)
        text = text[:start] + item + text[end:]
    path = tmp_path / "planted.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_planted_unbacked_recommendations_are_flagged(tmp_path: Path, registry: plugins.Registry) -> None:
    # The seed praises health assessments ("timely initial health assessments are completed"):
    # praise does not back a recommendation to improve them.
    planted = _with_recommendations(tmp_path, {
        2: "Improve the timeliness of initial health assessments for children entering care.",
        3: "Strengthen the participation of the Children in Care Council in service design.",
    })
    found = check_file(planted, registry, Selection(select=("JC301",))).findings
    assert [f.excerpt for f in found] == [
        "Improve the timeliness of initial health assessments for children entering care.",
        "Strengthen the participation of the Children in Care Council in service design.",
    ]


def test_paragraph_references_are_checked(tmp_path: Path, registry: plugins.Registry) -> None:
    planted = _with_recommendations(tmp_path, {
        2: "Ensure the timely completion of all special guardianship assessments (paragraphs 42, 999).",
        3: "Ensure that private fostering arrangements comply with regulations (paragraph 47).",
    })
    found = check_file(planted, registry, Selection(select=("JC302", "JC303"))).findings
    broken = [f for f in found if f.rule == "JC302"]
    assert [(f.severity, f.message.split(",")[0]) for f in broken] == [
        ("error", "Refers to paragraph 999"),
        ("info", "Refers to paragraph 47"),
    ]
    (uneven,) = [f for f in found if f.rule == "JC303"]
    assert "2 of the 3 recommendations" in uneven.message and uneven.paragraph == 1


def test_a_cited_range_is_judged_as_a_whole(tmp_path: Path, registry: plugins.Registry) -> None:
    # Validation reports cite ranges ("paragraphs 111-131", torbay-2016-01-05); their ends alone were
    # judged, so a range whose middle is the evidence was reported as pointing elsewhere.
    planted = _with_recommendations(tmp_path, {
        2: "Ensure that private fostering arrangements comply with regulations (paragraphs 20-24).",
        3: "Ensure that private fostering arrangements comply with regulations (paragraphs 52-55).",
    })
    found = check_file(planted, registry, Selection(select=("JC302",))).findings
    assert [f.message for f in found] == [
        "Refers to paragraphs 52-55, none of which shares content words with this recommendation."
    ]


def test_cited_paragraphs_are_spelled_out() -> None:
    # Each paragraph of a list is its own reference (cheshire-east-2015-09-15 cites "paragraphs 40, 83",
    # both renumbered); a range is one.
    assert cited("12, 14 and 20-22") == ((12,), (14,), (20, 21, 22))
    assert cited("111–131") == (tuple(range(111, 132)),)
    assert cited("40-4") == ((40,), (4,))  # written backwards: its ends
    assert cited("1-500") == ((1,), (500,))  # longer than any report's section: its ends


def test_throughout_markers_and_lead_ins_are_not_uneven(tmp_path: Path, registry: plugins.Registry) -> None:
    # sunderland-2015-07-20 marks items that draw on the whole report "(Throughout)" and opens its list with
    # "The following recommendations are those that inspectors considered to be the priorities for Sunderland."
    planted = _with_recommendations(tmp_path, {
        1: "The following recommendations are those that inspectors considered to be the priorities for this council.",
        2: "Ensure the timely completion of all special guardianship assessments (paragraph 42).",
        3: "Ensure children are seen promptly and regularly and that their views inform assessments. (Throughout)",
    })
    assert check_file(planted, registry, Selection(select=("JC303",))).findings == ()


# -- rule files ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "complaint"), [
    ('id = "jc1"\nname = "x-y"\nmessage = "m"\n[[cue]]\nphrases = ["a"]\n', "'id' must look like"),
    ('id = "XY101"\nname = "x-y"\nmessage = "m"\ncolour = "red"\n[[cue]]\nphrases = ["a"]\n', "unknown key 'colour'"),
    ('id = "XY101"\nname = "x-y"\nmessage = "m"\n[[cue]]\npatterns = [[{LEMMA = "delay"}]]\n', "LEMMA is not available before parsing"),
    ('id = "XY101"\nname = "x-y"\nmessage = "m"\n', "at least one [[cue]]"),
    ('id = "XY101"\nname = "x-y"\nmessage = "m"\n[[cue]]\npatterns = [[{IS_DIGIT = true}, {LOWER = "days"}]]\n', "first token must name its words"),
    ('id = "XY101"\nname = "x-y"\nmessage = "m"\n[[cue]]\nphrases = ["a"]\n[ignore]\nunless = ["b"]\n', "[ignore] takes"),
    ('id = "XY101"\nname = "x-y"\nmessage = "m"\nsections = ["body"]\n[[cue]]\nphrases = ["a"]\n', "section kind 'body'"),
    ('id = "XY101\nname', "rule file is invalid"),
])
def test_bad_rule_files_are_refused_with_the_file_named(tmp_path: Path, text: str, complaint: str) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(JudgecheckError) as caught:
        parse_rule_file(path)
    assert caught.value.code == BAD_RULE_FILE and str(path) in str(caught.value) and complaint in str(caught.value)
