"""The document model: the typed records that each stage hands to the next.

read -> :class:`Source`; structure -> :class:`Document`; rules -> :class:`Finding`;
the runner wraps all of it in a :class:`DocumentResult` for the output formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
#: Severities from most to least serious.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
LineHint = Literal["", "heading1", "heading2", "heading3", "table", "item", "break"]


def severity_rank(severity: str) -> int:
    """Return 0 for error, 1 for warning, 2 for info."""
    return SEVERITIES.index(severity)  # type: ignore[arg-type]


# -- read ---------------------------------------------------------------------


@dataclass(frozen=True)
class SourceLine:
    """One line of text as a reader found it, with where it came from."""

    text: str
    page: int
    lineno: int | None = None
    hint: LineHint = ""


@dataclass(frozen=True)
class Source:
    """A document's text as lines, cleaned of page furniture; the output of a reader."""

    path: str
    format: str
    lines: tuple[SourceLine, ...]
    pages: int
    #: True when lines are the visual lines of wrapped paragraphs (PDF), so paragraph
    #: breaks must be inferred; False when a blank line or hint marks every break.
    wrapped: bool = False
    #: True when page numbers are real (a PDF, or Markdown with page comments).
    paged: bool = False
    #: Running headers removed from each page, as (page, text).
    headers: tuple[tuple[int, str], ...] = ()
    #: Things the reader did that a user should know (a repaired PDF, say).
    notes: tuple[str, ...] = ()


# -- structure ----------------------------------------------------------------

BlockKind = Literal["paragraph", "item", "heading", "table"]


@dataclass(frozen=True)
class Block:
    """A paragraph, list item, heading or table row of the recovered document."""

    kind: BlockKind
    text: str
    page: int
    line: int | None = None
    #: The paragraph's own number ("12." in the report), when it has one.
    number: int | None = None


@dataclass(frozen=True)
class GradeStatement:
    """One place where the document states a grade for an area."""

    area: str
    label: str
    grade: str
    page: int
    line: int | None
    #: "table" (a judgement table row), "heading" (a section heading) or
    #: "sentence" ("Services for children ... are good").
    source: Literal["table", "heading", "sentence"]
    #: For table rows, which table in document order (a council paper may restate one).
    table: int | None = None


@dataclass(frozen=True)
class Judgement:
    """The document's graded judgement for one area."""

    area: str
    label: str
    grade: str
    page: int


def judgements_of(statements: tuple[GradeStatement, ...] | list[GradeStatement]) -> tuple[Judgement, ...]:
    """One judgement per area, in order of first mention: a table row first, then a heading, then a sentence."""
    order = {"table": 0, "heading": 1, "sentence": 2}
    best: dict[str, GradeStatement] = {}
    for st in statements:
        current = best.get(st.area)
        if current is None or order[st.source] < order[current.source]:
            best[st.area] = st
    firsts = {st.area: i for i, st in reversed(list(enumerate(statements)))}
    chosen = sorted(best.values(), key=lambda st: firsts[st.area])
    return tuple(Judgement(st.area, st.label, st.grade, st.page) for st in chosen)


@dataclass(frozen=True)
class Section:
    """A run of blocks under one heading, with the grade that heading states or inherits."""

    title: str
    #: "front" (before any heading), "summary", "recommendations", "area" (a graded
    #: judgement's section) or "other".
    kind: str
    level: int
    page: int
    line: int | None
    area: str | None = None
    grade: str | None = None
    blocks: tuple[Block, ...] = ()
    #: True when the section (or the section it is part of) quotes older grades on
    #: purpose, such as "Previous inspections": its grades are not current.
    past: bool = False


@dataclass(frozen=True)
class Metadata:
    """Facts from the cover: dates are ISO strings (YYYY-MM-DD) or None."""

    inspection_start: str | None = None
    inspection_end: str | None = None
    published: str | None = None
    #: Date ranges written in running headers: (first page, start, end, the text as written).
    header_dates: tuple[tuple[int, str, str, str], ...] = ()
    #: Each visit of the inspection as the cover lists it ("... and 13 to 16 January 2025"): (start, end).
    visits: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Expectation:
    """A framework's rule about a report's judgements, as data that a rule checks.

    ``required``/``forbidden``: the report must (not) grade ``area``. ``within``:
    ``area``'s grade lies between the best and the worst of the other judgements.
    ``implies``: when ``when_area`` is graded ``when_grade``, ``area`` is graded ``grade``.
    """

    kind: Literal["required", "forbidden", "within", "implies"]
    area: str
    severity: Severity = "error"
    grade: str | None = None
    when_area: str | None = None
    when_grade: str | None = None
    #: Why the framework expects it, in its own words (shown in the finding).
    note: str = ""


@dataclass(frozen=True)
class ReadsLike:
    """The grade a unit of prose reads like, with a probability for each grade of the model's scale."""

    #: The median grade of ``probabilities`` (an ordinal scale: one step off is nearer than two).
    grade: str
    #: (grade, probability) for each grade of the scale, best to worst; they sum to 1.
    probabilities: tuple[tuple[str, float], ...]
    #: The model's latent score (higher reads worse), for placing the unit among published ones.
    score: float
    #: How far the text reads from the unit's own grade, by the model's thresholds (set on cross-validation):
    #: "" (like its grade, or no grade), "other" (likely another grade), "far" (likely two steps away, or
    #: one step worse with high confidence).
    departure: Literal["", "other", "far"] = ""


@dataclass(frozen=True)
class Placement:
    """Where a unit sits among the published units of its grade (and area) that the model learned from."""

    grade: str
    #: The area compared with; None when there were too few published units of the area.
    area: str | None
    #: How many published units were compared with.
    published: int
    #: Share of them (0-100) whose text reads better than this unit's.
    score_percentile: float
    #: Sentences pushing towards worse grades, per 100 sentences, and the share of published units with fewer.
    shortcomings_per_100: float
    shortcoming_percentile: float


@dataclass(frozen=True)
class Reading:
    """How a plugin's reads-like model reads one unit of a document: a graded section, or the whole document."""

    unit: Literal["section", "document"]
    #: Positions in ``Document.sections`` the unit spans (a SIF heading and its summary are one section).
    sections: tuple[int, ...]
    title: str
    area: str | None
    grade: str | None
    page: int
    #: None when the unit has too little prose to judge (``note`` says why).
    reads_like: ReadsLike | None
    placement: Placement | None = None
    #: The sentences that push hardest towards worse grades, and towards better, with their push.
    worse: tuple[tuple[str, float], ...] = ()
    better: tuple[tuple[str, float], ...] = ()
    note: str = ""
    #: Sentences the model read, and sentences withheld because they name a grade.
    sentences: int = 0
    withheld: int = 0


@dataclass(frozen=True)
class Document:
    """A report's recovered structure: the contract between structure, language and rules."""

    path: str
    format: str
    pages: int
    paged: bool
    framework: str | None
    sections: tuple[Section, ...]
    statements: tuple[GradeStatement, ...]
    metadata: Metadata = field(default_factory=Metadata)
    headers: tuple[tuple[int, str], ...] = ()
    notes: tuple[str, ...] = ()
    #: The recognised framework's grades, best to worst, and what it expects of the judgements.
    scale: tuple[str, ...] = ()
    expectations: tuple[Expectation, ...] = ()
    #: Each area's name and the other labels its framework accepts in a judgement table.
    area_names: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    #: The most calendar days one visit of an inspection may last under the framework, if it says.
    longest_visit_days: int | None = None
    #: Why the recovered structure may be incomplete, one reason each, in the order found
    #: ("no judgement table found", "table row label not recognised: '...'"): empty when the
    #: structure stage read every judgement table row it met. A rule that would raise an error
    #: from a missing or contradicting grade should treat a non-empty value as uncertain structure.
    uncertain: tuple[str, ...] = ()
    #: How its prose reads to the plugins' reads-like models (``judgecheck_reads_like``), set by the
    #: runner before the rules run: one reading per graded section, and for the whole document where a model judges one.
    readings: tuple[Reading, ...] = ()

    @property
    def judgements(self) -> tuple[Judgement, ...]:
        """One judgement per area: see :func:`judgements_of`."""
        return judgements_of(self.statements)

    def blocks(self) -> list[tuple[Section, Block]]:
        """Every block with its section, in document order."""
        return [(s, b) for s in self.sections for b in s.blocks]


# -- rules and results ----------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Another place a finding concerns, in its own document or another of the run (a repeated passage's original)."""

    path: str
    page: int | None
    line: int | None
    section: str | None
    paragraph: int | None
    excerpt: str


@dataclass(frozen=True)
class Finding:
    """One place where a rule found the text and the grades at odds."""

    rule: str
    name: str
    severity: Severity
    message: str
    page: int | None
    line: int | None
    section: str | None
    paragraph: int | None
    excerpt: str
    fingerprint: str = ""
    #: The other places the finding concerns (not part of the fingerprint).
    related: tuple[Place, ...] = ()


@dataclass(frozen=True)
class Problem:
    """A coded error: a document that could not be read, or a rule that failed."""

    code: str
    message: str


@dataclass(frozen=True)
class DocumentResult:
    """Everything the run learned about one input path."""

    path: str
    document: Document | None
    findings: tuple[Finding, ...] = ()
    error: Problem | None = None
    #: Rules or plugins that failed on this document; the other rules still ran.
    rule_errors: tuple[Problem, ...] = ()

    @property
    def status(self) -> Literal["checked", "error"]:
        return "error" if self.error else "checked"
