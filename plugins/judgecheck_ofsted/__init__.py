"""Ofsted's children's services inspection frameworks, 2012 to today, as a judgecheck plugin.

The frameworks themselves are data under ``rules/frameworks`` (installed as
``judgecheck_rules/frameworks``); this plugin only hands them to judgecheck.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from judgecheck.framework import Framework, load_frameworks
from judgecheck.hookimpl import hookimpl
from judgecheck.readslike import ReadsLikeProvider
from judgecheck_ofsted.reads_like import PROVIDER

FRAMEWORKS = Path(str(files("judgecheck_rules") / "frameworks"))


@hookimpl
def judgecheck_frameworks() -> list[Framework]:
    return [fw for fw in load_frameworks(FRAMEWORKS) if fw.inspectorate == "Ofsted"]


@hookimpl
def judgecheck_reads_like() -> list[ReadsLikeProvider]:
    return [PROVIDER]
