"""JC301-JC303: recommendations and the findings that back them.

A recommendation is backed by a finding in the body of the report (not in the
recommendations list, not in a summary): a sentence that states a shortcoming
(a deficit cue of JC101, a negation, or a "(Recommendation)" marker) and shares
enough content words with the recommendation. Content words are spaCy tokens
that are neither stop words nor the generic words of every recommendation
(``rules/recommendations.toml``), compared by a crude stem so that "plans"
meets "planning".
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

from judgecheck.language import Language
from judgecheck.model import Block, Document, Section
from judgecheck.rulefile import FileRule
from judgecheck.rules import Hit, Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SETTINGS = Path(str(files("judgecheck_rules") / "recommendations.toml"))
REFERENCE = re.compile(r"\((?:see )?(?:paragraphs?|paras?\.?)\s+(\d+(?:\s*(?:,|and|-|–)\s*\d+)*)\)", re.IGNORECASE)
MARKER = re.compile(r"\(recommendations?\)", re.IGNORECASE)
#: A recommendation that draws on the whole report says so instead of citing paragraphs.
THROUGHOUT = re.compile(r"\((?:throughout|whole report|all sections)\)", re.IGNORECASE)
#: Sentences about the list, not items of it ("The following recommendations are the priorities ...").
LEAD_IN = re.compile(r"^(?:the following|these|the|other|further) recommendations\b", re.IGNORECASE)


@dataclass(frozen=True)
class Settings:
    """Words that link nothing, words that mark a shortcoming, and how many words a link needs."""

    generic: frozenset[str]
    deficit_words: frozenset[str]
    min_shared: int
    min_weight: float

    @classmethod
    @functools.cache
    def load(cls, path: Path = SETTINGS) -> Settings:
        """The settings file, read once per process (rules ask for it for every document)."""
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls(
            frozenset(stem(w) for w in data["generic"]),
            frozenset(w.lower() for w in data["deficit_words"]),
            int(data["min_shared"]),
            float(data["min_weight"]),
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


@dataclass(frozen=True)
class Recommendation:
    """One item of a recommendations list, its content words and its "(paragraph N)" references."""

    section: Section
    block: Block
    words: frozenset[str]
    references: tuple[int, ...]


@dataclass(frozen=True)
class Backing:
    """A body sentence that states a shortcoming, with its content words."""

    block: Block
    words: frozenset[str]


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
            refs = tuple(int(n) for m in REFERENCE.finditer(text) for n in re.findall(r"\d+", m.group(1)))
            out.append(Recommendation(section, block, frozenset(content(text, language, settings)), refs))
    return out


def findings_of(document: Document, language: Language, settings: Settings, cues: FileRule | None) -> list[Backing]:
    """Body sentences that state a shortcoming, with their content words."""
    matcher = cues.compiled() if cues else None
    out = []
    for section in document.sections:
        headline = section.kind == "summary" and section.area is None
        if section.kind in ("recommendations", "front") or headline or section.past:
            continue
        for block in section.blocks:
            if block.kind in ("heading", "table"):
                continue
            for sentence in language.sentences(block.text):
                tokens = language.tokens(sentence)
                deficit = (
                    MARKER.search(block.text) is not None
                    or any(t.lower_ in settings.deficit_words for t in tokens)
                    or (matcher is not None and matcher.candidates(sentence, language) and bool(matcher.matches(language.parse(sentence))))
                )
                if deficit:
                    out.append(Backing(block, frozenset(content(sentence, language, settings))))
    return out


class _RecommendationRule(Rule):
    needs_language = True
    scope = "paragraph"

    def recommendations(self, document: Document, language: Language) -> list[Recommendation]:
        """The document's recommendations, found once for all three rules."""
        return language.shared("recommendations", lambda: recommendations_of(document, language, Settings.load()))

    def backing(self, document: Document, language: Language) -> list[Backing]:
        """The body sentences that state a shortcoming, found once."""
        from judgecheck_consistency import deficit_rule

        return language.shared("backing-findings", lambda: findings_of(document, language, Settings.load(), deficit_rule()))


class RecommendationWithoutFinding(_RecommendationRule):
    """A recommendation that no finding in the body of the report backs.

    **What it checks**: each item of a recommendations list ("What needs to
    improve", "Recommendations", "Areas for improvement") against the
    sentences of the report's body that state a shortcoming: a shared set of
    content words links them. Praise does not back a recommendation.

    **Why it matters**: a recommendation is an instruction to the authority;
    one with no finding behind it cannot be evidenced, challenged or followed
    up, and often means a finding was cut in editing.

    **Example**: "Improve the quality of return home interviews." in a report
    whose body never says return home interviews fall short.

    **Does not fire on**: lead-in lines ending in a colon, timescale headings,
    recommendations whose subject the body criticises in any section.

    **References**: the recommendations of 16 reports with the findings that back them,
    ``bench/eval/recommendations.jsonl``, and the judged flags of
    ``bench/eval/recommendation_flags.jsonl``.
    """

    id = "JC301"
    name = "recommendation-without-finding"
    # Information: a prompt to look. On the dev corpus most flags were recommendations whose
    # finding is worded differently (see the closing note of issue 3 and bench/eval/).
    severity = "info"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        assert language is not None
        settings, recs, found = Settings.load(), self.recommendations(document, language), self.backing(document, language)
        # Rare words link; words found in most sentences ("foster carers") link little.
        frequency = Counter(w for f in found for w in f.words)
        weight = {w: math.log((len(found) + 1) / (n + 0.5)) for w, n in frequency.items()}
        for rec in recs:
            if not rec.words:
                continue
            linked = any(
                len(shared) >= min(settings.min_shared, len(rec.words)) and sum(weight[w] for w in shared) >= settings.min_weight
                for f in found
                if (shared := rec.words & f.words)
            )
            if not linked:
                yield Hit(
                    "No finding in the body of the report states a shortcoming that this recommendation addresses.",
                    section=rec.section,
                    block=rec.block,
                )


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

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        assert language is not None
        settings, recs = Settings.load(), self.recommendations(document, language)
        paragraphs = {
            b.number: b for s in document.sections if s.kind != "recommendations" for b in s.blocks if b.number is not None
        }
        if not paragraphs:
            return  # a report without numbered paragraphs: references cannot be checked
        last = max(paragraphs)
        for rec in recs:
            for n in rec.references:
                target = paragraphs.get(n)
                if n > last:
                    yield Hit(f"Refers to paragraph {n}, but the report's numbered paragraphs end at {last}.", section=rec.section, block=rec.block, severity="error")
                elif target is not None and rec.words and not rec.words & content(target.text, language, settings):
                    yield Hit(f"Refers to paragraph {n}, which shares no content words with this recommendation.", section=rec.section, block=rec.block)
                # A number inside the range that was not recovered (a paragraph merged in extraction) is not judged.


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

