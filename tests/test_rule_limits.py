"""Rules that hang or yield junk: stopped at their time limit (E107) or reported as malformed (E108), the rest intact."""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEED, run_cli
from test_plugins import plugin_with

from judgecheck import plugins
from judgecheck.check import Options, Selection, check_file, check_paths
from judgecheck.config import load_config
from judgecheck.errors import BAD_CONFIG, BAD_FINDING, RULE_TIMEOUT, JudgecheckError
from judgecheck.language import Language
from judgecheck.model import Block, Document
from judgecheck.plugins import PluginFound, Registry, load_registry
from judgecheck.rules import (
    Hit,
    Related,
    Rule,
    malformed,
    run_across,
    run_rules,
    time_limit,
)

PARAGRAPH = Block("paragraph", "text", 1)


class Loops(Rule):
    """Never finishes, and swallows every Exception on the way."""

    id = "ZZ101"
    name = "loops-forever"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        while True:
            with contextlib.suppress(Exception):  # the limit must get through this
                time.sleep(0.01)
        yield Hit("never")


class Fine(Rule):
    """Yields one hit."""

    id = "ZZ102"
    name = "fine-defect"
    severity = "info"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        yield Hit("fine", page=1)


def yielding(rule_id: str, *items: object, across: bool = False) -> type[Rule]:
    """A rule that yields ``items`` from check(), or from check_across() when ``across``."""

    class Yields(Rule):
        """Yields what a test gives it."""

        id = rule_id
        name = "yields-things"

        def check(self, document: Document, language: Language | None) -> Iterator[object]:  # type: ignore[override]
            yield from () if across else items

        def check_across(self, documents: Sequence[Document], language: Language | None) -> Iterator[object]:  # type: ignore[override]
            yield from items

    Yields.across = across
    return Yields


def add_plugin(monkeypatch: pytest.MonkeyPatch, name: str, plugin: object) -> None:
    """Make ``plugin`` an installed plugin besides the real ones."""
    real_find, real_import = plugins.find_plugins, plugins._import
    fake = PluginFound(name, f"fake:{name}", "fake-dist", "1.0")
    monkeypatch.setattr(plugins, "find_plugins", lambda: sorted([*real_find(), fake], key=lambda p: (p.name, p.value)))
    monkeypatch.setattr(plugins, "_import", lambda found: plugin if found == fake else real_import(found))


@pytest.fixture(scope="module")
def seed(registry: Registry) -> Document:
    document = check_file(SEED, registry).document
    assert document is not None
    return document


def test_a_rule_that_loops_is_stopped_and_the_others_keep_their_findings(seed: Document) -> None:
    previous = signal.signal(signal.SIGALRM, signal.SIG_IGN)
    try:
        started = time.monotonic()
        findings, problems = run_rules(seed, [Loops, Fine], None, plugin_of={"ZZ101": "looping"}, timeout=0.2)
        assert time.monotonic() - started < 5
        assert signal.getsignal(signal.SIGALRM) == signal.SIG_IGN  # the handler before is back
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert [(p.code, p.message) for p in problems] == [
        (RULE_TIMEOUT, "rule ZZ101 loops-forever (plugin looping) exceeded its time limit of 0.2 s (rule-timeout) and was stopped"),
    ]
    assert [f.rule for f in findings] == ["ZZ102"]


def test_a_timer_already_running_is_restored() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with time_limit(10):
            pass
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 0.5
        time.sleep(0.7)
        assert fired == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_no_limit_means_no_timer() -> None:
    with time_limit(0):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize(("item", "wrong"), [
    ("junk", "str 'junk' instead of a Hit"),
    (Hit(42), "message must be a str, not int 42"),  # type: ignore[arg-type]
    (Hit("m", severity="fatal"), "severity 'fatal' is not one of error, warning, info"),  # type: ignore[arg-type]
    (Hit("m", page="3"), "page must be an int or None, not str '3'"),  # type: ignore[arg-type]
    (Hit("m", line=True), "line must be an int or None, not bool True"),
    (Hit("m", excerpt=None), "excerpt must be a str, not NoneType None"),  # type: ignore[arg-type]
    (Hit("m", section="Leadership"), "section must be a Section or None, not str"),  # type: ignore[arg-type]
    (Hit("m", block=Block("paragraph", "text", 1)), None),
    (Hit("m", related=[]), "related must be a tuple of Related, not list"),  # type: ignore[arg-type]
    (Hit("m", related=("elsewhere",)), "related place #1: str 'elsewhere' instead of a Related"),  # type: ignore[arg-type]
    (Hit("m", related=(Related(),)), "related place #1: names neither a block nor a section"),
    (Hit("m", related=(Related(PARAGRAPH, excerpt=3),)), "related place #1: excerpt must be a str, not int 3"),  # type: ignore[arg-type]
    (Hit("m", related=(Related(PARAGRAPH, document=0),)),
     "related place #1: document must be None in check (an index only in check_across)"),
    (Hit("m", related=(Related(PARAGRAPH),)), None),
])
def test_each_kind_of_malformed_hit_is_named(item: object, wrong: str | None) -> None:
    assert malformed(item) == wrong


def test_a_related_place_resolves_to_its_document(seed: Document) -> None:
    _, block = seed.blocks()[5]
    section = next(s for s in seed.sections if block in s.blocks)
    other = replace(seed, path="other.txt")
    points = yielding("ZZ106", (0, Hit("m", related=(Related(block, section, document=1), Related(block)))), across=True)
    found, problems = run_across([seed, other], [points], None)
    assert not problems
    (finding,) = found[0]
    assert [(p.path, p.line, p.section, p.excerpt) for p in finding.related] == [
        ("other.txt", block.line, section.title or None, block.text), (seed.path, block.line, None, block.text)]


def test_a_rule_yielding_a_malformed_hit_is_one_problem_and_the_others_run(seed: Document) -> None:
    bad = yielding("ZZ103", Hit("ok"), Hit("m", severity="fatal"))  # type: ignore[arg-type]
    findings, problems = run_rules(seed, [bad, Fine], None, plugin_of={"ZZ103": "junky"})
    assert [(p.code, p.message) for p in problems] == [
        (BAD_FINDING, "rule ZZ103 yields-things (plugin junky) yielded a malformed hit (#2): severity 'fatal' is not one of error, warning, info"),
    ]
    assert [f.rule for f in findings] == ["ZZ102"]


def test_a_rule_with_a_bad_default_severity_is_reported(seed: Document) -> None:
    bad = yielding("ZZ104", Hit("ok"))
    bad.severity = "severe"  # type: ignore[assignment]
    _, problems = run_rules(seed, [bad], None)
    assert [p.message for p in problems] == ["rule ZZ104 yields-things has severity 'severe', not one of error, warning, info"]


@pytest.mark.parametrize(("items", "wrong"), [
    ([(2, Hit("m"))], "(#1): document index 2 is not one of 0 to 1"),
    ([(0, Hit("m")), (-1, Hit("m"))], "(#2): document index -1 is not one of 0 to 1"),
    ([(True, Hit("m"))], "(#1): document index True is not one of 0 to 1"),
    ([Hit("m")], "(#1): Hit instead of a (document index, Hit) pair"),
    ([(0, "m")], "(#1): str 'm' instead of a Hit"),
    ([(0, Hit("m"), 1)], "(#1): tuple instead of a (document index, Hit) pair"),
    ([(0, Hit("m", related=(Related(PARAGRAPH, document=2),)))], "(#1): related place #1: document index 2 is not one of 0 to 1"),
])
def test_check_across_with_bad_items_is_reported(seed: Document, items: list[object], wrong: str) -> None:
    bad = yielding("ZZ105", *items, across=True)
    found, problems = run_across([seed, seed], [bad], None, plugin_of={"ZZ105": "across"})
    assert found == {}
    assert [(p.code, p.message) for p in problems] == [(BAD_FINDING, f"rule ZZ105 yields-things (plugin across) yielded a malformed hit {wrong}")]


def test_check_across_is_time_limited_too(seed: Document) -> None:
    class LoopsAcross(Loops):
        """Compares documents forever."""

        id = "ZZ106"
        name = "compares-forever"
        across = True

        def check_across(self, documents: Sequence[Document], language: Language | None) -> Iterator[tuple[int, Hit]]:
            yield from ((0, hit) for hit in self.check(documents[0], language))

    found, problems = run_across([seed, seed], [LoopsAcross, yielding("ZZ107", (1, Hit("m")), across=True)], None, timeout=0.2)
    assert [p.code for p in problems] == [RULE_TIMEOUT] and "ZZ106 compares-forever exceeded its time limit of 0.2 s" in problems[0].message
    assert [f.rule for f in found[1]] == ["ZZ107"]


def test_pool_workers_stop_looping_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    add_plugin(monkeypatch, "looping", plugin_with(Loops))
    registry = load_registry()
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    # The structural rules (JC0..) only: fast enough for a short limit on a shared machine.
    results = check_paths([SEED, copy], registry, Options(Selection(select=("ZZ", "JC0")), jobs=2, rule_timeout=1))
    for result in results:
        assert [p.code for p in result.rule_errors] == [RULE_TIMEOUT]
        assert "ZZ101 loops-forever (plugin looping)" in result.rule_errors[0].message
        assert {f.rule for f in result.findings} == {f.rule for f in results[0].findings} and result.findings


def test_the_flag_stops_a_looping_plugin_rule_and_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    clean = json.loads(run_cli("--format", "json", "--no-cache", "--select", "JC0", str(SEED)).stdout)["documents"][0]
    add_plugin(monkeypatch, "looping", plugin_with(Loops))
    result = run_cli("--format", "json", "--no-cache", "--rule-timeout", "1", "--select", "JC0", "--select", "ZZ", str(SEED))
    assert result.exit_code == 2
    document = json.loads(result.stdout)["documents"][0]
    assert document["problems"] == [{"code": "E107", "message": "rule ZZ101 loops-forever (plugin looping) exceeded its time limit of 1 s (rule-timeout) and was stopped"}]
    assert document["findings"] == clean["findings"] and clean["findings"]


@pytest.mark.parametrize(("text", "value"), [("rule-timeout = 5", 5.0), ("rule-timeout = 0.5", 0.5), ("rule-timeout = 0", 0.0),
                                             ("rule-timeout = 1e9", 1e9)])
def test_the_config_key_takes_seconds(tmp_path: Path, text: str, value: float) -> None:
    (tmp_path / "judgecheck.toml").write_text(text + "\n")
    assert load_config(tmp_path / "judgecheck.toml")["rule-timeout"] == value


@pytest.mark.parametrize(("text", "message"), [
    ('rule-timeout = "5"', "'rule-timeout' must be a float"),
    ("rule-timeout = true", "'rule-timeout' must be a float"),
    ("rule-timeout = -1", "'rule-timeout' must be a number of seconds from 0 (no limit) to 1e+09"),
    ("rule-timeout = inf", "'rule-timeout' must be a number of seconds from 0 (no limit) to 1e+09"),
    ("rule-timeout = 1e10", "'rule-timeout' must be a number of seconds from 0 (no limit) to 1e+09"),
    ("rule-timout = 5", "unknown key 'rule-timout'"),
])
def test_a_bad_config_value_is_refused(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "judgecheck.toml").write_text(text + "\n")
    with pytest.raises(JudgecheckError) as caught:
        load_config(tmp_path / "judgecheck.toml")
    assert caught.value.code == BAD_CONFIG and message in str(caught.value)


def test_config_show_lists_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert "rule-timeout = 60.0  # default" in run_cli("config", "--show").stdout.splitlines()
    (tmp_path / "judgecheck.toml").write_text("rule-timeout = 10\n")
    assert f"rule-timeout = 10.0  # {tmp_path / 'judgecheck.toml'}" in run_cli("config", "--show").stdout.splitlines()


def test_sigterm_still_ends_a_run_stuck_in_a_rule(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from test_plugins import plugin_with\n"
        "from test_rule_limits import Loops, add_plugin\n"
        "import pytest\n"
        "class Announces(Loops):\n"
        "    def check(self, document, language):\n"
        "        print('looping', file=sys.stderr, flush=True)\n"
        "        yield from super().check(document, language)\n"
        "patch = pytest.MonkeyPatch()\n"
        "add_plugin(patch, 'looping', plugin_with(Announces))\n"
        "from judgecheck.cli import main\n"
        "main(['--no-cache', '--rule-timeout', '60', sys.argv[1]])\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(SEED)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).parent)
    assert proc.stderr is not None
    assert proc.stderr.readline().strip() == "looping"
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert "judgecheck: interrupted; nothing was written" in stderr and "Traceback" not in stderr
