"""Annotate every PDF of a directory and say how many findings were highlighted.

    python bench/annotate.py DIR [--jobs N] [--set dev|validation] [--show]

Checks each PDF (no cache), writes its annotated copy (``--annotate``) into a
temporary directory, re-opens the copy with pypdfium2 and pikepdf to verify it
(one page more per summary page, one /Highlight per located finding and page),
and prints per report: findings, located (highlighted on their page), on the
summary page only (not located; findings without a page count here too), and
the time to annotate. Then totals: the located fraction of the findings that
have a page, the time, and every failure. ``--show`` also prints each finding
that was not located. Unreadable PDFs are skipped (the checker reports them);
a readable PDF that cannot be annotated is a failure, and any failure makes the
exit status 1. With --set, the located fraction is printed beside its floor in
bench/floors.toml (``[SET.annotate]``) and the exit status is 1 under it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium

from floors import Floors

from judgecheck.check import Options, check_paths
from judgecheck.output.annotate import annotate_pdf
from judgecheck.plugins import load_registry


def verify(original: Path, target: Path, located_pages: int, summary_pages: int) -> str | None:
    """What is wrong with an annotated copy, or None."""
    before = len(pdfium.PdfDocument(original))
    after = pdfium.PdfDocument(target)
    if len(after) != before + summary_pages:
        return f"{len(after)} pages, expected {before} + {summary_pages}"
    after.close()
    with pikepdf.open(target) as pdf:
        highlights = sum(
            1 for page in pdf.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == pikepdf.Name.Highlight
        )
    if highlights != located_pages:
        return f"{highlights} highlight annotations, expected {located_pages}"
    return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--jobs", type=int, default=2, help="processes for the check (default 2)")
    parser.add_argument("--set", dest="set_name", help="the floors to hold: dev or validation")
    parser.add_argument("--show", action="store_true", help="print each finding that was not located")
    args = parser.parse_args(argv)
    floors = Floors("annotate", args.set_name)
    paths = sorted(p for p in args.directory.iterdir() if p.suffix.lower() == ".pdf")
    if not paths:
        print(f"no PDFs in {args.directory}")
        return 2
    registry = load_registry()
    started = time.perf_counter()
    results = check_paths(paths, registry, Options(jobs=max(1, args.jobs)))
    checked = time.perf_counter() - started
    totals = {"reports": 0, "findings": 0, "paged": 0, "located": 0, "summary": 0}
    failures: list[str] = []
    unreadable = 0
    annotating = 0.0
    print(f"{'report':<44} {'findings':>8} {'located':>8} {'summary':>8} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for path, result in zip(paths, results, strict=True):
            if result.error:
                unreadable += 1
                print(f"{path.name:<44} unreadable ({result.error.code}), skipped")
                continue
            target = Path(tmp) / (path.stem + ".annotated.pdf")
            before = path.read_bytes()
            t0 = time.perf_counter()
            try:
                done = annotate_pdf(path, result.findings, target)
            except Exception as exc:  # noqa: BLE001 (the benchmark lists every failure and goes on)
                failures.append(f"{path.name}: {type(exc).__name__}: {exc}")
                traceback.print_exc()
                continue
            elapsed = time.perf_counter() - t0
            annotating += elapsed
            problem = verify(path, target, sum(len(p.boxes) for p in done.placements), done.summary_pages)
            if problem or path.read_bytes() != before:
                failures.append(f"{path.name}: {problem or 'the original changed'}")
            totals["reports"] += 1
            totals["findings"] += len(done.placements)
            totals["paged"] += sum(p.finding.page is not None for p in done.placements)
            totals["located"] += done.located
            totals["summary"] += done.unlocated
            print(f"{path.name:<44} {len(done.placements):>8} {done.located:>8} {done.unlocated:>8} {elapsed:>8.2f}")
            if args.show:
                for p in done.placements:
                    if not p.located:
                        print(f"    not located: {p.finding.rule} p.{p.finding.page} {p.finding.excerpt[:120]!r}")
    paged = totals["paged"] or 1
    print(
        f"\n{totals['reports']} reports annotated ({unreadable} unreadable skipped): {totals['findings']} findings, "
        f"{totals['located']} located ({floors.at_least('located', totals['located'] / paged)} of the {totals['paged']} with a page), "
        f"{totals['summary']} on the summary page only"
    )
    print(f"time: checking {checked:.1f} s, annotating {annotating:.1f} s, total {time.perf_counter() - started:.1f} s")
    print(f"failures: {len(failures)}")
    for failure in failures:
        print(f"  {failure}")
    return 1 if floors.verdict() or failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
