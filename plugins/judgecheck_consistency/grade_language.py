"""JC101 deficit-in-good-section: its rule file's cues and scope, decided by a learned encoder.

The rule file ``rules/language/deficit-in-good-section.toml`` still says which
sections the rule reads, its cue words with their negation, prevention and
condition scope, its quantity words and its documentation. Whether a sentence
states a current shortcoming is decided in two steps: the feature model
(:mod:`judgecheck_consistency.shortcoming`) bounds, from the words alone, how
likely the sentence could be one, and a sentence that cannot reach the encoder's
low ``prefilter`` is passed over; the fine-tuned encoder
(:mod:`judgecheck_consistency.encoder`) reads the rest. A finding names the
features of the feature model that point to a shortcoming in it (or the words
that model weighs most towards one) and the encoder's probability.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from judgecheck.language import Language, pipeline
from judgecheck.model import Block, Document, Section, Severity
from judgecheck.rulefile import FileRule, SentenceMatcher
from judgecheck.rules import Hit, Rule
from judgecheck_consistency.encoder import MODEL_DIR, SentenceEncoder
from judgecheck_consistency.shortcoming import (
    MODEL,
    NEGATORS,
    LemmaForms,
    ShortcomingModel,
    explain,
    features,
)


@functools.cache
def _lemma_forms() -> LemmaForms | None:
    return LemmaForms.of_pipeline(pipeline())


def candidate(sentence: str, matcher: SentenceMatcher, language: Language) -> bool:
    """Whether the sentence has no phrase that rules a shortcoming out, and words that could score at the
    encoder's ``prefilter`` by the feature model (:meth:`ShortcomingModel.may_reach`): only then does the
    encoder read it.

    Part of the rule's decision, in the reference mode (``--parse-all``) too, so that parsing only
    candidates can lose no finding. Decided once per sentence of a document.
    """
    known: dict[str, bool] = language.shared(f"shortcoming-candidates-{id(matcher)}", dict)
    found = known.get(sentence)
    if found is None:
        found = known[sentence] = _candidate(sentence, matcher, language)
    return found


def _candidate(sentence: str, matcher: SentenceMatcher, language: Language) -> bool:
    lowered = sentence.lower()
    if any(rx.search(lowered) for rx in matcher.ignore_sentences):
        return False
    forms = _lemma_forms()
    if forms is None:
        return True
    cues = [label for label, start in matcher.starts if start.search(sentence)] if matcher.vocabulary.search(sentence) else []
    return ShortcomingModel.load().may_reach(sentence, language.tokens(sentence), cues, forms,
                                             SentenceEncoder.load().prefilter)


def judge(sentence: str, matcher: SentenceMatcher, language: Language) -> float | None:
    """The encoder's logit that the sentence states a shortcoming, or None when its words rule one out."""
    if not candidate(sentence, matcher, language):
        return None
    read: dict[str, float] = language.shared("shortcoming-logits", dict)
    if sentence not in read:
        read[sentence] = SentenceEncoder.load().logit(sentence)
    return read[sentence]


def found(logit: float | None) -> bool:
    """Whether the encoder's logit reports a shortcoming."""
    return logit is not None and logit >= SentenceEncoder.load().threshold


def why(sentence: str, matcher: SentenceMatcher, language: Language) -> tuple[str, float]:
    """The words that point to a shortcoming, as the feature model reads them on the parse (its named features,
    else the words it weighs most towards one), and that model's probability."""
    doc = language.parse(sentence)
    cues = matcher.matches(doc)
    model = ShortcomingModel.load()
    names = features(doc, cues)
    decision = model.decide(names)
    negator = next((t.text for t in doc if t.lower_ in NEGATORS), "not")
    said = explain(decision.reasons or model.words(names), cues, negator)
    return said or "the sentence's wording as a whole", decision.probability


def learned(base: type[Rule]) -> type[Rule]:
    """JC101 as its rule file defines it, with each sentence judged by the shortcoming model."""

    class DeficitInGoodSection(base):  # type: ignore[valid-type, misc]
        __doc__ = base.__doc__
        # The encoder's card names its network by hash, so the card stands for the 23 MB file.
        data = (str(MODEL), str(MODEL_DIR / "encoder.json"))

        @classmethod
        def judge_sentence(cls, sentence: str, language: Language) -> tuple[Severity | None, str]:
            """The severity the rule gives one sentence of a section of its grades (None: no finding), and why."""
            matcher = cls.compiled()
            encoder = SentenceEncoder.load()
            logit = judge(sentence, matcher, language)
            if logit is None or not found(logit):
                return None, ""
            # A few shortcomings are the normal texture of a Good section: a warning only for a sentence that
            # says the shortcoming is widespread or serious, and that one of the two models is sure of (each
            # at its ``strong``, chosen at a cross-validated precision of 0.97).
            said, feature_probability = why(sentence, matcher, language)
            sure = logit >= encoder.strong or feature_probability >= ShortcomingModel.load().strong
            serious = sure and matcher.severity(sentence) == "warning"
            reading = f"{SentenceEncoder.probability(logit):.0%} by the model"
            return ("warning" if serious else "info"), f"{said} ({reading})"

        def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
            assert language is not None
            matcher = self.compiled()
            blocks = list(self.blocks(document))
            # The sentences to explain (every sentence in the reference mode), parsed in one batch before
            # the sentence-by-sentence pass.
            language.parse_many([s for _, block, _ in blocks for s in language.sentences(block.text)
                                 if language.parse_all or found(judge(s, matcher, language))])
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
