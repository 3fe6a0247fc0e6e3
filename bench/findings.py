"""List every finding of the structural, framework, number and date rules over a corpus, against a judged list.

Usage: python bench/findings.py DIR [--select PREFIX ...] [--judged FILE] [--set dev|validation] [--show]

Runs judgecheck with the selected rules (default: the grade, framework,
reference, number, numbering and date rules, and JC101's warnings; not the
language rules' information findings or the duplicate rules, which
bench/evaluate.py measures on labelled samples) over every report
under DIR, and matches each finding to the judged lists of that set (``--judged``;
for ``--set dev`` ``bench/eval/structural_findings.jsonl``, for ``--set
validation`` ``bench/eval/structural_findings_validation.jsonl`` and
``bench/eval/validation_findings_judged.jsonl``; JC101's warnings in
``deficit_warnings_dev.jsonl`` and ``deficit_warnings_validation.jsonl``): one line per
finding someone has read, with its report, rule, excerpt and a verdict ("real",
"real-minor" for a real shortcoming that does not deserve its warning, or "false
alarm") and why; precision counts only "real". A judged list that does not exist yet counts as
empty. Prints, per rule, how many findings there are, how many were judged real
and false, and how many nobody has judged yet (listed, so that they get read).
``--show`` prints every finding.

Figures and floors (bench/floors.toml, ``[SET.findings]``): each rule's
precision on its judged findings (real / judged), and the share of findings at
error severity judged real. An unjudged error finding is not a failure by
itself (new reports bring new findings, and reading them is the way to judge
them) but it counts against that share, so a change that raises many new
errors falls under the floor until they are read. Exits 1 when a figure is
under its floor, or when any finding at error severity is a judged false
alarm, whatever the floors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from floors import Floors

from judgecheck.check import Options, Selection, check_paths, expand_inputs
from judgecheck.plugins import load_registry

DEFAULT = ("JC00", "JC101", "JC302", "JC303", "JC4", "JC5", "JC6")
#: Rules counted here only at these severities (JC101's information findings are measured on labelled sentences).
ONLY_AT = {"JC101": ("warning", "error")}
EVAL = Path(__file__).parent / "eval"
JUDGED = {"dev": (EVAL / "structural_findings.jsonl", EVAL / "deficit_warnings_dev.jsonl"),
          "validation": (EVAL / "structural_findings_validation.jsonl", EVAL / "validation_findings_judged.jsonl",
                         EVAL / "deficit_warnings_validation.jsonl")}


def key(report: str, rule: str, excerpt: str) -> tuple[str, str, str]:
    """A finding's identity across runs: its report (with or without ``.pdf``), rule and excerpt."""
    return (Path(report).stem if report.endswith(".pdf") else report, rule, " ".join(excerpt.split())[:120])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--select", nargs="*", default=list(DEFAULT))
    parser.add_argument("--judged", type=Path, nargs="+", help="the judged findings (default: the lists of --set, else of dev)")
    parser.add_argument("--set", dest="set_name", choices=sorted(JUDGED), help="the floors to hold, and the judged list")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    floors = Floors("findings", args.set_name)
    verdicts = {}
    for judged in args.judged or JUDGED[args.set_name or "dev"]:
        if not judged.exists():
            print(f"{judged} does not exist yet: its findings are unjudged")
            continue
        for line in judged.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                verdicts[key(row["report"], row["rule"], row["excerpt"])] = row["verdict"]
    reg = load_registry()
    paths = expand_inputs([str(args.corpus)], reg.readers)
    results = check_paths(paths, reg, Options(Selection(tuple(args.select)), jobs=2))
    counts: Counter[tuple[str, str]] = Counter()
    errors: Counter[str] = Counter()
    for result in results:
        report = Path(result.path).stem
        for f in result.findings:
            if f.severity not in ONLY_AT.get(f.rule, (f.severity,)):
                continue
            verdict = verdicts.get(key(report, f.rule, f.excerpt), "unjudged")
            counts[(f.rule, verdict)] += 1
            if f.severity == "error":
                errors[verdict] += 1
            if args.show or verdict == "unjudged":
                print(f"{verdict:>11}  {f.rule} {f.severity:<7} {report} p{f.page}: {f.message} | {f.excerpt[:160]}")
    print(f"\n{'rule':<6} {'findings':>8} {'real':>5} {'minor':>6} {'false':>6} {'unjudged':>9}  precision on judged")
    for rule in sorted({r for r, _ in counts}):
        real, minor, false, new = (counts[(rule, v)] for v in ("real", "real-minor", "false alarm", "unjudged"))
        judged = real + minor + false
        precision = floors.at_least(f"precision.{rule}", real / judged) if judged else "none judged"
        print(f"{rule:<6} {judged + new:>8} {real:>5} {minor:>6} {false:>6} {new:>9}  {precision}")
    total = sum(errors.values())
    print(f"reports: {len(results)}, unreadable: {sum(1 for r in results if r.error)}")
    print(f"findings at error severity: {total}, judged real {errors['real']}, unjudged {errors['unjudged']}, "
          f"judged false alarms {errors['false alarm']} (must be 0)")
    share = errors["real"] / total if total else 1.0  # no finding at error severity: none to doubt
    print(f"error findings judged real: {floors.at_least('errors_real', share)}")
    status = floors.verdict()
    if errors["false alarm"]:
        print(f"FAILED: {errors['false alarm']} findings at error severity are judged false alarms")
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
