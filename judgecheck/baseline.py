"""Baselines: known findings, kept outside the documents (a PDF has no comments to suppress them in).

A baseline is a JSON file of suppressions, each naming a file, a rule and a
finding's fingerprint (which depends on the words, not on page or line, so it
survives edits elsewhere) with the reason it is accepted. A run with a
baseline hides the findings it lists and reports every suppression that no
longer matches a finding of a checked file: fixed, or reworded, either way
the entry can go.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from judgecheck.errors import BAD_BASELINE, JudgecheckError
from judgecheck.model import DocumentResult

VERSION = 1
DEFAULT_REASON = "present when the baseline was written"


@dataclass(frozen=True)
class Suppression:
    """One accepted finding."""

    path: str
    rule: str
    fingerprint: str
    message: str
    reason: str


def _key(path: str) -> str:
    """A file's path as a baseline stores it: relative to the current directory where possible, with /."""
    absolute = Path(os.path.realpath(path))  # Path.resolve raises on a loop of symbolic links
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def build(results: Sequence[DocumentResult], reason: str = DEFAULT_REASON) -> str:
    """The baseline text for every finding of ``results``."""
    entries = sorted(
        ({"path": _key(r.path), "rule": f.rule, "fingerprint": f.fingerprint, "message": f.message, "reason": reason}
         for r in results for f in r.findings),
        key=lambda e: (e["path"], e["rule"], e["fingerprint"]),
    )
    return json.dumps({"judgecheck_baseline": VERSION, "suppressions": entries}, indent=2, ensure_ascii=False) + "\n"


def load(path: Path) -> list[Suppression]:
    """A baseline's suppressions; a malformed file is an error naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("judgecheck_baseline") != VERSION:
            raise ValueError(f"not a judgecheck baseline of version {VERSION}")
        out = []
        for entry in data["suppressions"]:
            suppression = Suppression(**{k: str(entry[k]) for k in ("path", "rule", "fingerprint", "message", "reason")})
            if not suppression.reason.strip():
                raise ValueError(f"the suppression of {suppression.rule} in {suppression.path} gives no reason")
            out.append(suppression)
        return out
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise JudgecheckError(BAD_BASELINE, f"{path}: {exc}") from None


@dataclass(frozen=True)
class Applied:
    """A run's results with suppressed findings removed, and what the baseline did."""

    results: list[DocumentResult]
    suppressed: int
    unused: list[Suppression]


def apply(results: Sequence[DocumentResult], suppressions: Sequence[Suppression]) -> Applied:
    """Hide suppressed findings; suppressions of checked files that match nothing are unused."""
    wanted = {(s.path, s.fingerprint): s for s in suppressions}
    used: set[tuple[str, str]] = set()
    out = []
    for result in results:
        key = _key(result.path)
        kept = []
        for finding in result.findings:
            if (key, finding.fingerprint) in wanted:
                used.add((key, finding.fingerprint))
            else:
                kept.append(finding)
        out.append(replace(result, findings=tuple(kept)))
    checked = {_key(r.path) for r in results if r.document is not None}
    unused = [s for k, s in wanted.items() if k not in used and s.path in checked]
    return Applied(out, len(used), sorted(unused, key=lambda s: (s.path, s.rule, s.fingerprint)))
