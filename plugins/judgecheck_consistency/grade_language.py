"""JC101 deficit-in-good-section: its rule file's cues and scope, decided by the learned shortcoming model.

The rule file ``rules/language/deficit-in-good-section.toml`` still says which
sections the rule reads, its cue words with their negation, prevention and
condition scope, its quantity words and its documentation; the decision whether
a sentence states a current shortcoming is the model's
(:mod:`judgecheck_consistency.shortcoming`), with the cues among its features.
A finding names the features that carried it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from judgecheck.language import Language, pipeline
from judgecheck.model import Block, Document, Section, Severity
from judgecheck.rulefile import FileRule, SentenceMatcher
from judgecheck.rules import Hit, Rule
from judgecheck_consistency.shortcoming import (
    NEGATORS,
    Decision,
    LemmaForms,
    ShortcomingModel,
    explain,
    features,
    trigger_words,
)


@functools.cache
def _triggers() -> re.Pattern[str]:
    return trigger_words(ShortcomingModel.load())


@functools.cache
def _lemma_forms() -> LemmaForms | None:
    return LemmaForms.of_pipeline(pipeline())


def candidate(sentence: str, matcher: SentenceMatcher, language: Language) -> bool:
    """Whether the sentence has a word that could make it a shortcoming, no phrase that rules it out, and
    words that could score at the model's threshold (:meth:`ShortcomingModel.may_reach`).

    Part of the rule's decision, in the reference mode (``--parse-all``) too, so that parsing only
    candidates can lose no finding. Decided once per sentence of a document.
    """
    known: dict[str, bool] = language.shared(f"shortcoming-candidates-{id(matcher)}", dict)
    found = known.get(sentence)
    if found is None:
        found = known[sentence] = _candidate(sentence, matcher, language)
    return found


def _candidate(sentence: str, matcher: SentenceMatcher, language: Language) -> bool:
    if not (_triggers().search(sentence) or matcher.vocabulary.search(sentence)):
        return False
    lowered = sentence.lower()
    if any(rx.search(lowered) for rx in matcher.ignore_sentences):
        return False
    forms = _lemma_forms()
    if forms is None:
        return True
    cues = [label for label, start in matcher.starts if start.search(sentence)] if matcher.vocabulary.search(sentence) else []
    return ShortcomingModel.load().may_reach(sentence, language.tokens(sentence), cues, forms)


def judge(sentence: str, matcher: SentenceMatcher, language: Language) -> tuple[Decision, str] | None:
    """The model's decision on one sentence and why in words, or None when it has no word that could make it one."""
    if not candidate(sentence, matcher, language):
        return None
    doc = language.parse(sentence)
    cues = matcher.matches(doc)
    decision = ShortcomingModel.load().decide(features(doc, cues))
    negator = next((t.text for t in doc if t.lower_ in NEGATORS), "not")
    return decision, explain(decision.reasons, cues, negator) or "the sentence's wording as a whole"


def learned(base: type[Rule]) -> type[Rule]:
    """JC101 as its rule file defines it, with each sentence judged by the shortcoming model."""

    class DeficitInGoodSection(base):  # type: ignore[valid-type, misc]
        __doc__ = base.__doc__

        @classmethod
        def judge_sentence(cls, sentence: str, language: Language) -> tuple[Severity | None, str]:
            """The severity the rule gives one sentence of a section of its grades (None: no finding), and why."""
            matcher = cls.compiled()
            model = ShortcomingModel.load()
            judged = judge(sentence, matcher, language)
            if judged is None or judged[0].probability < model.threshold:
                return None, ""
            decision, why = judged
            # A few shortcomings are the normal texture of a Good section: a warning only for a sentence
            # the model is sure of that says the shortcoming is widespread or serious.
            serious = decision.probability >= model.strong and matcher.severity(sentence) == "warning"
            return ("warning" if serious else "info"), f"{why} ({decision.probability:.0%} by the model)"

        def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
            assert language is not None
            matcher = self.compiled()
            blocks = list(self.blocks(document))
            # The candidates (every sentence in the reference mode), parsed in one batch before the
            # sentence-by-sentence pass.
            language.parse_many([s for _, block, _ in blocks for s in language.sentences(block.text)
                                 if language.parse_all or candidate(s, matcher, language)])
            for section, block, grade in blocks:
                yield from self.check_block(section, block, grade, matcher, language)

        def check_block(
            self, section: Section, block: Block, grade: str | None, matcher: SentenceMatcher, language: Language
        ) -> Iterator[Hit]:
            for sentence in language.sentences(block.text):
                severity, why = self.judge_sentence(sentence, language)
                if severity is not None:
                    message = f"Section graded {(grade or '').replace('_', ' ')} reports a shortcoming: {why}."
                    yield Hit(message, section=section, block=block, excerpt=sentence, severity=severity)

    DeficitInGoodSection.__name__ = DeficitInGoodSection.__qualname__ = f"Learned_{base.id}"
    assert issubclass(DeficitInGoodSection, FileRule)
    return DeficitInGoodSection
