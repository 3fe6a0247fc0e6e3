"""Draw sentences from the graded sections of a corpus for labelling by hand.

Usage: python bench/label/sample.py DIR --grades good outstanding --n 2400 --seed 17 -o OUT.jsonl

Every sentence of every section graded with one of ``--grades`` (judgement
tables and list items left out) is a candidate; ``--n`` are drawn uniformly at
random with ``--seed``, at most ``--per-report`` from one report, so that no
report dominates. Each row carries its report, page, section, grade and text;
the label fields are left for the labeller. Which rule fires on a sentence plays
no part in the draw, so the sample measures recall as well as precision.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from judgecheck.check import Selection, check_file
from judgecheck.language import split_sentences
from judgecheck.plugins import load_registry

MIN_WORDS = 5


def candidates(directory: Path, grades: set[str]) -> list[dict]:
    registry = load_registry()
    rows: list[dict] = []
    for path in sorted(directory.glob("*.pdf")):
        result = check_file(path, registry, Selection(select=("JC001",)))
        doc = result.document
        if doc is None:
            continue
        for section in doc.sections:
            if section.grade not in grades or section.past:
                continue
            for block in section.blocks:
                if block.kind not in ("paragraph", "item"):
                    continue
                for sentence in split_sentences(block.text):
                    if len(sentence.split()) < MIN_WORDS or not re.search(r"[a-z]", sentence):
                        continue
                    rows.append({"file": path.name, "page": block.page, "section": section.title,
                                 "area": section.area, "grade": section.grade, "text": sentence})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--grades", nargs="+", default=["good", "outstanding"])
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--per-report", type=int, default=40)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--prefix", default="s")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    rows = candidates(args.directory, set(args.grades))
    rng = random.Random(args.seed)
    rng.shuffle(rows)
    taken: dict[str, int] = {}
    sample = []
    for row in rows:
        if taken.get(row["file"], 0) >= args.per_report:
            continue
        taken[row["file"]] = taken.get(row["file"], 0) + 1
        sample.append(row)
        if len(sample) == args.n:
            break
    with args.output.open("w", encoding="utf-8") as fh:
        for i, row in enumerate(sample, 1):
            fh.write(json.dumps({"id": f"{args.prefix}{i:04d}", **row}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} candidate sentences in {len(taken)} reports; {len(sample)} written to {args.output}")


if __name__ == "__main__":
    main()
