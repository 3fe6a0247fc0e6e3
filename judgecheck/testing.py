"""Helpers for rule authors' tests: check a snippet, or one sentence against a rule file.

    from judgecheck.testing import check_text, fires

    def test_my_rule():
        findings = check_text("# Summary\\n\\nChildren wait too long.\\n", select=["XY1"])
        assert [f.rule for f in findings] == ["XY101"]
        assert fires("XY101", "Children wait too long.")
        assert not fires("XY101", "Children do not wait.")

They use the installed plugins (yours included, once installed) exactly as the
``judgecheck`` command does.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from judgecheck.check import Selection, check_file
from judgecheck.language import Language
from judgecheck.model import Finding
from judgecheck.plugins import Registry, load_registry
from judgecheck.rulefile import FileRule

_REGISTRY: Registry | None = None


def registry() -> Registry:
    """The installed plugins, loaded once per test session."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = load_registry()
    return _REGISTRY


def check_text(text: str, select: Sequence[str] = (), suffix: str = ".md") -> list[Finding]:
    """The findings for ``text`` read as a file of ``suffix`` (Markdown by default), of the rules selected."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"snippet{suffix}"
        path.write_text(text, encoding="utf-8")
        result = check_file(path, registry(), Selection(tuple(select)))
    if result.error:
        raise AssertionError(f"the snippet could not be read: {result.error.message}")
    if result.rule_errors:
        raise AssertionError("; ".join(p.message for p in result.rule_errors))
    return list(result.findings)


def fires(rule_id: str, sentence: str) -> bool:
    """True when the rule file ``rule_id`` matches ``sentence`` (its section grade aside)."""
    rule = next((r for r in registry().rules if r.id == rule_id), None)
    if rule is None or not issubclass(rule, FileRule):
        raise AssertionError(f"{rule_id} is not an installed rule file")
    return bool(rule.compiled().matches(Language().parse(sentence)))
