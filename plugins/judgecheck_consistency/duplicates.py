"""JC201 duplicated-passage and JC202 misquoted-passage: summaries repeated, in one report or across a run.

Both rules share one finder: sentences are normalised (quote marks, dashes,
hyphenation, case and white space folded away) and tokenized with spaCy; two
runs of at least ``min_sentences`` consecutive sentences that match exactly or
nearly (token similarity at least ``similarity``) are a repeated passage. A
repeat is reported once, at its later place, naming the earlier one. Where
near-identical sentences differ in a word that matters (a grade word, a
quantity, a negation, a number: lists in ``rules/duplicates.toml``),
the repeat is JC202; otherwise it is JC201.
"""

from __future__ import annotations

import functools
import re
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib.resources import files
from pathlib import Path

from judgecheck.language import Language
from judgecheck.model import Block, Document, Section
from judgecheck.rules import Hit, Related, Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SETTINGS = Path(str(files("judgecheck_rules") / "duplicates.toml"))
#: Sentences that many reports share (the publisher's template), learned by bench/learn_standard_passages.py.
STANDARD = SETTINGS.parent / "standard_passages.txt"
#: A word for comparing copies: letters and digits, with an apostrophe or a decimal point inside.
WORD = re.compile(r"[a-z0-9]+(?:['.,][a-z0-9]+)*%?")
FIGURE = re.compile(r"\b\d[\d.,]*%?")
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": " ", "—": " ", "-": " ", "\u00ad": ""})


@dataclass(frozen=True)
class Settings:
    """The finder's thresholds and the words whose change turns a repeat into a misquote."""

    min_sentences: int
    min_words: int
    similarity: float
    continuation: float
    matters: dict[str, frozenset[str]]
    #: Sentences that are publishers' furniture (contact details, licence notices), never compared.
    furniture: re.Pattern[str]
    #: Normalised sentences that many published reports share (:data:`STANDARD`), never compared.
    standard: frozenset[str] = frozenset()

    @classmethod
    @functools.cache
    def load(cls, path: Path = SETTINGS, standard: Path = STANDARD) -> Settings:
        """The settings file and the standard passages, read once per process (rules ask for them for every document)."""
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        lines = standard.read_text(encoding="utf-8").splitlines() if standard.is_file() else []
        words = {kind: frozenset(w.lower() for w in ws) for kind, ws in data["matters"].items()}
        furniture = re.compile("|".join(f"(?:{p})" for p in data["furniture"]), re.IGNORECASE)
        return cls(
            int(data["min_sentences"]), int(data["min_words"]), float(data["similarity"]), float(data["continuation"]),
            words, furniture, frozenset(line for line in lines if line and not line.startswith("#")),
        )


def normalise(sentence: str) -> str:
    """A sentence as repeats are compared: quote marks, dashes, hyphenation, case and white space folded away."""
    return " ".join(WORD.findall(sentence.translate(_FOLD).lower()))


@dataclass(frozen=True)
class Unit:
    """One sentence of a document, where it is, and its normalised words."""

    doc: int
    #: True when the document has real pages, so a place is named by page, not line.
    paged: bool
    order: int
    section: Section
    block: Block
    text: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Repeat:
    """A passage at ``later`` that repeats the one at ``earlier``, with the words that changed."""

    earlier: tuple[Unit, ...]
    later: tuple[Unit, ...]
    changes: tuple[tuple[str, str, str], ...]  # (kind, earlier words, later words)


def units_of(document: Document, doc: int, language: Language, settings: Settings) -> list[Unit]:
    """The document's sentences, long enough to count, in order."""
    out: list[Unit] = []
    for section in document.sections:
        if section.past:
            continue  # older inspections are quoted on purpose, often in parallel sentences
        for block in section.blocks:
            if block.kind in ("table", "heading"):
                continue
            for sentence in language.sentences(block.text):
                if settings.furniture.search(sentence):
                    continue
                folded = normalise(sentence)
                if folded in settings.standard:
                    continue
                words = tuple(folded.split())
                figures = len(FIGURE.findall(sentence))
                if figures >= 2 and figures * 6 >= len(words):
                    continue  # a line of figures ("in primary schools is 2.3% (the national average is 19.4%)")
                if len(words) >= settings.min_words:
                    out.append(Unit(doc, document.paged, len(out), section, block, sentence, words))
    return out


def _changes(a: Sequence[str], b: Sequence[str], settings: Settings) -> list[tuple[str, str, str]]:
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        before, after = a[i1:i2], b[j1:j2]
        changed = set(before) ^ set(after)
        kinds = [k for k, ws in settings.matters.items() if changed & ws]
        if any(re.fullmatch(r"\d[\d,.]*%?", w) for w in changed):
            kinds.append("number")
        if kinds:
            out.append(("/".join(kinds), " ".join(before) or "(nothing)", " ".join(after) or "(nothing)"))
    return out


def find_repeats(units: Sequence[Unit], settings: Settings, across: bool) -> list[Repeat]:
    """Repeated passages among ``units``: across documents only, or within one document only."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    grams: dict[int, list[int]] = defaultdict(list)  # keyed by the window's hash: a fraction of the memory
    for i, u in enumerate(units):
        index[u.words].append(i)
        # Every 4-word window is indexed and every other one looked up, so a shift of any
        # number of words between two copies still finds their shared windows.
        for k in range(len(u.words) - 3):
            grams[hash(u.words[k : k + 4])].append(i)

    if across:
        # A window that three or more documents share is a publisher's template: it
        # suggests no quotation, and dropping it first keeps a large run fast.
        grams = defaultdict(list, {g: ids for g, ids in grams.items() if len({units[i].doc for i in ids}) < 3})

    def same_place(i: int, j: int) -> bool:
        return (units[i].doc != units[j].doc) != across or units[i].block is units[j].block

    def similarity(i: int, j: int) -> float:
        a, b = units[i].words, units[j].words
        return 1.0 if a == b else SequenceMatcher(None, a, b, autojunk=False).ratio()

    pairs: dict[int, set[int]] = defaultdict(set)
    strong: set[tuple[int, int]] = set()
    for i, u in enumerate(units):
        candidates = set(index[u.words])
        shared: dict[int, int] = defaultdict(int)
        lookups = range(0, len(u.words) - 3, 2)
        for k in lookups:
            for j in grams.get(hash(u.words[k : k + 4]), ()):
                shared[j] += 1
        # Two shared windows, or one for a sentence short enough to have at most three.
        candidates |= {j for j, n in shared.items() if n >= min(2, (len(lookups) + 1) // 2)}
        for j in candidates:
            if j > i and not same_place(i, j):
                score = similarity(i, j)
                if score >= settings.continuation:
                    pairs[i].add(j)
                if score >= settings.similarity:
                    strong.add((i, j))
    if across:
        # A sentence shared by three or more documents is boilerplate (a publisher's
        # template), not a quotation: it links nothing.
        linked: dict[int, set[int]] = defaultdict(set)
        for i, js in pairs.items():
            for j in js:
                linked[i].add(units[j].doc)
                linked[j].add(units[i].doc)
        common = {i for i, docs in linked.items() if len(docs | {units[i].doc}) >= 3}
        pairs = defaultdict(set, {i: {j for j in js if j not in common} for i, js in pairs.items() if i not in common})

    def next_pair(a: int, b: int) -> tuple[int, int] | None:
        # The next matching pair, allowing one sentence cut differently on either side.
        for da, db in ((1, 1), (2, 1), (1, 2)):
            if b + db in pairs.get(a + da, ()) and a + da < j:
                return a + da, b + db
        return None

    repeats: list[Repeat] = []
    used: set[tuple[int, int]] = set()
    reported: set[int] = set()
    for i in sorted(pairs):
        for j in sorted(pairs[i]):
            if (i, j) in used:
                continue
            run = [(i, j)]
            while (step := next_pair(*run[-1])) is not None:
                run.append(step)
            used.update(run)
            # A passage is anchored by at least one close match; reworded neighbours extend it.
            if len(run) < settings.min_sentences or j in reported or not strong.intersection(run):
                continue
            # A passage repeated in several places is reported once, against its first copy.
            reported.update(b for _, b in run)
            earlier = units[i : run[-1][0] + 1]
            later = units[j : run[-1][1] + 1]
            words_a = [w for u in earlier for w in u.words]
            words_b = [w for u in later for w in u.words]
            changes = _changes(words_a, words_b, settings) if words_a != words_b else []
            repeats.append(Repeat(tuple(earlier), tuple(later), tuple(changes)))
    return repeats


def where(unit: Unit, path: str | None = None) -> str:
    """The other place in words: file, page (when real), paragraph number, section and opening words."""
    parts = [path] if path else []
    if unit.paged:
        parts.append(f"page {unit.block.page}")
    if unit.block.number is not None:
        parts.append(f"paragraph {unit.block.number}")
    parts.append(f"'{unit.section.title[:60]}'" if unit.section.title else "the opening")
    opening = " ".join(unit.text.split()[:8])
    return f"{', '.join(parts)} (\"{opening} …\")"


def describe(changes: Sequence[tuple[str, str, str]]) -> str:
    """The changed words, briefly: at most four changes of at most eight words a side."""

    def clip(words: str) -> str:
        parts = words.split()
        return " ".join(parts[:8]) + (" …" if len(parts) > 8 else "")

    order = ("grade", "negation", "number", "quantity")
    ranked = sorted(changes, key=lambda c: min(order.index(k) if k in order else len(order) for k in c[0].split("/")))
    return "; ".join(f"{kind}: '{clip(b)}' here, '{clip(a)}' there" for kind, a, b in ranked[:4])


class _RepeatRule(Rule):
    needs_language = True
    across = True
    scope = "paragraph"
    misquote: bool

    def hits(self, repeats: Sequence[Repeat], paths: Sequence[str] | None = None) -> Iterator[tuple[int, Hit]]:
        for rep in repeats:
            if bool(rep.changes) != self.misquote:
                continue
            first, later = rep.earlier[0], rep.later[0]
            other = where(first, paths[first.doc] if paths else None)
            n = len(rep.later)
            if rep.changes:
                message = (f"Passage of {n} sentences repeats {other}, but changes words that matter: {describe(rep.changes)}. "
                           "Reconcile the two copies, or quote the original exactly.")
            elif [w for u in rep.earlier for w in u.words] == [w for u in rep.later for w in u.words]:
                message = f"Passage of {n} sentences repeats {other} word for word."
            else:
                message = f"Passage of {n} sentences repeats {other} nearly word for word (no grade, quantity, negation or number changed)."
            excerpt = " ".join(u.text for u in rep.later)
            original = Related(first.block, first.section, " ".join(u.text for u in rep.earlier), first.doc if paths else None)
            yield later.doc, Hit(message, section=later.section, block=later.block, excerpt=excerpt, related=(original,))

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        assert language is not None

        def repeats() -> list[Repeat]:
            settings = Settings.load()
            return find_repeats(units_of(document, 0, language, settings), settings, across=False)

        # JC201 and JC202 read the same repeats: found once per document.
        for _, hit in self.hits(language.shared("repeated-passages", repeats)):
            yield hit

    def check_across(self, documents: Sequence[Document], language: Language | None) -> Iterator[tuple[int, Hit]]:
        assert language is not None

        def repeats() -> list[Repeat]:
            settings = Settings.load()
            units = [u for n, d in enumerate(documents) for u in units_of(d, n, language, settings)]
            return find_repeats(units, settings, across=True)

        yield from self.hits(language.shared("repeated-passages-across", repeats), [d.path for d in documents])


class DuplicatedPassage(_RepeatRule):
    """A passage of two or more sentences appears twice, word for word.

    **What it checks**: runs of consecutive sentences that occur twice (word for
    word, or reworded without changing a word that matters), in one
    report (an executive summary pasted into a section summary) or across the
    documents of one run (a council paper quoting the report). Quote marks,
    dashes, hyphenation, case and line breaks do not count as differences.

    **Why it matters**: a repeated passage is often deliberate (a quotation),
    but an editor should know where text is shared, because a later edit to
    one copy makes the two disagree.

    **Example**: a cabinet paper that quotes the report's executive summary,
    checked together with the report.

    **Does not fire on**: a single repeated sentence, or repeats that change a
    grade, a quantity, a negation or a number (JC202 reports those).

    **References**: the repeated passages of 12 reports found by reading,
    ``bench/eval/duplicates.jsonl``, measured by ``bench/evaluate.py``.
    """

    id = "JC201"
    name = "duplicated-passage"
    severity = "info"
    measured = "recall 0.84 (54 of 64 repeated passages found by reading, 12 pdf/ reports)"
    misquote = False


class MisquotedPassage(_RepeatRule):
    """A repeated passage changes a grade word, a quantity, a negation or a number.

    **What it checks**: passages of two or more sentences that appear twice
    (as for JC201) where the second copy differs from the first in a word
    that matters: a grade word ("good" for "outstanding"), a quantity
    ("significant" for "good" investment), a negation, or a number.

    **Why it matters**: a summary that misquotes the findings it summarises
    changes what the report says; readers quote the summary.

    **Example**: "Significant investment and intensive support are highly
    effective" in the executive summary, and "Good investment and intensive
    support are highly effective" in the section summary.

    **Does not fire on**: word-for-word repeats (JC201), or changes of
    wording that alter no grade, quantity, negation or number.

    **References**: the repeated passages of 12 reports found by reading, with the words that
    differ, ``bench/eval/duplicates.jsonl``, measured by ``bench/evaluate.py``.
    """

    id = "JC202"
    name = "misquoted-passage"
    severity = "info"
    measured = "precision 0.24 (8 of 34 judged findings, validation/)"
    misquote = True
