"""Issue 7, bad input: every input of tests/badinputs.py is checked beside a good report.

For each: the exact error code and a one-line message naming the file (exit 2),
or, for an odd but readable file, the findings of its clean original and a note
saying what was done; never a traceback; and the good report of the same run is
reported in full, exactly as when it is checked alone.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import badinputs
import pytest
from badinputs import BY_NAME, CASES, Case
from conftest import FIXTURES, run_cli, run_json

from judgecheck.errors import JudgecheckError

GOOD = FIXTURES / "trafford-2026-08-03.pdf"
JUDGECHECK = Path(sys.executable).with_name("judgecheck")
LIGHT = [c.name for c in CASES if not c.heavy]
HEAVY = [c.name for c in CASES if c.heavy]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return badinputs.generate(tmp_path_factory.mktemp("bad"))


_ALONE: dict[str, dict[str, Any]] = {}


def alone(path: Path) -> dict[str, Any]:
    """The JSON document for ``path`` checked on its own (cached per test session)."""
    if str(path) not in _ALONE:
        _, data = run_json("--no-cache", str(path))
        _ALONE[str(path)] = data["documents"][0]
    return _ALONE[str(path)]


def findings(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's findings, related places without their path (the same file under another name)."""
    return [{**f, "related": [{**p, "path": None} for p in f["related"]]} for f in document["findings"]]


def assert_document(case: Case, document: dict[str, Any], made: dict[str, Path]) -> None:
    """The document says what the case expects: its error, or its checked findings and note."""
    path = str(made[case.name])
    assert document["path"] == path
    if case.code:
        assert document["status"] == "error" and document["findings"] == []
        error = document["error"]
        assert error["code"] == case.code
        assert error["message"].startswith(f"{path}: ") and case.words in error["message"] and "\n" not in error["message"]
        return
    assert document["status"] == "checked" and document["error"] is None and document["problems"] == []
    if case.words:
        assert any(case.words in note for note in document["notes"]), document["notes"]
    else:
        assert document["notes"] == []
    if case.same_as:
        same = alone(made[case.same_as])
        assert (document["framework"], document["judgements"], findings(document)) == (
            same["framework"], same["judgements"], findings(same))


@pytest.mark.parametrize("name", LIGHT)
def test_bad_input_beside_a_good_report(name: str, made: dict[str, Path]) -> None:
    case = BY_NAME[name]
    code, data = run_json("--no-cache", "--exit-zero", str(made[name]), str(GOOD))
    bad, good = data["documents"]
    assert_document(case, bad, made)
    assert good["status"] == "checked" and findings(good) == findings(alone(GOOD)) and good["judgements"]
    assert code == (2 if case.code else 0)
    text = run_cli("--no-cache", "--exit-zero", str(made[name]), str(GOOD))
    assert "Traceback" not in text.stdout + text.stderr and text.stderr == ""
    if case.code:
        (line,) = [x for x in text.stdout.splitlines() if x.startswith(f"{made[name]} unreadable: ")]
        assert line.startswith(f"{made[name]} unreadable: {case.code} {made[name]}: ") and case.words in line
    else:
        assert "framework: " in text.stdout.split(str(GOOD))[0]
    assert "framework: ofsted-ilacs-2026" in text.stdout.split(str(GOOD))[1]


def run_process(*args: str, user: list[str] | None = None, timeout: float = 300) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run the installed ``judgecheck`` script as a real process; return it and its wall time."""
    start = time.monotonic()
    out = subprocess.run([*(user or []), str(JUDGECHECK), "--no-cache", *args], check=False, capture_output=True, text=True,
                         timeout=timeout)
    return out, time.monotonic() - start


@pytest.mark.parametrize("name", HEAVY)
def test_large_input_in_bounded_time_and_memory(name: str, made: dict[str, Path]) -> None:
    """Each large input, in a process of its own beside the good report: under 2 minutes and 1.5 GB."""
    out, seconds = run_process("--format", "json", "--exit-zero", str(made[name]), str(GOOD))
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far: an upper bound
    assert "Traceback" not in out.stderr and out.returncode == (2 if BY_NAME[name].code else 0), out.stderr
    bad, good = json.loads(out.stdout)["documents"]
    assert_document(BY_NAME[name], bad, made)
    assert findings(good) == findings(alone(GOOD))
    assert seconds < 120 and peak_kb < 1_500_000, (seconds, peak_kb)


@pytest.mark.parametrize(("name", "needle", "count"), [
    ("million-chars.pdf", "x" * 99, 10_000),  # 1,000 lines of ten 99-letter words on one page
    ("long-line.txt", "The service is good.", 10 * 1024 * 1024 // len("The service is good. ")),
    ("nested-lists.md", "deepest item", 1),
])
def test_large_input_is_read_in_full(name: str, needle: str, count: int, made: dict[str, Path]) -> None:
    """The large readable inputs are not only 'checked': every word of them reaches the document."""
    from judgecheck.output.markdown import to_markdown
    from judgecheck.plugins import load_registry
    from judgecheck.read import read_path
    from judgecheck.structure import build_document

    registry = load_registry()
    document = build_document(read_path(made[name], registry.readers), registry.frameworks)
    assert to_markdown(document).count(needle) == count


def test_every_unreadable_input_in_one_real_run(made: dict[str, Path]) -> None:
    """All unreadable inputs and the good report in one process: exit 2, one line each, the good one in full."""
    bad = [c for c in CASES if c.code and not c.heavy]
    out, _ = run_process("--format", "json", *(str(made[c.name]) for c in bad), str(GOOD))
    assert out.returncode == 2 and "Traceback" not in out.stderr and out.stderr == ""
    documents = json.loads(out.stdout)["documents"]
    assert len(documents) == len(bad) + 1
    for case, document in zip(bad, documents[: len(bad)], strict=True):
        assert_document(case, document, made)
    assert findings(documents[-1]) == findings(alone(GOOD))
    text, _ = run_process(*(str(made[c.name]) for c in bad), str(GOOD))
    assert text.returncode == 2 and text.stderr == ""
    lines = text.stdout.splitlines()
    for case in bad:
        (line,) = [x for x in lines if x.startswith(f"{made[case.name]} unreadable: ")]
        assert line.startswith(f"{made[case.name]} unreadable: {case.code} {made[case.name]}: ") and case.words in line


def test_max_pages_is_a_flag_and_a_setting(made: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = str(made["report.pdf"])
    code, data = run_json("--no-cache", "--max-pages", "7", report)
    assert code == 2 and data["documents"][0]["error"] == {
        "code": "E012", "message": f"{report}: document is too long: 8 pages, more than the limit of 7 "
                                   "(raise it with --max-pages or max-pages)"}
    (tmp_path / "judgecheck.toml").write_text("max-pages = 7\n")
    monkeypatch.chdir(tmp_path)
    assert run_json("--no-cache", report)[1]["documents"][0]["error"]["code"] == "E012"
    assert run_json("--no-cache", "--max-pages", "8", report)[1]["documents"][0]["status"] == "checked"
    assert run_json("--no-cache", "--max-pages", "0", report)[1]["documents"][0]["status"] == "checked"


def test_raised_page_limit_reads_all_2000_pages(made: dict[str, Path]) -> None:
    from judgecheck.plugins import load_registry
    from judgecheck.read import read_path

    source = read_path(made["pages-2000.pdf"], load_registry().readers, max_pages=2000)
    assert source.pages == 2000 and len(source.lines) > 100_000


def test_symlink_loop_neither_hangs_nor_recurses(tmp_path: Path) -> None:
    loop = badinputs.make_symlink_loop(tmp_path)
    # Each path once, by its full path: a walk that follows 'self' or 'up' even once would add
    # loop/self/report.txt or loop/up/symlink-loop/report.txt.
    report, a, b = (str(loop / name) for name in ("report.txt", "a.txt", "b.txt"))
    expected = {str(loop): [a, b, report, str(GOOD)], f"{loop}/**/*.txt": [report, str(GOOD)],
                f"{tmp_path}/**/*.txt": [report, str(GOOD)]}
    for target, paths in expected.items():
        out, seconds = run_process("--format", "json", target, str(GOOD), timeout=120)
        documents = json.loads(out.stdout)["documents"]
        assert "Traceback" not in out.stderr and seconds < 60
        assert [d["path"] for d in documents] == paths, target
        assert documents[paths.index(report)]["status"] == "checked"
        assert findings(documents[-1]) == findings(alone(GOOD))
    # In a directory, the links that loop are named: they are reports that cannot be read.
    code, data = run_json("--no-cache", str(loop))
    errors = {Path(d["path"]).name: d["error"] for d in data["documents"] if d["error"]}
    assert code == 2 and set(errors) == {"a.txt", "b.txt"}
    assert errors["a.txt"] == {"code": "E010", "message": f"{loop / 'a.txt'}: not a regular file: a loop of symbolic links"}


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory another user can enter (pytest's own temporary directories are private to their owner)."""
    directory = Path(tempfile.mkdtemp(prefix="judgecheck-bad-"))
    directory.chmod(0o755)
    yield directory
    shutil.rmtree(directory)


def test_unreadable_file_really_is_unreadable(shared_dir: Path) -> None:
    """chmod 000 as another user: root reads any file, so as root the check runs as ``nobody``."""
    unreadable = badinputs.make_unreadable(shared_dir)
    good = shared_dir / GOOD.name
    shutil.copyfile(GOOD, good)
    good.chmod(0o644)
    user: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root, and setpriv is missing: root cannot lose permission to read the file")
        user = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
    out, _ = run_process("--format", "json", str(unreadable), str(good), user=user)
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    bad, checked = json.loads(out.stdout)["documents"]
    assert bad["error"] == {"code": "E011", "message": f"{unreadable}: permission denied"}
    assert checked["status"] == "checked" and findings(checked) == findings(alone(GOOD))


def test_same_path_twice_and_a_directory_with_a_file_in_it_are_checked_once(
    made: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copyfile(made["seed.txt"], folder / "seed.txt")
    shutil.copyfile(GOOD, folder / GOOD.name)
    monkeypatch.chdir(tmp_path)
    _, data = run_json("--no-cache", "--exit-zero", "reports/seed.txt", "./reports/seed.txt", str(folder / "seed.txt"),
                       "reports", "reports/*.txt")
    assert [d["path"] for d in data["documents"]] == ["reports/seed.txt", f"reports/{GOOD.name}"]


NO_JUDGEMENT = ("No graded judgement was read, so nothing was checked against grades: no loaded framework recognised "
                "the report's opening (see `judgecheck plugins`).")


@pytest.mark.parametrize("name", ["welsh.txt", "french.txt", "no-grades.txt"])
def test_no_framework_recognised_is_said_plainly(name: str, made: dict[str, Path]) -> None:
    """Checked, with no framework and no judgement, and one JC006 warning saying so (which fails the default gate)."""
    code, data = run_json("--no-cache", str(made[name]))
    document = data["documents"][0]
    assert code == 1 and document["status"] == "checked" and document["framework"] is None and document["judgements"] == []
    assert [(f["rule"], f["name"], f["severity"], f["message"], f["page"]) for f in document["findings"]] == [
        ("JC006", "no-judgements-found", "warning", NO_JUDGEMENT, None)]
    result = run_cli("--no-cache", str(made[name]))
    assert result.exit_code == 1
    text = result.stdout
    assert "framework: none recognised" in text and "no graded judgements found" in text
    assert f"    document  warning  JC006 {NO_JUDGEMENT}  (no-judgements-found)" in text.splitlines()


def test_a_missing_file_is_named_for_what_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from judgecheck.plugins import load_registry
    from judgecheck.read import read_path

    readers = load_registry().readers
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    with pytest.raises(JudgecheckError) as caught:
        read_path(tmp_path / "dangling.txt", readers)
    assert (caught.value.code, str(caught.value)) == ("E001", "file not found: a symbolic link to a missing file")
    # A file deleted between the check that it exists and the read.
    (tmp_path / "deleted.txt").write_text("x\n")

    def vanish(self: Path) -> bytes:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(Path, "read_bytes", vanish)
    with pytest.raises(JudgecheckError) as caught:
        read_path(tmp_path / "deleted.txt", readers)
    assert (caught.value.code, str(caught.value)) == ("E001", "file not found")
