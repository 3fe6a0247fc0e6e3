"""Train the Ofsted section reads-like model (JC103) from the development corpus.

    python bench/reads_like_train.py [CORPUS_PDF_DIR] [--out plugins/judgecheck_ofsted/reads_like]

Inputs: the PDFs of ``CORPUS_PDF_DIR`` (default ``../shared/corpus/pdf``, the 127 dev
reports), read and structured by judgecheck itself; each graded section other
than overall effectiveness is one example, its grade the one the structure stage
reads (judgement table first). Only prose is used: headings and tables are not
given to the model, and sentences matching the withheld patterns of
``withheld.toml`` (beside the model) are dropped. ``validation/`` is never read here.

Method, in two stages. First, two models of the prose: (1) tf-idf over words,
word pairs and character 4-grams (document frequency at least ``MIN_DF``
sections of ``MIN_REPORTS`` reports) with context features (area, log sentence
count), a ridge regression of the grade's position on them (solved exactly in its
dual form); (2) a sentence model: a lexical copy of JC101's shortcoming model (its
probability that a sentence states a current shortcoming, which needs a spaCy
parse), distilled into a ridge regression of that probability's logit on the
presence of the same terms, so that it costs no parse at run time. Second, an
ordinal cumulative-logit model (slopes and three cut points, by maximum
likelihood) over the ridge score and five sentence features, each a mean over
the section's sentences: the shortcoming probability, the shares at or above 0.2,
0.5 and 0.9, and the share with top-grade praise (JC102's cue words). The second
stage is fitted to out-of-fold first-stage scores, 5 folds grouped by report
(shuffled with seed ``SEED``), so that it weighs the ridge score as it does on
unseen reports; the ridge penalty is chosen by cross-validated QWK. The published
distributions of the model file (score and shortcoming rate by grade and area),
the JC103 thresholds and the figures of the data card are all from the
cross-validated predictions, never from the final model's fit to its own
training data.

The shortcoming probabilities of the dev sentences (JC101's model on the parse,
about three minutes) are kept in ``--cache`` when given.

Writes ``sections.npz`` (arrays) and ``sections.json`` (meta: vocabulary,
patterns, thresholds, figures) to ``--out``. Deterministic for a given corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from judgecheck.language import split_sentences
from judgecheck.plugins import load_registry
from judgecheck.read import read_path
from judgecheck.readslike import ReadsLikeModel, graded_sections, prose_sentences, terms
from judgecheck.structure import build_document

SEED = 20240519
FOLDS = 5
MIN_DF = 4
MIN_REPORTS = 3
MAX_VOCABULARY = 50000
#: Character n-grams among the terms (their length).
CHARS = 4
PENALTIES = (0.03, 0.1, 0.3)
CONTEXT_SCALE = 0.3
LINK_STEPS = 3000
#: The second stage's L2 penalty on its standardised slopes (small: six slopes, 499 sections).
LINK_L2 = 1e-3
#: The sentence model: ridge penalty, and the clip of the probabilities whose logit it learns.
SENTENCE_PENALTY = 1.0
SENTENCE_CLIP = 0.01
SENTENCE_MODEL = "shortcoming"
#: The sentence features (their means over a section's sentences): see the module docstring.
LEVELS = (0.2, 0.5, 0.9)
#: Top-grade praise (JC102's cue words, as terms of the vocabulary): the praise feature is 1 for a sentence with one.
PRAISE = ("exceptional", "exceptionally", "outstanding", "outstandingly", "excellent", "exemplary", "impressive",
          "impressively", "highly effective", "highly effectively", "very effective", "very effectively", "sector leading",
          "first class", "world class")
FEATURES = (SENTENCE_MODEL, *(f"{SENTENCE_MODEL}>={level:g}" for level in LEVELS), "praise")
SCALE = ("outstanding", "good", "requires_improvement", "inadequate")
ALIASES = {"adequate": "requires_improvement"}
MIN_SENTENCES = 5
MIN_PUBLISHED = 12
#: The thresholds' quantiles: at most this share of published sections reads two steps away (or one step worse)
#: with the probability of a finding, and at most INFO_RATE more one step either way.
WARNING_RATE = 0.02
INFO_RATE = 0.05
OUT = Path(__file__).resolve().parent.parent / "plugins" / "judgecheck_ofsted" / "reads_like"


def load_units(folder: Path, withheld: list[str]) -> list[dict]:
    """Every graded section of every readable report of ``folder``: its text, grade, area and report."""
    import re

    pattern = re.compile("|".join(f"(?:{p})" for p in withheld), re.IGNORECASE)
    registry = load_registry()
    units = []
    for path in sorted(folder.glob("*.pdf")):
        try:
            document = build_document(read_path(path, registry.readers), registry.frameworks)
        except Exception as exc:  # unreadable inputs are part of the corpus
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
            continue
        for run in graded_sections(document):
            first = document.sections[run[0]]
            grade = ALIASES.get(first.grade or "", first.grade)
            if grade not in SCALE:
                continue
            sentences = prose_sentences((document.sections[i] for i in run), split_sentences)
            kept = [s for s in sentences if not pattern.search(s)]
            units.append({"report": path.name, "framework": document.framework, "area": first.area, "grade": first.grade,
                          "level": SCALE.index(grade), "sentences": kept, "withheld": len(sentences) - len(kept)})
    return units


def vocabulary(units: list[dict]) -> list[str]:
    """Terms in at least MIN_DF units of MIN_REPORTS reports, the MAX_VOCABULARY most frequent, sorted."""
    df: Counter[str] = Counter()
    reports: dict[str, set[str]] = {}
    for u in units:
        for t in set(t for s in u["sentences"] for t in terms(s, CHARS)):
            df[t] += 1
            reports.setdefault(t, set()).add(u["report"])
    kept = [t for t, n in df.items() if n >= MIN_DF and len(reports[t]) >= MIN_REPORTS]
    kept.sort(key=lambda t: (-df[t], t))
    return sorted(kept[:MAX_VOCABULARY])


def design(units: list[dict], vocab: list[str], areas: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tf-idf matrix (idf from ``units``), idf vector and context matrix, as the runtime model computes them."""
    index = {t: i for i, t in enumerate(vocab)}
    counts = np.zeros((len(units), len(vocab)), dtype=np.float32)
    for r, u in enumerate(units):
        for t, c in Counter(t for s in u["sentences"] for t in terms(s, CHARS)).items():
            if (i := index.get(t)) is not None:
                counts[r, i] = c
    df = (counts > 0).sum(axis=0)
    idf = (np.log((1 + len(units)) / (1 + df)) + 1).astype(np.float32)
    x = np.where(counts > 0, 1 + np.log(np.maximum(counts, 1)), 0) * idf
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    return x.astype(np.float32), idf, context(units, areas)


def context(units: list[dict], areas: list[str]) -> np.ndarray:
    return np.array([[1.0 if u["area"] == a else 0.0 for a in areas] + [math.log1p(len(u["sentences"]))] for u in units])


def ridge(x: np.ndarray, z: np.ndarray, y: np.ndarray, penalty: float) -> tuple[np.ndarray, np.ndarray]:
    """Ridge regression of ``y`` on tf-idf ``x`` and context ``z`` (scaled by CONTEXT_SCALE), in dual form: weights and context weights."""
    features = np.hstack([x, z * CONTEXT_SCALE]).astype(np.float64)
    dual = np.linalg.solve(features @ features.T + penalty * np.eye(len(y)), y - y.mean())
    weights = features.T @ dual
    return weights[: x.shape[1]], weights[x.shape[1]:] * CONTEXT_SCALE


def link(g: np.ndarray, y: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative-logit model over the columns of ``g`` (standardised by the caller): slopes and cut points by
    maximum likelihood with L2 ``LINK_L2`` on the slopes (Adam, full batch, from slope 1 on the first column)."""
    n = len(y)
    beta = np.zeros(g.shape[1])
    beta[0] = 1.0
    cuts = np.quantile(g @ beta, np.cumsum(np.bincount(y, minlength=k))[:-1] / n)
    params = [beta, cuts]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for step in range(1, LINK_STEPS + 1):
        s = g @ params[0]
        cuts = params[1]
        upper = np.append(cuts, np.inf)[y] - s
        lower = np.insert(cuts, 0, -np.inf)[y] - s
        fu, fl = _sigmoid(upper), _sigmoid(lower)
        p = np.maximum(fu - fl, 1e-12)
        du, dl = fu * (1 - fu), fl * (1 - fl)
        ds = (du - dl) / p / n  # d(-log p)/ds
        gc = np.zeros_like(cuts)
        np.add.at(gc, y[y < k - 1], -du[y < k - 1] / p[y < k - 1] / n)
        np.add.at(gc, y[y > 0] - 1, dl[y > 0] / p[y > 0] / n)
        for j, grad in enumerate((g.T @ ds + 2 * LINK_L2 * params[0], gc)):
            m[j] = 0.9 * m[j] + 0.1 * grad
            v[j] = 0.999 * v[j] + 0.001 * grad * grad
            params[j] = params[j] - 0.05 * (m[j] / (1 - 0.9**step)) / (np.sqrt(v[j] / (1 - 0.999**step)) + 1e-8)
        params[1] = np.sort(params[1])
    return params[0], params[1]


@dataclass
class Stage2:
    """The second stage fitted on rows of first-stage measures: their mean and spread, slopes and cut points."""

    mean: np.ndarray
    sd: np.ndarray
    beta: np.ndarray
    cuts: np.ndarray

    @classmethod
    def fit(cls, g: np.ndarray, y: np.ndarray) -> Stage2:
        mean, sd = g.mean(axis=0), g.std(axis=0) + 1e-9
        beta, cuts = link((g - mean) / sd, y, len(SCALE))
        return cls(mean, sd, beta, cuts)

    def per_unit(self) -> np.ndarray:
        """Each measure's weight on the raw (unstandardised) measure."""
        return self.beta / self.sd

    def score(self, g: np.ndarray) -> np.ndarray:
        """The latent score on the shipped model's scale (raw measures times :meth:`per_unit`)."""
        return g @ self.per_unit()

    def shipped_cuts(self) -> np.ndarray:
        return self.cuts + float(self.per_unit() @ self.mean)

    def probabilities(self, g: np.ndarray) -> np.ndarray:
        return probabilities(self.score(g), self.shipped_cuts())


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(a, -50, 50)))


def probabilities(s: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    cumulative = np.hstack([_sigmoid(cuts[None, :] - s[:, None]), np.ones((len(s), 1))])
    return np.diff(np.hstack([np.zeros((len(s), 1)), cumulative]), axis=1)


def qwk(truth: np.ndarray, pred: np.ndarray, k: int) -> float:
    """Quadratic weighted kappa between two ordinal labelings."""
    observed = np.zeros((k, k))
    np.add.at(observed, (truth, pred), 1)
    expected = np.outer(observed.sum(1), observed.sum(0)) / observed.sum()
    weights = (np.subtract.outer(np.arange(k), np.arange(k)) ** 2) / (k - 1) ** 2
    return float(1 - (weights * observed).sum() / (weights * expected).sum())


def median_grade(probs: np.ndarray) -> np.ndarray:
    return (np.cumsum(probs, axis=1) < 0.5).sum(axis=1)


def folds(units: list[dict]) -> np.ndarray:
    """Fold of each unit, by report, reports shuffled with SEED."""
    reports = sorted({u["report"] for u in units})
    order = np.random.default_rng(SEED).permutation(len(reports))
    fold_of = {reports[j]: i % FOLDS for i, j in enumerate(order)}
    return np.array([fold_of[u["report"]] for u in units])


def shortcoming_targets(units: list[dict], cache: Path | None = None) -> list[np.ndarray]:
    """JC101's shortcoming probability of each sentence of each unit: its model on the spaCy parse, for a sentence
    with a word that could make it a shortcoming (the model's trigger words or the rule file's cue words) and no
    phrase of the rule file that rules it out; 0 for any other. Kept in ``cache`` (a JSON file) when given,
    keyed by the sentence, valid while JC101's model file is the same."""
    from judgecheck.language import Language
    from judgecheck_consistency.shortcoming import MODEL, ShortcomingModel, features, trigger_words

    digest = hashlib.sha256(MODEL.read_bytes()).hexdigest()[:16]
    known: dict[str, float] = {}
    if cache is not None and cache.exists():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        known = stored["p"] if stored.get("model") == digest else {}
    missing = sorted({s for u in units for s in u["sentences"]} - set(known))
    if missing:
        rule = next(r for r in load_registry().rules if r.id == "JC101")
        matcher = rule.compiled()  # type: ignore[attr-defined]
        model, triggers = ShortcomingModel.load(), trigger_words(ShortcomingModel.load())
        ruled_out = matcher.ignore_sentences
        parse = [t for t in missing if (triggers.search(t) or matcher.vocabulary.search(t))
                 and not any(rx.search(t.lower()) for rx in ruled_out)]
        known.update(dict.fromkeys(missing, 0.0))
        for start in range(0, len(parse), 2000):  # a fresh Language per batch: parses are not kept
            language = Language()
            batch = parse[start : start + 2000]
            language.parse_many(batch)
            for t in batch:
                doc = language.parse(t)
                known[t] = round(model.decide(features(doc, matcher.matches(doc))).probability, 6)
        if cache is not None:
            cache.write_text(json.dumps({"model": digest, "p": known}, sort_keys=True), encoding="utf-8")
    return [np.array([known[s] for s in u["sentences"]]) for u in units]


def teacher() -> str:
    """The JC101 model file the sentence model copies: its path in the package and the start of its SHA-256."""
    from judgecheck_consistency.shortcoming import MODEL

    return f"judgecheck_consistency/models/{MODEL.name} sha256:{hashlib.sha256(MODEL.read_bytes()).hexdigest()[:16]}"


def sentence_model(model: ReadsLikeModel, units: list[dict], targets: list[np.ndarray]) -> tuple[np.ndarray, float]:
    """The lexical copy of JC101's shortcoming model over ``model``'s vocabulary: ridge regression (penalty
    SENTENCE_PENALTY, conjugate gradients) of the logit of each sentence's probability, clipped to
    [SENTENCE_CLIP, 1 - SENTENCE_CLIP], on the presence of the sentence's terms. Weights and bias."""
    indices, rows = [], []
    for u in units:
        for each in model.term_counts(u["sentences"]):
            indices.append(np.fromiter(each.keys(), dtype=np.int64, count=len(each)))
            rows.append(len(each))
    col = np.concatenate(indices)
    row = np.repeat(np.arange(len(rows)), rows)
    p = np.clip(np.concatenate(targets), SENTENCE_CLIP, 1 - SENTENCE_CLIP)
    y = np.log(p / (1 - p))
    bias = float(y.mean())
    n_terms = len(model.index)

    def gram(w: np.ndarray) -> np.ndarray:  # (A'A + penalty I) w
        return np.bincount(col, weights=np.bincount(row, weights=w[col], minlength=len(rows))[row], minlength=n_terms) + SENTENCE_PENALTY * w

    rhs = np.bincount(col, weights=(y - bias)[row], minlength=n_terms)
    w = np.zeros(n_terms)
    r = rhs.copy()
    d = r.copy()
    rs = r @ r
    for _ in range(500):
        q = gram(d)
        step = rs / (d @ q)
        w += step * d
        r -= step * q
        new = r @ r
        if new < 1e-12 * (rhs @ rhs):
            break
        d = r + new / rs * d
        rs = new
    return w, bias


def measures(model: ReadsLikeModel, unit: dict) -> np.ndarray:
    """The first-stage measures of a unit under ``model`` (its feature weights zero): the ridge score (text and
    context), then each sentence feature's mean over the unit's sentences."""
    counts = model.term_counts(unit["sentences"])
    features = model.sentence_features(unit["sentences"], counts)
    return np.array([model.score(unit["sentences"], unit["area"], counts), *np.mean(features, axis=0)])


def cross_validate(units: list[dict], areas: list[str], penalties: tuple[float, ...], targets: list[np.ndarray]) -> dict[float, np.ndarray]:
    """Out-of-fold first-stage measures of the units per ridge penalty (each from models that never saw its report)."""
    out = {p: np.zeros((len(units), 1 + len(FEATURES))) for p in penalties}
    fold = folds(units)
    for f in range(FOLDS):
        inside = np.flatnonzero(fold != f)
        train = [units[i] for i in inside]
        vocab = vocabulary(train)
        x, idf, z = design(train, vocab, areas)
        empty = np.zeros(len(vocab))
        sw, sb = sentence_model(_model(vocab, idf, empty, np.zeros(z.shape[1]), np.zeros(len(SCALE) - 1), areas), train,
                                [targets[i] for i in inside])
        for penalty in penalties:
            w, cu = ridge(x, z, np.array([u["level"] for u in train], dtype=float), penalty)
            model = _model(vocab, idf, w, cu, np.zeros(len(SCALE) - 1), areas, sentence=(sw, sb))
            for i in np.flatnonzero(fold == f):
                out[penalty][i] = measures(model, units[i])
    return out


def linked_probabilities(g: np.ndarray, truth: np.ndarray, fold: np.ndarray) -> np.ndarray:
    """Probabilities of each unit from the second stage fitted on the other folds' out-of-fold measures."""
    out = np.zeros((len(g), len(SCALE)))
    for f in range(FOLDS):
        out[fold == f] = Stage2.fit(g[fold != f], truth[fold != f]).probabilities(g[fold == f])
    return out


def _model(vocab: list[str], idf: np.ndarray, w: np.ndarray, cu: np.ndarray, cuts: np.ndarray, areas: list[str],
           published: dict | None = None, shortcoming_push: float = 0.0, sentence: tuple[np.ndarray, float] | None = None,
           feature_weights: np.ndarray | None = None) -> ReadsLikeModel:
    meta = {"unit": "section", "scale": list(SCALE), "aliases": ALIASES, "min_sentences": MIN_SENTENCES, "withheld": ["$^"],
            "vocabulary": vocab, "context": [f"area={a}" for a in areas] + ["log_sentences"], "char_ngrams": CHARS,
            "published": published or {}, "shortcoming_push": shortcoming_push, "min_published": MIN_PUBLISHED}
    arrays = {"idf": idf, "weights": w.astype(np.float32), "context_weights": cu, "cuts": cuts}
    if sentence is not None:
        meta["sentence_features"] = {"names": list(FEATURES), "model": SENTENCE_MODEL, "bias": sentence[1], "terms": {"praise": list(PRAISE)}}
        arrays |= {"sentence_weights": sentence[0].astype(np.float32),
                   "feature_weights": np.zeros(len(FEATURES)) if feature_weights is None else feature_weights}
    return ReadsLikeModel(meta, {k: np.asarray(v).tolist() for k, v in arrays.items()})


def calibration(probs: np.ndarray, truth: np.ndarray, bins: int = 5) -> list[dict]:
    """Predicted probability against observed share, over every (unit, grade) pair, in equal-width bins."""
    p = probs.ravel()
    hit = (np.arange(probs.shape[1])[None, :] == truth[:, None]).ravel()
    rows = []
    for b in range(bins):
        inside = (p >= b / bins) & ((p < (b + 1) / bins) if b < bins - 1 else (p <= 1))
        if inside.any():
            rows.append({"bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}", "pairs": int(inside.sum()),
                         "predicted": round(float(p[inside].mean()), 3), "observed": round(float(hit[inside].mean()), 3)})
    return rows


def tails(probs: np.ndarray, given: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per unit: probability of reading two or more steps from its grade, of reading lower, and of reading any other grade on one side."""
    levels = np.arange(probs.shape[1])[None, :]
    far = (probs * (np.abs(levels - given[:, None]) >= 2)).sum(1)
    lower = (probs * (levels > given[:, None])).sum(1)
    higher = (probs * (levels < given[:, None])).sum(1)
    return far, lower, np.maximum(lower, higher)


def thresholds(probs: np.ndarray, truth: np.ndarray) -> dict:
    """JC103's thresholds from the cross-validated probabilities of published sections, and how often it fires on them."""
    far, lower, other = tails(probs, truth)
    t = {"far": max(0.5, float(np.quantile(far, 1 - WARNING_RATE))),
         "lower": max(0.8, float(np.quantile(lower, 1 - WARNING_RATE))),
         "other": max(0.6, float(np.quantile(other, 1 - INFO_RATE)))}
    # As JC103 decides (ReadsLikeModel.departure): a warning two steps away, information one step either way.
    warning = far >= t["far"]
    info = ~warning & ((other >= t["other"]) | (lower >= t["lower"]))
    return {k: round(v, 4) for k, v in t.items()} | {"warning_rate": round(float(warning.mean()), 4), "info_rate": round(float(info.mean()), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, help="a JSON file keeping the sentences' JC101 probabilities between runs")
    args = parser.parse_args()
    withheld = tomllib.loads((args.out / "withheld.toml").read_text(encoding="utf-8"))["patterns"]
    units = [u for u in load_units(args.corpus, withheld) if len(u["sentences"]) >= MIN_SENTENCES]
    areas = sorted({u["area"] for u in units})
    truth = np.array([u["level"] for u in units])
    print(f"{len(units)} graded sections of {len({u['report'] for u in units})} reports; levels {np.bincount(truth, minlength=len(SCALE)).tolist()}")
    targets = shortcoming_targets(units, args.cache)
    fold = folds(units)
    best = None
    for penalty, g in cross_validate(units, areas, PENALTIES, targets).items():
        probs = linked_probabilities(g, truth, fold)
        pred = median_grade(probs)
        kappa = qwk(truth, pred, len(SCALE))
        nll = float(-np.log(np.maximum(probs[np.arange(len(units)), truth], 1e-12)).mean())
        print(f"penalty {penalty:g}: QWK {kappa:.3f} accuracy {(pred == truth).mean():.3f} log loss {nll:.3f}")
        if best is None or kappa > best[0]:
            best = (kappa, penalty, g, probs, pred, nll)
    assert best is not None
    kappa, penalty, g, probs, pred, nll = best
    stage2 = Stage2.fit(g, truth)
    per_unit = stage2.per_unit()
    vocab = vocabulary(units)
    x, idf, z = design(units, vocab, areas)
    sw, sb = sentence_model(_model(vocab, idf, np.zeros(len(vocab)), np.zeros(z.shape[1]), np.zeros(len(SCALE) - 1), areas), units, targets)
    w, cu = ridge(x, z, truth.astype(float), penalty)
    weights, context_weights, cuts = (per_unit[0] * w).astype(np.float32), per_unit[0] * cu, stage2.shipped_cuts()
    final = _model(vocab, idf, weights, context_weights, cuts, areas, sentence=(sw, sb), feature_weights=per_unit[1:])
    # Shortcoming sentences: pushes in the top tenth of all sentences' pushes of the corpus under the final model.
    all_pushes = np.concatenate([final.pushes(u["sentences"]) for u in units])
    push = float(np.quantile(all_pushes, 0.9))
    final.shortcoming_push = push
    published: dict[str, list[list[float]]] = {}
    for u, score in zip(units, stage2.score(g)):
        rate = final.shortcoming_rate(final.pushes(u["sentences"]))
        for key in (f"{u['grade']}|{u['area']}", f"{u['grade']}|*"):
            published.setdefault(key, [[], []])
            published[key][0].append(round(float(score), 4))
            published[key][1].append(round(rate, 2))
    figures = {
        "sections": len(units), "reports": len({u["report"] for u in units}), "penalty": penalty,
        "second_stage": {"measures": ["ridge_score", *FEATURES], "standardised_slopes": [round(float(b), 4) for b in stage2.beta],
                         "mean": [round(float(m), 4) for m in stage2.mean], "sd": [round(float(d), 4) for d in stage2.sd]},
        "sentence_model": {"terms": len(vocab), "sentences": int(sum(len(t) for t in targets)),
                           "mean_target": round(float(np.concatenate(targets).mean()), 4), "teacher": teacher()},
        "cross_validated": {"qwk": round(kappa, 4), "accuracy": round(float((pred == truth).mean()), 4), "log_loss": round(nll, 4),
                            "calibration": calibration(probs, truth)},
    }
    figures["departure"] = thresholds(probs, truth)
    print(json.dumps(figures, indent=1))
    meta = final.meta | {"withheld": withheld, "departure": {k: figures["departure"][k] for k in ("far", "lower", "other")}, "published": {k: published[k] for k in sorted(published)},
                          "shortcoming_push": round(push, 6), "figures": figures, "seed": SEED}
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "sections.npz", idf=idf, weights=weights, context_weights=context_weights, cuts=cuts,
                        sentence_weights=sw.astype(np.float32), feature_weights=per_unit[1:])
    (args.out / "sections.json").write_text(json.dumps(meta, indent=0, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
