"""Draw sentences from the graded sections of a corpus for labelling by hand.

Usage: python bench/label/sample.py DIR --grades good outstanding --n 2400 --seed 17 -o OUT.jsonl
       python bench/label/sample.py DIR --n 1800 --enrich 1500 --exclude LABELLED.jsonl --seed 23 --prefix e -o OUT.jsonl

Every sentence of every section graded with one of ``--grades`` (judgement
tables and list items left out) is a candidate; ``--n`` are drawn uniformly at
random with ``--seed``, at most ``--per-report`` from one report, so that no
report dominates. Each row carries its report, page, section, grade and text;
the label fields are left for the labeller. Which rule fires on a sentence plays
no part in the draw, so the sample measures recall as well as precision.

For training data only, ``--enrich K`` takes K of the ``--n`` sentences from those
containing a broad contrast, negation or problem word (:data:`BROAD`, far wider than
any rule's cues), where shortcomings are denser; ``--exclude`` skips sentences
already labelled. A sample meant for measurement is never enriched.
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
BROAD = re.compile(r"\b(not|no|never|n't|too|some|few|small number|variab\w*|inconsisten\w*|delay\w*|drift|gaps?|weak\w*"
                   r"|shortage|lack\w*|limited|less|lower|worse|yet|more to do|further|need\w*|requir\w*|concern\w*"
                   r"|challeng\w*|only|although|however|but|while|whilst)\b", re.IGNORECASE)


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
    ap.add_argument("--enrich", type=int, default=0, help="take this many of --n from sentences matching BROAD")
    ap.add_argument("--exclude", type=Path, nargs="*", default=[], help="labelled files whose sentences to skip")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    rows = candidates(args.directory, set(args.grades))
    known = {json.loads(line)["text"] for path in args.exclude for line in path.open(encoding="utf-8") if line.strip()}
    rows = [r for r in rows if r["text"] not in known]
    rng = random.Random(args.seed)
    rng.shuffle(rows)
    if args.enrich:
        broad = [r for r in rows if BROAD.search(r["text"])]
        rows = broad[: args.enrich] + [r for r in rows if not BROAD.search(r["text"])][: args.n - args.enrich]
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
