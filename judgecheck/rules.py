"""The rule interface, and the runner that turns a rule's hits into findings.

A rule is a small class: it declares its id, the defect it names, its default
severity, its scope and the grades it applies to, documents itself in its
docstring (What it checks / Why it matters / Example / Does not fire on), and
yields :class:`Hit` records from :meth:`Rule.check`. The runner adds the
location fields, the fingerprint and the severity, and turns a rule that raises
(E101), runs past its time limit (E107) or yields a malformed hit (E108) into one
coded problem while the other rules go on.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import signal
import threading
import time
from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from judgecheck.errors import BAD_FINDING, RULE_FAILED, RULE_TIMEOUT
from judgecheck.limits import DEFAULT_RULE_TIMEOUT
from judgecheck.model import (
    SEVERITIES,
    Block,
    Document,
    Finding,
    Place,
    Problem,
    Section,
    Severity,
)

if TYPE_CHECKING:
    from judgecheck.language import Language

RULE_ID = re.compile(r"[A-Z]{1,4}[0-9]{3}")
RULE_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
MAX_EXCERPT = 300
POSITION = re.compile(r"\b(page|line|paragraph|p\.)\s*\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Related:
    """Another place a hit concerns: a block (or just a section) of a document of the run."""

    block: Block | None = None
    section: Section | None = None
    #: The words to quote; the block's text when empty.
    excerpt: str = ""
    #: In :meth:`Rule.check_across`, the index of the place's document; None means the hit's own.
    document: int | None = None


@dataclass(frozen=True)
class Hit:
    """What a rule found: a message and where, before the runner makes it a Finding."""

    message: str
    section: Section | None = None
    block: Block | None = None
    excerpt: str = ""
    #: Overrides the rule's default severity for this hit (a weaker or stronger case).
    severity: Severity | None = None
    #: Location when there is no block (a judgement table row, say).
    page: int | None = None
    line: int | None = None
    #: Other places the hit concerns (the earlier copy of a repeated passage).
    related: tuple[Related, ...] = ()


class Rule(ABC):
    """Base class of all rules; see the module docstring."""

    id: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = "warning"
    #: "document", "section", "paragraph" or "sentence": what one hit is about.
    scope: ClassVar[str] = "document"
    #: The section grades the rule applies to; empty means any.
    grades: ClassVar[tuple[str, ...]] = ()
    #: True when the rule reads spaCy analyses; the pipeline is not loaded otherwise.
    needs_language: ClassVar[bool] = False
    #: True when the rule also compares the documents of a run (:meth:`check_across`).
    across: ClassVar[bool] = False
    #: The rule's measured precision (and recall, where known) and the set it was measured on, in one line,
    #: e.g. "precision 0.92 (46 of 50 judged findings, validation/)"; empty: not measured.
    measured: ClassVar[str] = ""
    #: Files besides its code that the rule's results depend on (a learned model's weights, say): the
    #: cache's key reads them, so a retrained model is never answered from results of the old one.
    data: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def check(self, document: Document, language: Language | None) -> Iterable[Hit]:
        """Yield a hit for every place the document breaks this rule."""

    def check_across(self, documents: Sequence[Document], language: Language | None) -> Iterable[tuple[int, Hit]]:
        """For rules with ``across = True``: (index of the document, hit) for defects between documents."""
        return ()

    @classmethod
    def summary(cls) -> str:
        """The first line of the rule's documentation."""
        return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""


def fingerprint(rule: str, section: str | None, excerpt: str, message: str, occurrence: int) -> str:
    """A stable id for a finding: what and where in words, never page or line numbers."""
    # Page, line and paragraph numbers named in a message move with edits elsewhere: drop them.
    message = POSITION.sub(r"\1", message)
    words = " ".join(re.sub(r"[^\w%]+", " ", f"{section or ''}\x00{excerpt}\x00{message}".lower()).split())
    digest = hashlib.sha256(f"{rule}\x00{words}\x00{occurrence}".encode()).hexdigest()
    return digest[:16]


def _clip(excerpt: str) -> str:
    return excerpt if len(excerpt) <= MAX_EXCERPT else excerpt[: MAX_EXCERPT - 1].rstrip() + "…"


def _place(related: Related, document: Document) -> Place:
    block, section = related.block, related.section
    return Place(
        path=document.path,
        page=block.page if block and document.paged else None,
        line=block.line if block else None,
        section=section.title if section and section.title else None,
        paragraph=block.number if block else None,
        excerpt=_clip(related.excerpt or (block.text if block else "")),
    )


def _finding(rule: type[Rule], hit: Hit, severity: Severity, documents: Sequence[Document], own: int) -> Finding:
    """The hit of a rule on ``documents[own]`` as a finding, its related places resolved to their documents."""
    block, section = hit.block, hit.section
    excerpt = _clip(hit.excerpt or (block.text if block else ""))
    related = tuple(_place(r, documents[own if r.document is None else r.document]) for r in hit.related)
    return Finding(
        rule=rule.id,
        name=rule.name,
        severity=severity,
        message=hit.message,
        page=block.page if block else hit.page,
        line=block.line if block else hit.line,
        section=section.title if section and section.title else None,
        paragraph=block.number if block else None,
        excerpt=excerpt,
        related=related,
    )


class _TimeUp(BaseException):
    """Raised into a rule that runs past its limit; a BaseException so that a rule's ``except Exception`` cannot swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`_TimeUp` in the code inside after ``seconds`` (0: no limit).

    A real-time interval timer (SIGALRM) interrupts pure-Python loops; code stuck
    inside one C call (a runaway regular expression) is stopped when it returns.
    Off the main thread, or where there is no ``setitimer``, there is no limit.
    The previous SIGALRM handler and any timer already running are restored.
    """
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    outer = (0.0, 0.0)
    try:
        outer = signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # the timer may fire just before it is stopped: the handler is put back all the same
            signal.signal(signal.SIGALRM, previous)
        if outer[0]:
            signal.setitimer(signal.ITIMER_REAL, max(outer[0] - (time.monotonic() - started), 1e-3), outer[1])


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def malformed(hit: object, documents: int = 0) -> str | None:
    """What is wrong with something a rule yielded as a hit, or None when it is a well-formed :class:`Hit`.

    ``documents`` is the number of documents a ``check_across`` compares (0 for ``check``),
    the range of a related place's document index.
    """
    if not isinstance(hit, Hit):
        return f"{type(hit).__name__} {_short(hit)} instead of a Hit"
    if not isinstance(hit.message, str):
        return f"message must be a str, not {type(hit.message).__name__} {_short(hit.message)}"
    if not isinstance(hit.excerpt, str):
        return f"excerpt must be a str, not {type(hit.excerpt).__name__} {_short(hit.excerpt)}"
    if hit.severity is not None and hit.severity not in SEVERITIES:
        return f"severity {_short(hit.severity)} is not one of {', '.join(SEVERITIES)}"
    for field, value in (("page", hit.page), ("line", hit.line)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            return f"{field} must be an int or None, not {type(value).__name__} {_short(value)}"
    for field, value, kind in (("section", hit.section, Section), ("block", hit.block, Block)):
        if value is not None and not isinstance(value, kind):
            return f"{field} must be a {kind.__name__} or None, not {type(value).__name__}"
    if not isinstance(hit.related, tuple):
        return f"related must be a tuple of Related, not {type(hit.related).__name__}"
    for number, related in enumerate(hit.related, start=1):
        wrong = _malformed_related(related, documents)
        if wrong:
            return f"related place #{number}: {wrong}"
    return None


def _malformed_related(related: object, documents: int) -> str | None:
    if not isinstance(related, Related):
        return f"{type(related).__name__} {_short(related)} instead of a Related"
    if not isinstance(related.excerpt, str):
        return f"excerpt must be a str, not {type(related.excerpt).__name__} {_short(related.excerpt)}"
    for field, value, kind in (("section", related.section, Section), ("block", related.block, Block)):
        if value is not None and not isinstance(value, kind):
            return f"{field} must be a {kind.__name__} or None, not {type(value).__name__}"
    if related.block is None and related.section is None:
        return "names neither a block nor a section"
    index = related.document
    if index is not None and (not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < documents):
        if not documents:
            return "document must be None in check (an index only in check_across)"
        return f"document index {_short(index)} is not one of 0 to {documents - 1}"
    return None


def _malformed_pair(item: object, count: int) -> str | None:
    """What is wrong with an item of ``check_across``: a (document index, Hit) pair with the index in range."""
    if not isinstance(item, tuple) or len(item) != 2:
        return f"{type(item).__name__} instead of a (document index, Hit) pair"
    index, hit = item
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < count:
        return f"document index {_short(index)} is not one of 0 to {count - 1}"
    return malformed(hit, count)


def _collect(
    rule: type[Rule], produce: Callable[[Rule], Iterable[object]], check: Callable[[object], str | None],
    timeout: float, plugin_of: dict[str, str] | None,
) -> tuple[list[Any], Problem | None]:
    """Everything a rule yields, within its time limit and each item well-formed; otherwise the problem instead."""
    try:
        with time_limit(timeout):
            items = list(produce(rule()))
    except _TimeUp:
        return [], Problem(RULE_TIMEOUT, f"{_who(rule, plugin_of)} exceeded its time limit of {timeout:g} s "
                                         "(rule-timeout) and was stopped")
    except Exception as exc:  # a plugin's bug must not stop the other rules
        return [], Problem(RULE_FAILED, f"{_who(rule, plugin_of)} failed: {type(exc).__name__}: {exc}")
    if rule.severity not in SEVERITIES:
        return [], Problem(BAD_FINDING, f"{_who(rule, plugin_of)} has severity {_short(rule.severity)}, "
                                        f"not one of {', '.join(SEVERITIES)}")
    for number, item in enumerate(items, start=1):
        wrong = check(item)
        if wrong:
            return [], Problem(BAD_FINDING, f"{_who(rule, plugin_of)} yielded a malformed hit (#{number}): {wrong}")
    return items, None


def _load_pipeline(rules: Sequence[type[Rule]], language: Language | None) -> None:
    """Load the process's spaCy pipeline before any rule's clock starts: the first rule to need it must not pay."""
    if language is not None and any(r.needs_language for r in rules):
        from judgecheck.language import pipeline

        pipeline()


def run_rules(
    document: Document,
    rules: Sequence[type[Rule]],
    language: Language | None,
    severities: dict[str, Severity] | None = None,
    plugin_of: dict[str, str] | None = None,
    timeout: float = DEFAULT_RULE_TIMEOUT,
) -> tuple[list[Finding], list[Problem]]:
    """Run each rule on the document; a rule that raises, hangs or yields junk becomes a problem, not a crash."""
    findings: list[Finding] = []
    problems: list[Problem] = []
    _load_pipeline(rules, language)
    for rule in sorted(rules, key=lambda r: r.id):
        hits, problem = _collect(rule, lambda r: r.check(document, language), malformed, timeout, plugin_of)
        if problem:
            problems.append(problem)
        findings.extend(_finding(rule, hit, _severity(rule, hit, severities), (document,), 0) for hit in hits)
    return stamp(document, findings), problems


def run_across(
    documents: Sequence[Document],
    rules: Sequence[type[Rule]],
    language: Language | None,
    severities: dict[str, Severity] | None = None,
    plugin_of: dict[str, str] | None = None,
    timeout: float = DEFAULT_RULE_TIMEOUT,
) -> tuple[dict[int, list[Finding]], list[Problem]]:
    """Run the rules that compare documents; findings are keyed by the index of their document."""
    found: dict[int, list[Finding]] = defaultdict(list)
    problems: list[Problem] = []
    _load_pipeline(rules, language)
    for rule in sorted((r for r in rules if r.across), key=lambda r: r.id):
        pairs, problem = _collect(rule, lambda r: r.check_across(documents, language),
                                  lambda item: _malformed_pair(item, len(documents)), timeout, plugin_of)
        if problem:
            problems.append(problem)
        for index, hit in pairs:
            found[index].append(_finding(rule, hit, _severity(rule, hit, severities), documents, index))
    return dict(found), problems


def _severity(rule: type[Rule], hit: Hit, severities: dict[str, Severity] | None) -> Severity:
    """A configured severity overrides both the rule's default and a hit's own."""
    return (severities or {}).get(rule.id) or hit.severity or rule.severity


def _who(rule: type[Rule], plugin_of: dict[str, str] | None) -> str:
    """'rule ID name (plugin P)', for problems."""
    where = f" (plugin {plugin_of[rule.id]})" if plugin_of and rule.id in plugin_of else ""
    return f"rule {rule.id} {rule.name}{where}"


def in_document_order(document: Document, findings: Iterable[Finding]) -> list[Finding]:
    """Findings sorted by where their excerpt sits in the document (the same for a PDF and its extract)."""
    blocks = document.blocks()

    def key(f: Finding) -> tuple[int, int, int, int, str, str]:
        # The block holding the excerpt; where a passage occurs twice, the one whose
        # section and paragraph number are the finding's.
        probe = f.excerpt.rstrip("…")[:80]
        found = [
            (section.title != (f.section or "") or block.number != f.paragraph, position, block)
            for position, (section, block) in enumerate(blocks)
            if block.page == f.page and probe and probe in block.text
        ]
        if found:
            _, position, block = min(found, key=lambda x: (x[0], x[1]))
            # Where lines are known, they order blocks; the excerpt's place orders within one.
            return (f.page or 0, f.line if f.line is not None else position, position, block.text.index(probe), f.rule, f.message)
        return (f.page or 0, f.line if f.line is not None else len(blocks), len(blocks), 0, f.rule, f.message)

    return sorted(findings, key=key)


def stamp(document: Document, findings: Iterable[Finding]) -> list[Finding]:
    """Findings in document order, each with its fingerprint."""
    findings = in_document_order(document, findings)
    seen: Counter[tuple[str, str | None, str, str]] = Counter()
    stamped = []
    for f in findings:
        key = (f.rule, f.section, f.excerpt, f.message)
        stamped.append(replace(f, fingerprint=fingerprint(f.rule, f.section, f.excerpt, f.message, seen[key])))
        seen[key] += 1
    return stamped

