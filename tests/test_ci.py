"""judgecheck as a CI lint step: configuration, baselines and the CI output formats."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from xml.dom import minidom

import jsonschema
import pytest
from conftest import FIXTURES, SEED, run_cli

from judgecheck.model import Document, DocumentResult, Finding, Problem
from judgecheck.output import Run
from judgecheck.output.ci import GITHUB_PER_STEP, sarif_dict, write_github

SCHEMA = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
PDFS = [str(FIXTURES / "cambridgeshire-2019-02-18.pdf"), str(FIXTURES / "peterborough-2015-09-18.pdf")]


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with the seed in it, the current directory for the test."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "seed.txt").write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rules_found(args: list[str]) -> set[str]:
    return {f["rule"] for d in json.loads(run_cli("--format", "json", *args).stdout)["documents"] for f in d["findings"]}


@pytest.mark.parametrize("reports", [[str(SEED)], PDFS, [*PDFS, str(FIXTURES / "birmingham-2012-10-19.pdf")]])
def test_sarif_validates_against_the_2_1_0_schema(reports: list[str]) -> None:
    result = run_cli("--format", "sarif", "--no-cache", *reports)
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["results"] and {r["ruleId"] for r in run["results"]} <= {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    if reports == PDFS:
        first = run["results"][0]
        assert "page" in first["properties"] and "region" not in first["locations"][0]["physicalLocation"]
    if reports == [str(SEED)]:
        assert any("region" in r["locations"][0]["physicalLocation"] for r in run["results"])
        # A repeated passage points at its earlier copy, above it in the same file.
        for r in (r for r in run["results"] if r["ruleId"] in ("JC201", "JC202")):
            (earlier,) = r["relatedLocations"]
            assert earlier["physicalLocation"]["artifactLocation"] == r["locations"][0]["physicalLocation"]["artifactLocation"]
            assert earlier["physicalLocation"]["region"]["startLine"] < r["locations"][0]["physicalLocation"]["region"]["startLine"]
    if len(reports) == 3:
        assert run["invocations"][0]["toolExecutionNotifications"][0]["descriptor"]["id"] == "E003"


def test_several_formats_in_one_run(tmp_path: Path) -> None:
    sarif, junit, github, rdjson = (tmp_path / n for n in ("r.sarif", "r.xml", "r.txt", "r.json"))
    result = run_cli("--format", "text", "--output-format", f"sarif:{sarif}", "--output-format", f"junit:{junit}",
                     "--output-format", f"github:{github}", "--output-format", f"rdjson:{rdjson}", str(SEED))
    assert result.exit_code == 1 and "finding(s)" in result.stdout
    findings = len(json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"])
    suites = minidom.parse(str(junit)).getElementsByTagName("failure")
    lines = github.read_text(encoding="utf-8").splitlines()
    diagnostics = json.loads(rdjson.read_text(encoding="utf-8"))["diagnostics"]
    assert findings == len(suites) == len(diagnostics) > 5
    # 13 notices are past GitHub's 10 a step: 9 annotations, 4 log lines, and a notice that says so.
    assert len(lines) == findings + 1 and lines[-1].startswith("::notice title=judgecheck%3A more in the log::")
    assert lines[0].startswith("::warning ") and "file=" in lines[0] and ",line=" in lines[0]
    assert run_cli("--output-format", "sarif", str(SEED)).exit_code == 2


def test_config_is_found_by_walking_up_and_flags_win(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.judgecheck]\nselect = ["JC2"]\nfail-on = "error"\n', encoding="utf-8")
    (project / "reports" / "deep").mkdir()
    os.chdir(project / "reports" / "deep")
    assert rules_found(["../seed.txt"]) == {"JC201", "JC202"}
    assert run_cli("../seed.txt").exit_code == 0  # fail-on error: warnings do not fail
    assert rules_found(["--select", "JC1", "../seed.txt"]) == {"JC101"}
    shown = run_cli("config", "--show").stdout
    assert f"# config file: {project / 'pyproject.toml'}" in shown
    assert f'select = ["JC2"]  # {project / "pyproject.toml"}' in shown and 'format = "text"  # default' in shown


def test_judgecheck_toml_per_file_ignores_and_severity(project: Path) -> None:
    (project / "judgecheck.toml").write_text(
        'extend-select = ["JC001"]\nselect = ["JC1"]\n[per-file-ignores]\n"reports/*.txt" = ["JC101"]\n[severity]\nJC102 = "error"\n',
        encoding="utf-8",
    )
    assert rules_found(["reports/seed.txt"]) == set()  # JC101 ignored for this file, JC001/JC102 silent on the seed
    (project / "judgecheck.toml").write_text('[severity]\nJC101 = "error"\n', encoding="utf-8")
    data = json.loads(run_cli("--format", "json", "--select", "JC101", "reports/seed.txt").stdout)
    assert {f["severity"] for f in data["documents"][0]["findings"]} == {"error"}


@pytest.mark.parametrize(("text", "complaint"), [
    ('selct = ["JC1"]\n', "unknown key 'selct'"),
    ('jobs = "two"\n', "'jobs' must be a int"),
    ('[severity]\nJC101 = "loud"\n', "severity of JC101 must be one of"),
    ("select = [\n", "judgecheck.toml"),
])
def test_a_bad_config_is_one_clear_line(project: Path, text: str, complaint: str) -> None:
    (project / "judgecheck.toml").write_text(text, encoding="utf-8")
    result = run_cli("reports/seed.txt")
    assert result.exit_code == 2 and "[E105]" in result.stderr and complaint in result.stderr
    assert result.stderr.count("\n") == 1


def test_baseline_round_trip(project: Path) -> None:
    report = project / "reports" / "seed.txt"
    written = run_cli("--write-baseline", "judgecheck-baseline.json", str(report))
    assert written.exit_code == 0
    entries = json.loads((project / "judgecheck-baseline.json").read_text(encoding="utf-8"))["suppressions"]
    assert entries and all(e["path"] == "reports/seed.txt" and e["reason"] for e in entries)
    assert run_cli("--baseline", "judgecheck-baseline.json", str(report)).exit_code == 0

    # A new defect elsewhere: exactly its findings, and the old ones stay hidden (fingerprints survive the edit).
    text = report.read_text(encoding="utf-8").replace(
        "Leadership, management and governance\tOutstanding", "Leadership, management and governance\tGood", 1)
    report.write_text(text, encoding="utf-8")
    result = run_cli("--format", "json", "--baseline", "judgecheck-baseline.json", str(report))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    # The report's own table now disagrees with the cabinet paper's (JC002) and with the heading (JC001).
    assert [f["rule"] for f in data["documents"][0]["findings"]] == ["JC002", "JC001"]
    assert data["summary"]["baseline"]["suppressed"] == len(entries) and data["summary"]["baseline"]["unused"] == []


def test_fixed_findings_are_reported_as_unused_suppressions(project: Path) -> None:
    report = project / "reports" / "seed.txt"
    run_cli("--write-baseline", "base.json", str(report))
    report.write_text(report.read_text(encoding="utf-8").replace("resulting in some delay in these children", "so that these children"), encoding="utf-8")
    result = run_cli("--baseline", "base.json", str(report))
    assert result.exit_code == 0
    assert "unused suppression: reports/seed.txt JC101" in result.stdout


@pytest.mark.parametrize("text", ['{"suppressions": []}', "[", '{"judgecheck_baseline": 1, "suppressions": [{"path": "a", "rule": "JC101", "fingerprint": "x", "message": "m", "reason": " "}]}'])
def test_a_bad_baseline_is_one_clear_line(project: Path, text: str) -> None:
    (project / "base.json").write_text(text, encoding="utf-8")
    result = run_cli("--baseline", "base.json", "reports/seed.txt")
    assert result.exit_code == 2 and "[E106]" in result.stderr and "base.json" in result.stderr


def test_rule_dirs_from_the_config_add_rules(project: Path) -> None:
    (project / "house-rules").mkdir()
    (project / "house-rules" / "bed-and-breakfast.toml").write_text(
        'id = "HR101"\nname = "bed-and-breakfast-placement"\nmessage = "Bed and breakfast is named in a section graded {grade}."\n'
        'grades = ["good", "outstanding"]\nsections = ["area", "summary"]\n[[cue]]\nphrases = ["bed and breakfast"]\n',
        encoding="utf-8",
    )
    (project / "judgecheck.toml").write_text('rule-dirs = ["house-rules"]\nselect = ["HR"]\n', encoding="utf-8")
    data = json.loads(run_cli("--format", "json", "reports/seed.txt").stdout)
    found = data["documents"][0]["findings"]
    assert found and {f["rule"] for f in found} == {"HR101"}
    listed = run_cli("rules").stdout
    assert "HR101" in listed and "bed-and-breakfast-placement" in listed and "rule-dirs" in listed


def test_config_without_show_names_only_the_file(project: Path) -> None:
    (project / "judgecheck.toml").write_text('select = ["JC1"]\n', encoding="utf-8")
    out = run_cli("config").stdout
    assert f"# config file: {project / 'judgecheck.toml'}" in out and "select =" not in out


def test_a_readers_note_reaches_every_ci_format(tmp_path: Path) -> None:
    """A note (here: NUL characters removed) is said in SARIF, GitHub, JUnit and rdjson too, not only in text and JSON."""
    report = tmp_path / "with nul.txt"
    report.write_bytes(SEED.read_bytes().replace(b"Executive summary", b"Executive\x00 summary", 1))
    (note,) = json.loads(run_cli("--format", "json", str(report)).stdout)["documents"][0]["notes"]
    assert "NUL" in note
    sarif = json.loads(run_cli("--format", "sarif", str(report)).stdout)["runs"][0]["invocations"][0]
    jsonschema.Draft4Validator(SCHEMA).validate({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "invocations": [sarif]}]})
    assert sarif["executionSuccessful"] and [n["message"]["text"] for n in sarif["toolExecutionNotifications"]] == [f"{report}: {note}"]
    github = run_cli("--format", "github", str(report)).stdout.splitlines()
    notices = [line for line in github if line.startswith("::notice ")]
    assert notices[0].startswith("::notice file=") and notices[0].endswith(f"title=note::{note}")
    junit = minidom.parseString(run_cli("--format", "junit", str(report)).stdout)
    assert [n.firstChild.data for n in junit.getElementsByTagName("system-out")] == [f"note: {note}"]
    rdjson = json.loads(run_cli("--format", "rdjson", str(report)).stdout)["diagnostics"]
    assert rdjson[0] == {"message": note, "location": {"path": str(report)}, "severity": "INFO", "code": {"value": "note"}}


def test_a_pdf_finding_quotes_its_sentence_with_page_and_paragraph_in_github_and_sarif() -> None:
    gateshead = str(FIXTURES / "gateshead-2025-01-29.pdf")
    quoted = ("Section graded good reports a shortcoming: 'not always' (99% by the model). Page 3, paragraph 9: "
              "“Although managers authorise plans, their oversight has not always identified when plans were not specific in their "
              "actions or timescales.”")
    github = run_cli("--format", "github", gateshead).stdout.splitlines()
    # A workflow command escapes '%' as '%25'; SARIF keeps the message as it is.
    assert f"::notice file={gateshead},title=JC101 deficit-in-good-section::{quoted.replace('%', '%25')}" in github
    texts = [r["message"]["text"] for r in json.loads(run_cli("--format", "sarif", gateshead).stdout)["runs"][0]["results"]]
    assert quoted in texts and len(set(texts)) == len(texts)  # no two identical messages
    # A long sentence is cut at words around the words that triggered the finding.
    (long,) = [t for t in texts if "Page 4, paragraph 16" in t]
    assert "“…" in long and "lack of capacity" in long and len(long) < len(long.split("“")[0]) + 170


def _finding(severity: str, n: int) -> Finding:
    return Finding("JC999", "made-up", severity, f"{severity} {n}: 'word'.", n, None, "Summary", n, f"A sentence with a word {n}.")  # type: ignore[arg-type]


def test_github_puts_errors_first_and_says_what_is_past_the_per_step_limit() -> None:
    document = Document("r.pdf", "pdf", 30, True, None, (), ())
    findings = [_finding(s, n) for n, s in enumerate(["info"] * 25 + ["warning"] * 3 + ["error"] * 12, start=1)]
    run = Run([DocumentResult("r.pdf", document, tuple(findings)), DocumentResult("bad.pdf", None, error=Problem("E003", "not a PDF"))])
    out = io.StringIO()
    write_github(run, out, False)
    lines = out.getvalue().splitlines()
    assert len(lines) == 13 + 3 + 25 + 1
    kinds = [line[2:].split(" ", 1)[0] if line.startswith("::") else "log" for line in lines]
    assert kinds == ["error"] * 9 + ["log"] * 4 + ["warning"] * 3 + ["notice"] * GITHUB_PER_STEP + ["log"] * 15 + ["error"]
    assert lines[0].startswith("::error file=bad.pdf,title=E003::not a PDF")  # an unreadable file is the first error
    assert lines[9] == "r.pdf: JC999 [error] error 37: 'word'. Page 37, paragraph 37: “A sentence with a word 37.”"
    assert lines[-1] == ("::error title=judgecheck%3A more in the log::judgecheck reported 40 finding(s) in 2 document(s); GitHub shows 10 "
                         "annotations of each kind per step, so 19 (4 error, 15 notice) are only in this step's log, above.")
    # Within the limits, every finding is an annotation and nothing is added.
    small = Run([DocumentResult("r.pdf", document, tuple(findings[:10]))])
    out = io.StringIO()
    write_github(small, out, False)
    assert [line.startswith("::notice ") for line in out.getvalue().splitlines()] == [True] * 10
    assert sarif_dict(small)["runs"][0]["results"][0]["message"]["text"] == "info 1: 'word'. Page 1, paragraph 1: “A sentence with a word 1.”"
