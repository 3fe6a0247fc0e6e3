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


def _keys(path: str, base: Path) -> list[str]:
    """The ways a baseline in directory ``base`` may name a file: relative to ``base`` (``..`` allowed), with /.

    The first is the path as written (symbolic links kept), the second with links resolved, so a baseline
    matches whichever way the file or the baseline's directory is reached. A file on another drive than the
    baseline is named by its absolute path.
    """
    keys = []
    for resolve in (os.path.abspath, os.path.realpath):  # realpath, unlike Path.resolve, does not raise on a link loop
        target = resolve(path)
        try:
            keys.append(Path(os.path.relpath(target, resolve(base))).as_posix())
        except ValueError:
            keys.append(Path(target).as_posix())
    return keys


def build(results: Sequence[DocumentResult], base: Path, reason: str = DEFAULT_REASON) -> str:
    """The baseline text for every finding of ``results``, to be written in directory ``base``."""
    entries = sorted(
        ({"path": _keys(r.path, base)[0], "rule": f.rule, "fingerprint": f.fingerprint, "message": f.message, "reason": reason}
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


def apply(results: Sequence[DocumentResult], suppressions: Sequence[Suppression], base: Path) -> Applied:
    """Hide suppressed findings (the baseline's paths are relative to its directory ``base``, whatever the current one).

    Suppressions of checked files that match nothing are unused (reported as the baseline writes them, to find and remove).
    """
    wanted = {(s.path, s.fingerprint): s for s in suppressions}
    used: set[tuple[str, str]] = set()
    checked: set[str] = set()
    out = []
    for result in results:
        keys = _keys(result.path, base)
        if result.document is not None:
            checked.update(keys)
        kept = []
        for finding in result.findings:
            match = next(((k, finding.fingerprint) for k in keys if (k, finding.fingerprint) in wanted), None)
            if match:
                used.add(match)
            else:
                kept.append(finding)
        out.append(replace(result, findings=tuple(kept)))
    unused = [s for k, s in wanted.items() if k not in used and s.path in checked]
    return Applied(out, len(used), sorted(unused, key=lambda s: (s.path, s.rule, s.fingerprint)))
