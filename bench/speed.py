"""How fast judgecheck is on a directory of reports, in one run.

    python bench/speed.py DIR [--repeat N] [--set dev|validation]

Times, each as its own process so that start-up counts: text extraction alone;
judgecheck cold (no cache) on the report of median length; a warm re-check of
it (cached); the whole directory with --jobs 1 and --jobs 2 (no cache); and the
whole directory with --parse-all, the reference that parses every sentence.
Prints wall time, peak memory of the largest process, words per second and the
ratios, and checks that the lazy and the reference runs report the same
findings (exit 1 otherwise). Absolute times depend on the machine and its
load, so the floors (bench/floors.toml, ``[SET.speed]``, with --set) are on
ratios measured in this one run: ``jobs`` (--jobs 1 / --jobs 2 time), ``lazy``
(--parse-all / lazy time) and ``cache`` (cold / warm time of one report).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from floors import Floors

from judgecheck.errors import JudgecheckError
from judgecheck.plugins import load_registry
from judgecheck.read import read_path

JUDGECHECK = [sys.executable, "-m", "judgecheck"]


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MB of the largest process of the tree, and stdout."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return wall, usage.ru_maxrss // 1024, out.read().decode("utf-8")


def extraction(directory: Path) -> tuple[float, int, int, list[tuple[int, Path]]]:
    """Seconds to extract every file's text, pages, words, and (pages, path) of the readable PDFs."""
    registry = load_registry()
    pages = words = 0
    sized: list[tuple[int, Path]] = []
    started = time.perf_counter()
    for path in sorted(directory.glob("*.pdf")):
        try:
            source = read_path(path, registry.readers)
        except JudgecheckError:
            continue
        pages += source.pages
        words += sum(len(line.text.split()) for line in source.lines)
        sized.append((source.pages, path))
    return time.perf_counter() - started, pages, words, sized


def findings(output: str) -> list[tuple[str, str, str]]:
    return [(d["path"], f["rule"], f["fingerprint"]) for d in json.loads(output)["documents"] for f in d["findings"]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the single-report timings (median)")
    parser.add_argument("--set", dest="set_name", help="the floors to hold: dev or validation")
    args = parser.parse_args()
    floors = Floors("speed", args.set_name)
    directory = args.directory

    seconds, pages, words, sized = extraction(directory)
    print(f"extraction alone: {len(sized)} PDFs, {pages} pages, {words} words in {seconds:.1f} s ({pages / seconds:.0f} pages/s)")
    sized.sort()
    median_pages, median = sized[len(sized) // 2]

    cold = [run([*JUDGECHECK, "--no-cache", "--format", "json", str(median)]) for _ in range(args.repeat)]
    print(f"one report cold ({median.name}, {median_pages} pages): {statistics.median(c[0] for c in cold):.2f} s, "
          f"{max(c[1] for c in cold)} MB")
    with tempfile.TemporaryDirectory() as cache:
        env = {"JUDGECHECK_CACHE_DIR": cache}
        run([*JUDGECHECK, "--format", "json", str(median)], env)
        warm = [run([*JUDGECHECK, "--format", "json", str(median)], env) for _ in range(args.repeat)]
    print(f"one report warm (cached): {statistics.median(w[0] for w in warm):.2f} s, {max(w[1] for w in warm)} MB")

    runs = {}
    for label, extra in (("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"]), ("--parse-all --jobs 2", ["--parse-all", "--jobs", "2"])):
        wall, peak, out = run([*JUDGECHECK, "--no-cache", "--format", "json", *extra, str(directory)])
        runs[label] = (wall, out)
        print(f"directory {label:22} {wall:6.1f} s  {peak:4d} MB peak  {words / wall:8.0f} words/s")

    lazy, full = runs["--jobs 2"], runs["--parse-all --jobs 2"]
    cache = statistics.median(c[0] for c in cold) / statistics.median(w[0] for w in warm)
    print(f"ratios: --jobs 1 / --jobs 2 = {floors.at_least('jobs', runs['--jobs 1'][0] / lazy[0], percent=False)}; "
          f"--parse-all / lazy = {floors.at_least('lazy', full[0] / lazy[0], percent=False)}; "
          f"cold one report / warm = {floors.at_least('cache', cache, percent=False)}")
    same_jobs = runs["--jobs 1"][1] == lazy[1]
    lost = set(findings(full[1])) - set(findings(lazy[1]))
    print(f"--jobs 1 and --jobs 2 output identical: {same_jobs}; findings of the reference run missing from the lazy run: {len(lost)}")
    status = floors.verdict()
    return 1 if lost or not same_jobs else status


if __name__ == "__main__":
    sys.exit(main())
