"""Read DOCX reports as Word shows them, with the standard library.

* **Paragraph numbers** come from list numbering (``numbering.xml``): levels,
  restarts, start values and overrides, counted per list so that numbering
  continues across headings as it does in Word. A numbered paragraph's text
  starts with its label ("12. "), as a PDF of the draft would show it.
* **Headings**: the styles Title and Heading 1-3, and any style (or paragraph)
  with an outline level, through the styles' ``basedOn`` chains.
* **Tables** are read row by row; **tracked changes** as if accepted (insertions
  kept, deletions dropped, a deleted paragraph mark joins two paragraphs) with a
  note saying so; comments, footnotes and hidden text stay out of the body;
  **headers and footers** become running headers.

Every part is read only after the archive passes size checks, and a part that
declares a DTD is refused, so entity tricks (external entities, entity
expansion) never reach the parser. External relationships are never followed:
only parts inside the archive are read.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from judgecheck import errors
from judgecheck.errors import JudgecheckError
from judgecheck.hookimpl import hookimpl
from judgecheck.model import LineHint, Source, SourceLine
from judgecheck.read import Reader, sniff
from judgecheck.read.clean import normalise_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAIN_PART = "word/document.xml"
MAIN_RELS = "word/_rels/document.xml.rels"
#: Limits on each part: uncompressed size, and a compression ratio that only a
#: zip bomb reaches once the part is larger than BOMB_FLOOR; and on all parts read.
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * MAX_PART_BYTES
MAX_RATIO = 200
BOMB_FLOOR = 10 * 1024 * 1024
#: What zipfile raises on a damaged archive (bad offsets, bad compressed data, encryption); RuntimeError
#: also covers an unsupported compression method, which zipfile raises as a subclass of it.
ZIP_ERRORS = (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError, zlib.error)
#: Elements whose text Word does not show in the body: deletions, moved-from text, the
#: fallback copy of alternate content, text boxes, and paragraph and run properties.
HIDDEN = {f"{W}del", f"{W}moveFrom", MC_FALLBACK, f"{W}txbxContent", f"{W}pPr", f"{W}rPr", f"{W}instrText", f"{W}delText"}
INSERTED, DELETED = (f"{W}ins", f"{W}moveTo"), (f"{W}del", f"{W}moveFrom")
#: Containers of block content (content controls, custom XML) read through as if absent.
BLOCK_WRAPPERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml"}
HEADING_NAME = re.compile(r"heading\s*(\d)")
#: How deep a ``basedOn`` chain or a numbering style link is followed (a cycle ends there).
MAX_CHAIN = 16
MAX_LEVEL = 8


def _check_xml(name: str, part: bytes) -> None:
    if b"<!DOCTYPE" in part[:4096] or b"<!ENTITY" in part[:65536]:
        raise JudgecheckError(errors.BAD_DOCX, f"{name} declares a DTD or entities, which DOCX never needs")


class _Archive:
    """The DOCX archive's parts, each read within the limits and parsed without a DTD."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except ZIP_ERRORS:
            raise JudgecheckError(errors.BAD_DOCX, f"the file is {sniff(data)}, not a DOCX (ZIP) archive") from None
        self.read_bytes = 0

    def part(self, name: str) -> bytes | None:
        """The part's bytes, or None when the archive has no such part."""
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            return None
        bomb = info.file_size > BOMB_FLOOR and info.file_size > MAX_RATIO * info.compress_size
        if info.file_size > MAX_PART_BYTES or bomb:
            raise JudgecheckError(errors.BAD_DOCX, f"{name} would expand to {info.file_size:,} bytes (zip bomb?)")
        try:
            # Read no more than the limit even if the archive's stated size lies.
            with self.zip.open(info) as fh:
                part = fh.read(MAX_PART_BYTES + 1)
        except ZIP_ERRORS as exc:
            raise JudgecheckError(errors.BAD_DOCX, f"cannot unpack {name}: {exc}") from None
        if len(part) > MAX_PART_BYTES:
            raise JudgecheckError(errors.BAD_DOCX, f"{name} expands past {MAX_PART_BYTES:,} bytes (zip bomb?)")
        self.read_bytes += len(part)
        if self.read_bytes > MAX_TOTAL_BYTES:
            raise JudgecheckError(errors.BAD_DOCX, f"its parts expand past {MAX_TOTAL_BYTES:,} bytes (zip bomb?)")
        _check_xml(name, part)
        return part

    def xml(self, name: str) -> ElementTree.Element | None:
        part = self.part(name)
        if part is None:
            return None
        try:
            return ElementTree.fromstring(part)
        except ElementTree.ParseError as exc:
            raise JudgecheckError(errors.BAD_DOCX, f"{name} is not well-formed XML: {exc}") from None

    def relationships(self) -> dict[str, tuple[str, str]]:
        """The main part's internal relationships: id -> (type's last word, part name). External ones are left out."""
        root = self.xml(MAIN_RELS)
        found: dict[str, tuple[str, str]] = {}
        for rel in root.iter(RELATIONSHIP) if root is not None else ():
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target or "://" in target:
                continue
            name = posixpath.normpath(target[1:] if target.startswith("/") else posixpath.join("word", target))
            if not name.startswith(".."):
                found[rel.get("Id") or ""] = ((rel.get("Type") or "").rsplit("/", 1)[-1], name)
        return found


def _val(node: ElementTree.Element | None, default: str | None = None) -> str | None:
    return node.get(f"{W}val", default) if node is not None else default


def _int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


# -- styles ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None


class _Styles:
    """Paragraph styles by id: what makes a heading or a list, followed through ``basedOn``."""

    def __init__(self, root: ElementTree.Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        for style in root.iter(f"{W}style") if root is not None else ():
            ppr = style.find(f"{W}pPr")
            num = ppr.find(f"{W}numPr") if ppr is not None else None
            self.styles[style.get(f"{W}styleId") or ""] = _Style(
                (_val(style.find(f"{W}name")) or "").lower(),
                _val(style.find(f"{W}basedOn")),
                _int(_val(ppr.find(f"{W}outlineLvl"))) if ppr is not None else None,
                _val(num.find(f"{W}numId")) if num is not None else None,
                _int(_val(num.find(f"{W}ilvl"))) if num is not None else None,
            )

    def chain(self, style_id: str) -> Iterator[tuple[str, _Style | None]]:
        seen = 0
        current: str | None = style_id
        while current and seen < MAX_CHAIN:
            style = self.styles.get(current)
            yield current, style
            current = style.based_on if style else None
            seen += 1

    def heading_level(self, style_id: str) -> int | None:
        """1-9 for Title, Heading N or an outline level, 0 for body text, None when the styles do not say."""
        for sid, style in self.chain(style_id):
            name = style.name if style and style.name else sid.lower()
            found = HEADING_NAME.fullmatch(name)
            if name == "title" or found:
                return int(found.group(1)) if found else 1
            if style and style.outline is not None:
                return style.outline + 1 if 0 <= style.outline < 9 else 0
        return None

    def is_list(self, style_id: str) -> bool:
        return any("list" in (style.name if style and style.name else sid.lower()) for sid, style in self.chain(style_id))

    def numbering(self, style_id: str) -> tuple[str | None, int | None]:
        """The numbering a paragraph style applies: (numId, level)."""
        for _, style in self.chain(style_id):
            if style and style.num_id is not None:
                return style.num_id, style.ilvl
        return None, None


# -- numbering ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str
    #: ``lvlRestart``: None restarts after any higher level, 0 never, N after level N (1-based) or higher.
    restart: int | None


def _levels(node: ElementTree.Element) -> dict[int, _Level]:
    levels = {}
    for lvl in node.findall(f"{W}lvl"):
        ilvl = _int(lvl.get(f"{W}ilvl"))
        if ilvl is not None and 0 <= ilvl <= MAX_LEVEL:
            levels[ilvl] = _Level(
                _int(_val(lvl.find(f"{W}start")), 0) or 0, _val(lvl.find(f"{W}numFmt"), "decimal") or "decimal",
                _val(lvl.find(f"{W}lvlText"), "") or "", _int(_val(lvl.find(f"{W}lvlRestart"))),
            )
    return levels


ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
         (5, "v"), (4, "iv"), (1, "i"))


def _format(n: int, fmt: str) -> str:
    """A counter in a numbering format (decimal for the formats not spelled out here)."""
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        out = ""
        for value, digits in ROMAN:
            while n >= value:
                out, n = out + digits, n - value
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass
class _Numbering:
    """List numbering as Word counts it: one set of counters per abstract list, shared by its instances."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    #: numId -> (abstractNumId, start overrides, level overrides).
    nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, root: ElementTree.Element | None, styles: _Styles) -> _Numbering:
        numbering = cls()
        for node in root.findall(f"{W}abstractNum") if root is not None else ():
            aid = node.get(f"{W}abstractNumId") or ""
            numbering.abstract[aid] = _levels(node)
            link = _val(node.find(f"{W}numStyleLink"))
            if link:
                numbering.links[aid] = link
        for node in root.findall(f"{W}num") if root is not None else ():
            starts, overrides = {}, {}
            for override in node.findall(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"))
                if ilvl is None or not 0 <= ilvl <= MAX_LEVEL:
                    continue
                start = _int(_val(override.find(f"{W}startOverride")))
                if start is not None:
                    starts[ilvl] = start
                overrides.update(_levels(override))
            numbering.nums[node.get(f"{W}numId") or ""] = (_val(node.find(f"{W}abstractNumId")) or "", starts, overrides)
        # A list that takes its levels from a numbering style: follow the style to the list that defines them.
        for aid, link in numbering.links.items():
            target = aid
            for _ in range(MAX_CHAIN):
                num_id, _ = styles.numbering(numbering.links.get(target, ""))
                target = numbering.nums.get(num_id or "", ("", {}, {}))[0]
                if not target or numbering.abstract.get(target):
                    break
            numbering.abstract[aid] = numbering.abstract.get(target, {}) if not numbering.abstract[aid] else numbering.abstract[aid]
        return numbering

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Count one paragraph of list ``num_id`` at level ``ilvl``; return its label and format, or None."""
        found = self.nums.get(num_id)
        if found is None or not 0 <= ilvl <= MAX_LEVEL:
            return None
        aid, starts, overrides = found
        levels = {**self.abstract.get(aid, {}), **overrides}
        level = levels.get(ilvl)
        if level is None:
            return None
        counts = self.counters.setdefault(aid, {})
        if num_id not in self.started:  # an instance with start overrides restarts those levels when first used
            self.started.add(num_id)
            for overridden in starts:
                counts.pop(overridden, None)

        def start(n: int) -> int:
            return starts.get(n, levels[n].start if n in levels else 1)

        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else start(ilvl)
        for deeper in [n for n in counts if n > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ilvl <= restart - 1):
                del counts[deeper]
        if level.fmt in ("bullet", "none"):
            return level.text, level.fmt

        def render(match: re.Match[str]) -> str:
            n = int(match.group(1)) - 1
            return _format(counts.get(n, start(n)), levels[n].fmt if n in levels else "decimal")

        return re.sub(r"%([1-9])", render, level.text), level.fmt


# -- paragraphs -----------------------------------------------------------------------------------


@dataclass
class _Changes:
    """Tracked changes met while reading: insertions kept and deletions dropped."""

    inserted: int = 0
    deleted: int = 0

    def note(self) -> tuple[str, ...]:
        if not (self.inserted or self.deleted):
            return ()
        return (f"tracked changes read as if accepted: {self.inserted} insertion(s) kept, {self.deleted} deletion(s) dropped",)


def _on(toggle: ElementTree.Element | None) -> bool:
    """True when an on/off property (``<w:vanish/>``, ``<w:titlePg w:val="1"/>``) is present and not turned off."""
    return toggle is not None and _val(toggle, "true") not in ("0", "false", "off")


def paragraph_text(p: ElementTree.Element, changes: _Changes | None = None) -> tuple[str, bool]:
    """The text Word shows for a paragraph (tracked changes accepted), and whether it has a page break."""
    parts: list[str] = []
    page_break = False
    stack = list(reversed(list(p)))
    while stack:
        node = stack.pop()
        tag = node.tag
        if changes is not None and tag in INSERTED:
            changes.inserted += 1
        elif changes is not None and tag in DELETED:
            changes.deleted += 1
        if tag in HIDDEN or (tag == f"{W}r" and _on(node.find(f"{W}rPr/{W}vanish"))):
            continue
        if tag == f"{W}t":
            parts.append(node.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag == f"{W}br":
            page_break = page_break or node.get(f"{W}type") == "page"
            parts.append(" ")
        elif tag == f"{W}cr":
            parts.append(" ")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        stack.extend(reversed(list(node)))
    return "".join(parts), page_break


def _mark_deleted(p: ElementTree.Element) -> bool:
    """True when the paragraph mark is a tracked deletion: accepted, the paragraph joins the next."""
    return p.find(f"{W}pPr/{W}rPr/{W}del") is not None or p.find(f"{W}pPr/{W}rPr/{W}moveFrom") is not None


def _blocks(body: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The body's paragraphs and tables in order, through content controls and custom XML."""
    stack = list(reversed(list(body)))
    while stack:
        node = stack.pop()
        if node.tag in (f"{W}p", f"{W}tbl"):
            yield node
        elif node.tag in BLOCK_WRAPPERS:
            stack.extend(reversed(list(node)))


class _Reader:
    """Reads the body into lines, with the styles and numbering it needs."""

    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.changes = _Changes()

    def kind(self, p: ElementTree.Element) -> tuple[LineHint, str]:
        """A paragraph's hint and its list label ("" for none), counting it in its list."""
        ppr = p.find(f"{W}pPr")
        style = _val(ppr.find(f"{W}pStyle"), "") if ppr is not None else ""
        own_outline = _int(_val(ppr.find(f"{W}outlineLvl"))) if ppr is not None else None
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id, ilvl = self.styles.numbering(style or "")
        if num is not None:
            num_id = _val(num.find(f"{W}numId"), num_id)
            ilvl = _int(_val(num.find(f"{W}ilvl")), ilvl)
        found = self.numbering.label(num_id, ilvl or 0) if num_id and num_id != "0" else None
        level = (own_outline + 1 if 0 <= own_outline < 9 else 0) if own_outline is not None else self.styles.heading_level(style or "")
        if level:
            return {1: "heading1", 2: "heading2"}.get(level, "heading3"), ""  # type: ignore[return-value]
        if found is not None:
            label, fmt = found
            return "item", "" if fmt in ("bullet", "none") else label
        return ("item" if num_id and num_id != "0" or self.styles.is_list(style or "") else ""), ""

    def read(self, body: ElementTree.Element) -> tuple[list[SourceLine], int]:
        lines: list[SourceLine] = []
        page = 1
        pending = ""  # text of paragraphs whose marks were deleted, joined to the next
        for block in _blocks(body):
            if block.tag == f"{W}tbl":
                lines.extend(self.table(block, page))
                continue
            text, page_break = paragraph_text(block, self.changes)
            page += page_break
            if _mark_deleted(block):
                self.changes.deleted += 1
                pending += text
                continue
            hint, label = self.kind(block)
            text, pending = pending + text, ""
            cells = [c for c in text.split("\t") if c.strip()]
            clean, bullet = normalise_line(" ".join(cells))
            lines.append(SourceLine("", page, None, "break"))
            if clean:
                lines.append(SourceLine(f"{label} {clean}" if label else clean, page, None, hint or ("item" if bullet else "")))
        return lines, page

    def table(self, tbl: ElementTree.Element, page: int) -> list[SourceLine]:
        rows = []
        for row in tbl.iter(f"{W}tr"):
            if row.find(f"{W}trPr/{W}del") is not None:
                self.changes.deleted += 1
                continue
            cells = []
            for cell in row.findall(f"{W}tc"):
                texts = []
                for p in cell.iter(f"{W}p"):
                    _, label = self.kind(p)
                    text = paragraph_text(p, self.changes)[0]
                    texts.append(f"{label} {text}" if label else text)
                cells.append(" ".join(texts))
            clean, _ = normalise_line(" ".join(c.strip() for c in cells if c.strip()))
            if clean:
                rows.append(SourceLine(clean, page, None, "table"))
        return rows


def paragraphs(
    body: ElementTree.Element, styles: ElementTree.Element | None, numbering: ElementTree.Element | None
) -> Iterator[tuple[ElementTree.Element, LineHint, str]]:
    """Every paragraph of ``body`` (table cells included) with its hint and list label, counted as :func:`read_docx` counts them.

    The elements may be lxml's (python-docx's) as well as ElementTree's.
    """
    style_index = _Styles(styles)
    reader = _Reader(style_index, _Numbering.parse(numbering, style_index))
    for block in _blocks(body):
        if block.tag == f"{W}p":
            yield (block, "", "") if _mark_deleted(block) else (block, *reader.kind(block))
            continue
        for row in block.iter(f"{W}tr"):
            if row.find(f"{W}trPr/{W}del") is None:
                for cell in row.findall(f"{W}tc"):
                    for p in cell.iter(f"{W}p"):
                        yield (p, *reader.kind(p))


def _running_headers(archive: _Archive, body: ElementTree.Element, rels: dict[str, tuple[str, str]]) -> list[tuple[int, str]]:
    """Headers and footers as (page, text): page 1 for what the first page shows, 2 for the rest."""
    sections = [*body.iterfind(f".//{W}pPr/{W}sectPr"), *body.findall(f"{W}sectPr")]
    found: list[tuple[int, str]] = []
    for index, sect in enumerate(sections):
        title_page = _on(sect.find(f"{W}titlePg"))
        for ref in [*sect.findall(f"{W}headerReference"), *sect.findall(f"{W}footerReference")]:
            kind, name = rels.get(ref.get(R_ID) or "", ("", ""))
            if kind not in ("header", "footer"):
                continue
            where = ref.get(f"{W}type") or "default"
            if where == "first" and not title_page:
                continue
            page = 1 if index == 0 and (where == "first" or (where == "default" and not title_page)) else 2
            root = archive.xml(name)
            if root is None:
                continue
            text, _ = normalise_line(" ".join(paragraph_text(p)[0] for p in root.iter(f"{W}p")))
            if text and (page, text) not in found:
                found.append((page, text))
    return sorted(found, key=lambda item: item[0])


def read_docx(path: Path, data: bytes) -> Source:
    """Read the main document part into lines: one a paragraph, one a table row; headers and footers aside."""
    archive = _Archive(data)
    with archive.zip:
        root = archive.xml(MAIN_PART)
        if root is None:
            raise JudgecheckError(errors.BAD_DOCX, f"the archive has no {MAIN_PART}")
        body = root.find(f"{W}body")
        if body is None:
            raise JudgecheckError(errors.BAD_DOCX, f"{MAIN_PART} has no body")
        rels = archive.relationships()
        parts = {kind: name for kind, name in sorted(rels.values()) if kind in ("styles", "numbering")}
        styles = _Styles(archive.xml(parts["styles"]) if "styles" in parts else None)
        numbering = _Numbering.parse(archive.xml(parts["numbering"]) if "numbering" in parts else None, styles)
        reader = _Reader(styles, numbering)
        lines, pages = reader.read(body)
        headers = _running_headers(archive, body, rels)
    if not any(line.text for line in lines):
        raise JudgecheckError(errors.EMPTY_FILE, "the DOCX has no text")
    return Source(path=str(path), format="docx", lines=tuple(lines), pages=pages, wrapped=False, paged=False,
                  headers=tuple(headers), notes=reader.changes.note())


@hookimpl
def judgecheck_readers() -> list[Reader]:
    return [Reader("docx", (".docx",), read_docx, "Word DOCX (list numbering, heading styles, tables, tracked changes accepted)")]
