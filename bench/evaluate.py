"""Precision and recall of the headline rules on the hand-labelled sets in bench/eval/, against floors.

    python bench/evaluate.py [--show] [--corpus DIR] [--set dev|validation] [--sentences FILE]

What is measured, and how far each figure can be trusted:

- Sentences (``--sentences``; default for ``--set dev`` grade_language.jsonl;
  the labelled sentences of the set otherwise, when they exist). Each row is a
  real sentence of a graded section with its ``grade``, ``text`` and ``label``;
  JC101 (deficit language in Good/Outstanding sections) or JC102 (praise in
  Requires improvement/Inadequate sections) is run on it as if it stood in a
  section of its grade. A row's ``sample`` says how it was drawn: ``heldout``
  (drawn without regard to the rule and labelled after it was written: blind),
  ``cue``/``plain``/``praise`` (drawn by cue words or plainly, and read while
  writing the rule: development figures, not blind) and ``flagged`` (drawn
  from the rule's own findings: precision only, recall there is high by
  construction). A row without ``sample`` counts as held out. JC102's held-out
  rows are 60 sentences drawn at random from the Requires improvement and
  Inadequate sections of dev reports and 40 drawn at random among those with a
  top-grade praise word, each labelled by reading before the rule was run on
  it. Labels: serious
  / minor / deficit (JC101 should flag), negated / none / not (it should not);
  unqualified_praise (JC102 should flag), qualified_praise / none (it should
  not). Only the held-out figures are the headline.
- With --corpus (the directory of the reports the labels come from), whole
  reports for the dev set: recommendations.jsonl and recommendation_flags.jsonl
  (JC301, reported as measured, with no floor here), and duplicates.jsonl,
  every repeated passage of 12 reports found by reading, which JC201/JC202
  should find.

With --set, each figure is printed beside its floor in bench/floors.toml
(``[SET.evaluate]``) and the exit status is 1 when one is under it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from floors import Floors

from judgecheck.check import Selection, check_file
from judgecheck.language import Language
from judgecheck.plugins import Registry, load_registry
from judgecheck.rulefile import FileRule

EVAL = Path(__file__).parent / "eval"
#: The labelled sentences of each set, when there are any.
SENTENCES = {"dev": EVAL / "grade_language.jsonl", "validation": EVAL / "sentences_validation.jsonl"}
#: The whole-report labels, all drawn from the dev set.
WHOLE_REPORTS = {"dev"}
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": " ", "—": " ", "-": " ", "\ufffe": "", "\u00ad": ""})
DEFICIT = {"serious", "minor", "deficit"}
PRAISE = {"unqualified_praise"}
FLAG_GRADES = {"good": "JC101", "outstanding": "JC101", "requires_improvement": "JC102", "inadequate": "JC102"}
Row = dict
Judge = Callable[[Row], bool]


def load(path: Path) -> list[Row]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(rows: list[Row], truth: Callable[[Row], bool], predicted: Callable[[Row], bool]) -> tuple[float, float, Counter[str]]:
    counts: Counter[str] = Counter()
    for row in rows:
        counts[("t" if truth(row) == predicted(row) else "f") + ("p" if predicted(row) else "n")] += 1
    precision = counts["tp"] / ((counts["tp"] + counts["fp"]) or 1)
    recall = counts["tp"] / ((counts["tp"] + counts["fn"]) or 1)
    return precision, recall, counts


def run_rules(registry: Registry, rows: list[Row]) -> None:
    """Run JC101 or JC102 on each labelled sentence, by its section's grade; record rule, severity and cues."""
    rules = {r.id: r for r in registry.rules if issubclass(r, FileRule)}
    language = Language()
    for row in rows:
        rule = rules[FLAG_GRADES[row["grade"]]]
        row["rule"] = rule.id
        judge = getattr(rule, "judge_sentence", None)
        if judge is not None:  # a rule that decides with a learned model says so itself
            row["severity"], why = judge(row["text"], language)
            row["cues"] = [why] if why else []
            continue
        matcher = rule.compiled()
        found = matcher.matches(language.parse(row["text"]))
        row["severity"] = (matcher.severity(row["text"], found) or rule.severity) if found else None
        row["cues"] = [m.text for m in found]


def _flags(row: Row) -> bool:
    return row["severity"] is not None


def _warns(row: Row) -> bool:
    return row["severity"] in ("warning", "error")


def _deficit(row: Row) -> bool:
    return row["label"] in DEFICIT


def _serious(row: Row) -> bool:
    return row["label"] == "serious" or row.get("strength") == "major"


def _praise(row: Row) -> bool:
    return row["label"] in PRAISE


def report(title: str, key: str | None, rows: list[Row], truth: Judge, predicted: Judge, floors: Floors, show: bool,
           recall: bool = True) -> None:
    """One line of figures; with a key, precision (and recall) are held to the floors KEY.precision, KEY.recall."""
    p, r, c = score(rows, truth, predicted)
    if key:
        figures = f"precision {floors.at_least(key + '.precision', p)}"
        if recall:
            figures += f"  recall {floors.at_least(key + '.recall', r)}"
    else:
        figures = f"precision {p:.1%}" + (f"  recall {r:.1%}" if recall else "")
    print(f"  {title:44} {figures}  (tp {c['tp']}, fp {c['fp']}, fn {c['fn']}, tn {c['tn']})")
    if show:
        for row in rows:
            if truth(row) != predicted(row):
                kind = "FP" if predicted(row) else "FN"
                print(f"    {kind} {row['id']} [{row['label']}] sev={row['severity']} cues={row['cues']} {row['text'][:160]}")


def sentence_rules(registry: Registry, path: Path, floors: Floors, show: bool) -> None:
    """The sentence rules on a labelled sentence set: blind figures first, then the others, each labelled."""
    rows = load(path)
    run_rules(registry, rows)
    sample = Counter(r.get("sample", "heldout") for r in rows)
    print(f"{path.name}: {len(rows)} labelled sentences, by sample: {dict(sorted(sample.items()))}")
    blind = [r for r in rows if r.get("sample", "heldout") == "heldout"]
    seen = [r for r in rows if r.get("sample") in ("cue", "plain", "praise")]
    flagged = [r for r in rows if r.get("sample") == "flagged"]
    for rule in ("JC101", "JC102"):
        print(f"  labels, {rule}, held out: {dict(sorted(Counter(r['label'] for r in blind if r['rule'] == rule).items()))}")
    jc101 = [r for r in blind if r["rule"] == "JC101"]
    jc102 = [r for r in blind if r["rule"] == "JC102"]
    print("HEADLINE: blind figures, on sentences drawn without regard to the rule and labelled after it was written")
    if jc101:
        report("JC101 any severity (deficit), held out", "JC101.heldout", jc101, _deficit, _flags, floors, show)
        # Too few sentences are labelled serious for a floor: warnings are judged as findings (bench/findings.py).
        report("JC101 at warning (serious), held out", None, jc101, _serious, _warns, floors, show)
    if jc102:
        report("JC102 (unqualified praise), held out", "JC102.heldout", jc102, _praise, _flags, floors, show)
    print("Development figures: sentences read while the rule was written (not blind)")
    dev101 = [r for r in seen if r["rule"] == "JC101"]
    dev102 = [r for r in seen if r["rule"] == "JC102"]
    if dev101:
        report("JC101 any severity, development", None, dev101, _deficit, _flags, floors, show)
        report("JC101 at warning, development", None, dev101, _serious, _warns, floors, show)
        negation = [r for r in dev101 if r["label"] in ("negated", "serious", "minor")]
        report("JC101 silent on negated, development", None, negation, lambda r: r["label"] != "negated", _flags, floors, show)
    if dev102:
        report("JC102, development (cue-drawn)", None, dev102, _praise, _flags, floors, show)
    if flagged:
        print("Precision only: sentences drawn from the rule's own findings")
        report("JC101 any severity, its findings", "JC101.findings", flagged, _deficit, _flags, floors, show, recall=False)
        report("JC101 at warning, its findings", None, flagged, _serious, _warns, floors, show, recall=False)


def recommendations(registry: Registry, corpus: Path, show: bool) -> None:
    rows = load(EVAL / "recommendations.jsonl")
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
    judged = load(EVAL / "recommendation_flags.jsonl")
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


def duplicates(registry: Registry, corpus: Path, floors: Floors, show: bool) -> None:
    from judgecheck_consistency.duplicates import Settings, find_repeats, units_of

    from judgecheck.read import read_path
    from judgecheck.structure import build_document

    rows = load(EVAL / "duplicates.jsonl")
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
    print(f"  JC201/JC202 find {found} of {total}: recall {floors.at_least('JC201.recall', found / (total or 1))}; "
          f"{false} reported repeats match no labelled pair")
    print(f"  JC202 (changed words) agrees with the label on {agree} of {found}: "
          f"{floors.at_least('JC202.agreement', agree / (found or 1))}")
    print("  (a repeat matching no labelled pair is read and judged in the closing note: a false pair or one the labels missed)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every disagreement")
    parser.add_argument("--corpus", type=Path, help="the directory of the reports, for the whole-report evaluations")
    parser.add_argument("--set", dest="set_name", choices=("dev", "validation"), help="the floors to hold, and the labels of that set")
    parser.add_argument("--sentences", type=Path, help="a labelled sentence set (default: the set's own, if any)")
    args = parser.parse_args()
    floors = Floors("evaluate", args.set_name)
    registry = load_registry()
    sentences = args.sentences or SENTENCES.get(args.set_name or "dev")
    if sentences and sentences.exists():
        sentence_rules(registry, sentences, floors, args.show)
    else:
        print(f"no labelled sentences for the {args.set_name} set")
    if args.corpus and (args.set_name or "dev") in WHOLE_REPORTS:
        recommendations(registry, args.corpus, args.show)
        duplicates(registry, args.corpus, floors, args.show)
    return floors.verdict()


if __name__ == "__main__":
    sys.exit(main())
