"""JC301 (recommendation-without-finding): recall on planted cases and precision on judged findings.

    python bench/recommendations.py DIR [--set dev|validation] [--labels FILE] [--flags FILE] [--show]

Recall by planting: for each recommendation of the labels file (``label`` is
"backed"), the paragraphs that back it are deleted from the report's recovered
document (the numbered paragraphs its ``evidence`` names, "para 18",
"paras 22-23", and any paragraph holding a passage it quotes), and JC301 should
then find the recommendation unbacked. A recommendation JC301 already flags in
the whole report counts as found but is reported apart.

Precision: JC301 is run on every report of DIR, and each finding is looked up
in the judged list (``verdict`` "real" or "false alarm", by report and
excerpt); findings nobody judged are counted and listed, not guessed.

False alarms on labelled backing: the share of the labelled (backed)
recommendations that JC301 flags in the intact reports, a false-alarm rate that
needs no judging.

Each figure is printed with its floor (bench/floors.toml, ``[SET.recommendations]``:
``precision``, ``recall``); the script exits 1 when one is below.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections import Counter
from pathlib import Path

from floors import Floors

from judgecheck.errors import JudgecheckError
from judgecheck.language import Language
from judgecheck.model import Document
from judgecheck.plugins import load_registry
from judgecheck.read import read_path
from judgecheck.structure import build_document
from judgecheck_consistency.recommendations import RecommendationWithoutFinding

EVAL = Path(__file__).parent / "eval"
#: The labelled recommendations and the judged findings of each set.
SETS = {
    "dev": (EVAL / "recommendations.jsonl", EVAL / "recommendation_flags_pdf.jsonl"),
    "validation": (EVAL / "recommendations_validation.jsonl", EVAL / "recommendation_flags_validation.jsonl"),
}
PARAGRAPHS = re.compile(r"\bpara(?:graph)?s?\.?\s+(\d+(?:\s*(?:-|–|,|and|&|to)\s*\d+)*)", re.IGNORECASE)
QUOTED = re.compile(r"[“\"']([^”\"']{20,})[”\"']")
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00ad": ""})


def fold(text: str) -> str:
    """Text compared loosely: quotes, dashes and spacing unified, lower case."""
    return " ".join(text.translate(_FOLD).lower().split())


def backing_numbers(evidence: str) -> set[int]:
    """The paragraph numbers that evidence names ("para 18", "paras 22-23", "paragraphs 5 and 7")."""
    out: set[int] = set()
    for m in PARAGRAPHS.finditer(evidence):
        for a, b in re.findall(r"(\d+)(?:\s*(?:-|–|to)\s*(\d+))?", m.group(1)):
            out.update(range(int(a), int(b or a) + 1) if not b or int(b) - int(a) < 10 else (int(a), int(b)))
    return out


def quoted(evidence: str) -> list[str]:
    """The passages evidence quotes, cut at ellipses, long enough to find."""
    parts = (p for m in QUOTED.finditer(evidence.translate(_FOLD)) for p in re.split(r"\.\.\.|…", m.group(1)))
    return [fold(p) for p in parts if len(p.strip()) >= 20]


def without_backing(document: Document, numbers: set[int], passages: list[str]) -> tuple[Document, int]:
    """The document with the backing paragraphs dropped (outside the recommendations), and how many were."""
    dropped = 0
    sections = []
    for section in document.sections:
        keep = []
        for block in section.blocks:
            hit = section.kind != "recommendations" and (
                block.number in numbers or any(p in fold(block.text) for p in passages)
            )
            dropped += hit
            if not hit:
                keep.append(block)
        sections.append(dataclasses.replace(section, blocks=tuple(keep)))
    return dataclasses.replace(document, sections=tuple(sections)), dropped


def flagged(document: Document) -> list[str]:
    """The excerpts (block texts) of the recommendations JC301 flags in the document."""
    return [fold(hit.block.text) for hit in RecommendationWithoutFinding().check(document, Language()) if hit.block]


def same(label: str, excerpt: str) -> bool:
    """True when a labelled recommendation's text and a flagged block are the same item."""
    a, b = fold(label)[:80], excerpt[:80]
    return a[:60] in b or b[:60] in a


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="the directory of the reports")
    ap.add_argument("--set", dest="set_name", choices=sorted(SETS), help="the floors to hold, and the default labels and judged list")
    ap.add_argument("--labels", type=Path, help="recommendations with their backing (default: of --set, else of dev)")
    ap.add_argument("--flags", type=Path, help="JC301 findings judged real / false alarm (default: of --set, else of dev)")
    ap.add_argument("--show", action="store_true", help="list every missed planting and unjudged finding")
    args = ap.parse_args(argv)
    floors = Floors("recommendations", args.set_name)
    labels_path, flags_path = SETS[args.set_name or "dev"]
    labels_path, flags_path = args.labels or labels_path, args.flags or flags_path
    registry = load_registry()
    labels = [json.loads(line) for line in labels_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = flags_path.read_text(encoding="utf-8").splitlines() if flags_path.is_file() else []
    judged = {(r["report"], fold(r["excerpt"])[:60]): r["verdict"] for r in map(json.loads, rows) if r}

    verdicts: Counter[str] = Counter()
    unjudged: list[str] = []
    documents: dict[str, Document] = {}
    for path in sorted(args.corpus.glob("*.pdf")):
        try:
            document = build_document(read_path(path, registry.readers), registry.frameworks)
        except JudgecheckError:
            continue
        documents[path.name] = document
        for excerpt in flagged(document):
            verdict = judged.get((path.name, excerpt[:60]))
            verdicts[verdict or "unjudged"] += 1
            if verdict is None:
                unjudged.append(f"{path.name}: {excerpt[:100]}")

    planted: Counter[str] = Counter()
    missed: list[str] = []
    for row in labels:
        document = documents.get(row["file"])
        if row.get("label") != "backed" or document is None:
            continue
        numbers, passages = set(row.get("backing") or ()) or backing_numbers(row["evidence"]), quoted(row["evidence"])
        stripped, dropped = without_backing(document, numbers, passages)
        if not dropped:
            planted["not planted (no backing paragraph found)"] += 1
            continue
        layout = "ilacs" if "ilacs" in (document.framework or "") else "sif"
        if any(same(row["text"], e) for e in flagged(document)):
            planted[f"{layout} flagged before planting"] += 1
        elif any(same(row["text"], e) for e in flagged(stripped)):
            planted[f"{layout} found"] += 1
        else:
            planted[f"{layout} missed"] += 1
            missed.append(f"{row['file']}: {row['text'][:100]} (dropped {dropped})")

    real, false = verdicts["real"], verdicts["false alarm"]
    total = sum(n for k, n in planted.items() if k.startswith(("sif", "ilacs")))
    found = total - planted["sif missed"] - planted["ilacs missed"]
    before = planted["sif flagged before planting"] + planted["ilacs flagged before planting"]
    print(f"JC301 on {args.corpus} ({len(documents)} reports)")
    print(f"  precision {floors.at_least('precision', real / ((real + false) or 1))} ({real} real of {real + false} judged; {verdicts['unjudged']} unjudged)")
    print(f"  recall    {floors.at_least('recall', found / (total or 1))} ({found} found of {total} planted)")
    print(f"  labelled backed recommendations flagged in the intact reports: {before} of {total} ({before / (total or 1):.1%})")
    for key, n in sorted(planted.items()):
        print(f"    {key}: {n}")
    if args.show:
        for line in missed:
            print("  missed:", line)
        for line in unjudged:
            print("  unjudged:", line)
    return floors.verdict()

if __name__ == "__main__":
    sys.exit(main())
