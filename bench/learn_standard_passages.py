"""Learn the publisher's standard passages: sentences that many reports of a corpus share.

Usage: python bench/learn_standard_passages.py DIR [--share 0.05] [--min-reports 4] [-o rules/standard_passages.txt]

A sentence (normalised as JC201/JC202 compare them: quote marks, dashes, case and
white space folded) that occurs in at least ``--share`` of the readable reports
under DIR, and in at least ``--min-reports`` of them, is the inspectorate's
template (information about the inspection, lists of previous inspections,
copyright and contact blocks), not a quotation. The list is written one
normalised sentence per line, sorted, with a header naming the corpus and the
thresholds; JC201 and JC202 never compare these sentences.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from judgecheck.check import Selection, check_file
from judgecheck.language import split_sentences
from judgecheck.plugins import load_registry
from judgecheck_consistency.duplicates import SETTINGS, normalise

DEFAULT_OUT = SETTINGS.parent / "standard_passages.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--share", type=float, default=0.05)
    ap.add_argument("--min-reports", type=int, default=4)
    ap.add_argument("-o", "--output", type=Path, default=Path("rules") / "standard_passages.txt")
    args = ap.parse_args()
    registry = load_registry()
    seen: Counter[str] = Counter()
    reports = 0
    for path in sorted(args.directory.glob("*.pdf")):
        doc = check_file(path, registry, Selection(select=("JC001",))).document
        if doc is None:
            continue
        reports += 1
        sentences = {normalise(s) for _, block in doc.blocks() if block.kind != "table" for s in split_sentences(block.text)}
        seen.update(s for s in sentences if len(s.split()) >= 4)
    needed = max(args.min_reports, round(args.share * reports))
    common = sorted(s for s, n in seen.items() if n >= needed)
    header = (f"# Standard passages: sentences found in at least {needed} of the {reports} readable reports of "
              f"{args.directory.name}/ (bench/learn_standard_passages.py, --share {args.share}, --min-reports {args.min_reports}).\n"
              "# One normalised sentence a line; JC201 and JC202 never compare them.\n")
    args.output.write_text(header + "".join(f"{s}\n" for s in common), encoding="utf-8")
    print(f"{len(common)} standard sentences (in {needed}+ of {reports} reports) written to {args.output}")


if __name__ == "__main__":
    main()
