"""Broken plugins as real distributions: each failure is one precise problem, and the built-in findings all stay.

One temporary environment holds a wheel of judgecheck and a wheel of each broken
plugin: a rule that raises, one that loops, one that yields malformed hits (and
a rule comparing documents with a bad index), a plugin whose import fails, and
two plugins declaring the same rule id.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import SEED
from wheels import (
    CLI,
    ROOT,
    broken_plugin,
    build_wheel,
    isolated,
    plugin_project,
    run_isolated,
)

HEADER = "from judgecheck.hookimpl import hookimpl\nfrom judgecheck.rules import Hit, Rule\n\n\n"


def rule_plugin(rule_id: str, name: str, body: str, extra: str = "") -> str:
    """A plugin module adding one rule whose check() is ``body`` (and any ``extra`` class lines)."""
    return HEADER + (
        f"class Demo(Rule):\n    '''A rule of a broken plugin.'''\n\n    id = {rule_id!r}\n    name = {name!r}\n{extra}\n"
        f"    def check(self, document, language):\n{body}\n\n\n"
        "@hookimpl\ndef judgecheck_rules():\n    return [Demo]\n"
    )


PLUGINS = {
    # distribution: (entry point, module source)
    "judgecheck-raising": ("raising", rule_plugin("ZX001", "raises-always", "        raise RuntimeError('a bug in the plugin')\n        yield")),
    "judgecheck-looping": ("looping", rule_plugin("ZX002", "loops-forever", "        while True:\n            pass\n        yield")),
    "judgecheck-malformed": ("malformed", HEADER + (
        "class Junk(Rule):\n    '''Yields a hit with a severity that does not exist.'''\n\n    id = 'ZX003'\n    name = 'junk-hits'\n\n"
        "    def check(self, document, language):\n        yield Hit('fine')\n        yield Hit('odd', severity='fatal')\n\n\n"
        "class Across(Rule):\n    '''Names a document that is not in the run.'''\n\n    id = 'ZX004'\n    name = 'bad-index'\n    across = True\n\n"
        "    def check(self, document, language):\n        return ()\n\n"
        "    def check_across(self, documents, language):\n        yield len(documents), Hit('no such document')\n\n\n"
        "@hookimpl\ndef judgecheck_rules():\n    return [Junk, Across]\n"
    )),
    "judgecheck-dupe-a": ("dupe-a", rule_plugin("ZX005", "first-claim", "        yield Hit('from the first plugin to claim ZX005')")),
    "judgecheck-dupe-b": ("dupe-b", rule_plugin("ZX005", "second-claim", "        yield Hit('from the second plugin')")),
}
DISABLE = [arg for entry in ["broken", *(entry for entry, _ in PLUGINS.values())] for arg in ("--disable-plugin", entry)]
#: Long enough for every built-in rule on the seed with two workers sharing the cores (JC101 parses most sentences:
#: about 2.5 s alone, 5 s beside a second worker), short enough that the looping rule does not hold the run up long.
RULE_TIMEOUT = "20"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A clean run and a run with every broken plugin, on the seed and a copy of it, in one isolated environment.

    Both runs compare the documents with each other (``--compare-documents``): rules with ``across`` run only then.
    """
    where = tmp_path_factory.mktemp("broken-plugins")
    dist = where / "dist"
    wheels = [build_wheel(ROOT, dist), broken_plugin(where)]
    wheels += [build_wheel(plugin_project(where, name, entry, code), dist) for name, (entry, code) in PLUGINS.items()]
    python = isolated(where, wheels)
    copy = where / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    reports = [str(SEED), str(copy)]
    clean = run_isolated(python, CLI, "--format", "json", "--no-cache", "--compare-documents", *DISABLE, *reports, cwd=where)
    text = where / "broken.txt"
    broken = run_isolated(python, CLI, "--format", "json", "--output-format", f"text:{text}", "--no-cache", "--compare-documents",
                          "--rule-timeout", RULE_TIMEOUT, *reports, cwd=where)
    return {"clean": clean, "broken": broken, "text": text.read_text(encoding="utf-8")}


def test_the_clean_run_has_findings(runs: dict[str, Any]) -> None:
    clean = runs["clean"]
    assert clean.returncode == 1, clean.stderr
    assert all(d["findings"] and not d["problems"] for d in json.loads(clean.stdout)["documents"])


def test_plugins_that_fail_to_load_or_clash_are_named(runs: dict[str, Any]) -> None:
    broken = runs["broken"]
    assert broken.returncode == 2, broken.stderr
    assert json.loads(broken.stdout)["problems"] == [
        {"code": "E102", "message": "plugin broken (judgecheck_broken) failed to load: ImportError: a missing dependency"},
        {"code": "E102", "message": "plugin dupe-b: rule id ZX005 is already declared by plugin dupe-a"},
    ]


def test_each_broken_rule_is_one_precise_problem_per_document(runs: dict[str, Any]) -> None:
    expected = [
        {"code": "E101", "message": "rule ZX001 raises-always (plugin raising) failed: RuntimeError: a bug in the plugin"},
        {"code": "E107", "message": f"rule ZX002 loops-forever (plugin looping) exceeded its time limit of {RULE_TIMEOUT} s (rule-timeout) "
                                    "and was stopped"},
        {"code": "E108", "message": "rule ZX003 junk-hits (plugin malformed) yielded a malformed hit (#2): "
                                    "severity 'fatal' is not one of error, warning, info"},
        {"code": "E108", "message": "rule ZX004 bad-index (plugin malformed) yielded a malformed hit (#1): document index 2 is not one of 0 to 1"},
    ]
    for document in json.loads(runs["broken"].stdout)["documents"]:
        assert document["problems"] == expected
    for problem in expected:
        assert f"error {problem['code']}: {problem['message']}" in runs["text"]


def test_every_built_in_finding_is_still_reported(runs: dict[str, Any]) -> None:
    clean, broken = (json.loads(runs[name].stdout)["documents"] for name in ("clean", "broken"))
    for before, after in zip(clean, broken, strict=True):
        assert [f for f in after["findings"] if not f["rule"].startswith("ZX")] == before["findings"]
        # The first plugin to claim an id keeps it; its rule runs.
        assert [f["message"] for f in after["findings"] if f["rule"].startswith("ZX")] == ["from the first plugin to claim ZX005"]
