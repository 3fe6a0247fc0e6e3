"""The terminal output, made with rich: judgement table, findings by section, counts per file and in all.

A terminal gets lines wrapped at its width, continuation lines indented under
their finding; a pipe or file gets each line whole (grep and editors see one
finding's line as one line). ``concise`` is one line per finding, like ruff's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.text import Text

from judgecheck.hookimpl import hookimpl
from judgecheck.model import SEVERITIES, Document, DocumentResult, Finding, Reading, Section
from judgecheck.output import OutputFormat, Run
from judgecheck.output.quote import cues, paged, shorten

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _console(stream: TextIO, color: bool) -> tuple[Console, bool]:
    """A console for ``stream`` and whether to wrap: only a terminal wraps (at its width); a pipe or file gets whole lines."""
    try:
        wrap = stream.isatty()
    except (AttributeError, ValueError):
        wrap = False
    console = Console(file=stream, force_terminal=color, color_system="auto" if color else None, highlight=False,
                      soft_wrap=not wrap, emoji=False)
    return console, wrap


def _emit(console: Console, wrap: bool, text: Text, indent: int = 0, hang: int | None = None) -> None:
    """One logical line at ``indent``; on a terminal, wrapped with continuation lines at ``hang``; no trailing spaces."""
    hang = indent if hang is None else hang
    if not wrap:
        text.rstrip()
        console.print(Text(" " * indent) + text, soft_wrap=True)
        return
    first = text.wrap(console, max(console.width - indent, 20))[0]
    tail = text.plain[len(first.plain):]
    rest = text[len(first.plain) + len(tail) - len(tail.lstrip()):]
    lines = [first, *(rest.wrap(console, max(console.width - hang, 20)) if rest.plain else [])]
    for n, line in enumerate(lines):
        line.rstrip()
        console.print(Text(" " * (indent if n == 0 else hang)) + line, soft_wrap=True)


def _counts(findings: Sequence[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    return f"{len(findings)} finding(s): " + ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)


def _where(result: DocumentResult, f: Finding) -> str:
    parts = [f"p.{f.page}"] if paged(result) and f.page else [f"line {f.line}"] if not paged(result) and f.line is not None else []
    if f.paragraph:
        parts.append(f"¶{f.paragraph}")
    return " ".join(parts) or "document"


def section_of(document: Document, f: Finding) -> Section | None:
    """The section a finding is in: the last section with its title that starts at or before it (else the first)."""
    named = [s for s in document.sections if f.section and s.title == f.section]
    before = [s for s in named if (s.line <= f.line if s.line is not None and f.line is not None else f.page is None or s.page <= f.page)]
    return before[-1] if before else named[0] if named else None


def heading(section: Section | None, title: str | None) -> str:
    """A group's heading: the section's title with its area and grade ("Summary (help and protection, graded good)")."""
    if section is None:
        return title or "Document-wide"
    area = (section.area or "").replace("_", " ")
    extra = [area] if area and area not in section.title.lower() else []
    grade = (section.grade or "").replace("_", " ")
    extra += [f"graded {grade}"] if grade and grade not in section.title.lower() else []
    return f"{section.title} ({', '.join(extra)})" if extra else section.title


def _table(console: Console, wrap: bool, rows: list[tuple[str, str, str]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    for n, (area, grade, label) in enumerate(rows):
        text = Text(f"{area.ljust(widths[0])}  {grade.ljust(widths[1])}  {label}", style="bold" if n == 0 else "")
        _emit(console, wrap, text, 2, 6 + sum(widths))


def reading_line(reading: Reading) -> str:
    """A reading in one line: "Help and protection (good): reads like good 82%, outstanding 14%, requires improvement 4%".

    The grades in order of probability, those under half a percent left out; the note when it was not read.
    """
    words = (reading.area or "").replace("_", " ")
    name = "Whole report" if reading.unit == "document" else words[:1].upper() + words[1:] if words else reading.title
    head = f"{name} ({(reading.grade or 'no grade').replace('_', ' ')})"
    reads = reading.reads_like
    if reads is None:
        return f"{head}: not read, {reading.note}"
    order = sorted(reads.probabilities, key=lambda gp: -gp[1])
    said = ", ".join(f"{g.replace('_', ' ')} {round(100 * p)}%" for g, p in order if p >= 0.005)
    return f"{head}: reads like {said}"


def _document(console: Console, wrap: bool, result: DocumentResult) -> None:
    head = Text(result.path, style="bold")
    if result.error:
        _emit(console, wrap, head + Text(" unreadable: ") + Text(result.error.code, style="bold red") + Text(f" {result.error.message}"), 0, 2)
        return
    doc = result.document
    assert doc is not None
    _emit(console, wrap, head + Text(f": {_counts(result.findings)}"), 0, 2)
    # A DOCX has no pages of its own (Word lays them out): its length is not given in pages.
    length = "" if doc.format == "docx" else f" · {doc.pages} page(s)"
    _emit(console, wrap, Text(f"framework: {doc.framework or 'none recognised'}{length}"), 2, 4)
    for note in doc.notes:
        _emit(console, wrap, Text("note", style="yellow") + Text(f": {note}"), 2, 4)
    if doc.judgements:
        _table(console, wrap, [("area", "grade", "as written"), *((j.area, j.grade.replace("_", " "), j.label) for j in doc.judgements)])
    else:
        _emit(console, wrap, Text("no graded judgements found"), 2)
    for reading in doc.readings:
        _emit(console, wrap, Text(reading_line(reading)), 2, 4)
    for problem in result.rule_errors:
        _emit(console, wrap, Text("error", style="bold red") + Text(f" {problem.code}: {problem.message}"), 2, 4)
    # Findings grouped by section (document-wide first, then in document order), in document order within a group.
    groups: dict[int, list[Finding]] = {}
    order = {id(s): n for n, s in enumerate(doc.sections)}
    for f in result.findings:
        section = section_of(doc, f)
        groups.setdefault(order[id(section)] if section is not None else -1, []).append(f)
    for key in sorted(groups):
        section = doc.sections[key] if key >= 0 else None
        console.print()
        _emit(console, wrap, Text(heading(section, groups[key][0].section), style="bold"), 2, 4)
        for f in groups[key]:
            line = Text.assemble(f"{_where(result, f)}  ", (f.severity, STYLE[f.severity]), "  ", (f.rule, "bold"),
                                 f" {f.message}  ", (f"({f.name})", "dim"))
            _emit(console, wrap, line, 4, 6)
            if f.excerpt:
                _emit(console, wrap, Text(f"“{f.excerpt}”", style="dim"), 6, 7)


def _baseline(console: Console, wrap: bool, run: Run) -> None:
    if run.suppressed or run.unused:
        _emit(console, wrap, Text(f"baseline: {run.suppressed} finding(s) suppressed; {len(run.unused)} suppression(s) no longer match a finding."))
    for s in run.unused:
        _emit(console, wrap, Text(f"unused suppression: {s.path} {s.rule} {s.fingerprint} “{s.message}” (fixed, or reworded: remove it)"), 2, 4)


def write_text(run: Run, stream: TextIO, color: bool) -> None:
    console, wrap = _console(stream, color)
    for problem in run.problems:
        _emit(console, wrap, Text("error", style="bold red") + Text(f" {problem.code}: {problem.message}"), 0, 2)
    for n, result in enumerate(run.results):
        if n:
            console.print()
        _document(console, wrap, result)
    unreadable = sum(r.status == "error" for r in run.results)
    findings = [f for r in run.results for f in r.findings]
    console.print()
    _emit(console, wrap, Text(f"{len(run.results)} document(s) checked, {unreadable} unreadable; {_counts(findings)}."))
    _baseline(console, wrap, run)
    if findings:
        _emit(console, wrap, Text(f"Run `judgecheck rule {findings[0].rule}` (any rule id) for what a rule checks and why."))


def concise_line(result: DocumentResult, f: Finding) -> str:
    """A finding as one line: ``path:page:paragraph: RULE [severity] message “excerpt…”`` (line for unpaged inputs)."""
    spot = f.page if paged(result) else f.line
    where = ":".join(str(p) for p in (result.path, spot, f.paragraph) if p is not None)
    quote = f" “{shorten(f.excerpt, 80, cues(f))}”" if f.excerpt else ""
    return f"{where}: {f.rule} [{f.severity}] {f.message}{quote}"


def write_concise(run: Run, stream: TextIO, color: bool) -> None:
    """One line per finding (and per unreadable file or failed rule), then the totals: like ruff's concise output."""
    console, _ = _console(stream, color)
    for problem in run.problems:
        console.print(Text(f"{problem.code} [error] {problem.message}"), soft_wrap=True)
    for result in run.results:
        for problem in ([result.error] if result.error else []) + list(result.rule_errors):
            console.print(Text(f"{result.path}: {problem.code} [error] {problem.message}"), soft_wrap=True)
        for f in result.findings:
            line = concise_line(result, f)
            head, _, rest = line.partition(f": {f.rule} ")
            console.print(Text.assemble((head, "bold"), ": ", (f.rule, STYLE[f.severity]), f" {rest}"), soft_wrap=True)
    findings = [f for r in run.results for f in r.findings]
    unreadable = sum(r.status == "error" for r in run.results)
    counts = Counter(f.severity for f in findings)
    split = ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)
    console.print(Text(f"Found {len(findings)} finding(s) ({split}) in {len(run.results)} document(s), {unreadable} unreadable."), soft_wrap=True)
    _baseline(console, False, run)


@hookimpl
def judgecheck_formats() -> list[OutputFormat]:
    return [OutputFormat("text", write_text, "readable terminal output (rich), findings grouped by section"),
            OutputFormat("concise", write_concise, "one line per finding: path:page:paragraph: RULE [severity] message “excerpt”")]
