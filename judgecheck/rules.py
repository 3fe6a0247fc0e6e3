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
from abc import ABC, abstractmethod
import re
from collections import Counter
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

    @abstractmethod
    def check(self, document: Document, language: Language | None) -> Iterable[Hit]:
        """Yield a hit for every place the document breaks this rule."""

    @classmethod
    def summary(cls) -> str:
        """The first line of the rule's documentation."""
        return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""


def fingerprint(rule: str, section: str | None, excerpt: str, message: str, occurrence: int) -> str:
    """A stable id for a finding: what and where in words, never page or line numbers."""
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
            where = f" (plugin {plugin_of[rule.id]})" if plugin_of and rule.id in plugin_of else ""
            problems.append(Problem(RULE_FAILED, f"rule {rule.id} {rule.name}{where} failed: {type(exc).__name__}: {exc}"))
            continue
        # A configured severity overrides both the rule's default and a hit's own.
        configured = (severities or {}).get(rule.id)
        for hit in hits:
            findings.append(_finding(rule, hit, configured or hit.severity or rule.severity))
    findings.sort(key=lambda f: (f.page or 0, f.line or 0, f.rule, f.excerpt))
    seen: Counter[tuple[str, str | None, str, str]] = Counter()
    stamped = []
    for f in findings:
        key = (f.rule, f.section, f.excerpt, f.message)
        stamped.append(replace(f, fingerprint=fingerprint(f.rule, f.section, f.excerpt, f.message, seen[key])))
        seen[key] += 1
    return stamped, problems

