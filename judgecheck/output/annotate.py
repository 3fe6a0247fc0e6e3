"""Annotated PDFs: a copy of a checked PDF with each finding highlighted where it is.

The report stage's one format that writes a PDF instead of text. It reads the
original PDF and the run's findings, and nothing else: no rule, no structure.

* **Locating.** A finding carries the page the reader put it on and an excerpt
  of the report's text (perhaps cut at ``MAX_EXCERPT`` with "…"). The reader
  normalised that text (``\\x02`` line-end hyphens, private-use bullets, odd
  spaces, running headers and footnote markers removed), so both sides are
  reduced to a *key*: letters and digits only, compatibility-decomposed and
  lower-cased, each key character remembering the page and pdfium character
  index it came from. The excerpt's key is searched on the finding's page and its
  neighbours (an exact match nearest to the page first; then an alignment that
  tolerates what the reader dropped, such as a footnote number or a running
  header inside a paragraph that crosses a page). The matched characters' boxes
  (pypdfium2) become one quadrilateral per line.
* **Writing.** pikepdf adds a ``/Highlight`` annotation for each located finding
  (``/QuadPoints``, ``/Rect``, ``/C`` by severity, an appearance stream that
  multiplies the colour onto the page, ``/T`` and ``/Contents`` naming the rule,
  its severity and the message, and a closed ``/Popup``), then appends summary
  pages in Helvetica that list every finding with where it was highlighted or
  "not located". The copy is written to a temporary file beside the target and
  renamed; the original is only read. Output is deterministic (no dates, an /ID
  derived from the content).
"""

from __future__ import annotations

import difflib
import io
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgecheck.model import Finding
from judgecheck.output.files import replacing

#: Highlight colours by severity (RGB 0-1), light enough that multiplied text stays legible.
COLOURS: dict[str, tuple[float, float, float]] = {
    "error": (1.0, 0.42, 0.42),
    "warning": (1.0, 0.70, 0.22),
    "info": (0.42, 0.72, 1.0),
}
#: How far from the finding's page (either way) its text is looked for.
PAGE_REACH = 1
#: Excerpts with fewer letters and digits than this are too short to place reliably.
MIN_KEY = 3
#: The fraction of the excerpt's letters and digits an inexact match must cover.
MIN_COVERAGE = 0.8
#: Name of annotated copies written into a directory.
SUFFIX = ".annotated.pdf"
#: The inputs --annotate can annotate, by suffix, and the suffix of their annotated copies.
SUFFIXES = {".pdf": SUFFIX, ".docx": ".annotated.docx"}


class AnnotateError(Exception):
    """The annotated copy cannot be made (the message is for the user)."""


# -- locating -----------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where one finding was highlighted: per page (1-based), the line rectangles (x0, y0, x1, y1)."""

    finding: Finding
    boxes: tuple[tuple[int, tuple[tuple[float, float, float, float], ...]], ...] = ()

    @property
    def located(self) -> bool:
        return bool(self.boxes)

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(page for page, _ in self.boxes)


@dataclass(frozen=True)
class Annotated:
    """What :func:`annotate_pdf` did for one report."""

    source: str
    target: str
    placements: tuple[Placement, ...] = ()
    summary_pages: int = 0

    @property
    def located(self) -> int:
        return sum(p.located for p in self.placements)

    @property
    def unlocated(self) -> int:
        return len(self.placements) - self.located


def key_of(text: str) -> tuple[str, list[int]]:
    """Letters and digits of ``text``, decomposed and lower-cased, with the index each came from."""
    chars: list[str] = []
    owners: list[int] = []
    for index, ch in enumerate(text):
        if ch.isascii():
            if ch.isalnum():
                chars.append(ch.lower())
                owners.append(index)
            continue
        for part in unicodedata.normalize("NFKD", ch):
            if part.isalnum():
                chars.append(part.lower())
                owners.append(index)
    return "".join(chars), owners


@dataclass
class _Page:
    text: str
    key: str
    owners: list[int]


@dataclass
class PdfText:
    """The PDF's text as pdfium numbers its characters, page by page, and their keys."""

    pdf: object
    pages: dict[int, _Page] = field(default_factory=dict)

    def page(self, number: int) -> _Page:
        if number not in self.pages:
            from pypdfium2 import raw

            page = self.pdf[number - 1]  # type: ignore[index]
            try:
                textpage = page.get_textpage()
                try:
                    count = textpage.count_chars()
                    text = textpage.get_text_range() if count else ""
                    if len(text) != count:  # characters outside the BMP: ask one by one
                        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(count))
                finally:
                    textpage.close()
            finally:
                page.close()
            key, owners = key_of(text)
            self.pages[number] = _Page(text, key, owners)
        return self.pages[number]


def _window(text: PdfText, numbers: list[int]) -> tuple[str, list[tuple[int, int]]]:
    """The keys of consecutive pages joined, with (page, character index) for each key character."""
    keys, owners = [], []
    for number in numbers:
        page = text.page(number)
        keys.append(page.key)
        owners.extend((number, i) for i in page.owners)
    return "".join(keys), owners


def _spans(owners: list[tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """The first and last character index on each page of the matched key characters."""
    spans: dict[int, tuple[int, int]] = {}
    for page, index in owners:
        low, high = spans.get(page, (index, index))
        spans[page] = (min(low, index), max(high, index))
    return spans


def find_excerpt(text: PdfText, finding: Finding, page_count: int) -> dict[int, tuple[int, int]] | None:
    """Where the finding's excerpt is: per page, the span of pdfium character indices; None if not found."""
    if finding.page is None or not 1 <= finding.page <= page_count:
        return None
    key, _ = key_of(finding.excerpt)
    if len(key) < MIN_KEY:
        return None
    first = max(1, finding.page - PAGE_REACH)
    numbers = list(range(first, min(page_count, finding.page + PAGE_REACH) + 1))
    window, owners = _window(text, numbers)
    # An exact match starting on the finding's page, else the nearest page.
    best: tuple[int, int] | None = None
    start = window.find(key)
    while start != -1:
        distance = abs(owners[start][0] - finding.page)
        if best is None or distance < best[0]:
            best = (distance, start)
        start = window.find(key, start + 1)
    if best is not None:
        start = best[1]
        return _spans(owners[start : start + len(key)])
    return _align(key, window, owners, finding.page)


def _align(key: str, window: str, owners: list[tuple[int, int]], page: int) -> dict[int, tuple[int, int]] | None:
    """An inexact match: the best run of matching blocks covering most of the excerpt, or None."""
    matcher = difflib.SequenceMatcher(None, key, window, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= 4]
    if not blocks:
        return None
    # Group blocks that follow each other closely in both texts (or across a page break, where
    # footnotes and a running header come between); keep the best group.
    groups: list[list[difflib.Match]] = []
    for block in sorted(blocks, key=lambda b: b.b):
        last = groups[-1][-1] if groups else None
        if last and block.a >= last.a + last.size:
            skipped = block.b - (last.b + last.size) - (block.a - (last.a + last.size))
            new_page = owners[block.b][0] != owners[last.b + last.size - 1][0]
            close = skipped <= 80 or (new_page and skipped <= 2000)
        else:
            close = False
        if close:
            groups[-1].append(block)
        else:
            groups.append([block])
    group = max(groups, key=lambda g: sum(b.size for b in g))
    if sum(b.size for b in group) < MIN_COVERAGE * len(key):
        return None
    matched = [owners[i] for b in group for i in range(b.b, b.b + b.size)]
    if not any(p == page for p, _ in matched) and abs(matched[0][0] - page) > PAGE_REACH:
        return None
    return _spans(matched)


#: Punctuation just outside the matched letters that belongs to the highlighted text.
OPENING, CLOSING = "(\"'\u2018\u201c\u00a3$", ".,;:!?)%\"'\u2019\u201d"


def _widen(text: str, low: int, high: int) -> tuple[int, int]:
    """The span with adjoining opening and closing punctuation (a quotation mark, the full stop)."""
    while low > 0 and text[low - 1] in OPENING:
        low -= 1
    while high + 1 < len(text) and text[high + 1] in CLOSING:
        high += 1
    return low, high


def _line_boxes(textpage: object, low: int, high: int) -> tuple[tuple[float, float, float, float], ...]:
    """The rectangles of characters low..high merged into one per line, in reading order."""
    count = textpage.count_rects(low, high - low + 1)  # type: ignore[attr-defined]
    rects = [textpage.get_rect(i) for i in range(count)]  # type: ignore[attr-defined]
    lines: list[list[float]] = []
    for left, bottom, right, top in rects:
        if right - left <= 0 or top - bottom <= 0:
            continue
        if lines:
            line = lines[-1]
            overlap = min(top, line[3]) - max(bottom, line[1])
            if overlap > 0.5 * min(top - bottom, line[3] - line[1]) and left >= line[0] - 2:
                line[:] = [min(line[0], left), min(line[1], bottom), max(line[2], right), max(line[3], top)]
                continue
        lines.append([left, bottom, right, top])
    return tuple((round(a, 2), round(b - 1, 2), round(c, 2), round(d + 1, 2)) for a, b, c, d in lines)


def locate(pdf: object, findings: Sequence[Finding]) -> list[Placement]:
    """Each finding with the line boxes of its excerpt (none when it could not be located)."""
    text = PdfText(pdf)
    page_count = len(pdf)  # type: ignore[arg-type]
    opened: dict[int, tuple[Any, Any]] = {}  # page number: (page, its text page), closed at the end
    placements = []
    try:
        for finding in findings:
            spans = find_excerpt(text, finding, page_count)
            boxes = []
            for number, (low, high) in sorted((spans or {}).items()):
                low, high = _widen(text.page(number).text, low, high)
                if number not in opened:
                    page = pdf[number - 1]  # type: ignore[index]
                    try:
                        opened[number] = (page, page.get_textpage())
                    except BaseException:
                        page.close()
                        raise
                lines = _line_boxes(opened[number][1], low, high)
                if lines:
                    boxes.append((number, lines))
            placements.append(Placement(finding, tuple(boxes)))
    finally:
        for page, textpage in opened.values():
            textpage.close()
            page.close()
    return placements


# -- writing ------------------------------------------------------------------


def note(finding: Finding) -> str:
    """The annotation's text: rule, name, severity, message, and the section when known."""
    lines = [f"{finding.rule} {finding.name} ({finding.severity})", finding.message]
    if finding.section:
        lines.append(f"Section: {finding.section}")
    return "\n".join(lines)


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _highlight(pdf: object, page: object, placement: Placement, number: int, ordinal: int) -> list[object]:
    """The /Highlight annotation (and its /Popup) for one finding on one page."""
    from pikepdf import Array, Dictionary, Name, Stream, String

    finding = placement.finding
    boxes = dict(placement.boxes)[number]
    colour = COLOURS.get(finding.severity, COLOURS["info"])
    quads: list[float] = []
    for left, bottom, right, top in boxes:
        quads += [left, top, right, top, left, bottom, right, bottom]
    rect = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]
    paths = " ".join(
        f"{_number(a)} {_number(b)} m {_number(c)} {_number(b)} l {_number(c)} {_number(d)} l {_number(a)} {_number(d)} l h"
        for a, b, c, d in boxes
    )
    appearance = Stream(pdf, f"/G0 gs {' '.join(_number(c) for c in colour)} rg {paths} f\n".encode("ascii"))  # type: ignore[arg-type]
    appearance.Type = Name.XObject
    appearance.Subtype = Name.Form
    appearance.BBox = Array(rect)
    appearance.Resources = Dictionary(ExtGState=Dictionary(G0=Dictionary(Type=Name.ExtGState, BM=Name.Multiply, ca=1, CA=1)))
    title = f"judgecheck {finding.rule}"
    annot = pdf.make_indirect(Dictionary(  # type: ignore[attr-defined]
        Type=Name.Annot, Subtype=Name.Highlight, Rect=Array(rect), QuadPoints=Array(quads),
        C=Array(list(colour)), CA=1, F=4, T=String(title), Subj=String(f"{finding.name} ({finding.severity})"),
        Contents=String(note(finding)), NM=String(f"judgecheck-{ordinal}-{number}"),
        AP=Dictionary(N=appearance), P=page.obj,  # type: ignore[attr-defined]
    ))
    width = float(page.mediabox[2])  # type: ignore[attr-defined]
    popup_rect = [max(rect[0], width - 220), max(rect[1] - 100, 0), min(width, max(rect[0], width - 220) + 200), rect[1]]
    popup = pdf.make_indirect(Dictionary(  # type: ignore[attr-defined]
        Type=Name.Annot, Subtype=Name.Popup, Rect=Array(popup_rect), Parent=annot, Open=False, F=28,
    ))
    annot.Popup = popup
    return [annot, popup]


def annotate_pdf(source: Path, findings: Sequence[Finding], target: Path) -> Annotated:
    """Write ``target``: a copy of the PDF ``source`` with the findings highlighted and a summary appended."""
    import pikepdf
    import pypdfium2 as pdfium

    try:
        data = source.read_bytes()
    except OSError as exc:
        raise AnnotateError(f"cannot read {source}: {exc.strerror or exc}") from None
    if b"%PDF-" not in data[:1024]:
        raise AnnotateError(f"{source} is not a PDF")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise AnnotateError(f"{source}: the PDF cannot be opened ({exc})") from None
    try:
        placements = locate(document, findings)
    except pdfium.PdfiumError as exc:
        raise AnnotateError(f"{source}: the findings cannot be located in the PDF ({exc})") from None
    finally:
        document.close()
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        raise AnnotateError(f"{source}: the PDF cannot be rewritten ({exc})") from None
    with pdf:
        try:
            summary = _annotate(pdf, placements, source.name)
        except (pikepdf.PdfError, KeyError, TypeError, ValueError) as exc:  # a malformed page the reader put up with
            raise AnnotateError(f"{source}: the PDF cannot be annotated ({type(exc).__name__}: {exc})") from None
        try:
            _save(pdf, target)
        except pikepdf.PdfError as exc:
            raise AnnotateError(f"{source}: the annotated copy cannot be written ({exc})") from None
        except OSError as exc:
            raise AnnotateError(f"cannot write {target}: {exc.strerror or exc}") from None
    return Annotated(str(source), str(target), tuple(placements), summary)


def _annotate(pdf: Any, placements: Sequence[Placement], name: str) -> int:
    """Add the highlights and the summary pages to ``pdf``; return the number of summary pages."""
    import pikepdf

    for ordinal, placement in enumerate(placements, start=1):
        for number, _ in placement.boxes:
            if number > len(pdf.pages):  # a page tree pikepdf reads differently from pdfium
                continue
            page = pdf.pages[number - 1]
            new = _highlight(pdf, page, placement, number, ordinal)
            if not isinstance(page.obj.get("/Annots"), pikepdf.Array):
                page.obj.Annots = pdf.make_indirect(pikepdf.Array())
            page.obj.Annots.extend(new)
    return add_summary_pages(pdf, name, placements)


def _save(pdf: object, target: Path) -> None:
    with replacing(target) as tmp:
        pdf.save(tmp, deterministic_id=True)  # type: ignore[attr-defined]


# -- the summary pages ----------------------------------------------------------

#: Helvetica advance widths (1/1000 em) of the printable ASCII characters, from its AFM.
_HELVETICA = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0 to ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @ to O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P to _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # ` to o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p to ~
]
_WIDE = {"\u2018": 222, "\u2019": 222, "\u201c": 333, "\u201d": 333, "\u2013": 556, "\u2014": 1000, "\u2026": 1000, "\u2022": 350}
_BOLD_FACTOR = 1.08
MARGIN = 56
BODY, TITLE, LEADING = 9.5, 15.0, 12.5


def winansi(text: str) -> bytes:
    """Text as Windows-1252 (the standard fonts' WinAnsiEncoding); other characters simplified or '?'."""
    out = bytearray()
    for ch in " ".join(text.split()):
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            out += plain.encode("cp1252", errors="replace") if plain else b"?"
    return bytes(out)


def _width(text: bytes, size: float, bold: bool = False) -> float:
    total = 0
    for byte in text:
        if 32 <= byte <= 126:
            total += _HELVETICA[byte - 32]
        else:
            total += _WIDE.get(bytes([byte]).decode("cp1252", errors="replace"), 556)
    return total * size / 1000 * (_BOLD_FACTOR if bold else 1)


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[bytes]:
    """Lines of at most ``width`` points; a word longer than a line is cut."""
    lines: list[bytes] = []
    current = b""
    for word in winansi(text).split(b" "):
        candidate = current + b" " + word if current else word
        if _width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while _width(word, size, bold) > width:
            cut = len(word)
            while cut > 1 and _width(word[:cut], size, bold) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def escape(text: bytes) -> bytes:
    """A PDF literal string's contents: backslash, parentheses and control bytes escaped."""
    out = bytearray()
    for byte in text:
        if byte in b"\\()":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte == 127:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out)


def _where(placement: Placement) -> str:
    finding = placement.finding
    if placement.located:
        pages = placement.pages
        return f"highlighted on page {pages[0]}" if len(pages) == 1 else f"highlighted on pages {pages[0]}-{pages[-1]}"
    if finding.page is None:
        return "not located (the finding has no page)"
    return f"not located (reported on page {finding.page})"


def add_summary_pages(pdf: object, name: str, placements: Sequence[Placement]) -> int:
    """Append pages listing every finding and where it was highlighted; return how many."""
    from pikepdf import Array, Dictionary, Name, Page, Stream

    first = pdf.pages[0] if len(pdf.pages) else None  # type: ignore[attr-defined]
    box = [float(v) for v in first.mediabox] if first is not None else [0, 0, 595.28, 841.89]
    width, height = box[2] - box[0], box[3] - box[1]
    if width > height or width < 300:  # landscape or odd sizes: A4 portrait reads best
        width, height = 595.28, 841.89
    text_width = width - 2 * MARGIN
    located = sum(p.located for p in placements)
    # (font, size, colour, indent, text, link page) for each line, then laid out onto pages.
    Line = tuple[str, float, tuple[float, float, float], float, bytes, int | None, tuple[float, float, float] | None]
    lines: list[Line | None] = []
    grey, black = (0.35, 0.35, 0.35), (0.0, 0.0, 0.0)
    for text in wrap(f"judgecheck findings: {name}", TITLE, text_width, bold=True):
        lines.append(("F2", TITLE, black, 0, text, None, None))
    summary = (
        f"{len(placements)} finding{'s' if len(placements) != 1 else ''}: {located} highlighted in the report, "
        f"{len(placements) - located} not located. Highlight colours: error red, warning orange, info blue."
    )
    if not placements:
        summary = "No findings."
    lines += [("F1", BODY, grey, 0, t, None, None) for t in wrap(summary, BODY, text_width)]
    lines.append(None)
    indent = 16.0
    for ordinal, placement in enumerate(placements, start=1):
        finding = placement.finding
        link = placement.pages[0] if placement.located else None
        head = f"{ordinal}. {finding.rule} {finding.name} ({finding.severity}): {_where(placement)}"
        colour = COLOURS.get(finding.severity, COLOURS["info"])
        for i, t in enumerate(wrap(head, BODY, text_width - indent, bold=True)):
            lines.append(("F2", BODY, black, indent, t, link, None if i else colour))
        body = finding.message + (f" [section: {finding.section}]" if finding.section else "")
        lines += [("F1", BODY, black, indent, t, None, None) for t in wrap(body, BODY, text_width - indent)]
        if finding.excerpt:
            quoted = f"\u201c{finding.excerpt}\u201d"
            lines += [("F1", BODY, grey, indent, t, None, None) for t in wrap(quoted, BODY, text_width - indent)]
        lines.append(None)
    per_page = int((height - 2 * MARGIN) // LEADING)
    pages: list[list[Line | None]] = []
    current: list[Line | None] = []
    for line in lines:
        if len(current) >= per_page:
            pages.append(current)
            current = []
        if line is None and not current:
            continue
        current.append(line)
    pages.append(current)
    fonts = Dictionary(
        F1=Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding),
        F2=Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name("/Helvetica-Bold"), Encoding=Name.WinAnsiEncoding),
    )
    fonts = pdf.make_indirect(fonts)  # type: ignore[attr-defined]
    for number, page_lines in enumerate(pages, start=1):
        ops: list[bytes] = []
        links = []
        y = height - MARGIN - TITLE
        for line in page_lines:
            if line is None:
                y -= LEADING * 0.6
                continue
            font, size, colour, left, text, link, swatch = line
            if swatch is not None:
                ops.append(b"%s rg %s %s 9 9 re f" % (
                    " ".join(_number(c) for c in swatch).encode(), _number(MARGIN).encode(), _number(y - 1).encode()))
            ops.append(b"BT /%s %s Tf %s rg %s %s Td (%s) Tj ET" % (
                font.encode(), _number(size).encode(), " ".join(_number(c) for c in colour).encode(),
                _number(MARGIN + left).encode(), _number(y).encode(), escape(text)))
            if link is not None:
                right = MARGIN + left + _width(text, size, font == "F2")
                links.append(([MARGIN + left, y - 2, right, y + size], link))
            y -= LEADING if size == BODY else LEADING * 1.6
        page_number = len(pdf.pages) + 1  # type: ignore[attr-defined]
        footer = winansi(f"judgecheck summary, page {number} of {len(pages)} (PDF page {page_number})")
        ops.append(b"BT /F1 8 Tf 0.5 0.5 0.5 rg %s %s Td (%s) Tj ET" % (
            _number(MARGIN).encode(), _number(MARGIN / 2).encode(), escape(footer)))
        content = Stream(pdf, b"\n".join(ops) + b"\n")  # type: ignore[arg-type]
        page = Page(Dictionary(
            Type=Name.Page, MediaBox=Array([0, 0, width, height]), Contents=pdf.make_indirect(content),  # type: ignore[attr-defined]
            Resources=Dictionary(Font=fonts),
        ))
        pdf.pages.append(page)  # type: ignore[attr-defined]
        added = pdf.pages[-1]  # type: ignore[attr-defined]
        if links:
            annots = Array()
            for rect, target in links:
                annots.append(pdf.make_indirect(Dictionary(  # type: ignore[attr-defined]
                    Type=Name.Annot, Subtype=Name.Link, Rect=Array([round(v, 2) for v in rect]), Border=Array([0, 0, 0]),
                    Dest=Array([pdf.pages[target - 1].obj, Name.Fit]),  # type: ignore[attr-defined]
                )))
            added.obj.Annots = pdf.make_indirect(annots)  # type: ignore[attr-defined]
    return len(pages)


# -- where the copies go --------------------------------------------------------


def plan_targets(inputs: Sequence[Path], annotate: str, skip_others: bool = False) -> dict[str, Path]:
    """Map each input to its annotated copy, or raise AnnotateError for a misuse.

    One input: ``annotate`` is the output file (or, when it is an existing
    directory or ends in a path separator, the copy goes in it as
    NAME.annotated.pdf, or NAME.annotated.docx for a Word draft). Several inputs:
    ``annotate`` must be a directory (created if missing); each copy is named so in
    it. Only PDF and DOCX inputs can be annotated (with ``skip_others``, other inputs
    are left out of the plan rather than refused), a copy keeps its input's suffix,
    and no copy may be written over an input.
    """
    named_directory = annotate.endswith(tuple(sep for sep in (os.sep, os.altsep) if sep))
    directory = Path(annotate)
    into_directory = len(inputs) > 1 or named_directory or directory.is_dir()
    if skip_others:
        inputs = [p for p in inputs if p.suffix.lower() in SUFFIXES]
    for path in inputs:
        if path.suffix.lower() not in SUFFIXES:
            hint = " (name only PDFs and DOCX drafts, e.g. 'reports/*.pdf')" if len(inputs) > 1 else ""
            raise AnnotateError(f"--annotate writes annotated PDFs and Word drafts; '{path}' is not a PDF report or a DOCX draft{hint}")
    if into_directory and directory.exists() and not directory.is_dir():
        count = f" with {len(inputs)} reports" if len(inputs) > 1 else ""
        raise AnnotateError(f"--annotate{count} takes a directory, and '{annotate}' is a file")
    targets: dict[str, Path] = {}
    for path in inputs:
        target = directory / (path.stem + SUFFIXES[path.suffix.lower()]) if into_directory else directory
        if target.suffix.lower() in SUFFIXES and target.suffix.lower() != path.suffix.lower():
            raise AnnotateError(f"--annotate: the annotated copy of '{path.name}' must end in {path.suffix.lower()}, not '{target.name}'")
        if any(_same(target, t) for t in targets.values()):
            raise AnnotateError(f"--annotate: two reports named '{path.name}' would both be written to '{target}'")
        targets[str(path)] = target
    for path in inputs:
        target = targets[str(path)]
        if any(_same(target, other) for other in inputs):
            raise AnnotateError(f"--annotate would overwrite the report '{target}'; give another path")
    return targets


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))
