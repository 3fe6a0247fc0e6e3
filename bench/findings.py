"""List every finding of the structural, framework, number and date rules over a corpus, against a judged list.

Usage: python bench/findings.py DIR [--select PREFIX ...] [--judged FILE] [--show]

Runs judgecheck with the selected rules (default: the grade, framework,
reference, number, numbering and date rules; not the language or duplicate
rules, which bench/evaluate.py measures on labelled samples) over every report
under DIR, and matches each finding to ``bench/eval/structural_findings.jsonl``:
one line per finding someone has read, with its report, rule, excerpt and a
verdict ("real" or "false alarm") and why. Prints, per rule, how many findings
there are, how many were judged real and false, and how many nobody has judged
yet (listed, so that they get read). ``--show`` prints every finding.
Exits 1 when a finding at error severity is a judged false alarm.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from judgecheck.check import Options, Selection, check_paths, expand_inputs
from judgecheck.plugins import load_registry

DEFAULT = ("JC00", "JC302", "JC303", "JC4", "JC5", "JC6")
JUDGED = Path(__file__).parent / "eval" / "structural_findings.jsonl"


def key(report: str, rule: str, excerpt: str) -> tuple[str, str, str]:
    return (report, rule, " ".join(excerpt.split())[:120])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--select", nargs="*", default=list(DEFAULT))
    parser.add_argument("--judged", type=Path, default=JUDGED)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    verdicts = {}
    for line in args.judged.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        verdicts[key(row["report"], row["rule"], row["excerpt"])] = row["verdict"]
    reg = load_registry()
    paths = expand_inputs([str(args.corpus)], reg.readers)
    results = check_paths(paths, reg, Options(Selection(tuple(args.select)), jobs=2))
    counts: Counter[tuple[str, str]] = Counter()
    wrong_errors = 0
    for result in results:
        report = Path(result.path).stem
        for f in result.findings:
            verdict = verdicts.get(key(report, f.rule, f.excerpt), "unjudged")
            counts[(f.rule, verdict)] += 1
            wrong_errors += verdict == "false alarm" and f.severity == "error"
            if args.show or verdict == "unjudged":
                print(f"{verdict:>11}  {f.rule} {f.severity:<7} {report} p{f.page}: {f.message} | {f.excerpt[:160]}")
    print(f"\n{'rule':<6} {'findings':>8} {'real':>5} {'false':>6} {'unjudged':>9}")
    for rule in sorted({r for r, _ in counts}):
        real, false, new = (counts[(rule, v)] for v in ("real", "false alarm", "unjudged"))
        print(f"{rule:<6} {real + false + new:>8} {real:>5} {false:>6} {new:>9}")
    print(f"reports: {len(results)}, unreadable: {sum(1 for r in results if r.error)}, "
          f"error-severity false alarms: {wrong_errors}")
    return 1 if wrong_errors else 0


if __name__ == "__main__":
    sys.exit(main())
