"""judgecheck-send: area SEND inspections (Ofsted and CQC, 2023 on), as a judgecheck plugin.

Two hooks: ``judgecheck_frameworks`` hands over the framework in ``send.toml``,
``judgecheck_rules`` the rules of ``outcome.py`` (whose data is ``data/outcome.toml``) and
``reads_like.py``, ``judgecheck_reads_like`` the outcome reads-like model of ``reads_like.py``.
Nothing here reaches into judgecheck's internals.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from judgecheck.framework import Framework, load_frameworks
from judgecheck.hookimpl import hookimpl
from judgecheck.readslike import ReadsLikeProvider
from judgecheck.rules import Rule
from judgecheck_send.outcome import NextInspectionContradictsOutcome, PriorityActionsContradictOutcome
from judgecheck_send.reads_like import PROVIDER, ReportReadsLikeAnotherOutcome

__version__ = "0.1.0"


@hookimpl
def judgecheck_frameworks() -> list[Framework]:
    return load_frameworks(Path(str(files("judgecheck_send"))))


@hookimpl
def judgecheck_rules() -> list[type[Rule]]:
    return [NextInspectionContradictsOutcome, PriorityActionsContradictOutcome, ReportReadsLikeAnotherOutcome]


@hookimpl
def judgecheck_reads_like() -> list[ReadsLikeProvider]:
    return [PROVIDER]
