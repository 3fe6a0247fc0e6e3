"""The terminal formats: text (whole lines when piped, indented wrapping on a terminal) and concise (one line per finding)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, SEED, run_cli

from judgecheck.check import check_file
from judgecheck.output import Run
from judgecheck.output.text import write_text

PDF = FIXTURES / "gateshead-2025-01-29.pdf"
README = Path(__file__).parent.parent / "README.md"
CONCISE = re.compile(r"^(?P<path>[^:]+\.(?:pdf|txt))(?::(?P<spot>\d+))?(?::(?P<para>\d+))?: (?P<rule>JC\d{3}) \[(?P<sev>error|warning|info)\] .+$")


def findings(*reports: Path) -> list[dict[str, Any]]:
    documents = json.loads(run_cli("--format", "json", *map(str, reports)).stdout)["documents"]
    return [f | {"path": d["path"]} for d in documents for f in d["findings"]]


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_piped_text_is_not_wrapped_whatever_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    out = run_cli(str(PDF)).stdout
    lines = out.splitlines()
    for f in findings(PDF):
        assert any(line.endswith(f"{f['rule']} {f['message']}  ({f['name']})") for line in lines), f["message"]
        assert f"“{f['excerpt']}”" in lines[[line.strip() for line in lines].index(f"“{f['excerpt']}”")]
    assert not [line for line in lines if line != line.rstrip()]
    assert "─" not in out  # no rule drawn to a guessed width


def test_on_a_terminal_continuation_lines_are_indented_under_their_finding(registry: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    stream = Terminal()
    write_text(Run([check_file(PDF, registry)]), stream, False)
    lines = stream.getvalue().splitlines()
    assert max(map(len, lines)) <= 60 and not [line for line in lines if line != line.rstrip()]
    start = next(n for n, line in enumerate(lines) if "JC601" in line)
    assert lines[start].startswith("    p.2  error  JC601 The running header")
    following = lines[start + 1:lines.index("", start)]
    assert len(following) > 2 and all(line.startswith("      ") for line in following)
    assert "(header-dates-contradict-cover)" in " ".join(following)


def test_group_headings_name_the_section_and_its_area() -> None:
    lines = run_cli(str(SEED)).stdout.splitlines()
    headings = [line.strip() for line in lines if line.startswith("  ") and not line.startswith("   ") and line.strip()
                and not line.startswith("  framework:") and not re.match(r"  \w+\s{2,}", line) and "): reads like " not in line
                and "): not read, " not in line]
    assert headings == [
        "Document-wide",
        "Executive summary",
        "Summary (help and protection, graded good)",
        "Summary (in care, graded outstanding)",
        "The graded judgement about the experience and progress of care leavers is that it is outstanding",
        "Summary (leadership, graded outstanding)",
    ]
    assert "(document)" not in "\n".join(lines)


def test_one_line_per_graded_section_with_its_reading() -> None:
    sections = json.loads(run_cli("--format", "json", str(SEED)).stdout)["documents"][0]["sections"]
    lines = run_cli(str(SEED)).stdout.splitlines()
    table_end = max(n for n, line in enumerate(lines) if line.startswith("  overall_effectiveness "))
    expected = []
    for s in sections:
        head = f"  {s['area'].replace('_', ' ').capitalize()} ({s['grade'].replace('_', ' ')})"
        if s["reads_like"] is None:
            expected.append(f"{head}: not read, {s['note']}")
        else:
            probs = sorted(s["reads_like"]["probabilities"].items(), key=lambda gp: -gp[1])
            expected.append(f"{head}: reads like " + ", ".join(f"{g.replace('_', ' ')} {round(100 * p)}%" for g, p in probs if p >= 0.005))
    # Right under the judgement table, in document order, one per section.
    assert lines[table_end + 1:table_end + 1 + len(expected)] == expected and len(expected) == 6
    assert expected[0].startswith("  Help and protection (good): reads like good ")
    # Concise output stays one line per finding.
    assert not [line for line in run_cli("--format", "concise", str(SEED)).stdout.splitlines() if "reads like" in line and " JC" not in line]


def test_no_reading_line_without_readings(tmp_path: Path) -> None:
    report = tmp_path / "notes.md"
    report.write_text("# Notes\n\nChildren are seen quickly and their plans are good.\n", encoding="utf-8")
    assert "reads like" not in run_cli(str(report)).stdout


def counted(found: list[dict[str, Any]]) -> str:
    """'N finding(s): E error, W warning, I info' for findings of the JSON output."""
    by = {sev: sum(f["severity"] == sev for f in found) for sev in ("error", "warning", "info")}
    return f"{len(found)} finding(s): {by['error']} error, {by['warning']} warning, {by['info']} info"


def test_counts_per_file_and_in_all() -> None:
    reports = (SEED, PDF, FIXTURES / "birmingham-2012-10-19.pdf")
    out = run_cli(*map(str, reports)).stdout.splitlines()
    # The text output counts what the JSON output of the same reports lists.
    found = findings(*reports)
    assert {f["path"] for f in found} == {str(SEED), str(PDF)}
    assert f"{SEED}: {counted([f for f in found if f['path'] == str(SEED)])}" in out
    assert f"{PDF}: {counted([f for f in found if f['path'] == str(PDF)])}" in out
    assert any(line.startswith(f"{FIXTURES / 'birmingham-2012-10-19.pdf'} unreadable: E003 ") for line in out)
    # The totals, then (README) the pointer to `judgecheck rule ID`, naming the run's first finding's rule.
    assert out[-2:] == [f"3 document(s) checked, 1 unreadable; {counted(found)}.",
                        f"Run `judgecheck rule {found[0]['rule']}` (any rule id) for what a rule checks and why."]


def test_concise_is_one_line_per_finding() -> None:
    result = run_cli("--format", "concise", str(SEED), str(PDF))
    lines = result.stdout.splitlines()
    expected = findings(SEED, PDF)
    assert result.exit_code == 1 and len(lines) == len(expected) + 1
    by = {sev: sum(f["severity"] == sev for f in expected) for sev in ("error", "warning", "info")}
    assert lines[-1] == (f"Found {len(expected)} finding(s) ({by['error']} error, {by['warning']} warning, {by['info']} info) "
                         "in 2 document(s), 0 unreadable.")
    for line, f in zip(lines, expected, strict=False):
        match = CONCISE.match(line)
        assert match, line
        # A PDF is placed by page, a text file by line; a part that is unknown is left out.
        spot = f["page"] if f["path"].endswith(".pdf") else f["line"]
        assert (match["path"], match["spot"], match["para"], match["rule"], match["sev"]) == (
            f["path"], str(spot) if spot is not None else None, str(f["paragraph"]) if f["paragraph"] is not None else None,
            f["rule"], f["severity"])
        assert f" {f['message']} “" in line
    assert f"{PDF}:3:9: JC101 [info] Section graded good reports a shortcoming: 'not always' (99% by the model). " \
           "“…planning with families are not always explicitly recorded on the child’s file.”" in lines


def test_concise_says_an_unreadable_file_in_one_line() -> None:
    bad = FIXTURES / "birmingham-2012-10-19.pdf"
    lines = run_cli("--format", "concise", str(bad)).stdout.splitlines()
    assert lines[0].startswith(f"{bad}: E003 [error] ") and len(lines) == 2


def test_readme_shows_the_concise_format() -> None:
    text = README.read_text(encoding="utf-8")
    assert "--format concise" in text
    assert any(CONCISE.match(line) for line in text.splitlines())
