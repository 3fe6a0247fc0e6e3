"""Batch runs: processes, the cache, the reference parse mode, globs, and start-up without spaCy."""

from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, run_cli

from judgecheck import check as check_module
from judgecheck.cache import Cache
from judgecheck.check import Selection, check_file, configuration_salt, expand_inputs
from judgecheck.plugins import Registry

REPORTS = [str(FIXTURES / "cambridgeshire-2019-02-18.pdf"), str(SEED), str(FIXTURES / "birmingham-2012-10-19.pdf"),
           str(FIXTURES / "medway-2013-08-23.pdf")]


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_jobs_do_not_change_the_output(fmt: str) -> None:
    one = run_cli("--format", fmt, "--no-cache", "--jobs", "1", *REPORTS)
    two = run_cli("--format", fmt, "--no-cache", "--jobs", "2", *REPORTS)
    assert one.exit_code == two.exit_code == 2  # the HTML file named .pdf
    assert one.stdout == two.stdout
    if fmt == "json":
        assert [Path(d["path"]).name for d in json.loads(two.stdout)["documents"]] == [Path(r).name for r in REPORTS]


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_a_warm_cache_gives_the_same_output_without_reading(private_cache: Path, monkeypatch: pytest.MonkeyPatch,
                                                            fmt: str) -> None:
    cold = run_cli("--format", fmt, "--jobs", "1", *REPORTS[:2])
    assert list(private_cache.rglob("*.json")), "the first run fills the cache"

    def no_reading(*_: object) -> None:
        raise AssertionError("a cached file was read again")

    monkeypatch.setattr(check_module, "read_path", no_reading)
    warm = run_cli("--format", fmt, "--jobs", "1", *REPORTS[:2])
    assert warm.stdout == cold.stdout and warm.exit_code == cold.exit_code


def test_a_corrupt_cache_entry_is_ignored_and_rebuilt(private_cache: Path) -> None:
    cold = run_cli("--format", "json", str(SEED))
    entries = list(private_cache.rglob("*.json"))
    assert len(entries) == 1
    entries[0].write_text('{"path": "half an entr', encoding="utf-8")
    again = run_cli("--format", "json", str(SEED))
    assert again.stdout == cold.stdout
    assert json.loads(entries[0].read_text(encoding="utf-8"))["document"]["framework"] == "ofsted-sif"


def test_the_cache_key_reads_the_rules_data_files(registry: Registry) -> None:
    # A learned rule names its model files (Rule.data); a retrained model must not be answered from
    # the old model's cached results.
    from judgecheck.check import _sources

    learned = next(r for r in registry.rules if r.id == "JC101")
    assert learned.data and set(learned.data) <= _sources(registry)


def test_no_cache_writes_nothing(private_cache: Path) -> None:
    run_cli("--no-cache", str(SEED))
    assert not list(private_cache.rglob("*"))


def test_the_cache_key_follows_the_configuration(registry: Registry, tmp_path: Path) -> None:
    everything = configuration_salt(registry, Selection())
    assert everything == configuration_salt(registry, Selection())
    assert everything != configuration_salt(registry, Selection(select=("JC1",)))
    cache = Cache(tmp_path, everything)
    result = check_file(SEED, registry, cache=cache)
    moved = tmp_path / "elsewhere.txt"
    moved.write_bytes(SEED.read_bytes())
    hit = cache.get(cache.key(moved.read_bytes()), str(moved))
    assert hit is not None and hit.path == str(moved) and hit.document is not None and hit.document.path == str(moved)
    # The related places (a repeated passage's earlier copy) are in the moved file too.
    assert any(f.related for f in hit.findings)
    assert hit.findings == tuple(replace(f, related=tuple(replace(p, path=str(moved)) for p in f.related)) for f in result.findings)


@pytest.mark.parametrize("name", ["cambridgeshire-2019-02-18.pdf", "peterborough-2015-09-18.pdf", SEED.name])
def test_parsing_only_candidates_loses_no_finding(registry: Registry, name: str) -> None:
    lazy = check_file(FIXTURES / name, registry)
    full = check_file(FIXTURES / name, registry, parse_all=True)
    assert lazy.findings == full.findings and len(lazy.findings) > 0


def test_globs_and_directories_expand_in_order(tmp_path: Path) -> None:
    for name in ("b.md", "a.txt", "c.csv", "sub/d.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x\n")
    found = expand_inputs([str(tmp_path / "*.md"), str(tmp_path / "**" / "*.md"), str(tmp_path / "a.txt")], [".md", ".txt"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["b.md", "sub/d.md", "a.txt"]


def test_wildcards_skip_hidden_names_as_glob_does(tmp_path: Path) -> None:
    for name in ("a.md", ".b.md", ".drafts/c.md", ".drafts/.e.md", "sub/.old/d.md", "sub/e.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")

    def expanded(pattern: str) -> list[str]:
        found = expand_inputs([str(tmp_path / pattern)], [".md"])
        files = [p for p in glob.glob(str(tmp_path / pattern), recursive=True) if p.endswith(".md")]
        assert sorted(map(str, found)) == sorted(files)
        return [p.relative_to(tmp_path).as_posix() for p in found]

    assert expanded("**/*.md") == ["a.md", "sub/e.md"]
    assert expanded(".drafts/*.md") == [".drafts/c.md"]
    assert expanded(".*/*.md") == [".drafts/c.md"]
    assert expanded(".*.md") == [".b.md"]
    # Hidden directories the pattern names are walked like any directory matched (glob lists only the directory).
    assert [p.relative_to(tmp_path).as_posix() for p in expand_inputs([str(tmp_path / "**" / ".*")], [".md"])] == [
        ".b.md", ".drafts/c.md", "sub/.old/d.md"]
    assert expanded("sub/.old/*.md") == ["sub/.old/d.md"]
    # A directory a wildcard matched is walked without its hidden names, like '**'.
    assert [p.relative_to(tmp_path).as_posix() for p in expand_inputs([str(tmp_path / "*")], [".md"])] == ["a.md", "sub/e.md"]
    assert [p.relative_to(tmp_path).as_posix() for p in expand_inputs([str(tmp_path / "**")], [".md"])] == ["a.md", "sub/e.md"]


@pytest.mark.parametrize(("args", "status", "expected"), [
    (["--help"], 0, "Check that graded inspection reports say what their grades say."),
    (["rules"], 0, "JC101  deficit-in-good-section"),
    (["rule", "JC101"], 0, "JC101 deficit-in-good-section"),
    (["plugins"], 0, "readers: pdf"),
    (["extract", str(SEED)], 0, "framework: ofsted-sif -->"),
    ([str(FIXTURES / "birmingham-2012-10-19.pdf")], 2, "E003"),
    (["--select", "JC001", str(FIXTURES / "trafford-2026-08-03.pdf")], 0, "framework: ofsted-ilacs-2026"),
])
def test_commands_that_need_no_parse_never_import_spacy(args: list[str], status: int, expected: str, tmp_path: Path) -> None:
    # The command runs to its end (its exit status and what it prints are checked), and spaCy is
    # still not imported when it has.
    script = (
        "import sys; from judgecheck.cli import main\n"
        "try:\n    main(sys.argv[1:])\n    code = 0\nexcept SystemExit as exit:\n    code = exit.code or 0\n"
        "print('SPACY' if 'spacy' in sys.modules else 'NO-SPACY', 'exit', code, file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=tmp_path)
    assert out.stderr.strip().splitlines()[-1] == f"NO-SPACY exit {status}", out.stderr
    assert expected in out.stdout, out.stdout[:2000]


def test_the_word_test_lets_through_what_the_tokenizer_splits(registry: Registry) -> None:
    from judgecheck.language import Language
    from judgecheck.rulefile import FileRule

    rule = next(r for r in registry.rules if r.id == "JC101")
    assert issubclass(rule, FileRule)
    # "cannot" is tokenized as "can" + "not": the cue "not always" is there.
    assert rule.compiled().candidates("They cannot always get through to social workers.", Language())


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_stops_cleanly_and_writes_nothing(tmp_path: Path, signum: int) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for n in range(80):  # far more than 3 s of work: each file differs, so the cache cannot answer for the others
        (reports / f"r{n:02d}.txt").write_bytes(SEED.read_bytes() + f"\nCopy {n}.\n".encode())
    out = tmp_path / "out.json"
    env = {**os.environ, "JUDGECHECK_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "judgecheck", "--format", "json", "-o", str(out), "--jobs", "2", str(reports)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    time.sleep(3)
    os.killpg(proc.pid, signum)  # as a terminal's Ctrl-C does: the whole process group
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "judgecheck: interrupted; nothing was written" in stderr and "Traceback" not in stderr
    assert not out.exists() and not list(tmp_path.glob(".out.json.*"))


def test_a_full_run_opens_no_network_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    attempts: list[str] = []

    def refuse(name: str):  # noqa: ANN202
        def guard(*args: object, **kwargs: object) -> None:
            attempts.append(name)
            raise OSError(f"network access attempted: {name}")
        return guard

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse(name))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    result = run_cli("--format", "sarif", "--jobs", "1", *REPORTS, str(FIXTURES / "peterborough-2015-09-18.pdf"))
    assert result.exit_code == 2 and json.loads(result.stdout)["runs"][0]["results"]  # the HTML file named .pdf
    assert attempts == []
