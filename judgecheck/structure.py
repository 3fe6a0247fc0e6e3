"""The structure stage: recover a report's graded structure from its lines.

Given a :class:`~judgecheck.model.Source` and the frameworks that plugins
provide, choose the framework the report follows, then find its judgement
tables, section headings (with the grade each states), numbered paragraphs,
list items and the sentences that state grades. Nothing here knows a particular
inspectorate: every name and pattern comes from the framework's data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from judgecheck.framework import Framework
from judgecheck.model import (
    Block,
    Document,
    GradeStatement,
    Metadata,
    Section,
    Source,
    SourceLine,
    judgements_of,
)

#: How much of the document's start is searched to recognise its framework and cover facts.
OPENING_CHARS = 20_000
#: A heading or a table row's label spans at most this many lines.
MAX_HEADING_LINES = 3
MAX_LABEL_CHARS = 160
#: A row's text before its grade, with cover text merged before the label (see ``_Patterns.split_label``).
MAX_ROW_TEXT_CHARS = 240
#: A row label naming no area is longer than a judgement's name by less than this.
MAX_UNKNOWN_LABEL_CHARS = 100
#: A row number at the end of cover text merged into a row ("... are good 1.").
ROW_NUMBER_END = re.compile(r"\s*\d+(?:\.\d+)*\.?\s*$")
#: A paragraph number; alone on its line, it numbers the text on the next (a number in the margin).
NUMBERED = re.compile(r"(\d{1,3})\.(?:\s+(?=\S)|(?=[A-Z‘'\"])|$)")
SENTENCE_END = re.compile(r"(?:[.!?:;]['’\")]*|\([A-Za-z][^()]{0,60}\)\.?)$")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])['’\")]*\s+(?=[A-Z0-9‘'\"(])")
#: A row label ending with one of these words is a sentence stating a grade, not a row.
PREDICATE_END = re.compile(
    r"\b(?:is|are|was|were|be|been|being|remains?|judged|as|to|not|and|or|of|the|a|an|very|than|that)$",
    re.IGNORECASE,
)
#: A line ending like this continues on the next line, which cannot then be a heading.
CONTINUES = re.compile(r"(?:[,;(\-–]|\b(?:and|or|of|the|a|an|to|for|in|on|with|by|that|which|who|is|are|be))$")
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
#: A month's name or abbreviation ("Sept", "Oct."), never another word ("12 and 13 June").
MONTH = (r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
         r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b")
DATE = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})\.?,?\s+(\d{{4}}|\d{{2}}(?!\d))")
PAGE_NUMBER_END = re.compile(r"\s+\d{1,3}$")
#: The first date of a range, which may leave out its month and year ("8 to 12 December 2025").
LEADING_DAY = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+({MONTH})\.?)?(?:\s+(\d{{4}}))?\b")
INSPECTION_DATES = re.compile(r"inspection dates?:?\s*(.{0,90})", re.IGNORECASE)
PUBLISHED = re.compile(r"(?:report )?published:?\s*(\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4})", re.IGNORECASE)


def fold(text: str) -> str:
    """Collapse white space to single spaces."""
    return " ".join(text.split())


def parse_date(text: str) -> date | None:
    """Parse '4 September 2017' (or 'Sept'), or return None."""
    m = DATE.search(text)
    return _date_of(m) if m else None


def _month(name: str) -> int | None:
    """1 to 12 for a month's name or its abbreviation, else None."""
    return next((n for full, n in MONTHS.items() if full.startswith(name.lower()[:3])), None)


def _date_of(m: re.Match[str]) -> date | None:
    month = _month(m.group(2))
    if month is None:
        return None
    year = int(m.group(3))
    try:
        return date(year + 2000 if year < 100 else year, month, int(m.group(1)))
    except ValueError:
        return None


def _first_day(span: str, first_full: date) -> date:
    """The range's first day, taking a missing month or year from the first full date after it."""
    m = LEADING_DAY.match(span)
    if not m:
        return first_full
    month = _month(m.group(2)) if m.group(2) else first_full.month
    if month is None:
        return first_full
    year = int(m.group(3)) if m.group(3) else first_full.year
    try:
        day = date(year, month, int(m.group(1)))
    except ValueError:
        return first_full
    if not m.group(3) and day > first_full:
        day = day.replace(year=year - 1)
    return day


def date_range(span: str) -> tuple[date, date] | None:
    """The first and last day of a range written like "6 to 12 December 2024" (two-digit years allowed)."""
    found = [d for d in (_date_of(m) for m in DATE.finditer(span)) if d]
    if not found:
        return None
    return _first_day(span.strip(), found[0]), found[-1]


def read_metadata(opening: str, headers: Sequence[tuple[int, str]] = ()) -> Metadata:
    """Find the inspection dates and publication date on the cover, and date ranges in running headers."""
    start = end = published = None
    visits: tuple[tuple[str, str], ...] = ()
    dates_match = INSPECTION_DATES.search(opening)
    if dates_match:
        # The cover's next field ends the span: "Dates of previous inspection: ..." would otherwise end it years early.
        span = re.split(r"(?i)published|lead inspector|reporting inspector|dates? of (?:the )?previous inspection", dates_match.group(1))[0]
        found = date_range(span)
        if found:
            start, end = found
            visits = _visits(span, start, end)
            if visits:  # the first visit's start, its month and year taken from the visit after it if need be
                start = date.fromisoformat(visits[0][0])
    pub = PUBLISHED.search(opening)
    if pub:
        published = parse_date(pub.group(1))
    header_dates: dict[str, tuple[int, str, str, str]] = {}
    for page, text in headers:
        written = PAGE_NUMBER_END.sub("", text).strip(" ()")
        # A title may come first ("Area SEND inspection report: X, 26 to 30 June 2023"): the range starts at its first number.
        found = date_range(written[re.search(r"\d", written).start():]) if DATE.search(written) else None
        if found and written not in header_dates:
            header_dates[written] = (page, found[0].isoformat(), found[1].isoformat(), written)
    return Metadata(*(d.isoformat() if d else None for d in (start, end, published)), header_dates=tuple(header_dates.values()),
                    visits=visits)


def _visits(span: str, start: date, end: date) -> tuple[tuple[str, str], ...]:
    """Each visit of a cover's dates: "30 September to 11 October 2024 and 13 to 16 January 2025" is two.

    A visit that leaves out its month or year ("2 to 6 October and 16 to 20 October 2017") takes them
    from the next visit; a span that names several visits but cannot be split gives none.
    """
    parts = [part.strip(" ,") for part in re.split(r"(?i)(?:\band\b|&)(?=\s*\d)", span)]
    if len(parts) == 1:
        return ((start.isoformat(), end.isoformat()),)
    visits: list[tuple[date, date]] = []
    for part in reversed(parts):
        found = date_range(part) if DATE.search(part) else _borrowing(part, visits[0][0]) if visits else None
        if not found or found[0] > found[1] or (visits and found[1] >= visits[0][0]):
            return ()
        visits.insert(0, found)
    return tuple((first.isoformat(), last.isoformat()) for first, last in visits)


def _borrowing(part: str, later: date) -> tuple[date, date] | None:
    """The range "2 to 6 October" (or "6 to 8") completed from the next visit's start.

    A named month takes the next visit's year, or the year before ("27 to 31 December and 3 to 7 January 2022").
    """
    named = re.search(r"[A-Za-z]\.?$", part) is not None
    for year in (later.year, later.year - 1) if named else (later.year,):
        found = date_range(f"{part} {year}" if named else f"{part} {list(MONTHS)[later.month - 1]} {year}")
        if found and found[1] < later:
            return found
    return None


def choose_framework(opening: str, frameworks: Sequence[Framework], day: date | None) -> Framework | None:
    """Return the framework all of whose detect patterns occur in the (folded) opening text, by date."""
    candidates = [fw for fw in frameworks if all(p.search(opening) for p in fw.detect)]
    dated = [fw for fw in candidates if fw.applies_on(day)]
    pool = dated or candidates
    if not pool:
        return None
    return sorted(pool, key=lambda fw: (-len(fw.detect), fw.valid_from or date.min, fw.id))[0]


# -- judgement tables -------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A judgement table row spanning lines[start:end]."""

    start: int
    end: int
    #: The area the row grades; empty when its label names none the framework knows.
    area: str
    label: str
    grade: str
    #: Cover text merged before the label ("Inspection date: ... are good 1."), read as a paragraph.
    prefix: str = ""
    #: True when the area was taken from the closest name, not found by the framework's label pattern.
    guessed: bool = False


class _Patterns:
    """Framework patterns combined for the structure stage."""

    def __init__(self, fw: Framework) -> None:
        self.fw = fw
        cell = fw.grade_cell.pattern.replace("(?P<grade>", "(?P<cellgrade>")
        self.cell_only = re.compile(cell, re.IGNORECASE)
        self.cell_end = re.compile(rf"(?:{cell})$", re.IGNORECASE)
        self.row = re.compile(
            rf"(?:\d+(?:\.\d+)*\.?\s+)?(?P<label>.{{3,{MAX_ROW_TEXT_CHARS}}}?)\s*[:\-–]?\s*(?:{cell})\s*", re.IGNORECASE
        )
        self.headings = []
        for area in fw.areas:
            for level, heading in ((1, area.heading), (2, area.subheading)):
                if heading is not None:
                    pat = rf"(?:{heading.pattern})(?:\s*[:\-–]?\s*(?:(?:is|are):? )?(?:{cell}))?\s*[.:]?"
                    self.headings.append((area.key, level, re.compile(pat, re.IGNORECASE)))

    def grade_in(self, m: re.Match[str]) -> str | None:
        text = m.groupdict().get("grade") or m.groupdict().get("cellgrade")
        return self.fw.grade_of(text) if text else None

    def split_label(self, label: str) -> tuple[str, str]:
        """(prefix, label): cover text merged before a row's label, cut where an area's name begins.

        Only a prefix holding a date, a colon or a grade is cut ("Inspection date: 6 March 2017 ...
        are good 1. Children who need help and protection"); "The experiences and progress of
        children in care" is one label.
        """
        lowered = label.lower().replace("’", "'")
        starts = [lowered.find(name.lower().replace("’", "'")) for area in self.fw.areas for name in (area.name, *area.spellings)]
        start = min((i for i in starts if i > 0), default=0)
        prefix = label[:start]
        if not start or not (DATE.search(prefix) or ":" in prefix or any(p.search(prefix) for _, p in self.fw.grades)):
            return "", label
        return ROW_NUMBER_END.sub("", prefix).strip(), label[start:]

    def row_at(self, lines: Sequence[SourceLine], end: int, floor: int, unknown: bool = False) -> Row | None:
        """The table row ending with line ``end``, its label reaching back no further than ``floor``.

        With ``unknown``, a row whose label names no area is returned too, with an empty area.
        """
        if _stands_alone(lines[end]):
            return None
        if not self.row.fullmatch(lines[end].text) and not self.cell_only.fullmatch(lines[end].text):
            # The last line must end with a grade cell (possibly the second half of one).
            tail = fold(" ".join(line.text for line in lines[max(floor, end - 1) : end + 1]))
            if not self.cell_end.search(tail):
                return None
        start = end
        while start > floor and end - start < MAX_HEADING_LINES:
            text = fold(" ".join(line.text for line in lines[start : end + 1]))
            label = self.row.fullmatch(text)
            named = label is not None and self.fw.area_named(label.group("label")) is not None
            continuation = lines[start].text[:1].islower() or not named
            above = lines[start - 1]
            if not continuation or self.row.fullmatch(above.text) or above.hint == "table" or _stands_alone(above):
                break
            start -= 1
        text = fold(" ".join(line.text for line in lines[start : end + 1]))
        m = self.row.fullmatch(text)
        if not m:
            return None
        prefix, label = self.split_label(m.group("label").strip(" :-–"))
        grade = self.grade_in(m)
        area = self.fw.area_named(label)
        if grade is None or len(label) > MAX_LABEL_CHARS or PREDICATE_END.search(label) or ". " in label or NUMBERED.match(label):
            return None
        if area is None and not (unknown and label[:1].isupper() and len(label) <= MAX_UNKNOWN_LABEL_CHARS):
            return None
        # A sentence that merely ends a line with a grade word ("... benefit greatly from
        # outstanding") goes on in lower case on the next line; a table row does not.
        after = lines[end + 1] if end + 1 < len(lines) else None
        if after is not None and after.page == lines[end].page and after.text[:1].islower():
            return None
        return Row(start, end + 1, area.key if area else "", label, grade, prefix)


def _stands_alone(line: SourceLine) -> bool:
    """A list item or a marked heading is never part of a table row."""
    return line.hint == "item" or line.hint.startswith("heading")


def find_tables(lines: Sequence[SourceLine], pats: _Patterns) -> list[list[Row]]:
    """Runs of adjacent judgement rows with two or more rows naming an area.

    A row whose label names no area (garbled, or a judgement the framework does not
    know) is kept when it lies between two rows that do, so that one odd row
    does not split or lose the table; see :func:`settle_table` for its area. A row
    left without an area at either end of a run is not part of the table.
    """
    tables: list[list[Row]] = []
    run: list[Row] = []

    def close(run: list[Row]) -> None:
        rows = settle_table(run, pats.fw)
        while rows and not rows[-1].area:
            rows.pop()
        while rows and not rows[0].area:
            rows.pop(0)
        if sum(1 for r in rows if r.area) >= 2:
            tables.append(rows)

    floor, end = 0, 0
    while end < len(lines):
        if lines[end].hint == "break":
            floor = end + 1
            end += 1
            continue
        row = pats.row_at(lines, end, floor)
        if row is None and run:
            row = pats.row_at(lines, end, floor, unknown=True)
        if row is None:
            end += 1
            continue
        # A grade cell may wrap ("Requires improvement" / "to be good"): take the longer row.
        longer = pats.row_at(lines, end + 1, floor) if end + 1 < len(lines) and lines[end + 1].hint != "break" else None
        if longer is not None and longer.start == row.start:
            row = longer
        if run and any(line.hint != "break" for line in lines[run[-1].end : row.start]):
            close(run)
            run = []
        if row.area or run:
            run.append(row)
        floor = end = row.end
    close(run)
    return tables


def settle_table(rows: Sequence[Row], fw: Framework) -> list[Row]:
    """Give each area of a table to one row, reading an odd label as the closest area left.

    When two rows name the same area, the one whose label is a name the framework
    uses keeps it (else the first); the other, like a row naming no area, takes the
    area whose name its words are closest to among those no row holds
    ("The experiences and progress of children care leavers" beside a care leavers
    row is children in care), or stays unread (empty area). Labels stay as written.
    """
    holder: dict[str, Row] = {}
    for row in rows:
        if row.area and (row.area not in holder or (fw.accepts(row.area, row.label) and not fw.accepts(row.area, holder[row.area].label))):
            holder[row.area] = row
    taken = set(holder)
    out = []
    for row in rows:
        if not row.area or holder[row.area] is not row:
            area = fw.closest_area(row.label, taken) or ""
            taken.add(area)
            row = replace(row, area=area, guessed=bool(area))
        out.append(row)
    return out


# -- sections and blocks --------------------------------------------------------------


@dataclass
class _Heading:
    title: str
    kind: str
    level: int
    area: str | None
    grade: str | None
    lines: int


@dataclass
class _SectionBuilder:
    title: str
    kind: str
    level: int
    page: int
    line: int | None
    area: str | None
    grade: str | None
    past: bool = False
    blocks: list[Block] = field(default_factory=list)

    def build(self) -> Section:
        return Section(
            self.title, self.kind, self.level, self.page, self.line, self.area, self.grade, tuple(self.blocks), self.past
        )


def match_heading(text: str, pats: _Patterns) -> _Heading | None:
    """Say whether ``text`` (one to three lines folded) is a heading the framework knows."""
    folded = fold(text)
    if len(folded) > 200:
        return None
    for title in pats.fw.sections:
        if title.pattern.fullmatch(folded.rstrip(":")):
            return _Heading(folded, title.kind, title.level, None, None, 0)
    for key, level, pattern in pats.headings:
        m = pattern.fullmatch(folded)
        if m:
            return _Heading(folded, "area", level, key, pats.grade_in(m), 0)
    return None


class _Builder:
    """Walks the lines once, cutting them into sections and blocks."""

    def __init__(self, source: Source, pats: _Patterns | None, table_rows: dict[int, tuple[Row, int]]) -> None:
        self.source = source
        self.lines = source.lines
        self.pats = pats
        self.table_rows = table_rows
        self.sections: list[_SectionBuilder] = [_SectionBuilder("", "front", 0, 1, None, None, None)]
        self.current: list[SourceLine] = []
        self.current_kind = "paragraph"
        self.current_number: int | None = None
        self.last_number = 0
        self.typical_width = self._typical_width()
        self.after_table = False
        self.past = self.pats.fw.past_context if self.pats else None
        #: Grades stated by judgement table rows, in document order (past ones left out).
        self.table_statements: list[GradeStatement] = []

    def add_table_row(self, row: Row, table: int) -> None:
        """Emit a table row block, and its grade unless the row quotes older grades."""
        self.flush()
        section = self.sections[-1]
        first = self.lines[row.start]
        if row.prefix:
            section.blocks.append(Block("paragraph", row.prefix, first.page, first.lineno))
        previous = section.blocks[-1] if section.blocks and section.blocks[-1].kind != "table" else None
        introduced_as_past = bool(self.past and previous and self.past.search(previous.text))
        if row.area and not (section.past or introduced_as_past):
            self.table_statements.append(GradeStatement(row.area, row.label, row.grade, first.page, first.lineno, "table", table))
        section.blocks.append(Block("table", f"{row.label}: {row.grade.replace('_', ' ')}", first.page, first.lineno))

    def _typical_width(self) -> int:
        widths = sorted(len(line.text) for line in self.lines if line.text)
        return widths[int(len(widths) * 0.85)] if widths else 80

    def flush(self) -> None:
        if self.current:
            first = self.current[0]
            text = fold(" ".join(line.text for line in self.current))
            if self.current_number is not None:
                text = NUMBERED.sub("", text, count=1)
            self.sections[-1].blocks.append(
                Block(self.current_kind, text, first.page, first.lineno, self.current_number)  # type: ignore[arg-type]
            )
        self.current, self.current_kind, self.current_number = [], "paragraph", None

    def open_section(self, heading: _Heading, line: SourceLine) -> None:
        self.flush()
        parent = next((s for s in reversed(self.sections) if s.level < heading.level), None)
        area, grade = heading.area, heading.grade
        past = bool(self.past and self.past.search(heading.title))
        if heading.level > 1 and parent is not None:
            area = area or parent.area
            grade = grade if heading.area else parent.grade
            past = past or parent.past
        self.sections.append(
            _SectionBuilder(heading.title, heading.kind, heading.level, line.page, line.lineno, area, grade, past)
        )

    def heading_at(self, i: int) -> _Heading | None:
        line = self.lines[i]
        if line.hint.startswith("heading"):
            found = match_heading(line.text, self.pats) if self.pats else None
            level = int(line.hint[-1])
            if found:
                found.lines, found.level = 1, level
                return found
            return _Heading(fold(line.text), "other", level, None, None, 1)
        if self.pats is None or line.hint == "item":
            return None
        for span in range(1, MAX_HEADING_LINES + 1):
            chunk = self.lines[i : i + span]
            if len(chunk) < span or any(c.hint == "break" for c in chunk[1:]) or any(j in self.table_rows for j in range(i, i + span)):
                break
            found = match_heading(" ".join(c.text for c in chunk), self.pats)
            if found:
                found.lines = span
                nxt = i + span
                # A grade cell beside the heading (a tab or <p> cell) may come after a break.
                while nxt < len(self.lines) and self.lines[nxt].hint == "break" and self.lines[nxt].lineno == line.lineno:
                    nxt += 1
                if found.kind == "area" and found.grade is None and nxt < len(self.lines):
                    cell = self.pats.cell_only.fullmatch(fold(self.lines[nxt].text))
                    if cell:
                        found.grade = self.pats.grade_in(cell)
                        found.title = f"{found.title} {fold(self.lines[nxt].text)}"
                        found.lines = nxt - i + 1
                return found
        return None

    def starts_block(self, i: int) -> bool:
        """True when line ``i`` cannot continue the paragraph before it."""
        if not self.current:
            return True
        prev = self.current[-1]
        line = self.lines[i]
        if line.page != prev.page and SENTENCE_END.search(prev.text) and line.text[:1].isupper():
            return True
        if not self.source.wrapped:
            return False
        short = len(prev.text) < 0.8 * self.typical_width
        return bool(short and SENTENCE_END.search(prev.text) and line.text[:1].isupper())

    def may_start_heading(self, i: int) -> bool:
        """True when line ``i`` may open a heading: a new block, or a capitalised line after an unfinished one."""
        line = self.lines[i]
        if line.hint.startswith("heading") or self.starts_block(i):
            return True
        return line.text[:1].isupper() and not CONTINUES.search(self.current[-1].text)

    def numbered(self, text: str) -> int | None:
        m = NUMBERED.match(text)
        if not m:
            return None
        n = int(m.group(1))
        if n == 1 or 1 <= n - self.last_number <= 3:
            return n
        return None

    def run(self) -> list[Section]:
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if line.hint == "break":
                self.flush()
                i += 1
                continue
            if i in self.table_rows:
                row, table = self.table_rows[i]
                self.add_table_row(row, table)
                i = row.end
                self.after_table = True
                continue
            heading = self.heading_at(i) if self.may_start_heading(i) else None
            if heading is not None:
                self.open_section(heading, line)
                self.after_table = False
                i += heading.lines
                continue
            if self.after_table and self.pats and self.pats.fw.summary_after_table and self.sections[-1].kind == "front":
                self.open_section(_Heading("Summary", "summary", 1, None, None, 0), line)
            self.after_table = False
            number = self.numbered(line.text)
            # A number opens a paragraph after a finished sentence, or when it is exactly the next one
            # (after a sub-heading such as "Inspection findings" that was not recognised as a heading),
            # or on a list item's line, which never continues the paragraph before it.
            if number is not None and self.current and not (
                self.starts_block(i) or SENTENCE_END.search(self.current[-1].text) or number == self.last_number + 1
                or line.hint == "item"
            ):
                number = None
            if number is not None:
                self.flush()
                self.current_number = self.last_number = number
            elif line.hint == "item":
                self.flush()
                self.current_kind = "item"
            elif self.starts_block(i):
                self.flush()
            self.current.append(line)
            i += 1
        self.flush()
        return [s.build() for s in self.sections if s.blocks or s.kind != "front"]


def statements_in(sections: Sequence[Section], pats: _Patterns) -> tuple[list[GradeStatement], list[Section]]:
    """Grades stated in headings and sentences, and the sections with those grades attached.

    An area section whose heading states no grade takes the grade its opening
    sentences state ("The Local Safeguarding Children Board is good"). Sections
    that quote older grades, and sentences that do, state nothing.
    """
    found: list[GradeStatement] = []
    out: list[Section] = []
    for section in sections:
        if section.kind == "area" and section.area and section.grade and section.title:
            found.append(GradeStatement(section.area, section.title, section.grade, section.page, section.line, "heading"))
        if not section.past:
            for index, block in enumerate(section.blocks):
                for st in _sentence_statements(block, pats):
                    found.append(st)
                    if index < 2 and section.kind == "area" and section.grade is None and st.area == section.area:
                        section = replace(section, grade=st.grade)
        out.append(section)
    return found, out


def _sentence_statements(block: Block, pats: _Patterns) -> list[GradeStatement]:
    """The first statement pattern that matches each sentence of the block."""
    if block.kind == "table":
        return []
    past = pats.fw.past_context
    found = []
    for sentence in SENTENCE_SPLIT.split(block.text):
        if past and past.search(sentence):
            continue
        for st in pats.fw.statements:
            m = st.pattern.search(sentence)
            grade = pats.grade_in(m) if m else None
            if grade:
                found.append(GradeStatement(st.area, fold(m.group(0)), grade, block.page, block.line, "sentence"))
                break
    return found


def _grade_from_judgements(sections: Sequence[Section], statements: Sequence[GradeStatement]) -> list[Section]:
    """An area section whose heading states no grade takes the grade the document gives its area."""
    grade_of = {j.area: j.grade for j in judgements_of(statements)}
    return [
        replace(s, grade=grade_of[s.area]) if s.area in grade_of and s.grade is None and not s.past else s
        for s in sections
    ]


def framework_by_table(lines: Sequence[SourceLine], frameworks: Sequence[Framework], day: date | None) -> Framework | None:
    """The framework whose judgement table the opening lines hold, when no cover title named one.

    Each framework scores the rows of its tables that grade an area it does not forbid,
    less those that grade one it forbids; the best score of two or more wins, a
    framework applying on ``day`` before one that does not, then as :func:`choose_framework`.
    """
    best: tuple[tuple[int, int, int, date, str], Framework] | None = None
    for fw in frameworks:
        forbidden = {e.area for e in fw.expectations_on(day) if e.kind == "forbidden"}
        areas = [row.area for table in find_tables(lines, _Patterns(fw)) for row in table if row.area]
        score = sum(1 for a in areas if a not in forbidden) - sum(1 for a in areas if a in forbidden)
        if score < 2:
            continue
        key = (-int(fw.applies_on(day)), -score, -len(fw.detect), fw.valid_from or date.min, fw.id)
        if best is None or key < best[0]:
            best = (key, fw)
    return best[1] if best else None


def _opening_lines(source: Source) -> list[SourceLine]:
    """The lines of the document's first :data:`OPENING_CHARS` characters."""
    out, size = [], 0
    for line in source.lines:
        if size > OPENING_CHARS:
            break
        out.append(line)
        size += len(line.text) + 1
    return out


def _uncertain(fw: Framework | None, tables: Sequence[Sequence[Row]], statements: Sequence[GradeStatement],
               by_table: bool) -> tuple[str, ...]:
    """Why the structure may be incomplete: see :attr:`Document.uncertain`."""
    if fw is None:
        return ("framework not recognised",)
    reasons = ["framework recognised by its judgement table only, not its cover title"] if by_table else []
    if not tables and fw.judgement_table:
        reasons.append("no judgement table found")
    for table in tables:
        for row in (row for row in table if row.guessed or not row.area):
            read_as = f" (read as {row.area.replace('_', ' ')})" if row.area else ""
            reasons.append(f"table row label not recognised: '{row.label}'{read_as}")
        if any(not row.area for row in table):
            reasons.append("judgement table partly read")
    if not statements:
        reasons.append("no graded judgement found")
    return tuple(dict.fromkeys(reasons))


def build_document(source: Source, frameworks: Sequence[Framework]) -> Document:
    """Recover the structure of ``source`` with the best-matching framework (or none).

    The framework is the one the cover's title names (a title on the first page that
    the reader took for a running header counts), or else the one whose judgement table
    the opening holds.
    """
    cover_headers = [text for page, text in source.headers if page == 1]
    opening = fold(" ".join([*cover_headers, *(line.text for line in source.lines)])[:OPENING_CHARS])
    metadata = read_metadata(opening, source.headers)
    end = date.fromisoformat(metadata.inspection_end) if metadata.inspection_end else None
    # A framework's judgements change for inspections that start after the change, whenever they end.
    start = date.fromisoformat(metadata.inspection_start) if metadata.inspection_start else end
    fw = choose_framework(opening, frameworks, end)
    by_table = fw is None
    if fw is None:
        fw = framework_by_table(_opening_lines(source), frameworks, end)
    pats = _Patterns(fw) if fw else None
    tables = find_tables(source.lines, pats) if pats else []
    table_rows = {row.start: (row, index) for index, table in enumerate(tables) for row in table}
    builder = _Builder(source, pats, table_rows)
    sections = builder.run()
    statements = list(builder.table_statements)
    if pats:
        sentences, sections = statements_in(sections, pats)
        statements.extend(sentences)
    # Document order by page; within a page tables, then headings, then sentences, so that
    # the order does not depend on whether the input has line numbers.
    statements.sort(key=lambda s: (s.page, ("table", "heading", "sentence").index(s.source)))
    sections = _grade_from_judgements(sections, statements)
    return Document(
        path=source.path, format=source.format, pages=source.pages, paged=source.paged,
        framework=fw.id if fw else None, sections=tuple(sections), statements=tuple(statements),
        metadata=metadata, headers=source.headers, notes=source.notes,
        scale=tuple(key for key, _ in fw.grades) if fw else (), expectations=fw.expectations_on(start) if fw else (),
        area_names=tuple((a.key, a.name, a.spellings) for a in fw.areas) if fw else (),
        longest_visit_days=fw.longest_visit_days if fw else None,
        uncertain=_uncertain(fw, tables, statements, by_table),
    )
