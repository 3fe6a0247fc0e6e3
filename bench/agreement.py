"""Per-area agreement between judgecheck's recovered grades and a manifest of grades.

Usage: python bench/agreement.py DIR MANIFEST.csv [--show]

The manifest has a `file` column and one `<area>_grade` column per area, as in
the corpus's manifest.csv (grades in words, "requires improvement"; special
values such as data_unreadable are skipped). Prints, per area, how many rows
agree, and with --show every disagreement and every document without judgements.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

from judgecheck.check import Selection, check_file
from judgecheck.plugins import load_registry

SPECIAL = {"", "data_unreadable", "inspection_pre_dates_judgement", "not_reported_post_reform"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("manifest", type=Path)
    ap.add_argument("--show", action="store_true", help="list every disagreement")
    args = ap.parse_args(argv)
    rows = {r["file"]: r for r in csv.DictReader(args.manifest.open(encoding="utf-8"))}
    reg = load_registry()
    agree: Counter[str] = Counter()
    total: Counter[str] = Counter()
    frameworks: Counter[str] = Counter()
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
        frameworks[doc.framework or "none"] += 1
        found = {j.area: j.grade for j in doc.judgements}
        if not found:
            empty.append(path.name)
        row = rows.get(path.name, {})
        for column, value in row.items():
            if not column.endswith("_grade") or value in SPECIAL:
                continue
            area = column.removesuffix("_grade")
            expected = value.strip().lower().replace(" ", "_")
            total[area] += 1
            if found.get(area) == expected:
                agree[area] += 1
            else:
                disagreements.append(f"{path.name}: {area}: manifest {expected}, judgecheck {found.get(area)}")
    elapsed = time.perf_counter() - started
    print(f"{sum(frameworks.values())} documents checked, {len(errors)} unreadable, {elapsed:.1f} s")
    print("frameworks: " + ", ".join(f"{k} {v}" for k, v in sorted(frameworks.items())))
    for area in sorted(total):
        print(f"  {area:<24} {agree[area]:>4}/{total[area]:<4} agree ({agree[area] / total[area]:.1%})")
    all_agree, all_total = sum(agree.values()), sum(total.values())
    if all_total:
        print(f"  {'all':<24} {all_agree:>4}/{all_total:<4} agree ({all_agree / all_total:.1%})")
    print(f"documents without judgements: {len(empty)}")
    if args.show:
        for line in errors + [f"no judgements: {e}" for e in empty] + disagreements:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
