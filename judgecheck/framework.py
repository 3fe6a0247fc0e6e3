"""Inspection frameworks as data: grade scales, judgement names, headings, cover patterns.

A framework file is TOML. It may name another file of the same folder in
``extends``; its keys then replace the base's, key by key. Patterns are Python
regular expressions matched case-insensitively against text whose white space
has been folded to single spaces; ``{grade}`` in a pattern stands for any grade
of the framework's scale.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from judgecheck.errors import BAD_FRAMEWORK, JudgecheckError
from judgecheck.model import SEVERITIES, Expectation

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

FLAGS = re.IGNORECASE
#: The share of words a garbled table label must have in common with an area's name to be read as that area.
CLOSE_LABEL = 0.6


def _norm(label: str) -> str:
    """A label compared without case, curly quotes, punctuation at its ends or extra spaces."""
    return " ".join(label.replace("’", "'").lower().strip(" .:;").split())


@dataclass(frozen=True)
class Area:
    """A graded judgement of the framework, such as help and protection."""

    key: str
    name: str
    #: Searched in a judgement table row's label to say which area the row grades.
    label: re.Pattern[str]
    #: Matched against a whole heading (trailing grade removed) to open the area's section.
    heading: re.Pattern[str] | None
    #: Like ``heading``, but opens a sub-section (SIF's adoption inside children looked after).
    subheading: re.Pattern[str] | None = None
    #: Labels a judgement table may give the area, besides ``name`` (compared without case).
    spellings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionTitle:
    """A heading that opens a section of a known kind (summary, recommendations...)."""

    kind: str
    level: int
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Statement:
    """A sentence that states an area's grade ("The overall judgement is good")."""

    area: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Framework:
    """One inspection framework: what a report of this kind looks like and how it grades."""

    id: str
    name: str
    inspectorate: str
    #: Every pattern must be found in the document's opening text.
    detect: tuple[re.Pattern[str], ...]
    #: The window of inspection dates the framework applied to (inclusive), if known.
    valid_from: date | None
    valid_until: date | None
    #: Grade keys from best to worst, each with the pattern of its spellings.
    grades: tuple[tuple[str, re.Pattern[str]], ...]
    areas: tuple[Area, ...]
    sections: tuple[SectionTitle, ...]
    statements: tuple[Statement, ...]
    #: A grade as written in a table cell or after a heading (group ``grade``).
    grade_cell: re.Pattern[str] = re.compile("")
    #: True when the text between the cover's judgement table and the first heading
    #: is the report's summary (ILACS has no "Executive summary" heading).
    summary_after_table: bool = False
    #: False when the framework states its judgements in sentences only (a cover's outcome), so
    #: that a report without a judgement table is not uncertain structure.
    judgement_table: bool = True
    #: Section titles and sentences that quote older grades on purpose ("Previous inspections").
    past_context: re.Pattern[str] | None = None
    #: What the framework expects of a report's judgements, each with the inspection
    #: dates it applies to (ISO strings, inclusive; empty: always).
    expectations: tuple[tuple[Expectation, str, str], ...] = ()
    #: The most calendar days one visit of an inspection may last (first to last day on site).
    longest_visit_days: int | None = None
    source: str = ""

    def expectations_on(self, day: date | None) -> tuple[Expectation, ...]:
        """The expectations that apply to an inspection starting on ``day`` (all when unknown)."""
        iso = day.isoformat() if day else None
        return tuple(e for e, start, end in self.expectations if iso is None or ((not start or start <= iso) and (not end or iso <= end)))

    def grade_of(self, text: str) -> str | None:
        """Return the grade key whose spelling matches all of ``text``, or None."""
        folded = " ".join(text.split()).strip(" .:()")
        for key, pattern in self.grades:
            if pattern.fullmatch(folded):
                return key
        return None

    def area_named(self, label: str) -> Area | None:
        """Return the first area whose label pattern is found in ``label``."""
        folded = " ".join(label.split())
        for area in self.areas:
            if area.label.search(folded):
                return area
        return None

    def accepts(self, key: str, label: str) -> bool:
        """True when ``label`` is the name or one of the spellings of area ``key`` (case and quotes aside)."""
        area = next((a for a in self.areas if a.key == key), None)
        return area is not None and _norm(label) in {_norm(n) for n in (area.name, *area.spellings)}

    def closest_area(self, label: str, exclude: Collection[str] = ()) -> str | None:
        """The area (not in ``exclude``) whose name or spelling shares most words with ``label``.

        Words are compared as sets (shared over all); an area sharing less than
        :data:`CLOSE_LABEL` of them, or tied with another area, is not close.
        """
        words = set(_norm(label).split())
        scores: dict[str, float] = {}
        for area in self.areas:
            if area.key in exclude:
                continue
            for name in (area.name, *area.spellings):
                other = set(_norm(name).split())
                scores[area.key] = max(scores.get(area.key, 0.0), len(words & other) / len(words | other))
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < CLOSE_LABEL or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0]

    def applies_on(self, day: date | None) -> bool:
        """True when ``day`` is unknown or within the framework's window."""
        if day is None:
            return True
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


def _compile(value: Any, where: str) -> re.Pattern[str]:
    if not isinstance(value, str):
        raise JudgecheckError(BAD_FRAMEWORK, f"{where}: expected a pattern string")
    try:
        return re.compile(value, FLAGS)
    except re.error as exc:
        raise JudgecheckError(BAD_FRAMEWORK, f"{where}: bad pattern: {exc}") from None


def _date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise JudgecheckError(BAD_FRAMEWORK, f"{where}: expected a date YYYY-MM-DD") from None


def _days(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise JudgecheckError(BAD_FRAMEWORK, f"{where}: must be a whole number of days, at least 1")
    return value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise JudgecheckError(BAD_FRAMEWORK, f"{path}: {exc}") from None


def framework_from_dict(data: dict[str, Any], where: str) -> Framework:
    """Build a :class:`Framework` from parsed TOML, naming the file and key of any mistake."""
    for key in ("id", "name", "inspectorate", "detect", "grades", "areas"):
        if key not in data:
            raise JudgecheckError(BAD_FRAMEWORK, f"{where}: missing key '{key}'")
    grades_raw = data["grades"]
    if not isinstance(grades_raw, dict) or not grades_raw:
        raise JudgecheckError(BAD_FRAMEWORK, f"{where}: 'grades' must be a table of patterns")
    grades = tuple((k, _compile(v, f"{where}: grades.{k}")) for k, v in grades_raw.items())
    grade_alt = "|".join(f"(?:{p.pattern})" for _, p in grades)

    def with_grade(value: Any, at: str) -> re.Pattern[str]:
        pattern = _compile(value, at).pattern
        return _compile(pattern.replace("{grade}", f"(?P<grade>{grade_alt})"), at)

    areas = []
    for i, raw in enumerate(data["areas"]):
        at = f"{where}: areas[{i}]"
        for key in ("key", "name", "label"):
            if key not in raw:
                raise JudgecheckError(BAD_FRAMEWORK, f"{at}: missing key '{key}'")
        heading = with_grade(raw["heading"], f"{at}.heading") if "heading" in raw else None
        sub = with_grade(raw["subheading"], f"{at}.subheading") if "subheading" in raw else None
        spellings = raw.get("spellings", [])
        if not isinstance(spellings, list) or not all(isinstance(x, str) for x in spellings):
            raise JudgecheckError(BAD_FRAMEWORK, f"{at}: 'spellings' must be a list of strings")
        areas.append(Area(raw["key"], raw["name"], _compile(raw["label"], f"{at}.label"), heading, sub, tuple(spellings)))
    sections = tuple(
        SectionTitle(raw.get("kind", "other"), int(raw.get("level", 1)), _compile(raw["title"], f"{where}: sections[{i}].title"))
        for i, raw in enumerate(data.get("sections", []))
    )
    statements = tuple(
        Statement(raw["area"], with_grade(raw["pattern"], f"{where}: statements[{i}].pattern"))
        for i, raw in enumerate(data.get("statements", []))
    )
    area_keys = {a.key for a in areas}
    for st in statements:
        if st.area not in area_keys:
            raise JudgecheckError(BAD_FRAMEWORK, f"{where}: statement names unknown area '{st.area}'")
    return Framework(
        id=str(data["id"]),
        name=str(data["name"]),
        inspectorate=str(data["inspectorate"]),
        detect=tuple(_compile(p, f"{where}: detect") for p in data["detect"]),
        valid_from=_date(data.get("valid_from"), f"{where}: valid_from"),
        valid_until=_date(data.get("valid_until"), f"{where}: valid_until"),
        grades=grades,
        areas=tuple(areas),
        sections=sections,
        statements=statements,
        grade_cell=with_grade(data.get("grade_cell", "{grade}"), f"{where}: grade_cell"),
        summary_after_table=bool(data.get("summary_after_table", False)),
        judgement_table=bool(data.get("judgement_table", True)),
        past_context=_compile(data["past_context"], f"{where}: past_context") if "past_context" in data else None,
        expectations=_expectations(data, area_keys, {k for k, _ in grades}, where),
        longest_visit_days=_days(data.get("longest_visit_days"), f"{where}: longest_visit_days"),
        source=where,
    )


def _expectations(data: dict[str, Any], areas: set[str], grades: set[str], where: str) -> tuple[tuple[Expectation, str, str], ...]:
    """``required_areas``, ``forbidden_areas`` and ``[[expect]]`` tables, checked against the areas and grades."""
    out = [(Expectation("required", a), "", "") for a in data.get("required_areas", ())]
    out += [(Expectation("forbidden", a), "", "") for a in data.get("forbidden_areas", ())]
    for i, raw in enumerate(data.get("expect", [])):
        at = f"{where}: expect[{i}]"
        unknown = set(raw) - {"kind", "area", "severity", "grade", "when", "from", "until", "note"}
        if unknown:
            raise JudgecheckError(BAD_FRAMEWORK, f"{at}: unknown key '{sorted(unknown)[0]}'")
        kind, when = raw.get("kind"), raw.get("when", {})
        if kind not in ("required", "forbidden", "within", "implies"):
            raise JudgecheckError(BAD_FRAMEWORK, f"{at}: 'kind' must be required, forbidden, within or implies")
        if raw.get("severity", "error") not in SEVERITIES:
            raise JudgecheckError(BAD_FRAMEWORK, f"{at}: 'severity' must be one of {', '.join(SEVERITIES)}")
        if kind == "implies" and not ({"area", "grade"} <= set(when) and "grade" in raw):
            raise JudgecheckError(BAD_FRAMEWORK, f"{at}: 'implies' needs grade and when = {{area, grade}}")
        for key, value in (("area", raw.get("area")), ("when.area", when.get("area"))):
            if value is not None and value not in areas:
                raise JudgecheckError(BAD_FRAMEWORK, f"{at}: {key} '{value}' is not an area of this framework")
        for key, value in (("grade", raw.get("grade")), ("when.grade", when.get("grade"))):
            if value is not None and value not in grades:
                raise JudgecheckError(BAD_FRAMEWORK, f"{at}: {key} '{value}' is not a grade of this framework")
        for key in ("from", "until"):
            _date(raw.get(key), f"{at}.{key}")
        expectation = Expectation(kind, raw["area"], raw.get("severity", "error"), raw.get("grade"), when.get("area"),
                                  when.get("grade"), str(raw.get("note", "")))
        out.append((expectation, str(raw.get("from", "")), str(raw.get("until", ""))))
    return tuple(out)


def load_frameworks(folder: Path) -> list[Framework]:
    """Load every framework file in ``folder`` that has an ``id``; files without one are bases.

    Each file is read once; ``extends`` names another file of the same folder, whose
    keys the file replaces, except ``[[expect]]`` tables, which add up.
    """
    files = {path.name: _read_toml(path) for path in sorted(folder.glob("*.toml"))}
    found = []
    for name, own in files.items():
        if "id" not in own:
            continue
        data, seen = dict(own), {name}
        while "extends" in data:
            base = data.pop("extends")
            if base in seen or base not in files:
                problem = "loops" if base in seen else "names a missing file"
                raise JudgecheckError(BAD_FRAMEWORK, f"{folder / name}: 'extends' {problem}: {base}")
            seen.add(base)
            merged = {**files[base], **data}
            # Expectations add up along the chain; every other key replaces the base's.
            merged["expect"] = [*files[base].get("expect", []), *data.get("expect", [])]
            data = merged
        found.append(framework_from_dict(data, str(folder / name)))
    return found
