"""Train JC101's shortcoming model on hand-labelled dev sentences; write its weights and data card.

Usage: python bench/label/train_shortcoming.py [--data FILE ...] [--folds 5] [--precision 0.9]

Inputs: sentences of Good and Outstanding sections of ../shared/corpus/pdf, labelled
``deficit`` / ``not`` against bench/label/GUIDE.md (bench/eval/sentences_dev.jsonl, a
uniform sample, and bench/eval/sentences_dev_enriched.jsonl, a sample denser in
shortcomings). Never the validation set. Each sentence is parsed and described by the
named features of :mod:`judgecheck_consistency.shortcoming`; an L2-regularised logistic
regression is fitted by full-batch gradient descent (deterministic: no random state).
The regularisation and the decision threshold are chosen by k-fold cross-validation
(folds by report, so no report is in training and test at once): the threshold with the
most recall at ``--precision`` or better on the uniform sample (the first ``--data`` file),
whose sentences are distributed as the rule meets them; ``strong``, the score above which an
unlimited shortcoming is a warning, is chosen the same way at :data:`STRONG_PRECISION`. Writes models/shortcoming.json and prints
the cross-validated figures, which go into models/shortcoming.md by hand.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from judgecheck.language import Language
from judgecheck_consistency import deficit_rule
from judgecheck_consistency.shortcoming import MODEL, features

ROOT = Path(__file__).resolve().parents[2]
DATA = [ROOT / "bench" / "eval" / "sentences_dev.jsonl", ROOT / "bench" / "eval" / "sentences_dev_enriched.jsonl"]
MIN_COUNT = 2
#: A sentence scored at or above the threshold with this cross-validated precision, and no stated limit, is a warning.
STRONG_PRECISION = 0.97
STEPS = 400


def featurise(rows: list[dict]) -> list[list[str]]:
    language = Language(parse_all=True)
    rule = deficit_rule()
    assert rule is not None
    matcher = rule.compiled()
    out = []
    for row in rows:
        doc = language.parse(row["text"])
        out.append(features(doc, matcher.matches(doc)))
    return out


@dataclass(frozen=True)
class Rows:
    """Binary feature rows in compressed form: each row's feature indices, end to end."""

    indices: np.ndarray
    starts: np.ndarray
    counts: np.ndarray
    width: int

    @classmethod
    def of(cls, names: list[list[str]], vocab: dict[str, int]) -> Rows:
        rows = [sorted(vocab[n] for n in ns if n in vocab) for ns in names]
        counts = np.array([len(r) for r in rows])
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(int)
        return cls(np.array([i for r in rows for i in r], dtype=int), starts, counts, len(vocab))

    def dot(self, w: np.ndarray) -> np.ndarray:
        sums = np.add.reduceat(w[self.indices], self.starts) if len(self.indices) else np.zeros(len(self.starts))
        return np.where(self.counts > 0, sums, 0.0)

    def tdot(self, r: np.ndarray) -> np.ndarray:
        return np.bincount(self.indices, weights=np.repeat(r, self.counts), minlength=self.width)


def fit(x: Rows, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """Logistic regression by full-batch Adam from zero weights: the same data give the same weights."""
    w = np.zeros(x.width)
    b = 0.0
    state = np.zeros((2, x.width + 1))
    for step in range(1, STEPS + 1):
        p = 1 / (1 + np.exp(-(x.dot(w) + b)))
        grad = np.concatenate([x.tdot(p - y) / len(y) + l2 * w, [np.mean(p - y)]])
        state[0] = 0.9 * state[0] + 0.1 * grad
        state[1] = 0.999 * state[1] + 0.001 * grad * grad
        move = 0.05 * (state[0] / (1 - 0.9**step)) / (np.sqrt(state[1] / (1 - 0.999**step)) + 1e-8)
        w -= move[:-1]
        b -= float(move[-1])
    return w, b


def fold_of(rows: list[dict], folds: int) -> np.ndarray:
    """Each row's fold: its report's place among the sorted reports, dealt round (no report in two folds)."""
    fold = {f: i % folds for i, f in enumerate(sorted({r["file"] for r in rows}))}
    return np.array([fold[r["file"]] for r in rows])


def vocabulary(names: list[list[str]]) -> dict[str, int]:
    counts = Counter(n for ns in names for n in ns)
    return {n: i for i, n in enumerate(sorted(n for n, c in counts.items() if c >= MIN_COUNT))}


def figures(scores: list[float], truth: list[bool], threshold: float) -> tuple[float, float]:
    tp = sum(1 for s, y in zip(scores, truth) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, truth) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, truth) if s < threshold and y)
    return tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)


def best_threshold(scores: list[float], truth: list[bool], precision: float) -> float:
    grid = [i / 100 for i in range(10, 96)]
    return max(grid, key=lambda t: (figures(scores, truth, t)[0] >= precision, figures(scores, truth, t)[1], -t))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, nargs="+", default=[p for p in DATA if p.is_file()])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--precision", type=float, default=0.9)
    ap.add_argument("--out", type=Path, default=MODEL)
    ap.add_argument("--features", type=Path, help="cache of the sentences' features (reused when it exists)")
    args = ap.parse_args()
    rows = [json.loads(line) for path in args.data for line in path.open(encoding="utf-8") if line.strip()]
    # The threshold is chosen on the uniform sample alone: the distribution of sentences the rule meets.
    uniform = np.array([i < sum(1 for line in args.data[0].open(encoding="utf-8") if line.strip()) for i in range(len(rows))])
    names = featurise(rows) if args.features is None or not args.features.is_file() else json.loads(args.features.read_text())
    if args.features is not None:
        args.features.write_text(json.dumps(names))
    y = np.array([r["label"] == "deficit" for r in rows], dtype=float)
    folds = fold_of(rows, args.folds)
    results = {}
    for l2 in (0.0001, 0.001, 0.01):
        scores = np.zeros(len(rows))
        for k in range(args.folds):
            train, test = folds != k, folds == k
            vocab = vocabulary([n for n, t in zip(names, train) if t])
            w, b = fit(Rows.of([n for n, t in zip(names, train) if t], vocab), y[train], l2)
            scores[test] = 1 / (1 + np.exp(-(Rows.of([n for n, t in zip(names, test) if t], vocab).dot(w) + b)))
        truth = [bool(v) for v in y[uniform]]
        threshold = best_threshold(list(scores[uniform]), truth, args.precision)
        strong = best_threshold(list(scores[uniform]), truth, STRONG_PRECISION)
        results[l2] = (threshold, *figures(list(scores[uniform]), truth, threshold), strong)
        print(f"l2 {l2}: threshold {threshold:.2f}, cross-validated on the uniform sample: precision {results[l2][1]:.3f} recall {results[l2][2]:.3f}")
    l2 = max(results, key=lambda k: (results[k][1] >= args.precision, results[k][2]))
    threshold, precision, recall, strong = results[l2]
    vocab = vocabulary(names)
    w, b = fit(Rows.of(names, vocab), y, l2)
    weights = {n: round(float(w[i]), 4) for n, i in vocab.items() if abs(w[i]) >= 0.001}
    args.out.write_text(json.dumps({
        "about": "JC101 shortcoming model: logistic weights over named sentence features (bench/label/train_shortcoming.py)",
        "data": [str(p.relative_to(ROOT)) for p in args.data], "sentences": len(rows), "deficits": int(y.sum()),
        "l2": l2, "threshold": threshold, "strong": max(strong, threshold), "cv_precision": round(precision, 3),
        "cv_recall": round(recall, 3), "bias": round(b, 4), "weights": dict(sorted(weights.items())),
    }, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"chosen l2 {l2}, threshold {threshold:.2f}: cv precision {precision:.3f}, recall {recall:.3f}; "
          f"{len(weights)} weights written to {args.out}")


if __name__ == "__main__":
    main()
