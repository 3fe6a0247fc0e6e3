"""JC101's learned models: the constructions the rule was missing and the false alarms it made.

The sentences are those the issue quotes from published reports outside the corpus
(issue 17), not training sentences; the models (the encoder that decides, the feature model
that passes over sentences and explains) are the shipped ones.
"""

from __future__ import annotations

import json

import pytest

from judgecheck.language import Language
from judgecheck_consistency import file_rules
from judgecheck_consistency.encoder import MODEL_DIR, SentenceEncoder
from judgecheck_consistency.shortcoming import MODEL, ShortcomingModel, explain

SHORTCOMINGS = [
    "For some children, plans to reduce risks are not effective.",
    "Life-story work is not starting early enough for some children.",
    "Planning is not robust enough to avoid drift.",
    "Leaders know there is still more to do.",
]
NOT_SHORTCOMINGS = [
    "Emerging themes are promptly followed up.",
    "Plans are effectively tracked to minimise delays.",
    "Managers have taken action so that these can be rectified quickly and avoid delay.",
    "Senior leaders have now tackled the legacy issues.",
    "In 2018, children's services in the authority were judged inadequate.",
    "This has the potential to delay permanence for children.",
    "Life-story work helps children explore gaps in their understanding.",
]


@pytest.fixture(scope="module")
def judge() -> object:
    return next(r for r in file_rules() if r.id == "JC101").judge_sentence  # type: ignore[attr-defined]


@pytest.mark.parametrize("sentence", SHORTCOMINGS)
def test_a_negated_or_insufficient_positive_is_a_shortcoming(judge, sentence: str) -> None:
    severity, why = judge(sentence, Language())
    assert severity == "info" and "by the model" in why


@pytest.mark.parametrize("sentence", NOT_SHORTCOMINGS)
def test_praise_prevention_the_past_and_possibility_are_not(judge, sentence: str) -> None:
    assert judge(sentence, Language()) == (None, "")


def test_a_childs_circumstances_are_at_most_information(judge) -> None:
    # A known limit of the encoder trained with the active sample: it reads "children lacking a male role
    # model" as a shortcoming (logit 4.1), though no labelled sentence and none of the 3,308 JC101
    # findings on pdf/ and validation/ has that form. The acceptance is that it is no warning.
    assert judge("Workers help children lacking a male role model to find mentors.", Language())[0] in (None, "info")


def test_a_warning_needs_extent_not_just_persistence(judge) -> None:
    # "still" and "continues to" say a shortcoming lasts, not that it is widespread (dev, labelled minor).
    assert judge("Recruitment of adopters continues to be a challenge.", Language())[0] in (None, "info")
    assert judge("Too many children experience delay in securing permanence.", Language())[0] == "warning"


def test_the_reasons_quote_the_sentence() -> None:
    assert explain(["cue:delay", "not:any", "limit:a small number"], ()) == "'delay', 'not', 'a small number' (limited)"


def test_the_model_file_says_what_it_learned_from() -> None:
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    assert data["data"][0] == "bench/eval/sentences_dev.jsonl" and data["sentences"] >= 4000
    model = ShortcomingModel.load()
    assert 0 < model.threshold <= model.strong < 1 and model.weights["past:year"] < 0 < model.weights["not:any"]


def test_the_encoder_files_say_what_they_learned_from() -> None:
    meta = json.loads((MODEL_DIR / "encoder.json").read_text(encoding="utf-8"))
    assert meta["base"] == "sentence-transformers/all-MiniLM-L6-v2" and meta["sentences"] >= 4000
    encoder = SentenceEncoder.load()
    assert encoder.threshold <= encoder.strong and 0 < encoder.prefilter < 0.5
    assert 0.85 <= meta["cv_precision"] and 0.6 <= meta["cv_recall"]


def test_a_sentence_reads_the_same_alone_and_after_others() -> None:
    # One sentence at a time, one thread: its logit is its own, whatever else the run read before it.
    sentence = "A small number of children experience delay in their plans for permanence."
    alone = SentenceEncoder(MODEL_DIR, 0.0, 0.0, 0.1).logit(sentence)
    busy = SentenceEncoder(MODEL_DIR, 0.0, 0.0, 0.1)
    for other in NOT_SHORTCOMINGS + SHORTCOMINGS:
        busy.logit(other)
    assert busy.logit(sentence) == alone
    assert alone > SentenceEncoder(MODEL_DIR, 0.0, 0.0, 0.1).logit("Children are seen promptly and their views inform plans.")


def test_a_shortcoming_without_any_named_feature_is_explained_by_its_words(judge) -> None:
    # The encoder reads shortcomings said in plain evaluative words; the finding names the words the
    # feature model weighs most towards one, so a QA editor still sees why.
    found = [(s, judge(s, Language())) for s in (
        "The quality of care plans is variable.",
        "There is a shortage of adopters for older children.",
        "Performance in this area is weak.",
    )]
    flagged = [(s, why) for s, (severity, why) in found if severity is not None]
    assert flagged
    for sentence, why in flagged:
        quoted = why.split(" (")[0]
        assert quoted != "the sentence's wording as a whole", sentence


def test_the_bound_before_parsing_never_drops_a_sentence_the_model_would_report() -> None:
    # Every labelled dev sentence (bench/eval, in the repo): a sentence the parse scores at the
    # threshold or above is never ruled out by the bound made from its words alone, and most of the
    # rest are (so the bound saves parses rather than passing everything).
    from pathlib import Path

    from judgecheck_consistency import deficit_rule
    from judgecheck_consistency.grade_language import _lemma_forms
    from judgecheck_consistency.shortcoming import features

    path = Path(__file__).resolve().parents[1] / "bench" / "eval" / "sentences_dev_enriched.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:600]
    rule = deficit_rule()
    assert rule is not None
    matcher, model, forms, language = rule.compiled(), ShortcomingModel.load(), _lemma_forms(), Language(parse_all=True)
    assert forms is not None
    reported = pruned = 0
    for text in texts:
        doc = language.parse(text)
        reach = model.may_reach(text, language.tokens(text), [c for c, rx in matcher.starts if rx.search(text)], forms)
        if model.decide(features(doc, matcher.matches(doc))).probability >= model.threshold:
            reported += 1
            assert reach, text
        pruned += not reach
    assert reported > 100 and pruned > len(texts) / 3
