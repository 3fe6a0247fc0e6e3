"""The command line: output, exit codes, the JSON contract, and the extract round trip."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, SEED, run_cli, run_json

GOOD_PDF = str(FIXTURES / "cambridgeshire-2019-02-18.pdf")
HTML_PDF = str(FIXTURES / "birmingham-2012-10-19.pdf")
CONTRACT_DOCUMENT = {"path", "status", "error", "framework", "pages", "judgements", "findings", "problems", "notes", "sections",
                     "reads_like"}
CONTRACT_SECTION = {"title", "area", "grade", "page", "reads_like", "note"}
CONTRACT_READS_LIKE = {"grade", "probabilities", "departure", "placement"}
CONTRACT_PLACEMENT = {"grade", "area", "published", "score_percentile", "shortcomings_per_100", "shortcoming_percentile"}
CONTRACT_FINDING = {"rule", "name", "severity", "message", "page", "line", "section", "paragraph", "excerpt", "fingerprint", "related"}


def test_text_output_shows_judgements_and_summary() -> None:
    result = run_cli("--select", "JC001", GOOD_PDF)
    assert result.exit_code == 0
    assert "framework: ofsted-ilacs · 11 page(s)" in result.stdout
    assert "help_and_protection" in result.stdout and "requires improvement" in result.stdout
    assert "1 document(s) checked, 0 unreadable; 0 finding(s)" in result.stdout


def test_text_output_quotes_each_finding() -> None:
    result = run_cli(GOOD_PDF)
    # JC101 and JC102 findings are information: they do not fail the default gate (--fail-on warning), they do fail 'info'.
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    at = lines.index("    p.9 ¶33  info  JC101 Section graded good reports a shortcoming: 'drift' (96% by the model).  "
                     "(deficit-in-good-section)")
    assert lines[at + 1] == "      “Staff are working through a backlog and drift in work that the new teams inherited.”"
    assert run_cli("--fail-on", "info", GOOD_PDF).exit_code == 1


def test_json_contract() -> None:
    code, data = run_json("--exit-zero", GOOD_PDF, str(SEED))
    assert code == 0
    assert set(data) == {"judgecheck_version", "documents", "problems", "summary"}
    pdf, seed = data["documents"]
    assert set(pdf) == CONTRACT_DOCUMENT and pdf["status"] == "checked" and pdf["error"] is None
    assert pdf["judgements"][0] == {
        "area": "impact_of_leaders", "label": "The impact of leaders on social work practice with children and families",
        "grade": "good", "page": 1,
    }
    # Each graded section with the grade its prose reads like; no document-wide reading for Ofsted reports.
    assert pdf["reads_like"] is None and seed["reads_like"] is None
    assert [(s["area"], s["grade"], s["page"]) for s in pdf["sections"]] == [
        ("help_and_protection", "requires_improvement", 3), ("in_care", "requires_improvement", 5), ("impact_of_leaders", "good", 8)]
    for section in pdf["sections"] + seed["sections"]:
        assert set(section) == CONTRACT_SECTION
        reads = section["reads_like"]
        if reads is None:
            assert section["note"].startswith("too little prose to judge")
            continue
        assert set(reads) == CONTRACT_READS_LIKE and section["note"] is None
        assert list(reads["probabilities"]) == ["outstanding", "good", "requires_improvement", "inadequate"]
        assert abs(sum(reads["probabilities"].values()) - 1) < 0.001 and reads["departure"] in (None, "other", "far")
        assert set(reads["placement"]) == CONTRACT_PLACEMENT
    assert pdf["sections"][0]["reads_like"]["grade"] == "requires_improvement"
    assert seed["pages"] == 1 and all(j["page"] is None for j in seed["judgements"])
    assert all(s["page"] is None for s in seed["sections"]) and seed["sections"][-1]["reads_like"] is None
    assert data["summary"]["documents"] == 2 and data["summary"]["errors"] == 0


def test_bad_document_is_one_line_and_the_rest_are_checked() -> None:
    result = run_cli(HTML_PDF, GOOD_PDF)
    assert result.exit_code == 2
    assert "E003" in result.stdout and "not a PDF although named .pdf: the file is an HTML page" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "framework: ofsted-ilacs" in result.stdout
    code, data = run_json(HTML_PDF, GOOD_PDF)
    assert code == 2
    bad, good = data["documents"]
    assert bad["status"] == "error" and bad["error"]["code"] == "E003"
    assert good["status"] == "checked" and len(good["judgements"]) == 4


def _planted(tmp_path: Path) -> Path:
    """The seed's report with one section heading's grade changed: a real defect pattern, planted."""
    text = SEED.read_text(encoding="utf-8").replace(
        "Leadership, management and governance\tOutstanding", "Leadership, management and governance\tGood", 1
    )
    path = tmp_path / "planted.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_exit_codes_follow_fail_on(tmp_path: Path) -> None:
    planted = str(_planted(tmp_path))
    assert run_cli(planted).exit_code == 1
    assert run_cli("--exit-zero", planted).exit_code == 0
    assert run_cli("--fail-on", "error", "--ignore", "JC00", planted).exit_code == 0
    assert run_cli("--fail-on", "error", planted).exit_code == 1
    code, data = run_json("--select", "JC001", planted)
    finding = data["documents"][0]["findings"][0]
    assert set(finding) == CONTRACT_FINDING
    assert finding["rule"] == "JC001" and finding["severity"] == "error" and finding["line"] > 0
    assert "judgement table" in finding["message"] and "outstanding" in finding["message"]


def test_fingerprint_survives_edits_elsewhere(tmp_path: Path) -> None:
    planted = _planted(tmp_path)
    before = run_json(str(planted))[1]["documents"][0]["findings"]
    planted.write_text("A new opening paragraph.\n\n" + planted.read_text(encoding="utf-8"), encoding="utf-8")
    after = run_json(str(planted))[1]["documents"][0]["findings"]
    assert len(after) == len(before) > 5
    assert [f["line"] for f in after] == [f["line"] + 2 for f in before]
    assert [f["fingerprint"] for f in after] == [f["fingerprint"] for f in before]


def test_misuse_exits_2() -> None:
    assert run_cli("--format", "yaml", GOOD_PDF).exit_code == 2
    assert run_cli("check").exit_code == 2
    result = run_cli("rule", "XX999")
    assert result.exit_code == 2 and "no rule 'XX999'" in result.stderr


def test_json_is_byte_identical_across_runs() -> None:
    first = run_cli("--format", "json", GOOD_PDF, str(SEED)).stdout
    assert first == run_cli("--format", "json", GOOD_PDF, str(SEED)).stdout


def test_output_file_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out" / "r.json"
    umask = os.umask(0o022)
    try:
        assert run_cli("--format", "json", "--output", str(out), "--exit-zero", GOOD_PDF).exit_code == 0
    finally:
        os.umask(umask)
    assert json.loads(out.read_text())["summary"]["checked"] == 1
    assert stat.S_IMODE(out.stat().st_mode) == 0o644 and os.listdir(out.parent) == ["r.json"]
    out.chmod(0o600)
    assert run_cli("--format", "json", "--output", str(out), "--exit-zero", GOOD_PDF).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize("name", ["cambridgeshire-2019-02-18.pdf", "peterborough-2015-09-18.pdf", "medway-2013-08-23.pdf", "trafford-2026-08-03.pdf", SEED.name])
def test_extract_round_trips(name: str, tmp_path: Path) -> None:
    original = run_json(str(FIXTURES / name))[1]["documents"][0]
    md = tmp_path / "r.md"
    result = run_cli("extract", str(FIXTURES / name), "--output", str(md))
    assert result.exit_code == 0
    text = md.read_text(encoding="utf-8")
    assert "| Judgement | Grade |" in text
    again = run_json(str(md))[1]["documents"][0]
    assert again["judgements"] == original["judgements"]
    assert again["framework"] == original["framework"]
    def strip(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Findings without lines (the Markdown has its own) or the related places' file name."""
        return [{**{k: v for k, v in f.items() if k != "line"},
                 "related": [{k: v for k, v in p.items() if k not in ("line", "path")} for p in f["related"]]} for f in findings]

    assert strip(again["findings"]) == strip(original["findings"])
    if name.endswith(".pdf"):
        assert "<!-- page 2 -->" in text


def test_extract_of_a_bad_file_is_one_line() -> None:
    result = run_cli("extract", HTML_PDF)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "[E003]" in result.stderr


def test_directories_are_expanded_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b\n")
    (tmp_path / "a.md").write_text("a\n")
    (tmp_path / "ignored.csv").write_text("x\n")
    code, data = run_json(str(tmp_path), str(tmp_path / "a.md"))
    assert [Path(d["path"]).name for d in data["documents"]] == ["a.md", "b.txt"]


def test_a_docx_report_is_checked_end_to_end(tmp_path: Path) -> None:
    from test_read import make_docx, para

    def row(label: str, grade: str) -> str:
        return f"<w:tr><w:tc>{para(label)}</w:tc><w:tc>{para(grade)}</w:tc></w:tr>"

    body = (
        para("Inspection of Testshire local authority children’s services")
        + para("Inspection dates: 1 to 5 May 2023")
        + "<w:tbl>" + row("Judgement", "Grade")
        + row("The experiences and progress of children in care", "Good")
        + row("Overall effectiveness", "Good") + "</w:tbl>"
        + para("The experiences and progress of children in care: requires improvement to be good", "Heading1")
        + para("1. Children wait too long.")
    )
    path = make_docx(tmp_path / "draft.docx", body)
    code, data = run_json(str(path))
    doc = data["documents"][0]
    assert code == 1 and doc["framework"] == "ofsted-ilacs"
    assert {j["area"]: j["grade"] for j in doc["judgements"]} == {"in_care": "good", "overall_effectiveness": "good"}
    rules = [f["rule"] for f in doc["findings"]]
    # The draft has no rows for the other judgements ILACS requires (JC003) and one heading against the table.
    assert [r for r in rules if r != "JC003"] == ["JC001"] and "JC003" in rules


def test_output_goes_through_a_link_to_a_pipe_or_a_file(tmp_path: Path) -> None:
    real = tmp_path / "real" / "r.json"
    real.parent.mkdir()
    real.write_text("old\n")
    real.chmod(0o640)
    (tmp_path / "link.json").symlink_to(real)
    assert run_cli("--format", "json", "--output", str(tmp_path / "link.json"), "--exit-zero", GOOD_PDF).exit_code == 0
    assert (tmp_path / "link.json").is_symlink() and json.loads(real.read_text())["summary"]["checked"] == 1
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    piped = subprocess.run([sys.executable, "-m", "judgecheck", "--format", "json", "--no-cache", "--output", "/dev/stdout", "--exit-zero",
                            GOOD_PDF], capture_output=True, text=True, check=False)
    assert piped.returncode == 0 and json.loads(piped.stdout)["summary"]["checked"] == 1


@pytest.mark.parametrize(("option", "where"), [("--output", "afile/x.json"), ("--output-format", "adir")])
def test_an_output_that_cannot_be_written_is_one_line(tmp_path: Path, option: str, where: str) -> None:
    (tmp_path / "afile").write_text("")
    (tmp_path / "adir").mkdir()
    value = str(tmp_path / where) if option == "--output" else f"sarif:{tmp_path / where}"
    result = run_cli("--format", "json", option, value, GOOD_PDF)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"judgecheck: error: cannot write {tmp_path / where}: ") and result.stderr.count("\n") == 1
