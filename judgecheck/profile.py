"""The evaluative language of graded sections, counted with the language rule files.

For each graded section, how many sentences report a shortcoming and how many
give top-grade praise, by strength: the severity the rule file's quantity words
give the sentence ("a small number of cases" is limited, "too many children"
strong). The counting is the rule files' own test (cues, negation and prevention
scope, ignored phrases and sentences, quantity weights: see
:meth:`judgecheck.rulefile.SentenceMatcher.strength`) applied to every graded
section whatever its grade, so that sections can be compared: a section graded
Good whose shortcomings read like a Requires improvement section's stands out.

The cues come from ``rules/language/deficit-in-good-section.toml`` (JC101) and
``rules/language/praise-in-weak-section.toml`` (JC102); there is no second word
list. A profile is not a finding and does not depend on which rules were selected.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

from judgecheck.language import Language
from judgecheck.model import SEVERITIES, Document, SectionProfile
from judgecheck.rulefile import SentenceMatcher, parse_rule_file

#: The rule files whose cues are counted, by kind of evaluative language.
RULE_FILES = ("deficit-in-good-section.toml", "praise-in-weak-section.toml")


@functools.cache
def default_matchers() -> tuple[SentenceMatcher, SentenceMatcher]:
    """The deficit and praise matchers of the built-in rule files, compiled once per process."""
    folder = Path(str(files("judgecheck_rules") / "language"))
    deficit, praise = (SentenceMatcher(parse_rule_file(folder / name)) for name in RULE_FILES)
    return deficit, praise


def _counts(found: list[str]) -> tuple[int, int, int]:
    return (found.count(SEVERITIES[0]), found.count(SEVERITIES[1]), found.count(SEVERITIES[2]))


def profile_document(
    document: Document,
    language: Language | None = None,
    matchers: tuple[SentenceMatcher, SentenceMatcher] | None = None,
) -> tuple[SectionProfile, ...]:
    """A profile for each graded section with prose in it (sections quoting past grades are left out)."""
    deficit, praise = matchers or default_matchers()
    language = language or Language()
    out = []
    for index, section in enumerate(document.sections):
        if section.grade is None or section.past:
            continue
        sentences = [s for b in section.blocks if b.kind not in ("table", "heading") for s in language.sentences(b.text)]
        if not sentences:
            continue
        deficits = [s for s in (deficit.strength(t, language) for t in sentences) if s]
        praises = [s for s in (praise.strength(t, language) for t in sentences) if s]
        out.append(SectionProfile(
            index, section.title, section.area, section.grade, section.page, len(sentences),
            _counts(deficits), _counts(praises), deficit.spec.grades, praise.spec.grades,
        ))
    return tuple(out)
