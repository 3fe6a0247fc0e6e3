"""Area SEND inspections (the judgecheck-send plugin) on a folder of real reports, against its manifest.

Usage: python bench/send.py DIR [--no-floors]

DIR holds ``manifest.csv`` (``file``, ``outcome``, ...) and the reports under
``pdf/`` (``../shared/corpus/send``). Prints, beside the floors of ``[send.send]``
in bench/floors.toml:

- recognition: reports read as the framework ``area-send-2023``;
- outcome: reports whose outcome (``send_outcome``) agrees with the manifest;
- planted: each report's Markdown extract with its outcome's consequences
  contradicted (a positive or inconsistent report given "Areas for priority
  action"; a systemic one with the section dropped, or with a five-year next
  inspection instead of the 18-month monitoring one; a positive one with three
  years): the share of plantings that the rule planted for finds;
- per rule, the findings on the real reports (SEND001/SEND002 must stay at 0);
- the outcome the prose reads like (``documents[].reads_like``): agreement on these reports, which
  the shipped model was trained on when DIR is ``send/`` (so no measure of it); and the method
  measured on these reports by nested leave-one-out (``train_reads_like.py``'s, each report read by
  a model fitted on the others, its penalty chosen on the others): agreement, confusion matrix and
  positive/systemic confusions, beside the figures of the shipped model's training (its meta).

Exits 1 when a figure is under its floor.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
from collections import Counter
from importlib.resources import files
from pathlib import Path

from floors import Floors

from judgecheck.check import Options, check_file, check_paths
from judgecheck.output.markdown import to_markdown
from judgecheck.plugins import load_registry

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins" / "judgecheck-send"))

import train_reads_like  # the plugin's training script: its units and nested leave-one-out

FRAMEWORK = "area-send-2023"
AREA = "send_outcome"
PRIORITY = "\n\n# Areas for priority action\n\nLeaders across the partnership should urgently improve the timeliness of EHC plans.\n"
MONITORING = re.compile(r"A monitoring inspection will be carried out within approximately (?:18|eighteen) months\.")
FIVE = "The next full area SEND inspection will be within approximately five years."
YEARS = re.compile(r"(inspection will (?:be|take place) within approximately )(?:five|5)( years)")
PRIORITY_HEADING = re.compile(r"^#+ Areas for priority action\s*$", re.MULTILINE | re.IGNORECASE)


def plantings(markdown: str, outcome: str) -> list[tuple[str, str, str]]:
    """(what, rule expected, planted Markdown) for one report's extract."""
    out = []
    if outcome != "systemic":
        out.append(("priority actions without a systemic outcome", "SEND002", markdown + PRIORITY))
    if outcome == "systemic":
        out.append(("systemic without priority actions", "SEND002", PRIORITY_HEADING.sub("", markdown)))
        out.append(("systemic with a five-year next inspection", "SEND001", MONITORING.sub(FIVE, markdown)))
    if outcome == "positive":
        out.append(("positive with a three-year next inspection", "SEND001", YEARS.sub(r"\g<1>three\g<2>", markdown)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--no-floors", action="store_true", help="print the figures without floors")
    args = parser.parse_args()
    floors = Floors("send", None if args.no_floors else "send")
    rows = list(csv.DictReader((args.folder / "manifest.csv").open(encoding="utf-8")))
    reg = load_registry()
    paths = [args.folder / "pdf" / row["file"] for row in rows]
    results = check_paths(paths, reg, Options(jobs=2))
    recognised = agreed = reads = 0
    units: list[dict] = []
    base = train_reads_like.base_model()
    keep = re.compile("|".join(f"(?:{p})" for p in train_reads_like.withheld_patterns()), re.IGNORECASE)
    by_rule: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    found: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for row, result in zip(rows, results):
            document = result.document
            outcome = next((j.grade for j in document.judgements if j.area == AREA), None) if document else None
            recognised += bool(document and document.framework == FRAMEWORK)
            agreed += outcome == row["outcome"]
            if outcome != row["outcome"]:
                print(f"  {row['file']}: outcome read {outcome!r}, manifest {row['outcome']!r}")
            reading = next((r.reads_like for r in document.readings if r.unit == "document" and r.reads_like), None) if document else None
            reads += bool(reading and reading.grade == row["outcome"])
            by_rule.update(f.rule for f in result.findings)
            for f in result.findings:
                if f.rule.startswith("SEND"):
                    print(f"  {row['file']}: {f.rule} p{f.page}: {f.message}")
            if document is None:
                continue
            units.append(train_reads_like.unit(row["file"], train_reads_like.SCALE.index(row["outcome"]), document, base, keep))
            markdown = to_markdown(document)
            for what, rule, text in plantings(markdown, row["outcome"]):
                if text == markdown:
                    print(f"  {row['file']}: could not plant {what}")
                path = Path(tmp) / f"{Path(row['file']).stem}.md"
                path.write_text(text, encoding="utf-8")
                planted[what] += 1
                if any(f.rule == rule for f in check_file(path, reg).findings):
                    found[what] += 1
                else:
                    print(f"  {row['file']}: {what}: no {rule} finding")
    n = len(rows)
    print(f"reports: {n}")
    print(f"recognised as {FRAMEWORK}: {recognised}/{n} {floors.at_least('recognised', recognised / n)}")
    print(f"outcome agrees with the manifest: {agreed}/{n} {floors.at_least('outcome', agreed / n)}")
    for what in sorted(planted):
        print(f"planted, {what}: found {found[what]}/{planted[what]} {floors.at_least(f'planted.{what}', found[what] / planted[what])}")
    print("findings on the real reports, per rule:")
    for rule in sorted(set(by_rule) | {"SEND001", "SEND002", "SEND003"}):
        print(f"  {rule:<8} {floors.at_most(f'findings.{rule}', by_rule[rule]) if rule.startswith('SEND') else by_rule[rule]}")
    meta = json.loads(Path(str(files("judgecheck_send") / "reads_like" / "outcome.json")).read_text(encoding="utf-8"))
    print(f"reads like its outcome: {reads}/{n} (the shipped model; in-sample if it was trained on these reports)")
    _, loo = train_reads_like.leave_one_out(units)
    confusion = loo[train_reads_like.CONFUSION]
    print(f"reads like its outcome, nested leave-one-out on these reports: {loo['agreed']}/{loo['reports']} "
          f"{floors.at_least('reads_like.leave_one_out', loo['agreement'])}, QWK {loo['qwk']:.3f}, log loss {loo['log_loss']:.3f}")
    print(f"  confusion (rows given, columns read; {', '.join(train_reads_like.SCALE)}): {confusion}")
    print(f"  positive read systemic or systemic read positive: {floors.at_most('reads_like.positive_systemic', loo['positive_systemic'])}")
    print(f"reads like its outcome, leave-one-out at the shipped model's training: {json.dumps(meta['figures']['leave_one_out'])}")
    return floors.verdict()


if __name__ == "__main__":
    sys.exit(main())
