"""Measure the section reads-like model and JC103 on a folder of published reports.

    python bench/reads_like.py DIR [--cross-validate] [--set dev|validation] [--cache FILE]

Prints QWK and accuracy of the reads-like grade against the given grade over the
graded sections (overall effectiveness aside), a calibration table (predicted
probability against observed share, over every section and grade) and JC103's
firing rate, and exits 1 when a figure is past its floor: QWK and accuracy
against ``[SET.reads_like]`` of ``bench/floors.toml`` (with ``--set``), the firing
rates against the ceilings below. With the shipped model (default) DIR must be
reports the model never saw (``validation/pdf``); with ``--cross-validate`` (the
dev corpus, ``pdf/``) each section is read by models trained, as
``bench/reads_like_train.py`` trains, without its report (the sentences' JC101
probabilities that this needs are kept in ``--cache`` when given).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reads_like_train as train  # noqa: E402
from floors import Floors  # noqa: E402

from judgecheck_ofsted.reads_like import MODEL, section_model  # noqa: E402

#: JC103 on published reports: at most this share of sections at warning, and in all.
CEILINGS = {"warning_rate": 0.04, "firing_rate": 0.10}


def measure(folder: Path, cross_validate: bool, cache: Path | None = None) -> dict:
    withheld = tomllib.loads((MODEL.parent / "withheld.toml").read_text(encoding="utf-8"))["patterns"]
    units = [u for u in train.load_units(folder, withheld) if len(u["sentences"]) >= train.MIN_SENTENCES]
    truth = np.array([u["level"] for u in units])
    model = section_model()
    if cross_validate:
        areas = sorted({u["area"] for u in units})
        penalty = model.meta["figures"]["penalty"]
        measures = train.cross_validate(units, areas, (penalty,), train.shortcoming_targets(units, cache))[penalty]
        probs = train.linked_probabilities(measures, truth, train.folds(units))
    else:
        probs = np.array([model.probabilities(model.score(u["sentences"], u["area"])) for u in units])
    pred = train.median_grade(probs)
    departures = [model.departure(list(p), train.SCALE[t]) for p, t in zip(probs, truth)]
    return {
        "sections": len(units), "reports": len({u["report"] for u in units}),
        "qwk": train.qwk(truth, pred, len(train.SCALE)), "accuracy": float((pred == truth).mean()),
        "calibration": train.calibration(probs, truth),
        "warning_rate": departures.count("far") / len(units),
        "firing_rate": sum(bool(d) for d in departures) / len(units),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cross-validate", action="store_true", help="train without each report (the dev corpus)")
    parser.add_argument("--set", dest="set_name", help="the floors to hold: dev (cross-validated) or validation (shipped model)")
    parser.add_argument("--cache", type=Path, help="a JSON file keeping the sentences' JC101 probabilities (--cross-validate)")
    args = parser.parse_args()
    floors = Floors("reads_like", args.set_name)
    figures = measure(args.folder, args.cross_validate, args.cache)
    print(f"{args.folder}: {figures['sections']} graded sections of {figures['reports']} reports"
          f" ({'cross-validated' if args.cross_validate else 'shipped model'})")
    print(f"QWK {figures['qwk']:.3f}  accuracy {figures['accuracy']:.3f}")
    print(f"floors: QWK {floors.at_least('qwk', figures['qwk'], percent=False)}, accuracy {floors.at_least('accuracy', figures['accuracy'])}")
    print("calibration:  bin      pairs  predicted  observed")
    for row in figures["calibration"]:
        print(f"              {row['bin']}  {row['pairs']:5d}  {row['predicted']:9.3f}  {row['observed']:8.3f}")
    print(f"JC103 fires on {figures['firing_rate']:.1%} of sections (ceiling {CEILINGS['firing_rate']:.0%}),"
          f" at warning on {figures['warning_rate']:.1%} (ceiling {CEILINGS['warning_rate']:.0%})")
    failed = [k for k, v in CEILINGS.items() if figures[k] > v]
    if failed:
        print(f"over ceiling: {', '.join(failed)}")
    return max(floors.verdict(), 1 if failed else 0)


if __name__ == "__main__":
    raise SystemExit(main())
