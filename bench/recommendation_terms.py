"""Build rules/recommendation_terms.toml: terms that recommendations and their backing findings use for each other.

    python bench/recommendation_terms.py DIR [--labels FILE] [--out FILE]

Pairs of (recommendation, backing paragraphs) come from the development
corpus only: the labelled backing paragraphs of bench/eval/recommendations.jsonl
and every "(paragraph N)" reference of a recommendation in the reports of DIR.
A recommendation's key term r and a term b of its backing paragraphs are
related when they meet in the pairs of at least MIN_REPORTS reports and b is at least LIFT times
likelier beside r than in backing paragraphs at large; each key term keeps its
TOP related terms. The output is deterministic for a given corpus and code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from judgecheck.errors import JudgecheckError
from judgecheck.language import Language
from judgecheck.model import Document
from judgecheck.plugins import load_registry
from judgecheck.read import read_path
from judgecheck.structure import build_document
from judgecheck_consistency.recommendations import SETTINGS, TERMS, Settings, key_terms, recommendations_of, terms

sys.path.insert(0, str(Path(__file__).parent))
from recommendations import backing_numbers, fold  # noqa: E402

MIN_REPORTS = 3
LIFT = 4.0
TOP = 4
CARD = """\
# Terms that recommendations and their backing findings use for each other (JC301).
#
# Data card. Built by bench/recommendation_terms.py from the development corpus
# only (/work/shared/corpus/pdf: Ofsted children's services reports, 2013-2026,
# Open Government Licence): {pairs} pairs of a recommendation and the paragraphs
# that back it (the {labelled} labelled in bench/eval/recommendations.jsonl, the
# rest from the reports' own "(paragraph N)" references). Terms are JC301's keys
# (spaCy rule lemma less a derivational suffix; "~name" is an aspect of
# rules/recommendations.toml). A key term r lists a term b when b is in the backing
# paragraphs of r's pairs in at least {min_reports} reports and {lift:g} times likelier there
# than in backing paragraphs at large; at most {top} per term, likeliest first.
# Limits: the pairs are few and mostly 2014-2018 SIF reports; a related term only
# links a finding that also meets the coverage of rules/recommendations.toml.
# The validation set was not used.

[related]
"""


def pairs(documents: dict[str, Document], labels: list[dict], language: Language, settings: Settings) -> list[tuple[str, set[str], set[str]]]:
    """(key terms of a recommendation, terms of its backing paragraphs) for every labelled or cited pair."""
    out = []
    for name, document in sorted(documents.items()):
        paragraphs = {b.number: b.text for s in document.sections if s.kind != "recommendations" for b in s.blocks if b.number is not None}
        recs = {fold(r.block.text)[:60]: r for r in recommendations_of(document, language, settings)}
        cited = {opening: set(r.references) for opening, r in recs.items()}
        for row in labels:
            if row["file"] == name and row.get("label") == "backed":
                cited[fold(row["text"])[:60]] = set(row.get("backing") or ()) | backing_numbers(row["evidence"])
        for opening, numbers in sorted(cited.items()):
            backing = " ".join(paragraphs[n] for n in sorted(numbers) if n in paragraphs)
            if backing and opening in recs:
                out.append((name, set(key_terms(recs[opening].block.text, language, settings)), terms(backing, language, settings)))
    return out


def related(found: list[tuple[str, set[str], set[str]]]) -> dict[str, list[str]]:
    """For each key term, the backing terms likeliest beside it (see the module docstring)."""
    together: Counter[tuple[str, str]] = Counter((r, b) for _, rec, backing in found for r in rec for b in backing if b != r)
    keyed, anywhere = Counter(r for _, rec, _ in found for r in rec), Counter(b for _, _, backing in found for b in backing)
    spread = Counter((r, b) for r, b, _ in {(r, b, name) for name, rec, backing in found for r in rec for b in backing if b != r})
    out: dict[str, list[str]] = {}
    for (r, b), n in sorted(together.items()):
        if spread[r, b] >= MIN_REPORTS and (n / keyed[r]) / (anywhere[b] / len(found)) >= LIFT:
            out.setdefault(r, []).append(b)
    return {r: sorted(bs, key=lambda b: (-together[r, b] / anywhere[b], b))[:TOP] for r, bs in sorted(out.items())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="the development corpus (never the validation set)")
    ap.add_argument("--labels", type=Path, default=Path(__file__).parent / "eval" / "recommendations.jsonl")
    ap.add_argument("--out", type=Path, default=TERMS)
    args = ap.parse_args(argv)
    registry, language, settings = load_registry(), Language(), Settings.load(SETTINGS)
    documents = {}
    for path in sorted(args.corpus.glob("*.pdf")):
        try:
            documents[path.name] = build_document(read_path(path, registry.readers), registry.frameworks)
        except JudgecheckError:
            continue
    labels = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = pairs(documents, labels, language, settings)
    table = related(found)
    labelled = sum(1 for row in labels if row.get("label") == "backed")
    body = "".join(f"{json.dumps(r)} = {json.dumps(bs)}\n" for r, bs in table.items())
    args.out.write_text(CARD.format(pairs=len(found), labelled=labelled, min_reports=MIN_REPORTS, lift=LIFT, top=TOP) + body, encoding="utf-8")
    print(f"{len(found)} pairs, {len(table)} terms with related terms -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
