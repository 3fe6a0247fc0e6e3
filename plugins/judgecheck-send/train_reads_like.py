"""Train the area SEND outcome reads-like model (``judgecheck_send/reads_like/outcome.*``) and measure it by leave-one-out.

    python plugins/judgecheck-send/train_reads_like.py DIR [--out plugins/judgecheck-send/judgecheck_send/reads_like]

DIR holds ``manifest.csv`` (``file``, ``outcome``) and the reports under ``pdf/``. Each report is
one unit: the prose of the whole report (paragraphs and list items; headings and tables are not
prose), less the sentences of ``data/withheld.toml`` (the outcome statement, the next-inspection
and monitoring sentences, priority actions), its outcome the manifest's.

The method is issue 19's (``bench/reads_like_train.py``, whose ``ridge``, ``link`` and
``probabilities`` it calls): tf-idf over words and word pairs, a ridge regression of the
outcome's position (positive 0, inconsistent 1, systemic 2) in dual form, then a cumulative-logit
link fitted to held-out ridge scores. Leave-one-out, nested: for each report, the penalty and the
link are chosen on leave-one-out scores of the other reports only, so its reading comes from a
model that never saw it. Prints each report's reading and the agreement; writes the model fitted
on all reports, with the leave-one-out figures in its meta. Deterministic.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

import numpy as np

PLUGIN = Path(__file__).resolve().parent
sys.path.insert(0, str(PLUGIN.parents[1] / "bench"))

from reads_like_train import link, probabilities, qwk, ridge  # noqa: E402

from judgecheck.language import split_sentences  # noqa: E402
from judgecheck.plugins import load_registry  # noqa: E402
from judgecheck.read import read_path  # noqa: E402
from judgecheck.readslike import ReadsLikeModel, prose_sentences, terms  # noqa: E402
from judgecheck.structure import build_document  # noqa: E402

SCALE = ("positive", "inconsistent", "systemic")
PENALTIES = (0.1, 0.3, 1.0, 3.0)
#: Terms in at least this many reports.
MIN_DF = 3
MIN_SENTENCES = 20
#: The finding's thresholds (the model meta's ``departure``): high confidence only.
DEPARTURE = {"far": 0.5, "lower": 0.8, "other": 0.8}
OUT = PLUGIN / "judgecheck_send" / "reads_like"


def load(folder: Path, withheld: re.Pattern[str]) -> list[dict]:
    """Each report of the manifest: its kept sentences, their term counts and its outcome's level."""
    registry = load_registry()
    units = []
    for row in csv.DictReader((folder / "manifest.csv").open(encoding="utf-8")):
        document = build_document(read_path(folder / "pdf" / row["file"], registry.readers), registry.frameworks)
        sentences = prose_sentences(document.sections, split_sentences)
        kept = [s for s in sentences if not withheld.search(s)]
        units.append({"report": row["file"], "level": SCALE.index(row["outcome"]), "sentences": kept,
                      "counts": Counter(t for s in kept for t in terms(s))})
    return units


def fit(units: list[dict], penalty: float) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Vocabulary, idf, text weights and context weight of a ridge fit on ``units``."""
    df = Counter(t for u in units for t in u["counts"])
    vocab = sorted(t for t, n in df.items() if n >= MIN_DF)
    index = {t: i for i, t in enumerate(vocab)}
    counts = np.zeros((len(units), len(vocab)))
    for r, u in enumerate(units):
        for t, c in u["counts"].items():
            if (i := index.get(t)) is not None:
                counts[r, i] = c
    idf = np.log((1 + len(units)) / (1 + (counts > 0).sum(axis=0))) + 1
    x = np.where(counts > 0, 1 + np.log(np.maximum(counts, 1)), 0) * idf
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    z = np.array([[math.log1p(len(u["sentences"]))] for u in units])
    w, cu = ridge(x, z, np.array([u["level"] for u in units], dtype=float), penalty)
    return vocab, idf, w, cu


def model(vocab: list[str], idf: np.ndarray, w: np.ndarray, cu: np.ndarray, cuts: np.ndarray, withheld: list[str],
          figures: dict | None = None) -> ReadsLikeModel:
    meta = {"unit": "document", "scale": list(SCALE), "min_sentences": MIN_SENTENCES, "withheld": withheld,
            "vocabulary": vocab, "context": ["log_sentences"], "published": {}, "shortcoming_push": 0.0,
            "min_published": len(SCALE), "departure": DEPARTURE, "figures": figures or {}}
    return ReadsLikeModel(meta, {"idf": idf, "weights": w, "context_weights": cu, "cuts": cuts})


def loo_scores(units: list[dict], penalty: float) -> np.ndarray:
    """Each unit's ridge score from a fit on the others."""
    out = np.zeros(len(units))
    for i, unit in enumerate(units):
        vocab, idf, w, cu = fit(units[:i] + units[i + 1:], penalty)
        out[i] = model(vocab, idf, w, cu, np.zeros(len(SCALE) - 1), []).score(unit["sentences"], None)
    return out


def choose(units: list[dict]) -> tuple[float, float, np.ndarray]:
    """The penalty whose leave-one-out scores order the units best (QWK of the linked median), its link."""
    best = None
    levels = np.array([u["level"] for u in units])
    for penalty in PENALTIES:
        scores = loo_scores(units, penalty)
        slope, cuts = link(scores, levels, len(SCALE))
        pred = (np.cumsum(probabilities(slope * scores, cuts), axis=1) < 0.5).sum(axis=1)
        kappa = qwk(levels, pred, len(SCALE))
        if best is None or kappa > best[0]:
            best = (kappa, penalty, slope, cuts)
    assert best is not None
    return best[1], best[2], best[3]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    withheld = tomllib.loads((PLUGIN / "judgecheck_send" / "data" / "withheld.toml").read_text(encoding="utf-8"))["patterns"]
    units = load(args.folder, re.compile("|".join(f"(?:{p})" for p in withheld), re.IGNORECASE))
    levels = np.array([u["level"] for u in units])
    rows, preds = [], []
    for i, unit in enumerate(units):
        others = units[:i] + units[i + 1:]
        penalty, slope, cuts = choose(others)
        vocab, idf, w, cu = fit(others, penalty)
        reading = model(vocab, idf, slope * w, slope * cu, cuts, withheld).read(unit["report"], None, SCALE[unit["level"]], 1, (), unit["sentences"])
        assert reading.reads_like is not None
        preds.append(SCALE.index(reading.reads_like.grade))
        rows.append({"report": unit["report"], "outcome": SCALE[unit["level"]], "reads_like": reading.reads_like.grade,
                     "probabilities": dict(reading.reads_like.probabilities), "departure": reading.reads_like.departure, "penalty": penalty})
        print(f"{unit['report']:<40} {SCALE[unit['level']]:<13} reads like {reading.reads_like.grade:<13} "
              f"{' '.join(f'{p:.2f}' for _, p in reading.reads_like.probabilities)}  penalty {penalty:g} {reading.reads_like.departure}")
    pred = np.array(preds)
    confusion = np.zeros((len(SCALE), len(SCALE)), dtype=int)
    np.add.at(confusion, (levels, pred), 1)
    figures = {"reports": len(units), "leave_one_out": {
        "agreement": round(float((pred == levels).mean()), 4), "qwk": round(qwk(levels, pred, len(SCALE)), 4),
        "confusion (rows given, columns read; positive, inconsistent, systemic)": confusion.tolist(),
        "findings": sum(1 for r in rows if r["departure"])}}
    print(json.dumps(figures, indent=1))
    penalty, slope, cuts = choose(units)
    vocab, idf, w, cu = fit(units, penalty)
    final = model(vocab, idf, slope * w, slope * cu, cuts, withheld, figures | {"penalty": penalty})
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "outcome.npz", idf=idf.astype(np.float32), weights=(slope * w).astype(np.float32),
                        context_weights=slope * cu, cuts=cuts)
    (args.out / "outcome.json").write_text(json.dumps(final.meta, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    (args.out / "leave_one_out.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
