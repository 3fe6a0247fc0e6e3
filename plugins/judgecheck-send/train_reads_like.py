"""Train the area SEND outcome reads-like model (``judgecheck_send/reads_like/outcome.*``) and measure it by leave-one-out.

    python plugins/judgecheck-send/train_reads_like.py DIR [--out plugins/judgecheck-send/judgecheck_send/reads_like] [--compare]

DIR holds ``manifest.csv`` (``file``, ``outcome``) and the reports under ``pdf/``. Each report is
one unit: the prose of the whole report (paragraphs and list items; headings and tables are not
prose), less what ``data/withheld.toml`` withholds (the sentences stating the outcome and what it
fixes; the whole "Areas for priority action" section), its outcome the manifest's.

Thirty reports cannot fit thousands of word weights, so the model fits five numbers. Two
measures of each report:

- ``score``: how its sentences read by judgecheck's Ofsted section reads-like model
  (``judgecheck_ofsted/reads_like/sections.*``, learned from 499 graded sections of 124 children's
  services reports, none of them area SEND): its text score over the report's prose (the tf-idf
  vector's dot product with its weights; no area, no length). It reads the language of
  shortcomings ("too", "do not", "some children", "lack of") and of strengths;
- ``balance``: log((b + 1) / (e + 1)), b and e the kept sentences of "What does the area
  partnership need to do better?" and "What is the area partnership doing that is effective?".

A proportional-odds (cumulative logit) model over the two, standardised: two slopes with an L2
penalty, two free cut points, fitted by Newton's method. The penalty is the one hyperparameter:
chosen from ``PENALTIES`` by the leave-one-out log loss of the reports it is fitted on, so in the
leave-one-out measure it is chosen for each report on the other 29 only (nested). The shipped
model is the fit on all reports (penalty chosen the same way), folded into judgecheck's
reads-like format: the Ofsted model's vocabulary and idf (a frozen copy), its weights times the
score's slope, ``balance`` a context measure the plugin supplies, the cut points shifted by the
standardisation. Each sentence's push is then its share of the score: the finding's evidence.

Deterministic (no random step: Newton from a fixed start). Prints each report's reading, the
leave-one-out figures and (``--compare``) the same measure for one measure alone and for fixed
penalties; writes the model with the figures in its meta, and ``leave_one_out.json``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import re
import sys
from importlib.resources import files
from pathlib import Path

import numpy as np
import tomllib
from judgecheck_send.reads_like import prose

from judgecheck.language import split_sentences
from judgecheck.model import Document
from judgecheck.plugins import load_registry
from judgecheck.read import read_path
from judgecheck.readslike import ReadsLikeModel
from judgecheck.structure import build_document

PLUGIN = Path(__file__).resolve().parent
OUT = PLUGIN / "judgecheck_send" / "reads_like"
WITHHELD = PLUGIN / "judgecheck_send" / "data" / "withheld.toml"
BASE = Path(str(files("judgecheck_ofsted") / "reads_like" / "sections.npz"))
SCALE = ("positive", "inconsistent", "systemic")
MEASURES = ("score", "balance")
#: The candidate L2 penalties on the standardised slopes (fixed a priori: a decade apart either side of 1).
PENALTIES = (0.1, 1.0, 10.0)
MIN_SENTENCES = 20
#: The finding's thresholds (the model meta's ``departure``): high confidence only. Fixed a priori.
DEPARTURE = {"far": 0.5, "lower": 0.8, "other": 0.8}
#: The two sections of the balance (their headings, whitespace collapsed).
EFFECTIVE = r"what is the area partnership doing that is effective\?"
BETTER = r"what does the area partnership need to do better\?"
CONFUSION = "confusion (rows given, columns read; positive, inconsistent, systemic)"


def withheld_patterns() -> list[str]:
    return tomllib.loads(WITHHELD.read_text(encoding="utf-8"))["patterns"]


def base_model() -> ReadsLikeModel:
    return ReadsLikeModel.load(BASE)


def unit(name: str, level: int | None, document: Document, base: ReadsLikeModel, keep: re.Pattern[str]) -> dict:
    """One report as the model reads it: kept sentences, the base model's text score, the balance's counts."""
    found = prose(document, split_sentences, lambda s: not keep.search(s), EFFECTIVE, BETTER)
    sentences = [s for s in found.sentences if not keep.search(s)]
    vec, _ = base.vector(base.term_counts(sentences))
    score = sum(base.weights[i] * v for i, v in vec.items())
    return {"report": name, "level": level, "sentences": sentences, "score": score,
            "effective": found.effective, "better": found.better}


def load(folder: Path) -> list[dict]:
    """Each report of the manifest as a unit, its outcome's level the manifest's."""
    registry, base = load_registry(), base_model()
    keep = re.compile("|".join(f"(?:{p})" for p in withheld_patterns()), re.IGNORECASE)
    out = []
    for row in csv.DictReader((folder / "manifest.csv").open(encoding="utf-8")):
        document = build_document(read_path(folder / "pdf" / row["file"], registry.readers), registry.frameworks)
        out.append(unit(row["file"], SCALE.index(row["outcome"]), document, base, keep))
    return out


def design(units: list[dict], default_balance: float | None = None) -> np.ndarray:
    """The measures, one row per unit (a missing balance section: ``default_balance``, else the units' mean)."""
    raw = [None if u["effective"] is None or u["better"] is None else math.log((u["better"] + 1) / (u["effective"] + 1))
           for u in units]
    known = [b for b in raw if b is not None]
    fill = default_balance if default_balance is not None else (float(np.mean(known)) if known else 0.0)
    return np.array([[u["score"], fill if b is None else b] for u, b in zip(units, raw)])


# -- the ordinal model ---------------------------------------------------------------------------


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(a, -50, 50)))


def _loss(theta: np.ndarray, x: np.ndarray, y: np.ndarray, penalty: float) -> float:
    p = x.shape[1]
    beta, cuts = theta[:p], theta[p:]
    if np.any(np.diff(cuts) <= 0):
        return math.inf
    s = x @ beta
    upper = _sigmoid(np.append(cuts, np.inf)[y] - s)
    lower = _sigmoid(np.insert(cuts, 0, -np.inf)[y] - s)
    return float(-np.log(np.maximum(upper - lower, 1e-300)).sum() + 0.5 * penalty * beta @ beta)


def _gradient(theta: np.ndarray, x: np.ndarray, y: np.ndarray, penalty: float) -> np.ndarray:
    p, k = x.shape[1], len(theta) - x.shape[1] + 1
    beta, cuts = theta[:p], theta[p:]
    s = x @ beta
    fu = _sigmoid(np.append(cuts, np.inf)[y] - s)
    fl = _sigmoid(np.insert(cuts, 0, -np.inf)[y] - s)
    prob = np.maximum(fu - fl, 1e-300)
    du, dl = fu * (1 - fu), fl * (1 - fl)
    gc = np.zeros(k - 1)
    top, bottom = y < k - 1, y > 0
    np.add.at(gc, y[top], -du[top] / prob[top])
    np.add.at(gc, y[bottom] - 1, dl[bottom] / prob[bottom])
    return np.concatenate([x.T @ ((du - dl) / prob) + penalty * beta, gc])


def ordinal_fit(x: np.ndarray, y: np.ndarray, penalty: float, k: int = len(SCALE)) -> tuple[np.ndarray, np.ndarray]:
    """Slopes and cut points of a proportional-odds model, P(level <= j) = sigmoid(cut_j - x . slopes), L2 on the slopes."""
    below = np.cumsum(np.bincount(y, minlength=k))[:-1] + 0.5
    theta = np.concatenate([np.zeros(x.shape[1]), np.log(below / (len(y) + 1 - below))])
    loss = _loss(theta, x, y, penalty)
    for _ in range(100):
        g = _gradient(theta, x, y, penalty)
        h = np.column_stack([(_gradient(theta + e, x, y, penalty) - _gradient(theta - e, x, y, penalty)) / 2e-6
                             for e in np.eye(len(theta)) * 1e-6])
        step = np.linalg.solve(0.5 * (h + h.T) + 1e-9 * np.eye(len(theta)), g)
        t = 1.0
        while (new := _loss(theta - t * step, x, y, penalty)) > loss and t > 1e-8:
            t /= 2
        if new > loss:
            break
        theta, loss, gain = theta - t * step, new, loss - new
        if gain < 1e-10:
            break
    return theta[: x.shape[1]], theta[x.shape[1]:]


def ordinal_probabilities(x: np.ndarray, slopes: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    cumulative = np.hstack([_sigmoid(cuts[None, :] - (x @ slopes)[:, None]), np.ones((len(x), 1))])
    return np.diff(np.hstack([np.zeros((len(x), 1)), cumulative]), axis=1)


class Fitted:
    """The ordinal model over standardised measures, fitted on some units."""

    def __init__(self, x: np.ndarray, y: np.ndarray, penalty: float) -> None:
        self.mean, self.sd = x.mean(axis=0), np.maximum(x.std(axis=0), 1e-12)
        self.penalty = penalty
        self.slopes, self.cuts = ordinal_fit((x - self.mean) / self.sd, y, penalty)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return ordinal_probabilities((x - self.mean) / self.sd, self.slopes, self.cuts)


def loo_log_loss(x: np.ndarray, y: np.ndarray, penalty: float) -> float:
    """The mean log loss of each unit's probabilities from a fit on the others."""
    n = len(y)
    return float(np.mean([-math.log(max(Fitted(x[np.arange(n) != i], y[np.arange(n) != i], penalty).probabilities(x[i:i + 1])[0, y[i]], 1e-300))
                          for i in range(n)]))


def choose(x: np.ndarray, y: np.ndarray, penalties: tuple[float, ...] = PENALTIES) -> float:
    """The penalty with the lowest leave-one-out log loss on these units (the first on a tie)."""
    losses = [loo_log_loss(x, y, p) for p in penalties]
    return penalties[int(np.argmin(losses))]


def median(probs: np.ndarray) -> np.ndarray:
    return (np.cumsum(probs, axis=1) < 0.5).sum(axis=1)


def qwk(truth: np.ndarray, pred: np.ndarray, k: int = len(SCALE)) -> float:
    observed = np.zeros((k, k))
    np.add.at(observed, (truth, pred), 1)
    expected = np.outer(observed.sum(1), observed.sum(0)) / observed.sum()
    weights = (np.subtract.outer(np.arange(k), np.arange(k)) ** 2) / (k - 1) ** 2
    return float(1 - (weights * observed).sum() / (weights * expected).sum())


# -- the shipped format --------------------------------------------------------------------------


def model(fitted: Fitted, base: ReadsLikeModel, balance_mean: float, figures: dict | None = None) -> tuple[ReadsLikeModel, dict]:
    """The fit folded into judgecheck's reads-like format (and its arrays): score = slope/sd x base text score + ..."""
    per_unit = fitted.slopes / fitted.sd
    shift = float(per_unit @ fitted.mean)
    arrays = {"idf": np.array(base.idf, dtype=np.float32), "weights": (per_unit[0] * np.array(base.weights)).astype(np.float32),
              "context_weights": per_unit[1:].astype(np.float64), "cuts": (fitted.cuts + shift).astype(np.float64)}
    digest = hashlib.sha256(BASE.read_bytes() + BASE.with_suffix(".json").read_bytes()).hexdigest()[:16]
    meta = {"unit": "document", "scale": list(SCALE), "min_sentences": MIN_SENTENCES, "withheld": withheld_patterns(),
            "vocabulary": base.meta["vocabulary"], "context": ["balance"], "published": {}, "min_published": len(SCALE),
            "shortcoming_push": base.shortcoming_push * float(per_unit[0]), "departure": DEPARTURE,
            "balance": {"effective": EFFECTIVE, "better": BETTER, "mean": balance_mean},
            "measures": {"names": list(MEASURES), "mean": fitted.mean.tolist(), "sd": fitted.sd.tolist(),
                         "slopes": fitted.slopes.tolist(), "cuts": fitted.cuts.tolist(), "penalty": fitted.penalty},
            "base": {"model": "judgecheck_ofsted/reads_like/sections (vocabulary, idf, weights; frozen copy)", "sha256": digest},
            "figures": figures or {}}
    return ReadsLikeModel(meta, {k: v.tolist() for k, v in arrays.items()}), arrays


def leave_one_out(units: list[dict], penalties: tuple[float, ...] = PENALTIES, columns: tuple[int, ...] = (0, 1),
                  base: ReadsLikeModel | None = None) -> tuple[list[dict], dict]:
    """Each unit read by a model fitted on the others, its penalty chosen on the others (nested); rows and figures.

    With ``base``, each reading goes through the shipped format (checks that the folding is exact)."""
    y = np.array([u["level"] for u in units])
    rows, probs = [], np.zeros((len(units), len(SCALE)))
    for i, u in enumerate(units):
        others = [v for j, v in enumerate(units) if j != i]
        x = design(others)
        balance_mean = float(x[:, 1].mean())
        xs, yo = x[:, columns], y[np.arange(len(units)) != i]
        penalty = choose(xs, yo, penalties) if len(penalties) > 1 else penalties[0]
        fitted = Fitted(xs, yo, penalty)
        probs[i] = fitted.probabilities(design([u], balance_mean)[:, columns])[0]
        row = {"report": u["report"], "outcome": SCALE[u["level"]], "reads_like": SCALE[int(median(probs[i:i + 1])[0])],
               "probabilities": dict(zip(SCALE, np.round(probs[i], 4).tolist())), "penalty": penalty,
               "balance": {"better": u["better"], "effective": u["effective"]}, "score": round(u["score"], 4)}
        if base is not None and columns == (0, 1):
            shipped, _ = model(fitted, base, balance_mean)
            reading = shipped.read(u["report"], None, SCALE[u["level"]], 1, (), u["sentences"],
                                   measures={"balance": float(design([u], balance_mean)[0, 1])})
            assert reading.reads_like is not None
            assert np.allclose([p for _, p in reading.reads_like.probabilities], probs[i], atol=2e-3), (u["report"], reading, probs[i])
            row["departure"] = reading.reads_like.departure
        rows.append(row)
    pred = median(probs)
    confusion = np.zeros((len(SCALE), len(SCALE)), dtype=int)
    np.add.at(confusion, (y, pred), 1)
    figures = {"agreement": round(float((pred == y).mean()), 4), "agreed": int((pred == y).sum()), "reports": len(units),
               "qwk": round(qwk(y, pred), 4), "log_loss": round(float(-np.log(probs[np.arange(len(y)), y]).mean()), 4),
               CONFUSION: confusion.tolist(), "positive_systemic": int(confusion[0, 2] + confusion[2, 0]),
               "findings": sum(1 for r in rows if r.get("departure")),
               "penalties chosen": {f"{p:g}": sum(r["penalty"] == p for r in rows) for p in penalties}}
    return rows, figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--compare", action="store_true", help="also measure each measure alone and each fixed penalty")
    args = parser.parse_args()
    units = load(args.folder)
    base = base_model()
    rows, figures = leave_one_out(units, base=base)
    for r in rows:
        print(f"{r['report']:<40} {r['outcome']:<13} reads like {r['reads_like']:<13} "
              f"{' '.join(f'{p:.2f}' for p in r['probabilities'].values())}  penalty {r['penalty']:g} {r.get('departure', '')}")
    print(json.dumps(figures, indent=1))
    if args.compare:
        for name, kwargs in (("score alone", {"columns": (0,)}), ("balance alone", {"columns": (1,)}),
                             *((f"both, penalty fixed at {p:g}", {"penalties": (p,)}) for p in PENALTIES)):
            _, f = leave_one_out(units, **kwargs)
            print(f"{name:<28} {f['agreed']}/{f['reports']} log loss {f['log_loss']:.3f} {f[CONFUSION]}")
    y = np.array([u["level"] for u in units])
    x = design(units)
    penalty = choose(x, y)
    shipped, arrays = model(Fitted(x, y, penalty), base, float(x[:, 1].mean()),
                            {"reports": len(units), "penalty": penalty, "leave_one_out": figures})
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "outcome.npz", **arrays)
    (args.out / "outcome.json").write_text(json.dumps(shipped.meta, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    (args.out / "leave_one_out.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
