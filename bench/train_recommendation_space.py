"""Train JC301's meaning space: an LSA space of spaCy lemmas over the paragraphs of the dev reports.

    python bench/train_recommendation_space.py DIR [--out FILE] [--dims 150] [--terms 4000]

Every paragraph and list item of every readable report under DIR (the dev set,
``pdf/``; never ``validation/``) is lemmatized by the judgecheck pipeline; a
lemma is a term when it is alphabetic, not a stop word, at least three letters
long and used in at least ``--min-df`` paragraphs, and the ``--terms`` most
widely used are kept. Each paragraph is a TF-IDF vector (sublinear counts,
``log(N / df)``, unit length); the space is the top ``--dims`` eigenvectors of
the term-by-term Gram matrix (the right singular vectors of the paragraph
matrix). Written as one ``.npz``: ``terms`` (lemmas), ``idf``, ``vectors``
(terms x dims, float16) and ``forms``/``form_terms`` (each lower-case word form
seen, and the index of its most frequent lemma), so that checking needs only the
tokenizer. Deterministic: documents sorted by name, no random step.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from judgecheck.errors import JudgecheckError
from judgecheck.language import pipeline
from judgecheck.plugins import load_registry
from judgecheck.read import read_path
from judgecheck.structure import build_document

OUT = Path(__file__).parents[1] / "plugins" / "judgecheck_consistency" / "models" / "recommendation_space.npz"


def paragraphs(corpus: Path, cache: Path | None) -> list[str]:
    """The text of every paragraph and list item of the readable reports, in name order."""
    if cache and cache.exists():
        return list(pickle.loads(cache.read_bytes()))
    registry = load_registry()
    out = []
    for path in sorted(corpus.glob("*.pdf")):
        try:
            document = build_document(read_path(path, registry.readers), registry.frameworks)
        except JudgecheckError:
            continue
        out += [b.text for s in document.sections for b in s.blocks if b.kind in ("paragraph", "item") and len(b.text.split()) >= 5]
    if cache:
        cache.write_bytes(pickle.dumps(out))
    return out


def lemmatize(texts: list[str]) -> tuple[list[list[str]], dict[str, Counter[str]]]:
    """Each text's term candidates (lemmas), and for each lower-case form the lemmas it was given."""
    nlp = pipeline()
    out, forms = [], defaultdict(Counter)
    with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p == "parser"]):
        for doc in nlp.pipe(texts, batch_size=64):
            lemmas = []
            for t in doc:
                if t.is_alpha and not t.is_stop and len(t.text) >= 3:
                    lemma = t.lemma_.lower()
                    forms[t.lower_][lemma] += 1
                    lemmas.append(lemma)
            out.append(lemmas)
    return out, forms


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="the dev reports (pdf/)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--dims", type=int, default=150)
    ap.add_argument("--terms", type=int, default=4000)
    ap.add_argument("--min-df", type=int, default=4)
    ap.add_argument("--cache", type=Path, help="a file to keep the recovered paragraphs in between runs")
    args = ap.parse_args(argv)
    if "validation" in args.corpus.parts:
        ap.error("the space is trained on the dev set only")
    texts = paragraphs(args.corpus, args.cache)
    lemmatized, forms = lemmatize(texts)
    df = Counter(term for lemmas in lemmatized for term in set(lemmas))
    ranked = sorted((t for t, n in df.items() if n >= args.min_df and n < 0.5 * len(texts)), key=lambda t: (-df[t], t))
    terms = sorted(ranked[: args.terms])
    index = {t: i for i, t in enumerate(terms)}
    idf = np.log(len(texts) / np.array([df[t] for t in terms], dtype=np.float64))
    gram = np.zeros((len(terms), len(terms)))
    for lemmas in lemmatized:
        counts = Counter(index[t] for t in lemmas if t in index)
        if not counts:
            continue
        ids = np.array(sorted(counts))
        weights = (1 + np.log([counts[i] for i in ids])) * idf[ids]
        weights /= np.linalg.norm(weights)
        gram[np.ix_(ids, ids)] += np.outer(weights, weights)
    values, vectors = np.linalg.eigh(gram)
    top = vectors[:, np.argsort(values)[::-1][: args.dims]]
    top *= np.sign(top[np.abs(top).argmax(axis=0), range(args.dims)])  # a fixed sign per dimension
    kept = sorted(f for f, lemmas in forms.items() if lemmas.most_common(1)[0][0] in index)
    form_terms = np.array([index[forms[f].most_common(1)[0][0]] for f in kept], dtype=np.int32)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out, terms=np.array(terms), idf=idf.astype(np.float32), vectors=top.astype(np.float16), forms=np.array(kept), form_terms=form_terms
    )
    share = values[np.argsort(values)[::-1][: args.dims]].sum() / values.sum()
    print(f"{len(texts)} paragraphs, {len(terms)} terms, {len(kept)} forms, {args.dims} dims ({share:.0%} of the variance) -> {args.out} ({args.out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
