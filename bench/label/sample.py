"""Draw sentences from the graded sections of a corpus for labelling by hand.

Usage: python bench/label/sample.py DIR --grades good outstanding --n 2400 --seed 17 -o OUT.jsonl
       python bench/label/sample.py DIR --n 1800 --enrich 1500 --exclude LABELLED.jsonl --seed 23 --prefix e -o OUT.jsonl
       python bench/label/sample.py DIR --active --exclude LABELLED.jsonl ... --seed 41 --prefix a -o OUT.jsonl

Every sentence of every section graded with one of ``--grades`` (judgement
tables and list items left out) is a candidate; ``--n`` are drawn uniformly at
random with ``--seed``, at most ``--per-report`` from one report, so that no
report dominates. Each row carries its report, page, section, grade and text;
the label fields are left for the labeller. Which rule fires on a sentence plays
no part in the draw, so the sample measures recall as well as precision.

For training data only, ``--enrich K`` takes K of the ``--n`` sentences from those
containing a broad contrast, negation or problem word (:data:`BROAD`, far wider than
any rule's cues), where shortcomings are denser; ``--exclude`` skips sentences
already labelled. ``--active`` draws where the shipped encoder (JC101) is least sure or
where it errs unseen, by its logit: :data:`ACTIVE` gives each band and its count; each row
keeps the ``encoder_logit`` it was drawn at. The draw depends on the encoder shipped at the
time: ``bench/eval/sentences_dev_active.jsonl`` was drawn with the one of commit 9d82fd3
(sha256 24837f42...), with which the usage line above repeats it exactly. A sample meant for
measurement is never enriched nor active.
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
from judgecheck_consistency.encoder import SentenceEncoder

MIN_WORDS = 5
BROAD = re.compile(r"\b(not|no|never|n't|too|some|few|small number|variab\w*|inconsisten\w*|delay\w*|drift|gaps?|weak\w*"
                   r"|shortage|lack\w*|limited|less|lower|worse|yet|more to do|further|need\w*|requir\w*|concern\w*"
                   r"|challeng\w*|only|although|however|but|while|whilst)\b", re.IGNORECASE)

#: ``--active`` bands: (low, high, BROAD words required, how many); ``None`` for high is the encoder's threshold.
#: Just under the threshold, just over it (not yet sure), and two bands of broad-word sentences the encoder
#: puts further down, where its confident misses would be.
ACTIVE: tuple[tuple[float, float | None, bool, int], ...] = (
    (-1.0, None, False, 331), (None, 5.0, False, 400), (-4.0, -1.0, True, 286), (-99.0, -4.0, True, 183))


def active_band(logit: float, text: str, threshold: float) -> int | None:
    """The :data:`ACTIVE` band a sentence falls in, or None."""
    for i, (low, high, broad, _) in enumerate(ACTIVE):
        low = threshold if low is None else low
        high = threshold if high is None else high
        if low <= logit < high and (not broad or BROAD.search(text)):
            return i
    return None


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


def draw_active(rows: list[dict], per_report: int, rng: random.Random) -> tuple[list[dict], dict[str, int]]:
    """Up to each :data:`ACTIVE` band's count of ``rows`` (shuffled), each text once and at most ``per_report``
    from a report, with the shipped encoder's logit; and how many each report gave."""
    encoder = SentenceEncoder.load()
    want = [band[3] for band in ACTIVE]
    taken: dict[str, int] = {}
    seen: set[str] = set()
    sample = []
    for row in rows:
        if not any(want):
            break
        # The cheap tests first: the encoder reads only a sentence that could still be taken.
        if taken.get(row["file"], 0) >= per_report or row["text"] in seen:
            continue
        logit = round(encoder.logit(row["text"]), 3)
        band = active_band(logit, row["text"], encoder.threshold)
        if band is None or want[band] == 0:
            continue
        want[band] -= 1
        taken[row["file"]] = taken.get(row["file"], 0) + 1
        seen.add(row["text"])
        sample.append({**row, "encoder_logit": logit})
    rng.shuffle(sample)
    return sample, taken


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--grades", nargs="+", default=["good", "outstanding"])
    ap.add_argument("--n", type=int, help="how many to draw (not with --active)")
    ap.add_argument("--per-report", type=int, default=40)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--prefix", default="s")
    ap.add_argument("--enrich", type=int, default=0, help="take this many of --n from sentences matching BROAD")
    ap.add_argument("--active", action="store_true", help="draw by the shipped encoder's logit bands (ACTIVE)")
    ap.add_argument("--exclude", type=Path, nargs="*", default=[], help="labelled files whose sentences to skip")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    rows = candidates(args.directory, set(args.grades))
    known = {json.loads(line)["text"] for path in args.exclude for line in path.open(encoding="utf-8") if line.strip()}
    rows = [r for r in rows if r["text"] not in known]
    rng = random.Random(args.seed)
    rng.shuffle(rows)
    if args.active:
        sample, taken = draw_active(rows, args.per_report, rng)
    else:
        if args.enrich:
            broad = [r for r in rows if BROAD.search(r["text"])]
            rows = broad[: args.enrich] + [r for r in rows if not BROAD.search(r["text"])][: args.n - args.enrich]
            rng.shuffle(rows)
        taken = {}
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
