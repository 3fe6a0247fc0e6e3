"""The report stage: output formats render the results of a run.

Formats are plugins (see :func:`judgecheck.hookspecs.judgecheck_formats`); the
built-in ones are ``text`` (rich, for terminals) and ``json`` (the stable contract).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from judgecheck.baseline import Suppression
from judgecheck.model import DocumentResult, Problem


@dataclass(frozen=True)
class RuleInfo:
    """What a format may say about a rule that ran (SARIF lists them)."""

    id: str
    name: str
    severity: str
    summary: str
    help: str = ""


@dataclass(frozen=True)
class Run:
    """What an output format renders: the results in input order, run-wide problems, the rules that ran."""

    results: Sequence[DocumentResult]
    problems: Sequence[Problem] = ()
    fail_on: str = "warning"
    rules: Sequence[RuleInfo] = ()
    #: Findings a baseline hid, and its suppressions that matched no finding of a checked file.
    suppressed: int = 0
    unused: Sequence[Suppression] = ()
    #: The file the output goes to (None: standard output): links to the inputs are relative to its folder.
    destination: Path | None = None


@dataclass(frozen=True)
class OutputFormat:
    """A named way to write a run's results to a stream."""

    name: str
    write: Callable[[Run, TextIO, bool], None]
    description: str = ""
