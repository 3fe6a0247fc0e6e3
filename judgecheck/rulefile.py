"""Declarative rules: a TOML file states a sentence rule, and this module makes it a :class:`Rule`.

A rule file says, in words a QA editor can read, which sections a rule looks at
(by kind and by grade), which words it matches (cue phrases and spaCy token
patterns over word forms), what cancels a match (a negation or a preventive
verb that governs the cue in the dependency parse, or a phrase the cue sits
in), and how quantity words change the severity. The format is documented in
``CONTRIBUTING.md``; ``rules/language/*.toml`` are real examples.

Matching is in two steps, so that only candidates are parsed: cues are found
on tokenizer output (word forms only, hence no ``LEMMA`` or ``POS`` in cue
patterns), then each candidate sentence is parsed once to decide scope.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from judgecheck.errors import BAD_RULE_FILE, JudgecheckError
from judgecheck.model import SEVERITIES, Block, Document, Section, Severity
from judgecheck.rules import RULE_ID, RULE_NAME, Hit, Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Span, Token

    from judgecheck.language import Language

#: Token attributes a cue pattern may use: those the tokenizer alone sets.
FORM_ATTRIBUTES = frozenset({"ORTH", "TEXT", "LOWER", "LENGTH", "IS_ALPHA", "IS_DIGIT", "IS_PUNCT", "LIKE_NUM", "OP", "IS_TITLE", "IS_UPPER"})
SCOPES = ("sentence",)
SECTION_KINDS = ("front", "summary", "recommendations", "area", "other")
#: Dependency labels that open a clause of their own: a negation outside it does not reach in.
#: A cue that is one of these arguments of a verb belongs to that verb, and no higher one.
ARGUMENTS = frozenset({"dobj", "nsubj", "nsubjpass", "attr"})
CLAUSE_BOUNDARIES = frozenset({"advcl", "relcl", "parataxis", "ccomp", "csubj"})


@dataclass(frozen=True)
class Cue:
    """One kind of thing a rule matches, with how negation bears on it."""

    label: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    #: "cancels": a governing negation means the cue is not there ("without delay");
    #: "required": the cue counts only when negated ("not ... timely").
    negation: str = "cancels"
    #: The severity of this cue when the sentence's quantity words say nothing.
    severity: Severity | None = None


@dataclass(frozen=True)
class Weight:
    """Phrases whose presence in the sentence sets the severity of a hit."""

    severity: Severity
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class RuleSpec:
    """A rule file, parsed and checked."""

    id: str
    name: str
    severity: Severity
    message: str
    grades: tuple[str, ...]
    sections: tuple[str, ...]
    cues: tuple[Cue, ...]
    negations: tuple[str, ...] = ()
    conditionals: tuple[str, ...] = ()
    preventions: tuple[str, ...] = ()
    ignore_phrases: tuple[str, ...] = ()
    ignore_sentences: tuple[str, ...] = ()
    weights: tuple[Weight, ...] = ()
    doc: str = ""
    path: str = ""
    scope: str = "sentence"
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: The rule's measured precision and the set it was measured on (:attr:`Rule.measured`).
    measured: str = ""


@dataclass(frozen=True)
class CueMatch:
    """A cue found in a parsed sentence and not cancelled."""

    label: str
    text: str
    start: int
    end: int
    severity: Severity | None = None


def _strings(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _pattern(raw: Any, where: str) -> tuple[dict[str, Any], ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(t, dict) for t in raw):
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: a pattern is a list of token tables, such as [{{LOWER = \"too\"}}, {{LOWER = \"long\"}}]")
    for token in raw:
        unknown = set(token) - FORM_ATTRIBUTES
        if unknown:
            raise JudgecheckError(
                BAD_RULE_FILE,
                f"{where}: pattern attribute {sorted(unknown)[0]} is not available before parsing; use one of {', '.join(sorted(FORM_ATTRIBUTES))}",
            )
    if not _words_of(raw[0]):
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: a pattern's first token must name its words (LOWER, ORTH or TEXT, a string or {{IN = [...]}})")
    return tuple(raw)


def parse_rule_file(path: Path) -> RuleSpec:
    """Read and check one rule file; every mistake is a :class:`JudgecheckError` naming the file."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: {exc}") from None
    known = {"id", "name", "severity", "measured", "message", "scope", "grades", "sections", "cue", "ignore", "severity_when", "doc",
             "examples"}
    unknown = set(data) - known
    if unknown:
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: unknown key '{sorted(unknown)[0]}' (known: {', '.join(sorted(known))})")
    rule_id, name = data.get("id", ""), data.get("name", "")
    if not isinstance(rule_id, str) or not RULE_ID.fullmatch(rule_id):
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: 'id' must look like ABC123, not {rule_id!r}")
    if not isinstance(name, str) or not RULE_NAME.fullmatch(name):
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: 'name' must be lower-case words joined by hyphens, not {name!r}")
    severity = data.get("severity", "warning")
    if severity not in SEVERITIES:
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: 'severity' must be one of {', '.join(SEVERITIES)}")
    measured = data.get("measured", "")
    if not isinstance(measured, str):
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: 'measured' must be a string (precision, and the set it was measured on)")
    scope = data.get("scope", "sentence")
    if scope not in SCOPES:
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: 'scope' must be one of {', '.join(SCOPES)}")
    message = data.get("message")
    if not isinstance(message, str) or not message:
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: 'message' is required")
    sections = _strings(data, "sections", where) or SECTION_KINDS
    bad_kind = next((k for k in sections if k not in SECTION_KINDS), None)
    if bad_kind:
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: section kind {bad_kind!r} is not one of {', '.join(SECTION_KINDS)}")
    cues = []
    for i, raw in enumerate(data.get("cue", [])):
        at = f"{where}: cue {i + 1}"
        if not isinstance(raw, dict):
            raise JudgecheckError(BAD_RULE_FILE, f"{at}: must be a table ([[cue]])")
        negation = raw.get("negation", "cancels")
        if negation not in ("cancels", "required"):
            raise JudgecheckError(BAD_RULE_FILE, f"{at}: 'negation' must be 'cancels' or 'required'")
        patterns = tuple(_pattern(p, at) for p in raw.get("patterns", []))
        phrases = _strings(raw, "phrases", at)
        if not phrases and not patterns:
            raise JudgecheckError(BAD_RULE_FILE, f"{at}: needs 'phrases' or 'patterns'")
        cue_severity = raw.get("severity")
        if cue_severity is not None and cue_severity not in SEVERITIES:
            raise JudgecheckError(BAD_RULE_FILE, f"{at}: 'severity' must be one of {', '.join(SEVERITIES)}")
        cues.append(Cue(str(raw.get("label", name)), phrases, patterns, negation, cue_severity))
    if not cues:
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: at least one [[cue]] is required")
    ignore = data.get("ignore", {})
    if not isinstance(ignore, dict) or set(ignore) - {"negations", "conditionals", "preventions", "phrases", "sentences_with"}:
        raise JudgecheckError(BAD_RULE_FILE, f"{where}: [ignore] takes negations, conditionals, preventions, phrases and sentences_with")
    weights = []
    for i, raw in enumerate(data.get("severity_when", [])):
        at = f"{where}: severity_when {i + 1}"
        if raw.get("severity") not in SEVERITIES:
            raise JudgecheckError(BAD_RULE_FILE, f"{at}: 'severity' must be one of {', '.join(SEVERITIES)}")
        weights.append(Weight(raw["severity"], _strings(raw, "phrases", at)))
    examples = data.get("examples", {})
    return RuleSpec(
        id=rule_id,
        name=name,
        severity=severity,
        message=message,
        grades=_strings(data, "grades", where),
        sections=sections,
        cues=tuple(cues),
        negations=_strings(ignore, "negations", f"{where}: ignore"),
        conditionals=_strings(ignore, "conditionals", f"{where}: ignore"),
        preventions=_strings(ignore, "preventions", f"{where}: ignore"),
        ignore_phrases=_strings(ignore, "phrases", f"{where}: ignore"),
        ignore_sentences=_strings(ignore, "sentences_with", f"{where}: ignore"),
        weights=tuple(weights),
        doc=str(data.get("doc", "")).strip(),
        path=where,
        scope=scope,
        measured=" ".join(measured.split()),
        examples={k: _strings(examples, k, f"{where}: examples") for k in ("fires", "silent") if k in examples},
    )


# -- matching ---------------------------------------------------------------------


class SentenceMatcher:
    """A rule file's cues, compiled: finds candidates cheaply and decides scope on the parse."""

    def __init__(self, spec: RuleSpec) -> None:
        from spacy.matcher import Matcher

        from judgecheck.language import pipeline

        nlp = pipeline()
        self.spec = spec
        self.matcher: Matcher = Matcher(nlp.vocab)
        # Every word a cue can start with: a sentence without one cannot match, so the
        # tokenizer and matcher run only on sentences that have one.
        starts: dict[str, set[str]] = {}
        for cue in spec.cues:
            words = starts.setdefault(cue.label, set())
            words.update(phrase.lower().split()[0] for phrase in cue.phrases)
            for pattern in cue.patterns:
                words.update(_words_of(pattern[0]))
        # No word boundaries: the tokenizer splits words ("cannot" is "can" + "not"), and a
        # test that lets a few extra sentences through costs little.
        self.vocabulary = _words_test(set().union(*starts.values()))
        #: Each cue label with the same test for the words its cues can start with.
        self.starts: tuple[tuple[str, re.Pattern[str]], ...] = tuple((label, _words_test(w)) for label, w in starts.items())
        for index, cue in enumerate(spec.cues):
            patterns = [[{"LOWER": w} for w in phrase.lower().split()] for phrase in cue.phrases]
            patterns += [list(p) for p in cue.patterns]
            self.matcher.add(str(index), patterns)
        self.negations = frozenset(w.lower() for w in spec.negations)
        self.preventions = frozenset(w.lower() for w in spec.preventions)
        self.conditionals = frozenset(w.lower() for w in spec.conditionals)
        self.ignore = tuple(_phrase_regex(p) for p in spec.ignore_phrases)
        self.ignore_sentences = tuple(_phrase_regex(p) for p in spec.ignore_sentences)
        self.weights = tuple((w.severity, tuple(_phrase_regex(p) for p in w.phrases)) for w in spec.weights)

    def candidates(self, text: str, language: Language) -> bool:
        """True when the sentence contains any cue at all (no parse; most sentences stop at the word test)."""
        if language.parse_all:
            return bool(self.matcher(language.parse(text)))
        return bool(self.vocabulary.search(text)) and bool(self.matcher(language.tokens(text)))

    def matches(self, doc: Doc) -> list[CueMatch]:
        """Cues in the parsed sentence that no negation, prevention or ignored phrase cancels."""
        out: list[CueMatch] = []
        lowered = doc.text.lower()
        if any(rx.search(lowered) for rx in self.ignore_sentences):
            return out
        covered: set[int] = set()
        ignored = [m.span() for rx in self.ignore for m in rx.finditer(lowered)]
        # Longest first, so "too long" is judged as one cue, not as "long".
        found = sorted(self.matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        for match_id, start, end in found:
            if covered & set(range(start, end)):
                continue
            span = doc[start:end]
            if any(a <= span.start_char and span.end_char <= b for a, b in ignored):
                continue
            cue = self.spec.cues[int(doc.vocab.strings[match_id])]
            negated = self._negated(span)
            if (cue.negation == "cancels") == negated or self._conditional(span):
                continue
            if cue.negation == "cancels" and self._prevented(span):
                continue
            covered.update(range(start, end))
            out.append(CueMatch(cue.label, span.text, span.start_char, span.end_char, cue.severity))
        return out

    def severity(self, text: str, found: Sequence[CueMatch] = ()) -> Severity | None:
        """The severity the sentence's quantity words call for (first listed wins), else the cues' own."""
        lowered = text.lower()
        for severity, regexes in self.weights:
            if any(rx.search(lowered) for rx in regexes):
                return severity
        own = [m.severity for m in found]
        if own and all(own):
            return min(own, key=SEVERITIES.index)  # type: ignore[arg-type]
        return None

    # -- scope --------------------------------------------------------------------

    def _is_negator(self, token: Token) -> bool:
        return token.dep_ == "neg" or token.lower_ in self.negations

    def _negated(self, span: Span) -> bool:
        """A negation governing the cue within its clause (one inside the cue, as in "not all", is part of it).

        Walks from the cue up its heads: at each step a negating child ("not",
        "no" as a determiner of the subject) or a negating head ("without")
        negates the cue; the walk stops after a clause boundary (a relative or
        adverbial clause) so that "not" in one clause does not reach another.
        """
        token = span.root
        while True:
            for child in token.children:
                if child.i < span.start or child.i >= span.end:
                    if self._is_negator(child) and child.dep_ in ("neg", "det", "amod", "advmod", "preconj", "nsubj", "nsubjpass"):
                        return True
                    if child.dep_ in ("nsubj", "nsubjpass") and any(self._is_negator(g) and g.dep_ == "det" for g in child.children):
                        return True
            head = token.head
            if head.i == token.i or token.dep_ in CLAUSE_BOUNDARIES:
                return False
            if head.lower_ in self.negations and head.dep_ != "neg":
                return True
            token = head

    def _conditional(self, span: Span) -> bool:
        """The cue sits in a clause that only supposes it ("when plans do not reduce risk, ...")."""
        token = span.root
        while True:
            if token.dep_ in CLAUSE_BOUNDARIES:
                return any(c.dep_ in ("mark", "advmod") and c.lower_ in self.conditionals for c in token.children)
            if token.head.i == token.i:
                return False
            token = token.head

    def _prevented(self, span: Span) -> bool:
        """The cue is the object or subject of a preventive verb ("prevent drift", "delays were reduced")."""
        token = span.root
        while True:
            head = token.head
            if head.i == token.i:
                return False
            if token.dep_ in CLAUSE_BOUNDARIES:
                return False
            preventive = head.lemma_.lower() in self.preventions or head.lower_ in self.preventions
            if preventive and not any(c.dep_ == "neg" for c in head.children):
                return True
            if head.pos_ in ("VERB", "AUX") and token.dep_ in ARGUMENTS:
                return False
            token = head


def _words_of(token: dict[str, Any]) -> list[str]:
    """The word forms one pattern token accepts (LOWER/ORTH/TEXT, exact or IN a list)."""
    out: list[str] = []
    for key in ("LOWER", "ORTH", "TEXT"):
        value = token.get(key)
        if isinstance(value, str):
            out.append(value.lower())
        elif isinstance(value, dict) and isinstance(value.get("IN"), list):
            out.extend(str(v).lower() for v in value["IN"])
    return out


def _words_test(words: set[str]) -> re.Pattern[str]:
    return re.compile("|".join(sorted(map(re.escape, words))), re.IGNORECASE)


def _phrase_regex(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in phrase.lower().split()]
    return re.compile(r"\b" + r"\s+".join(words) + r"\b")


# -- the rule ---------------------------------------------------------------------


class FileRule(Rule):
    """A rule defined by a rule file; subclasses are made by :func:`rule_from_spec`."""

    spec: ClassVar[RuleSpec]
    needs_language = True
    _compiled: ClassVar[SentenceMatcher | None] = None

    @classmethod
    def compiled(cls) -> SentenceMatcher:
        """The rule's matcher, built on first use (it needs the spaCy vocabulary)."""
        if cls.__dict__.get("_compiled") is None:
            cls._compiled = SentenceMatcher(cls.spec)
        assert cls._compiled is not None
        return cls._compiled

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        assert language is not None
        matcher = self.compiled()
        for section, block, grade in self.blocks(document):
            yield from self.check_block(section, block, grade, matcher, language)

    def blocks(self, document: Document) -> Iterator[tuple[Section, Block, str | None]]:
        """The prose blocks the rule reads, each with the grade it answers to."""
        spec = self.spec
        # A summary paragraph that states a grade ("Services for children who need help
        # and protection are good") answers to that grade, whatever its section's.
        stated = [st for st in document.statements if st.source == "sentence"]
        for section in document.sections:
            if section.past or section.kind not in spec.sections:
                continue
            for block in section.blocks:
                if block.kind in ("table", "heading"):
                    continue
                grade = section.grade
                if grade is None and section.kind == "summary":
                    grade = next((st.grade for st in stated if st.page == block.page and st.label in block.text), None)
                if spec.grades and grade not in spec.grades:
                    continue
                yield section, block, grade

    def check_block(
        self, section: Section, block: Block, grade: str | None, matcher: SentenceMatcher, language: Language
    ) -> Iterator[Hit]:
        """Hits for the sentences of one paragraph."""
        for sentence in language.sentences(block.text):
            if not matcher.candidates(sentence, language):
                continue
            found = matcher.matches(language.parse(sentence))
            if not found:
                continue
            words = ", ".join(dict.fromkeys(f"'{m.text}'" for m in found))
            message = self.spec.message.format(grade=(grade or "").replace("_", " "), cue=found[0].label, match=words)
            yield Hit(message, section=section, block=block, excerpt=sentence, severity=matcher.severity(sentence, found))


def docstring(spec: RuleSpec) -> str:
    """The rule's documentation: the file's ``doc``, with its examples as the **Example** section."""
    doc = spec.doc or spec.message
    lines = [f"    fires:  {text}" for text in spec.examples.get("fires", ())]
    lines += [f"    silent: {text}" for text in spec.examples.get("silent", ())]
    if not lines:
        return doc
    example = "**Example** (in a section graded " + " or ".join(g.replace("_", " ") for g in spec.grades) + ")::\n\n" + "\n".join(lines)
    head, marker, tail = doc.partition("**Does not fire on**")
    return f"{head.rstrip()}\n\n{example}\n\n{marker}{tail}" if marker else f"{doc}\n\n{example}"


def rule_from_spec(spec: RuleSpec) -> type[Rule]:
    """A Rule class for a rule file (its docstring is built by :func:`docstring`)."""
    attrs: dict[str, Any] = {
        "id": spec.id,
        "name": spec.name,
        "severity": spec.severity,
        "measured": spec.measured,
        "scope": spec.scope,
        "grades": spec.grades,
        "spec": spec,
        "__doc__": docstring(spec),
        "__module__": __name__,
    }
    return type(f"FileRule_{spec.id}", (FileRule,), attrs)


def load_rule_files(paths: Iterable[Path]) -> list[type[Rule]]:
    """Rule classes for the given rule files (``*.toml``), in path order."""
    return [rule_from_spec(parse_rule_file(p)) for p in sorted(paths)]


def rule_files_in(folder: Path) -> Sequence[Path]:
    """The rule files of a directory."""
    return sorted(folder.glob("*.toml"))
