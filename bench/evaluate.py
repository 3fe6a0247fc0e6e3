"""Precision and recall of the headline rules on the hand-labelled evaluation set in bench/eval/.

    python bench/evaluate.py [--show] [--corpus DIR]

grade_language.jsonl: real sentences from graded sections of the dev corpus,
each labelled by careful reading (serious / minor / negated / none in Good or
Outstanding sections; unqualified_praise / qualified_praise / none in Requires
improvement or Inadequate sections). The sentence rules JC101 and JC102 are run
on each sentence as if it stood in a section of its grade.

With --corpus (the directory of the reports the labels come from), whole
reports are checked too: recommendations.jsonl holds every recommendation of 16
reports, each labelled backed / unbacked / not_recommendation with the finding
that backs it, and JC301 should flag fewer than one in ten backed ones; recommendation_flags.jsonl
holds every flag an earlier version raised on the whole corpus, judged by reading;
duplicates.jsonl holds every repeated passage of 12 reports, found by reading,
and JC201/JC202 should find each with no false pair.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from judgecheck.check import Selection, check_file
from judgecheck.language import Language
from judgecheck.plugins import Registry, load_registry
from judgecheck.rulefile import FileRule

EVAL = Path(__file__).parent / "eval"
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": " ", "—": " ", "-": " ", "\ufffe": "", "\u00ad": ""})


def load(name: str) -> list[dict]:
    with open(EVAL / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(rows: list[dict], truth: Callable[[dict], bool], predicted: Callable[[dict], bool]) -> tuple[float, float, Counter[str]]:
    counts: Counter[str] = Counter()
    for row in rows:
        counts[("t" if truth(row) == predicted(row) else "f") + ("p" if predicted(row) else "n")] += 1
    precision = counts["tp"] / ((counts["tp"] + counts["fp"]) or 1)
    recall = counts["tp"] / ((counts["tp"] + counts["fn"]) or 1)
    return precision, recall, counts


def sentence_rules(registry: Registry, show: bool) -> None:
    rules = {r.id: r for r in registry.rules if issubclass(r, FileRule)}
    language = Language()
    rows = load("grade_language.jsonl")
    for row in rows:
        rule = rules["JC101" if row["grade"] in ("good", "outstanding") else "JC102"]
        matcher = rule.compiled()
        found = matcher.matches(language.parse(row["text"]))
        row["rule"] = rule.id
        row["severity"] = (matcher.severity(row["text"], found) or rule.severity) if found else None
        row["cues"] = [m.text for m in found]
    # The "cue" and "plain" samples were drawn without regard to the rule (cue words, and none)
    # and used while writing it; "heldout" was drawn the same way and labelled after the rule
    # was written; "flagged" was drawn from the rule's own findings, so it measures precision only.
    good = [r for r in rows if r["rule"] == "JC101" and r["sample"] in ("cue", "plain")]
    heldout = [r for r in rows if r["sample"] == "heldout"]
    flagged = [r for r in rows if r["sample"] == "flagged"]
    weak = [r for r in rows if r["rule"] == "JC102"]
    print(f"grade_language.jsonl: {len(rows)} labelled sentences: {len(good)} sampled in Good/Outstanding sections "
          f"(used to write the rule), {len(heldout)} sampled the same way after it was written (held out), "
          f"{len(flagged)} sampled from JC101's findings, {len(weak)} in RI/Inadequate sections")
    for title, subset in (("development", good), ("held out", heldout), ("findings", flagged), ("RI/Inadequate", weak)):
        print(f"  labels, {title}: {dict(sorted(Counter(r['label'] for r in subset).items()))}")
    checks = [
        ("JC101 at warning (serious)", good, lambda r: r["label"] == "serious", lambda r: r["severity"] in ("warning", "error")),
        ("JC101 any severity (serious or minor)", good, lambda r: r["label"] in ("serious", "minor"), lambda r: r["severity"] is not None),
        ("JC101 silent on negated", [r for r in good if r["label"] in ("negated", "serious", "minor")], lambda r: r["label"] != "negated", lambda r: r["severity"] is not None),
        ("JC101 at warning, held-out sample", heldout, lambda r: r["label"] == "serious", lambda r: r["severity"] in ("warning", "error")),
        ("JC101 any severity, held-out sample", heldout, lambda r: r["label"] in ("serious", "minor"), lambda r: r["severity"] is not None),
        ("JC101 at warning, findings sample", flagged, lambda r: r["label"] == "serious", lambda r: r["severity"] in ("warning", "error")),
        ("JC101 any severity, findings sample", flagged, lambda r: r["label"] in ("serious", "minor"), lambda r: r["severity"] is not None),
        ("JC102 at warning (unqualified praise)", weak, lambda r: r["label"] == "unqualified_praise", lambda r: r["severity"] is not None),
    ]
    for title, subset, truth, predicted in checks:
        p, r, c = score(subset, truth, predicted)
        print(f"  {title:42} precision {p:.2f}  recall {r:.2f}  (tp {c['tp']}, fp {c['fp']}, fn {c['fn']}, tn {c['tn']})")
        if show:
            for row in subset:
                if truth(row) != predicted(row):
                    kind = "FP" if predicted(row) else "FN"
                    print(f"    {kind} {row['id']} [{row['label']}] sev={row['severity']} cues={row['cues']} {row['text'][:160]}")


def recommendations(registry: Registry, corpus: Path, show: bool) -> None:
    rows = load("recommendations.jsonl")
    files = sorted({r["file"] for r in rows})
    flagged: set[tuple[str, str]] = set()
    for name in files:
        result = check_file(corpus / name, registry, Selection(select=("JC301",)))
        flagged.update((name, f.excerpt[:80]) for f in result.findings)
    labels = Counter(r["label"] for r in rows)
    backed = [r for r in rows if r["label"] == "backed"]
    wrong = [r for r in backed if (r["file"], r["text"][:80]) in flagged]
    unbacked = [r for r in rows if r["label"] == "unbacked"]
    caught = [r for r in unbacked if (r["file"], r["text"][:80]) in flagged]
    print(f"recommendations.jsonl: {len(rows)} items of {len(files)} reports {dict(labels)}")
    print(f"  JC301 flags {len(wrong)} of {len(backed)} backed recommendations ({len(wrong) / (len(backed) or 1):.1%}); "
          f"linked {len(backed) - len(wrong)} ({1 - len(wrong) / (len(backed) or 1):.1%})")
    if unbacked:
        print(f"  JC301 flags {len(caught)} of {len(unbacked)} unbacked recommendations")
    if show:
        for r in wrong:
            print(f"    FLAGGED {r['file']} #{r['index']}: {r['text'][:120]} [backed by {r['evidence'][:80]}]")
    # recommendation_flags.jsonl: every flag an earlier JC301 raised on the whole dev corpus, each
    # judged by reading (backed = false alarm, unbacked = right, partly, not_recommendation).
    judged = load("recommendation_flags.jsonl")
    now: set[tuple[str, str]] = set()
    for name in sorted({r["file"] for r in judged}):
        result = check_file(corpus / name, registry, Selection(select=("JC301",)))
        now.update((name, f.excerpt[:80]) for f in result.findings)
    kept = Counter(r["verdict"] for r in judged if (r["file"], r["text"][:80]) in now)
    print(f"recommendation_flags.jsonl: {len(judged)} judged flags {dict(Counter(r['verdict'] for r in judged))}; "
          f"JC301 still raises {sum(kept.values())} of them {dict(kept)}")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", text.translate(_FOLD).lower()).split())


def _span(sentences: list[str], opening: str, length: int) -> set[int]:
    """Where a labelled copy lies: the sentence it opens with, and as many as it spans."""
    key = _norm(opening)
    starts = [i for i, sentence in enumerate(sentences) if key and key in sentence]
    return {i + k for i in starts for k in range(max(length, 1))}


def duplicates(registry: Registry, corpus: Path, show: bool) -> None:
    from judgecheck_consistency.duplicates import Settings, find_repeats, units_of

    from judgecheck.read import read_path
    from judgecheck.structure import build_document

    rows = load("duplicates.jsonl")
    settings = Settings.load()
    found = missed = false = agree = 0
    for name in sorted({r["file"] for r in rows}):
        labelled = [r for r in rows if r["file"] == name and not r.get("none")]
        document = build_document(read_path(corpus / name, registry.readers), registry.frameworks)
        units = units_of(document, 0, Language(), settings)
        normed = [_norm(u.text) for u in units]
        repeats = find_repeats(units, settings, across=False)
        spans = [({u.order for u in rep.earlier}, {u.order for u in rep.later}, rep) for rep in repeats]


        matched: set[int] = set()
        for pair in labelled:
            first, second = _span(normed, pair["first"], pair["sentences"]), _span(normed, pair["second"], pair["sentences"])
            hit = next((i for i, (a, b, _) in enumerate(spans) if a & first and b & second), None)
            if hit is None:
                missed += 1
                if show:
                    print(f"    MISSED {name}: {pair['second'][:90]}")
                continue
            found += 1
            matched.add(hit)
            agree += bool(pair["differs"]) == bool(spans[hit][2].changes)
        for i, (_, _, rep) in enumerate(spans):
            if i not in matched:
                false += 1
                if show:
                    print(f"    UNLABELLED {name}: {' '.join(u.text for u in rep.later)[:90]}")
    total = found + missed
    print(f"duplicates.jsonl: {total} labelled repeated passages in {len({r['file'] for r in rows})} reports")
    print(f"  JC201/JC202 find {found} of {total} ({found / (total or 1):.1%}); {false} reported repeats match no labelled pair; "
          f"JC202 (changed words) agrees with the label on {agree} of {found}")
    print("  (a repeat matching no labelled pair is read and judged in the closing note: a false pair or one the labels missed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every disagreement")
    parser.add_argument("--corpus", type=Path, help="the directory of the reports, for the whole-report evaluations")
    args = parser.parse_args()
    registry = load_registry()
    sentence_rules(registry, args.show)
    if args.corpus:
        recommendations(registry, args.corpus, args.show)
        duplicates(registry, args.corpus, args.show)


if __name__ == "__main__":
    main()
