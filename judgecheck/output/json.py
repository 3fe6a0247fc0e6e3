"""The JSON output: the stable contract documented in the README."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from judgecheck import __version__
from judgecheck.hookimpl import hookimpl
from judgecheck.model import SEVERITIES, DocumentResult, Reading
from judgecheck.output import OutputFormat, Run


def reads_like_dict(reading: Reading) -> dict[str, Any] | None:
    """A reading's ``reads_like``: the grade, a probability per grade, and where it sits among published units."""
    reads = reading.reads_like
    if reads is None:
        return None
    place = reading.placement
    return {
        "grade": reads.grade, "probabilities": dict(reads.probabilities), "departure": reads.departure or None,
        "placement": None if place is None else {
            "grade": place.grade, "area": place.area, "published": place.published, "score_percentile": place.score_percentile,
            "shortcomings_per_100": place.shortcomings_per_100, "shortcoming_percentile": place.shortcoming_percentile,
        },
    }


def document_dict(result: DocumentResult) -> dict[str, Any]:
    """One document of the contract."""
    doc = result.document
    return {
        "path": result.path,
        "status": result.status,
        "error": {"code": result.error.code, "message": result.error.message} if result.error else None,
        "framework": doc.framework if doc else None,
        "pages": doc.pages if doc else None,
        "judgements": [
            {"area": j.area, "label": j.label, "grade": j.grade, "page": j.page if doc and doc.paged else None}
            for j in (doc.judgements if doc else ())
        ],
        "findings": [
            {
                "rule": f.rule, "name": f.name, "severity": f.severity, "message": f.message,
                "page": f.page if doc and doc.paged else None, "line": f.line, "section": f.section,
                "paragraph": f.paragraph, "excerpt": f.excerpt, "fingerprint": f.fingerprint,
                "related": [
                    {"path": p.path, "page": p.page, "line": p.line, "section": p.section, "paragraph": p.paragraph, "excerpt": p.excerpt}
                    for p in f.related
                ],
            }
            for f in result.findings
        ],
        "problems": [{"code": p.code, "message": p.message} for p in result.rule_errors],
        "notes": list(doc.notes) if doc else [],
        "sections": [
            {"title": r.title, "area": r.area, "grade": r.grade, "page": r.page if doc and doc.paged else None,
             "reads_like": reads_like_dict(r), "note": r.note or None}
            for r in (doc.readings if doc else ()) if r.unit == "section"
        ],
        "reads_like": next((reads_like_dict(r) for r in (doc.readings if doc else ()) if r.unit == "document"), None),
    }


def run_dict(run: Run) -> dict[str, Any]:
    """The whole contract for a run."""
    severities: Counter[str] = Counter(f.severity for r in run.results for f in r.findings)
    rules: Counter[str] = Counter(f.rule for r in run.results for f in r.findings)
    return {
        "judgecheck_version": __version__,
        "documents": [document_dict(r) for r in run.results],
        "problems": [{"code": p.code, "message": p.message} for p in run.problems],
        "summary": {
            "documents": len(run.results),
            "checked": sum(r.status == "checked" for r in run.results),
            "errors": sum(r.status == "error" for r in run.results),
            "findings": sum(severities.values()),
            "by_severity": {s: severities.get(s, 0) for s in SEVERITIES},
            "by_rule": dict(sorted(rules.items())),
            "baseline": {
                "suppressed": run.suppressed,
                "unused": [
                    {"path": s.path, "rule": s.rule, "fingerprint": s.fingerprint, "message": s.message, "reason": s.reason}
                    for s in run.unused
                ],
            },
        },
    }


def write_json(run: Run, stream: TextIO, color: bool) -> None:
    json.dump(run_dict(run), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


@hookimpl
def judgecheck_formats() -> list[OutputFormat]:
    return [OutputFormat("json", write_json, "the JSON contract (stable; see the README)")]
