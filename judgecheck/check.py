"""The runner: read -> structure -> language -> rules for each input path.

This is the one place that strings the stages together; each stage only sees
the record the one before it produced.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from judgecheck.errors import JudgecheckError
from judgecheck.language import Language
from judgecheck.model import DocumentResult, Problem, Severity
from judgecheck.plugins import Registry
from judgecheck.read import read_path
from judgecheck.rules import Rule, run_across, run_rules, stamp
from judgecheck.structure import build_document


@dataclass(frozen=True)
class Selection:
    """Which rules run, by id or id prefix, and severity overrides."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: tuple[tuple[str, Severity], ...] = ()

    def rules(self, available: Sequence[type[Rule]]) -> list[type[Rule]]:
        chosen = [r for r in available if not self.select or any(r.id.startswith(p) for p in self.select)]
        return [r for r in chosen if not any(r.id.startswith(p) for p in self.ignore)]


def expand_inputs(inputs: Iterable[str], suffixes: Iterable[str]) -> list[Path]:
    """Files named, and files of known suffixes under directories named, each once, in order."""
    known = {s.lower() for s in suffixes}
    out: list[Path] = []
    seen: set[str] = set()
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                found.extend(Path(root) / f for f in sorted(files) if Path(f).suffix.lower() in known)
        else:
            found = [path]
        for item in found:
            key = os.path.normpath(str(item))
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def check_file(path: Path, registry: Registry, selection: Selection = Selection()) -> DocumentResult:
    """Check one file; a file that cannot be read gives a result with its coded error."""
    try:
        source = read_path(path, registry.readers)
    except JudgecheckError as exc:
        return DocumentResult(str(path), None, error=Problem(exc.code, f"{path}: {exc}"))
    document = build_document(source, registry.frameworks)
    rules = selection.rules(registry.rules)
    language = Language() if any(r.needs_language for r in rules) else None
    findings, problems = run_rules(document, rules, language, dict(selection.severities), registry.rule_plugin)
    return DocumentResult(str(path), document, tuple(findings), rule_errors=tuple(problems))


def check_paths(paths: Sequence[Path], registry: Registry, selection: Selection = Selection()) -> list[DocumentResult]:
    """Check each file, then run the rules that compare the readable documents with each other."""
    results = [check_file(path, registry, selection) for path in paths]
    readable = [i for i, r in enumerate(results) if r.document is not None]
    rules = [r for r in selection.rules(registry.rules) if r.across]
    if len(readable) < 2 or not rules:
        return results
    documents = [d for d in (results[i].document for i in readable) if d is not None]
    language = Language() if any(r.needs_language for r in rules) else None
    found, problems = run_across(documents, rules, language, dict(selection.severities), registry.rule_plugin)  # type: ignore[arg-type]
    out = list(results)
    for n, i in enumerate(readable):
        extra = found.get(n, [])
        if extra or problems:
            r = results[i]
            out[i] = replace(r, findings=tuple(stamp(documents[n], [*r.findings, *extra])), rule_errors=(*r.rule_errors, *problems))
    return out
