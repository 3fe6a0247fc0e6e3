"""The rule interface, and the runner that turns a rule's hits into findings.

A rule is a small class: it declares its id, the defect it names, its default
severity, its scope and the grades it applies to, documents itself in its
docstring (What it checks / Why it matters / Example / Does not fire on), and
yields :class:`Hit` records from :meth:`Rule.check`. The runner adds the
location fields, the fingerprint and the severity, and turns a rule that raises
into one coded problem while the other rules go on.
"""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from judgecheck.errors import RULE_FAILED
from judgecheck.model import Block, Document, Finding, Problem, Section, Severity

if TYPE_CHECKING:
    from judgecheck.language import Language

RULE_ID = re.compile(r"[A-Z]{1,4}[0-9]{3}")
RULE_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
MAX_EXCERPT = 300
POSITION = re.compile(r"\b(page|line|paragraph|p\.)\s*\d+", re.IGNORECASE)


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


def _finding(rule: type[Rule], hit: Hit, severity: Severity) -> Finding:
    block, section = hit.block, hit.section
    excerpt = hit.excerpt or (block.text if block else "")
    if len(excerpt) > MAX_EXCERPT:
        excerpt = excerpt[: MAX_EXCERPT - 1].rstrip() + "…"
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
    )


def run_rules(
    document: Document,
    rules: Sequence[type[Rule]],
    language: Language | None,
    severities: dict[str, Severity] | None = None,
    plugin_of: dict[str, str] | None = None,
) -> tuple[list[Finding], list[Problem]]:
    """Run each rule on the document; a rule that raises becomes a problem, not a crash."""
    findings: list[Finding] = []
    problems: list[Problem] = []
    for rule in sorted(rules, key=lambda r: r.id):
        try:
            hits = list(rule().check(document, language))
            for hit in hits:
                if not isinstance(hit, Hit):
                    raise TypeError(f"check() yielded {type(hit).__name__}, not Hit")
        except Exception as exc:  # a plugin's bug must not stop the other rules
            problems.append(_failed(rule, exc, plugin_of))
            continue
        findings.extend(_finding(rule, hit, _severity(rule, hit, severities)) for hit in hits)
    return stamp(document, findings), problems


def run_across(
    documents: Sequence[Document],
    rules: Sequence[type[Rule]],
    language: Language | None,
    severities: dict[str, Severity] | None = None,
    plugin_of: dict[str, str] | None = None,
) -> tuple[dict[int, list[Finding]], list[Problem]]:
    """Run the rules that compare documents; findings are keyed by the index of their document."""
    found: dict[int, list[Finding]] = defaultdict(list)
    problems: list[Problem] = []
    for rule in sorted((r for r in rules if r.across), key=lambda r: r.id):
        try:
            hits = list(rule().check_across(documents, language))
            for index, hit in hits:
                if not isinstance(hit, Hit) or not 0 <= index < len(documents):
                    raise TypeError("check_across() must yield (document index, Hit) pairs")
        except Exception as exc:  # a plugin's bug must not stop the other rules
            problems.append(_failed(rule, exc, plugin_of))
            continue
        for index, hit in hits:
            found[index].append(_finding(rule, hit, _severity(rule, hit, severities)))
    return dict(found), problems


def _severity(rule: type[Rule], hit: Hit, severities: dict[str, Severity] | None) -> Severity:
    """A configured severity overrides both the rule's default and a hit's own."""
    return (severities or {}).get(rule.id) or hit.severity or rule.severity


def _failed(rule: type[Rule], exc: Exception, plugin_of: dict[str, str] | None) -> Problem:
    where = f" (plugin {plugin_of[rule.id]})" if plugin_of and rule.id in plugin_of else ""
    return Problem(RULE_FAILED, f"rule {rule.id} {rule.name}{where} failed: {type(exc).__name__}: {exc}")


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

