"""The terminal output, made with rich: judgement table, findings by section, a summary line."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from judgecheck.hookimpl import hookimpl
from judgecheck.model import SEVERITIES, DocumentResult, Finding
from judgecheck.output import OutputFormat, Run

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _where(result: DocumentResult, f: Finding) -> str:
    parts = []
    if result.document and result.document.paged and f.page:
        parts.append(f"p.{f.page}")
    if f.line and not (result.document and result.document.paged):
        parts.append(f"line {f.line}")
    if f.paragraph:
        parts.append(f"¶{f.paragraph}")
    return " ".join(parts) or "document"


def _document(console: Console, result: DocumentResult) -> None:
    console.rule(f"[bold]{escape(result.path)}", align="left")
    if result.error:
        console.print(f"[bold red]error[/] {result.error.code}: {escape(result.error.message)}", soft_wrap=True)
        return
    doc = result.document
    assert doc is not None
    console.print(f"framework: {escape(doc.framework or 'none recognised')} · {doc.pages} page(s)")
    for note in doc.notes:
        console.print(f"[yellow]note[/]: {escape(note)}", soft_wrap=True)
    if doc.judgements:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("area")
        table.add_column("grade")
        table.add_column("as written")
        for j in doc.judgements:
            table.add_row(j.area, j.grade.replace("_", " "), escape(j.label))
        console.print(table)
    else:
        console.print("no graded judgements found")
    for problem in result.rule_errors:
        console.print(f"[bold red]error[/] {problem.code}: {escape(problem.message)}", soft_wrap=True)
    # Findings stay in document order; a section title is printed when it changes.
    for section, group in groupby(result.findings, key=lambda f: f.section or "(document)"):
        console.print(f"\n[bold]{escape(section)}[/]")
        for f in group:
            sev = f"[{STYLE[f.severity]}]{f.severity}[/]"
            console.print(f"  {_where(result, f)}  {sev}  [bold]{f.rule}[/] {escape(f.message)}  [dim]({f.name})[/]")
            if f.excerpt:
                console.print(f"    [dim]“{escape(f.excerpt)}”[/]", soft_wrap=False)


def write_text(run: Run, stream: TextIO, color: bool) -> None:
    console = Console(file=stream, no_color=not color, force_terminal=color, highlight=False, width=None if color else 100)
    for problem in run.problems:
        console.print(f"[bold red]error[/] {problem.code}: {escape(problem.message)}", soft_wrap=True)
    for result in run.results:
        _document(console, result)
    counts: Counter[str] = Counter(f.severity for r in run.results for f in r.findings)
    unreadable = sum(r.status == "error" for r in run.results)
    found = ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)
    console.print(
        f"\n{len(run.results)} document(s) checked, {unreadable} unreadable; "
        f"{sum(counts.values())} finding(s): {found}."
    )
    if run.suppressed or run.unused:
        console.print(f"baseline: {run.suppressed} finding(s) suppressed; {len(run.unused)} suppression(s) no longer match a finding.")
    for s in run.unused:
        console.print(f"  unused suppression: {escape(s.path)} {s.rule} {s.fingerprint} “{escape(s.message)}” (fixed, or reworded: remove it)")


@hookimpl
def judgecheck_formats() -> list[OutputFormat]:
    return [OutputFormat("text", write_text, "readable terminal output (rich)")]
