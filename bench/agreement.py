"""Per-area agreement between judgecheck's recovered grades and a manifest of grades, against floors.

Usage: python bench/agreement.py DIR MANIFEST.csv [--set dev|validation] [--show]

The manifest has a `file` column and one `<area>_grade` column per area, as in
the corpus's manifest.csv (grades in words, "requires improvement"; special
values such as data_unreadable are skipped). The validation manifest's
`sif_<area>` columns (an independent reading of the SIF reports' grades) are
compared too, as a second source: `sif_in_care` with area `in_care`,
`sif_leadership` with `leadership`, and so on. Prints agreement per source and
area, per layout (framework), how many readable documents have no judgements,
and with --show every disagreement. With --set, the agreement of each source
and of each layout is printed beside its floor in bench/floors.toml
(`[SET.agreement]`, keys `manifest`, `sif`, `layout.NAME`) and the exit status
is 1 when a figure is under its floor or the count of documents without
judgements over its ceiling.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

from floors import Floors

from judgecheck.check import Selection, check_file
from judgecheck.plugins import load_registry

SPECIAL = {"", "data_unreadable", "inspection_pre_dates_judgement", "not_reported_post_reform"}
#: The layouts, by framework id, in the order they were published.
LAYOUTS = {"ofsted-lac-2012": "2013", "ofsted-sif": "SIF", "ofsted-ilacs": "ILACS", "ofsted-ilacs-2026": "ILACS 2026"}


def expected_grades(row: dict[str, str]) -> list[tuple[str, str, str]]:
    """(source, area, grade) for every graded column of a manifest row: `<area>_grade` and `sif_<area>`."""
    out = []
    for column, value in row.items():
        if value is None or value.strip() in SPECIAL:
            continue
        if column.endswith("_grade"):
            source, area = "manifest", column.removesuffix("_grade")
        elif column.startswith("sif_"):
            source, area = "sif", column.removeprefix("sif_")
        else:
            continue
        out.append((source, area, value.strip().lower().replace(" ", "_")))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("manifest", type=Path)
    ap.add_argument("--set", dest="set_name", help="the floors to hold: dev or validation")
    ap.add_argument("--show", action="store_true", help="list every disagreement")
    args = ap.parse_args(argv)
    floors = Floors("agreement", args.set_name)
    rows = {r["file"]: r for r in csv.DictReader(args.manifest.open(encoding="utf-8"))}
    reg = load_registry()
    agree: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    by_layout: Counter[tuple[str, bool]] = Counter()
    frameworks: Counter[str] = Counter()
    judged: Counter[str] = Counter()
    errors, empty, disagreements = [], [], []
    started = time.perf_counter()
    for path in sorted(args.directory.glob("*")):
        # Grades only: the structure stage, and the one rule about grades.
        result = check_file(path, reg, Selection(select=("JC001",)))
        if result.error:
            errors.append(f"{path.name}: {result.error.code} {result.error.message}")
            continue
        doc = result.document
        assert doc is not None
        layout = LAYOUTS.get(doc.framework or "", doc.framework or "none")
        frameworks[layout] += 1
        found = {j.area: j.grade for j in doc.judgements}
        judged[layout] += bool(found)
        if not found:
            empty.append(path.name)
        for source, area, expected in expected_grades(rows.get(path.name, {})):
            total[(source, area)] += 1
            same = found.get(area) == expected
            agree[(source, area)] += same
            by_layout[(layout, same)] += 1
            if not same:
                disagreements.append(f"{path.name}: {area}: {source} {expected}, judgecheck {found.get(area)}")
    elapsed = time.perf_counter() - started
    print(f"{sum(frameworks.values())} documents checked, {len(errors)} unreadable, {elapsed:.1f} s")
    print("layouts (documents, with judgements): " + ", ".join(f"{k} {v} ({judged[k]})" for k, v in sorted(frameworks.items())))
    for source in sorted({s for s, _ in total}):
        print(f"{source} grades:")
        for area in sorted(a for s, a in total if s == source):
            a, t = agree[(source, area)], total[(source, area)]
            print(f"  {area:<24} {a:>4}/{t:<4} agree {a / t:.1%}")
        a = sum(v for (s, _), v in agree.items() if s == source)
        t = sum(v for (s, _), v in total.items() if s == source)
        print(f"  {'all':<24} {a:>4}/{t:<4} agree {floors.at_least(source, a / t)}")
    print("per layout (both sources):")
    for layout in sorted({lay for lay, _ in by_layout}):
        a, t = by_layout[(layout, True)], by_layout[(layout, True)] + by_layout[(layout, False)]
        print(f"  {layout:<24} {a:>4}/{t:<4} agree {floors.at_least(f'layout.{layout}', a / t)}")
    print(f"readable documents without judgements: {floors.at_most('without_judgements', len(empty))}")
    if args.show:
        for line in errors + [f"no judgements: {e}" for e in empty] + disagreements:
            print("  " + line)
    return floors.verdict()


if __name__ == "__main__":
    sys.exit(main())
