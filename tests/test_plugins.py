"""The plugin host: built-ins and entry points load; broken plugins and rules are contained."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from conftest import FIXTURES, SEED

from judgecheck import plugins
from judgecheck.check import check_file
from judgecheck.errors import BAD_FINDING, PLUGIN_FAILED, RULE_FAILED
from judgecheck.hookimpl import hookimpl
from judgecheck.language import Language
from judgecheck.model import Document
from judgecheck.plugins import PluginFound, load_registry
from judgecheck.rules import Hit, Rule, run_rules


def make_rule(rule_id: str, name: str, behaviour: str = "ok") -> type[Rule]:
    """A tiny rule class for tests: 'ok' yields one hit, 'raise' raises, 'junk' yields a string."""

    class Tiny(Rule):
        """A rule made by a test."""

        id = rule_id
        severity = "info"

        def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
            if behaviour == "raise":
                raise ValueError("boom")
            yield Hit("junk") if behaviour == "ok" else "junk"  # type: ignore[misc]

    Tiny.name = name
    return Tiny


def plugin_with(*rules: type[Rule]) -> SimpleNamespace:
    @hookimpl
    def judgecheck_rules() -> list[type[Rule]]:
        return list(rules)

    return SimpleNamespace(judgecheck_rules=judgecheck_rules)


def fake_entry_points(monkeypatch: pytest.MonkeyPatch, table: dict[str, object]) -> None:
    found = [PluginFound(name, f"fake:{name}", "fake-dist", "1.0") for name in sorted(table)]

    def load(found_plugin: PluginFound) -> object:
        value = table[found_plugin.name]
        if isinstance(value, Exception):
            raise value
        return value

    monkeypatch.setattr(plugins, "find_plugins", lambda: found)
    monkeypatch.setattr(plugins, "_import", load)


def test_builtin_plugins_load_through_entry_points() -> None:
    reg = load_registry()
    assert not reg.problems
    assert {".pdf", ".docx", ".md", ".txt"} <= set(reg.readers)
    assert {"ofsted-lac-2012", "ofsted-sif", "ofsted-ilacs", "ofsted-ilacs-2026"} <= {f.id for f in reg.frameworks}
    assert reg.rule_plugin["JC001"] == "consistency"
    assert {"text", "json"} <= set(reg.formats)


def test_autoload_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(plugins.NO_AUTOLOAD_ENV, "1")
    reg = load_registry()
    assert reg.frameworks == () and reg.rules == () and ".pdf" in reg.readers


def test_broken_and_clashing_plugins_are_reported_and_the_rest_load(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_entry_points(monkeypatch, {
        "a-good": plugin_with(make_rule("ZZ001", "first-defect")),
        "b-clash": plugin_with(make_rule("ZZ001", "same-id-defect")),
        "c-broken": ImportError("no module named nowhere"),
        "d-badid": plugin_with(make_rule("zz1", "bad-id")),
    })
    reg = load_registry()
    messages = [p.message for p in reg.problems]
    assert all(p.code == PLUGIN_FAILED for p in reg.problems)
    assert any("c-broken" in m and "ImportError" in m for m in messages)
    assert any("rule id ZZ001 is already declared by plugin a-good" in m for m in messages)
    assert any("zz1" in m and "ABC123" in m for m in messages)
    assert reg.rule_plugin == {"ZZ001": "a-good"}
    assert load_registry(disabled=["c-broken", "b-clash", "d-badid"]).problems == ()


def test_a_rule_that_raises_is_one_problem_and_the_others_run(registry: plugins.Registry) -> None:
    document = check_file(SEED, registry).document
    assert document is not None
    rules = [make_rule("ZZ001", "raises-defect", "raise"), make_rule("ZZ002", "fine-defect"), make_rule("ZZ003", "junk-defect", "junk")]
    findings, problems = run_rules(document, rules, None, plugin_of={"ZZ001": "tests"})
    assert [f.rule for f in findings] == ["ZZ002"]
    assert [p.code for p in problems] == [RULE_FAILED, BAD_FINDING]
    assert problems[0].message == "rule ZZ001 raises-defect (plugin tests) failed: ValueError: boom"
    assert problems[1].message == "rule ZZ003 junk-defect yielded a malformed hit (#1): str 'junk' instead of a Hit"


def test_rule_docs_have_the_fixed_sections(registry: plugins.Registry) -> None:
    for rule in registry.rules:
        doc = rule.__doc__ or ""
        for heading in ("**What it checks**", "**Why it matters**", "**Example**", "**Does not fire on**"):
            assert heading in doc, f"{rule.id} lacks {heading}"


def test_language_stage_splits_cheaply_and_parses_on_request() -> None:
    language = Language()
    sentences = language.sentences("Permanence is achieved without delay, e.g. by early planning. Some plans drift.")
    assert sentences == ["Permanence is achieved without delay, e.g. by early planning.", "Some plans drift."]
    assert [t.text for t in language.tokens(sentences[1])] == ["Some", "plans", "drift", "."]
    assert language.parsed_count == 0
    assert any(t.dep_ == "ROOT" and t.lemma_ == "achieve" for t in language.parse(sentences[0]))
    assert language.parsed_count == 1


def test_spacy_is_imported_only_for_rules_that_need_it() -> None:
    script = (
        "import sys; from pathlib import Path;"
        "from judgecheck.check import Selection, check_file; from judgecheck.plugins import load_registry;"
        "from judgecheck.cli import main;"
        "r = check_file(Path(sys.argv[1]), load_registry(), Selection(select=('JC001',)));"
        "assert r.status == 'checked';"
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script, str(FIXTURES / "trafford-2026-08-03.pdf")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
