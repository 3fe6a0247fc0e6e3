"""Formats for CI systems: SARIF 2.1.0, GitHub workflow commands, JUnit XML and reviewdog's rdjson.

A PDF has no lines to point at: its findings carry the page, paragraph and
section as SARIF result properties and a logical location, and a line region
only where the input has lines (text, Markdown, DOCX paragraphs).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from judgecheck import __version__
from judgecheck.hookimpl import hookimpl
from judgecheck.model import DocumentResult, Finding, Place
from judgecheck.output import OutputFormat, Run
from judgecheck.output.quote import cues, place, shorten

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
RDJSON_SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def _uri(path: str) -> str:
    return quote(PurePath(path).as_posix(), safe="/:._-~")


def _findings(run: Run) -> Iterator[tuple[int, DocumentResult, Finding]]:
    for index, result in enumerate(run.results):
        for finding in result.findings:
            yield index, result, finding


def _sarif_related(places: tuple[Place, ...], artifacts: dict[str, int]) -> list[dict[str, Any]]:
    """A finding's related places as SARIF related locations, the quoted words as the message."""
    out = []
    for n, p in enumerate(places, start=1):
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(p.path)}}
        if p.path in artifacts:
            physical["artifactLocation"]["index"] = artifacts[p.path]
        if p.line is not None:
            physical["region"] = {"startLine": p.line}
        location: dict[str, Any] = {"id": n, "physicalLocation": physical, "message": {"text": p.excerpt}}
        if p.section:
            location["logicalLocations"] = [{"name": p.section, "kind": "section"}]
        properties = {k: v for k, v in (("page", p.page), ("paragraph", p.paragraph), ("section", p.section)) if v is not None}
        if properties:
            location["properties"] = properties
        out.append(location)
    return out


def _notes(run: Run) -> Iterator[tuple[int, str, str]]:
    """(document index, path, note): what the readers did that a user should know (a damaged PDF repaired...)."""
    for index, result in enumerate(run.results):
        for note in result.document.notes if result.document else ():
            yield index, result.path, note


def _unused(run: Run) -> Iterator[tuple[int, str, str]]:
    """(document index, path, note) for each baseline suppression that matched no finding of its file."""
    index = {r.path: i for i, r in reversed(list(enumerate(run.results)))}
    for s in run.unused:
        yield (index.get(s.path, -1), s.path,
               f"unused baseline suppression {s.rule} {s.fingerprint} “{s.message}” (fixed, or reworded: remove it)")


def message_text(result: DocumentResult, f: Finding) -> str:
    """A finding's message with its place and its sentence, shortened around the words that triggered it."""
    where = place(result, f)
    quote = f"“{shorten(f.excerpt, 160, cues(f))}”" if f.excerpt else ""
    tail = f"{where[:1].upper()}{where[1:]}: {quote}" if where and quote else f"({where})" if where else quote
    return f"{f.message} {tail}".rstrip()


def sarif_dict(run: Run) -> dict[str, Any]:
    """The run as one SARIF 2.1.0 log."""
    rule_index = {rule.id: i for i, rule in enumerate(run.rules)}
    artifacts = {r.path: i for i, r in reversed(list(enumerate(run.results)))}
    results = []
    for index, result, f in _findings(run):
        paged = result.document is not None and result.document.paged
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(result.path), "index": index}}
        if f.line is not None:
            physical["region"] = {"startLine": f.line}
        location: dict[str, Any] = {"physicalLocation": physical}
        if f.section:
            location["logicalLocations"] = [{"name": f.section, "kind": "section"}]
        properties = {k: v for k, v in (("page", f.page if paged else None), ("paragraph", f.paragraph), ("section", f.section)) if v is not None}
        entry: dict[str, Any] = {
            "ruleId": f.rule,
            "level": SARIF_LEVEL[f.severity],
            "message": {"text": message_text(result, f)},
            "locations": [location],
            "partialFingerprints": {"judgecheck/v1": f.fingerprint},
            "properties": {**properties, "excerpt": f.excerpt},
        }
        if f.related:
            entry["relatedLocations"] = _sarif_related(f.related, artifacts)
        if f.rule in rule_index:
            entry["ruleIndex"] = rule_index[f.rule]
        results.append(entry)
    notifications: list[dict[str, Any]] = [
        {"level": "error", "message": {"text": p.message}, "descriptor": {"id": p.code}}
        for p in [*run.problems, *(r.error for r in run.results if r.error), *(p for r in run.results for p in r.rule_errors)]
    ]
    failed = bool(notifications)
    notifications += [
        {"level": "note", "message": {"text": f"{path}: {note}"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path), "index": index}}}]}
        for index, path, note in _notes(run)
    ]
    notifications += [
        {"level": "warning", "message": {"text": f"{path}: {note}"}, "descriptor": {"id": "unused-suppression"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path), **({"index": index} if index >= 0 else {})}}}]}
        for index, path, note in _unused(run)
    ]
    rules = [
        {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.summary or rule.name},
            "fullDescription": {"text": rule.help or rule.summary or rule.name},
            "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        }
        for rule in run.rules
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "judgecheck", "version": __version__, "rules": rules}},
                "artifacts": [{"location": {"uri": _uri(r.path)}} for r in run.results],
                "invocations": [{"executionSuccessful": not failed, "toolExecutionNotifications": notifications}],
                "results": results,
            }
        ],
    }


def write_sarif(run: Run, stream: TextIO, color: bool) -> None:
    json.dump(sarif_dict(run), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


#: Annotations of each kind (error, warning, notice) GitHub shows per step; a job shows 50 in all
#: (actions/toolkit, docs/problem-matchers.md, "Limitations"). Past it, annotations are silently dropped.
GITHUB_PER_STEP = 10


def _github_entries(run: Run) -> list[tuple[str, str, str]]:
    """(kind, annotation, plain log line) for each unreadable file, run problem, finding, reader's note and unused
    baseline suppression: errors first."""
    entries = []
    for result in run.results:
        if result.error:
            entries.append(("error", f"file={_github_escape(result.path, True)},title={result.error.code}::{_github_escape(result.error.message)}",
                            f"{result.path}: {result.error.code} [error] {result.error.message}"))
    for p in run.problems:
        entries.append(("error", f"title={p.code}::{_github_escape(p.message)}", f"{p.code} [error] {p.message}"))
    for _, path, note in _notes(run):
        entries.append(("notice", f"file={_github_escape(path, True)},title=note::{_github_escape(note)}", f"{path}: note: {note}"))
    for _, path, note in _unused(run):
        entries.append(("warning", f"file={_github_escape(path, True)},title=unused suppression::{_github_escape(note)}", f"{path}: {note}"))
    for _, result, f in _findings(run):
        where = [f"file={_github_escape(result.path, True)}"]
        if f.line is not None:
            where.append(f"line={f.line}")
        title = _github_escape(f"{f.rule} {f.name}", True)
        text = message_text(result, f)
        entries.append((GITHUB_COMMAND[f.severity], f"{','.join(where)},title={title}::{_github_escape(text)}",
                        f"{result.path}: {f.rule} [{f.severity}] {text}"))
    order = list(GITHUB_COMMAND.values())
    return sorted(entries, key=lambda entry: order.index(entry[0]))


def write_github(run: Run, stream: TextIO, color: bool) -> None:
    """GitHub Actions workflow commands: one annotation per finding, unreadable file, run problem and reader's note.

    Errors come first. Past GitHub's per-step limit for a kind, the rest of that kind are plain log
    lines, and one last annotation (of the most serious kind cut, in a slot kept for it) says so.
    """
    entries = _github_entries(run)
    kinds = list(GITHUB_COMMAND.values())
    total = {k: sum(e[0] == k for e in entries) for k in kinds}
    cut = [k for k in kinds if total[k] > GITHUB_PER_STEP]
    room = {k: GITHUB_PER_STEP - (1 if cut and k == cut[0] else 0) for k in kinds}
    shown = dict.fromkeys(kinds, 0)
    for kind, annotation, plain in entries:
        if shown[kind] < room[kind]:
            shown[kind] += 1
            stream.write(f"::{kind} {annotation}\n")
        else:
            stream.write(" ".join(plain.split()) + "\n")
    if cut:
        logged = {k: total[k] - shown[k] for k in kinds if total[k] > shown[k]}
        split = ", ".join(f"{n} {k}" for k, n in logged.items())
        findings = sum(len(r.findings) for r in run.results)
        summary = (f"judgecheck reported {findings} finding(s) in {len(run.results)} document(s); GitHub shows {GITHUB_PER_STEP} "
                   f"annotations of each kind per step, so {sum(logged.values())} ({split}) are only in this step's log, above.")
        stream.write(f"::{cut[0]} title=judgecheck%3A more in the log::{_github_escape(summary)}\n")


def write_junit(run: Run, stream: TextIO, color: bool) -> None:
    """JUnit XML: a test suite per document, a test case per finding (failure) or one passing case."""
    failures = sum(len(r.findings) for r in run.results)
    errors = sum(1 for r in run.results if r.error) + len(run.problems)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(f'<testsuites name="judgecheck" tests="{sum(max(len(r.findings), 1) for r in run.results)}" '
                 f'failures="{failures}" errors="{errors}">\n')
    for result in run.results:
        cases = max(len(result.findings), 1)
        stream.write(f'  <testsuite name={quoteattr(result.path)} tests="{cases}" failures="{len(result.findings)}" '
                     f'errors="{1 if result.error else 0}">\n')
        if result.error:
            stream.write(f'    <testcase name="read" classname={quoteattr(result.path)}>\n')
            stream.write(f'      <error type={quoteattr(result.error.code)} message={quoteattr(result.error.message)}/>\n')
            stream.write("    </testcase>\n")
        elif not result.findings:
            stream.write(f'    <testcase name="no findings" classname={quoteattr(result.path)}/>\n')
        for f in result.findings:
            where = ", ".join(p for p in (f"page {f.page}" if f.page and result.document and result.document.paged else "",
                                          f"line {f.line}" if f.line is not None else "", f"paragraph {f.paragraph}" if f.paragraph else "") if p)
            stream.write(f'    <testcase name={quoteattr(f"{f.rule} {where}".strip())} classname={quoteattr(result.path)}>\n')
            stream.write(f'      <failure type={quoteattr(f.severity)} message={quoteattr(f"{f.rule} {f.name}: {f.message}")}>'
                         f"{escape(f.excerpt)}</failure>\n")
            stream.write("    </testcase>\n")
        notes = result.document.notes if result.document else ()
        if notes:
            stream.write(f"    <system-out>{escape(chr(10).join(f'note: {n}' for n in notes))}</system-out>\n")
        stream.write("  </testsuite>\n")
    if run.unused:
        stream.write('  <testsuite name="baseline" tests="0" failures="0" errors="0">\n')
        stream.write(f"    <system-out>{escape(chr(10).join(f'{path}: {note}' for _, path, note in _unused(run)))}</system-out>\n")
        stream.write("  </testsuite>\n")
    stream.write("</testsuites>\n")


def write_rdjson(run: Run, stream: TextIO, color: bool) -> None:
    """reviewdog's Diagnostic Format (rdjson): findings, unreadable files (ERROR) and the readers' notes (INFO)."""
    diagnostics: list[dict[str, Any]] = [
        {"message": r.error.message, "location": {"path": r.path}, "severity": "ERROR", "code": {"value": r.error.code}}
        for r in run.results if r.error
    ]
    diagnostics += [{"message": note, "location": {"path": path}, "severity": "INFO", "code": {"value": "note"}}
                    for _, path, note in _notes(run)]
    diagnostics += [{"message": note, "location": {"path": path}, "severity": "WARNING", "code": {"value": "unused-suppression"}}
                    for _, path, note in _unused(run)]
    for _, result, f in _findings(run):
        location: dict[str, Any] = {"path": result.path}
        if f.line is not None:
            location["range"] = {"start": {"line": f.line}}
        diagnostics.append({
            "message": f.message,
            "location": location,
            "severity": RDJSON_SEVERITY[f.severity],
            "code": {"value": f.rule},
            "original_output": f.excerpt,
        })
    document = {"source": {"name": "judgecheck"}, "diagnostics": diagnostics}
    json.dump(document, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


@hookimpl
def judgecheck_formats() -> list[OutputFormat]:
    return [
        OutputFormat("sarif", write_sarif, "SARIF 2.1.0 (code scanning); page and paragraph in each result's properties"),
        OutputFormat("github", write_github, "GitHub Actions workflow annotations"),
        OutputFormat("junit", write_junit, "JUnit XML: a suite per document, a failing case per finding"),
        OutputFormat("rdjson", write_rdjson, "reviewdog Diagnostic Format"),
    ]
