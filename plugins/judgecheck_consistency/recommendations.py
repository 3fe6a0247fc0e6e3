"""JC301-JC303: recommendations and the findings that back them.

JC301 backs a recommendation by meaning: every passage of the body (outside the
recommendations lists and the summaries that restate findings) is scored
against it in an LSA space of lemmas learned from the dev reports
(``models/recommendation_space.npz``) plus the IDF-weighted overlap of their
lemmas, shortcomings preferred to praise (``rules/recommendations.toml``).
JC302 compares a cited paragraph's content words with the recommendation's by a crude stem, so
that "plans" meets "planning".
"""

from __future__ import annotations

import functools
import math
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np

from judgecheck.language import Language
from judgecheck.model import Block, Document, Section
from judgecheck.rules import Hit, Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SETTINGS = Path(str(files("judgecheck_rules") / "recommendations.toml"))
SPACE = Path(str(files("judgecheck_consistency") / "models" / "recommendation_space.npz"))
#: The longest range of paragraphs a citation spells out; a longer one is taken by its ends.
LONGEST_RANGE = 60
REFERENCE = re.compile(r"\((?:see )?(?:paragraphs?|paras?\.?)\s+(\d+(?:\s*(?:,|and|-|–)\s*\d+)*)\)", re.IGNORECASE)
MARKER = re.compile(r"\(recommendations?\)", re.IGNORECASE)
#: The national framework's outcome or enabler a recommendation cites ("(outcome 3, national framework)").
FRAMEWORK_TAG = re.compile(r"\([^()]*national framework[^()]*\)", re.IGNORECASE)
#: A recommendation that draws on the whole report says so instead of citing paragraphs.
THROUGHOUT = re.compile(r"\((?:throughout|whole report|all sections)\)", re.IGNORECASE)
#: Sentences about the list, not items of it ("The following recommendations are the priorities ...").
LEAD_IN = re.compile(r"^(?:the following|these|the|other|further) recommendations\b", re.IGNORECASE)


@dataclass(frozen=True)
class Settings:
    """Words that link nothing (JC302), and how JC301 scores the backing of a recommendation."""

    generic: frozenset[str]
    #: A recommendation scoring under this is flagged (score: see :class:`Space`).
    threshold: float
    #: The share of the score that is the cosine in the space (the rest is the lemma overlap).
    cosine_weight: float
    #: The most sentences of one window of a body paragraph.
    window: int
    #: Words that mark a passage as stating a shortcoming: only such a passage backs a recommendation.
    deficit: re.Pattern[str]
    #: An item of more sentences is prose read into the list (an LSCB section's findings), not judged.
    longest: int
    #: A report with at least this many numbered body paragraphs states its findings in them: its
    #: unnumbered prose (executive summary, summary for children) only restates them.
    numbered: int

    @classmethod
    @functools.cache
    def load(cls, path: Path = SETTINGS) -> Settings:
        """The settings file, read once per process (rules ask for it for every document)."""
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls(
            frozenset(stem(w) for w in data["generic"]),
            float(data["threshold"]),
            float(data["cosine_weight"]),
            int(data["window"]),
            re.compile(data["deficit"], re.IGNORECASE),
            int(data["longest"]),
            int(data["numbered"]),
        )


def stem(word: str) -> str:
    """A crude stem: enough for "plans"/"planning"/"planned" to meet."""
    word = word.lower()
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content(text: str, language: Language, settings: Settings) -> set[str]:
    """The stems of the text's content words."""
    return {
        stem(t.text)
        for t in language.tokens(text)
        if t.is_alpha and not t.is_stop and len(t.text) > 2 and stem(t.text) not in settings.generic
    }


def cited(numbers: str) -> tuple[tuple[int, ...], ...]:
    """The references one citation makes, each a paragraph or a range spelled out: "12, 14 and 20-22" is
    (12,), (14,) and (20, 21, 22). A range of :data:`LONGEST_RANGE` paragraphs or more, or one written
    backwards, is taken as its two ends."""
    out: list[tuple[int, ...]] = []
    for part in re.split(r"\s*(?:,|and)\s*", numbers.strip()):
        ends = [int(n) for n in re.findall(r"\d+", part)]
        if len(ends) == 2 and 0 < ends[1] - ends[0] < LONGEST_RANGE:
            out.append(tuple(range(ends[0], ends[1] + 1)))
        else:
            out.extend((n,) for n in ends)
    return tuple(out)


@dataclass(frozen=True)
class Recommendation:
    """One item of a recommendations list, its content words and its "(paragraph N)" references.

    A reference is one paragraph, or a range spelled out ("paragraphs 111-114" is 111 to 114),
    since a recommendation cites a range as a whole.
    """

    section: Section
    block: Block
    words: frozenset[str]
    references: tuple[tuple[int, ...], ...]


class Space:
    """JC301's meaning space: lemma terms with IDF weights and LSA vectors learned from the dev reports.

    Trained by ``bench/train_recommendation_space.py`` (see ``models/recommendation_space.md``). A text
    is the terms its word forms map to, weighted ``(1 + log count) * idf``; two texts are compared by
    the cosine of their projections into the space and by the IDF-weighted share of the
    recommendation's terms that the other text uses.
    """

    def __init__(self, path: Path = SPACE) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.idf = data["idf"].astype(np.float64)
            self.vectors = data["vectors"].astype(np.float64)
            self.forms = dict(zip(data["forms"].tolist(), data["form_terms"].tolist()))

    @classmethod
    @functools.cache
    def load(cls) -> Space:
        """The shipped space, read once per process."""
        return cls()

    def terms(self, text: str, language: Language) -> dict[int, float]:
        """The text's terms and their weights."""
        return self.weigh(self.counts(text, language))

    def counts(self, text: str, language: Language) -> Counter[int]:
        """How often each term occurs in the text."""
        return Counter(i for t in language.tokens(text) if (i := self.forms.get(t.lower_)) is not None)

    def weigh(self, counts: Counter[int]) -> dict[int, float]:
        """Terms counted, weighted ``(1 + log count) * idf``."""
        return {i: (1 + math.log(n)) * self.idf[i] for i, n in counts.items()}

    def project(self, terms: dict[int, float]) -> np.ndarray:
        """The terms' unit vector in the space (zero for no terms)."""
        if not terms:
            return np.zeros(self.vectors.shape[1])
        ids = np.fromiter(terms, dtype=np.int64, count=len(terms))
        vector = np.fromiter(terms.values(), dtype=np.float64, count=len(terms)) @ self.vectors[ids]
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def overlap(self, recommendation: dict[int, float], other: dict[int, float]) -> float:
        """The IDF-weighted share of the recommendation's terms that the other text uses."""
        total = sum(self.idf[i] for i in recommendation)
        return sum(self.idf[i] for i in recommendation if i in other) / total if total else 0.0


@dataclass(frozen=True)
class Window:
    """A paragraph of the body, or a few consecutive sentences of one, with its terms and vector."""

    section: Section
    block: Block
    text: str
    terms: dict[int, float]
    vector: np.ndarray


@dataclass(frozen=True)
class Support:
    """How well the body backs one recommendation: its best score and the window that gave it."""

    recommendation: Recommendation
    score: float
    window: Window | None


def recommendations_of(document: Document, language: Language, settings: Settings) -> list[Recommendation]:
    """The items of the document's (current) recommendations lists."""
    out = []
    for section in document.sections:
        if section.kind != "recommendations" or section.past:
            continue
        for block in section.blocks:
            text = block.text.strip()
            # Lead-ins ("... should take the following action:"), timescales ("Within three months:"),
            # and running prose where a list's end was not recognised (no marker, several sentences).
            if block.kind in ("heading", "table") or text.endswith(":") or len(text.split()) < 5 or LEAD_IN.match(text):
                continue
            if block.kind == "paragraph" and block.number is None and len(language.sentences(text)) > 2:
                continue
            refs = tuple(ref for m in REFERENCE.finditer(text) for ref in cited(m.group(1)))
            out.append(Recommendation(section, block, frozenset(content(REFERENCE.sub("", text), language, settings)), refs))
    return out


def windows_of(document: Document, language: Language, space: Space, settings: Settings) -> list[Window]:
    """The body's paragraphs and their runs of up to ``settings.window`` sentences that state a
    shortcoming, outside the recommendations, the front matter, the headline summary and past
    sections (and outside the unnumbered prose of a report that numbers its findings)."""
    blocks = [
        (section, block)
        for section in document.sections
        if section.kind not in ("recommendations", "front") and not section.past and not (section.kind == "summary" and section.area is None)
        for block in section.blocks
        if block.kind not in ("heading", "table")
    ]
    if sum(block.number is not None for _, block in blocks) >= settings.numbered:
        # Unnumbered prose outside the judgements' sections (executive summary, summary for children,
        # context) restates the findings; inside them it is a finding (or a paragraph's continuation).
        blocks = [(section, block) for section, block in blocks if block.number is not None or section.area is not None]
    out = []
    size = settings.window
    for section, block in blocks:
        sentences = language.sentences(block.text)
        runs = [sentences] if len(sentences) <= size else [sentences[i : i + size] for i in range(len(sentences) - size + 1)]
        counted: dict[str, Counter[int]] = {}
        for run in runs:
            text = block.text if len(runs) == 1 else " ".join(run)
            if not settings.deficit.search(text):
                continue
            # A window's terms are its sentences' terms (the tokenizer splits at the spaces between them).
            for s in run:
                if s not in counted:
                    counted[s] = space.counts(s, language)
            terms = space.weigh(sum((counted[s] for s in run), Counter()))
            if terms:
                out.append(Window(section, block, text, terms, space.project(terms)))
    return out


def support(document: Document, language: Language, recommendations: list[Recommendation], settings: Settings, space: Space) -> list[Support]:
    """Each recommendation's best backing in the body: the most of ``w * cosine + (1 - w) * overlap``."""
    windows = windows_of(document, language, space, settings)
    matrix = np.array([w.vector for w in windows]) if windows else np.zeros((0, space.vectors.shape[1]))
    out = []
    for rec in recommendations:
        terms = space.terms(FRAMEWORK_TAG.sub("", REFERENCE.sub("", rec.block.text)), language)
        if not terms or not windows:
            out.append(Support(rec, 0.0, None))
            continue
        cosines = matrix @ space.project(terms)
        scores = [settings.cosine_weight * c + (1 - settings.cosine_weight) * space.overlap(terms, w.terms) for c, w in zip(cosines, windows)]
        best = int(np.argmax(scores))
        out.append(Support(rec, float(scores[best]), windows[best]))
    return out


class _RecommendationRule(Rule):
    needs_language = True
    scope = "paragraph"

    def recommendations(self, document: Document, language: Language) -> list[Recommendation]:
        """The document's recommendations, found once for all three rules."""
        return language.shared("recommendations", lambda: recommendations_of(document, language, Settings.load()))

    def support(self, document: Document, language: Language) -> list[Support]:
        """How well the body backs each recommendation, scored once."""
        return language.shared(
            "recommendation-support", lambda: support(document, language, self.recommendations(document, language), Settings.load(), Space.load())
        )


class RecommendationWithoutFinding(_RecommendationRule):
    """A recommendation that no paragraph of the body of the report backs.

    **What it checks**: each item of a recommendations list ("What needs to
    improve", "Recommendations", "Areas for improvement") against every
    paragraph of the report's body, and every run of three sentences of a
    longer one, outside the recommendations, the front matter, the headline
    summary and (in a report that numbers its paragraphs) the unnumbered
    summaries that restate the findings. A passage stating a shortcoming
    backs a recommendation by meaning: the cosine of the two in a space of
    lemmas learned from the development reports (``models/
    recommendation_space.npz``, so "caseloads are too high" is close to
    "ensure caseloads are manageable") together with the IDF-weighted share
    of the recommendation's lemmas the passage uses; praise does not back a
    recommendation. A recommendation whose best passage scores under the
    threshold (``rules/recommendations.toml``) is flagged, and the message
    names that passage and its score.

    **Why it matters**: a recommendation is an instruction to the authority;
    one with no finding behind it cannot be evidenced, challenged or followed
    up, and often means a finding was cut in editing.

    **Example**: "Improve the quality of return home interviews." in a report
    whose body never discusses return home interviews.

    **Does not fire on**: lead-in lines ending in a colon, timescale headings,
    items of more than two sentences (findings read into the list),
    recommendations whose subject a body paragraph criticises, in any words.

    **References**: the recommendations of the dev and validation reports with the paragraphs
    that back them (``bench/eval/recommendations.jsonl``, ``recommendations_validation.jsonl``),
    the judged flags (``bench/eval/recommendation_flags_pdf.jsonl``, ``..._validation.jsonl``)
    and ``bench/recommendations.py``, which measures recall by deleting the backing paragraphs.
    """

    id = "JC301"
    name = "recommendation-without-finding"
    # Information: on real reports nearly every flag is a recommendation the body does back (or
    # prose read into the list); see bench/recommendations.py and the closing note of issue 21.
    severity = "info"
    measured = "precision 0.12 (3 of 25 judged findings, validation/); recall 0.27 (planted, 95 cases, validation/)"
    data = (str(SPACE),)

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        assert language is not None
        settings = Settings.load()
        threshold = settings.threshold
        for found in self.support(document, language):
            if found.score >= threshold or len(language.sentences(found.recommendation.block.text)) > settings.longest:
                continue
            if found.window is None:
                closest = "no passage of the body that states a shortcoming shares a word of it"
            else:
                where = f"paragraph {found.window.block.number}" if found.window.block.number is not None else f"'{found.window.section.title}'"
                closest = f"the closest passage, in {where} on page {found.window.block.page}, scores {found.score:.2f}: \"{shorten(found.window.text)}\""
            yield Hit(
                f"No passage of the body backs this recommendation ({shorten(found.recommendation.block.text, 60)}) "
                f"with a score of {threshold:.2f} or more; {closest}.",
                section=found.recommendation.section,
                block=found.recommendation.block,
            )


def shorten(text: str, limit: int = 120) -> str:
    """The text cut at a word boundary to about ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: text.rfind(" ", 0, limit)] + " ..."


class BrokenParagraphReference(_RecommendationRule):
    """A recommendation's "(paragraph N)" points past the last paragraph or at one about something else.

    **What it checks**: every "(paragraph N)" or "(paragraphs N, M)" reference
    in a recommendation: the paragraph must exist, and must share content
    words with the recommendation.

    **Why it matters**: the reference is how a reader finds the evidence;
    paragraphs renumbered in editing leave references that point at the wrong
    finding.

    **Example**: "Ensure that all children have an independent visitor
    (paragraph 64)." where paragraph 64 is about adoption support.

    **Does not fire on**: recommendations without references.

    **References**: the reports' numbered paragraphs (SIF and ILACS); judged findings in
    ``bench/eval/structural_findings.jsonl``.
    """

    id = "JC302"
    name = "broken-paragraph-reference"
    # A paragraph about something else is information (word overlap is a weak test); a
    # paragraph past the last one is an error.
    severity = "info"
    measured = "precision 0.88 (14 of 16 judged findings: 14 of 14 pdf/, 0 of 2 validation/ with 1 unjudged)"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        assert language is not None
        settings, recs = Settings.load(), self.recommendations(document, language)
        paragraphs = {
            b.number: b for s in document.sections if s.kind != "recommendations" for b in s.blocks if b.number is not None
        }
        if not paragraphs:
            return  # a report without numbered paragraphs: references cannot be checked
        last = max(paragraphs)
        words_of: dict[int, set[str]] = {}  # a paragraph's content words, once however often it is cited
        for rec in recs:
            for group in rec.references:
                beyond = [n for n in group if n > last]
                if beyond:  # once a reference, at its first paragraph past the end
                    yield Hit(f"Refers to paragraph {beyond[0]}, but the report's numbered paragraphs end at {last}.", section=rec.section, block=rec.block, severity="error")
                # A range is judged as a whole: one of its paragraphs about the recommendation backs it. A
                # number that was not recovered (a paragraph merged in extraction) is not judged.
                targets = [paragraphs[n] for n in group if n in paragraphs]
                if targets and rec.words and not any(
                        rec.words & words_of.setdefault(t.number, content(t.text, language, settings)) for t in targets):
                    said = (f"paragraph {group[0]}, which shares no" if len(group) == 1
                            else f"paragraphs {group[0]}-{group[-1]}, none of which shares")
                    yield Hit(f"Refers to {said} content words with this recommendation.", section=rec.section, block=rec.block)


class UnevenReferences(_RecommendationRule):
    """Some recommendations of a list cite their paragraphs and others do not.

    **What it checks**: a recommendations list where at least one item carries
    a "(paragraph N)" reference: every item should.

    **Why it matters**: a format that ties recommendations to findings by
    reference should do so for all of them; a missing reference usually means
    an item was added or rewritten late.

    **Example**: a list of seventeen recommendations where one cites
    "(paragraph 23)".

    **Does not fire on**: lists where no item, or every item, has a reference.

    **References**: the SIF reports' "(paragraph N)" references in recommendations; judged findings
    in ``bench/eval/structural_findings.jsonl``.
    """

    id = "JC303"
    name = "uneven-paragraph-references"
    severity = "info"
    measured = "19 of 19 judged findings real (18 validation/, 1 pdf/)"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        assert language is not None
        recs = self.recommendations(document, language)
        for section in dict.fromkeys(r.section for r in recs):
            items = [r for r in recs if r.section is section]
            cited = [r for r in items if r.references or THROUGHOUT.search(r.block.text)]
            if cited and len(cited) < len(items):
                for rec in items:
                    if rec not in cited:
                        yield Hit(
                            f"{len(cited)} of the {len(items)} recommendations here cite a paragraph; this one does not.",
                            section=rec.section,
                            block=rec.block,
                        )

