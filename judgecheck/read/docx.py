"""Read DOCX reports with the standard library: paragraphs, headings, lists and tables.

The XML is parsed only after the archive passes size checks, and a part that
declares a DTD is refused, so entity tricks (external entities, entity
expansion) never reach the parser.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

from judgecheck import errors
from judgecheck.errors import JudgecheckError
from judgecheck.hookimpl import hookimpl
from judgecheck.model import LineHint, Source, SourceLine
from judgecheck.read import Reader, sniff
from judgecheck.read.clean import normalise_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAIN_PART = "word/document.xml"
#: Limits on the main part: uncompressed size, and a compression ratio that only a
#: zip bomb reaches once the part is larger than BOMB_FLOOR.
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200
BOMB_FLOOR = 10 * 1024 * 1024
#: What zipfile raises on a damaged archive (bad offsets, bad compressed data, encryption); RuntimeError
#: also covers an unsupported compression method, which zipfile raises as a subclass of it.
ZIP_ERRORS = (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError, zlib.error)


def _main_part(data: bytes) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise JudgecheckError(errors.BAD_DOCX, f"the file is {sniff(data)}, not a DOCX (ZIP) archive") from None
    with archive:
        try:
            info = archive.getinfo(MAIN_PART)
        except KeyError:
            raise JudgecheckError(errors.BAD_DOCX, f"the archive has no {MAIN_PART}") from None
        bomb = info.file_size > BOMB_FLOOR and info.file_size > MAX_RATIO * info.compress_size
        if info.file_size > MAX_PART_BYTES or bomb:
            raise JudgecheckError(
                errors.BAD_DOCX, f"{MAIN_PART} would expand to {info.file_size:,} bytes (zip bomb?)"
            )
        try:
            # Read no more than the limit even if the archive's stated size lies.
            with archive.open(info) as fh:
                part = fh.read(MAX_PART_BYTES + 1)
        except ZIP_ERRORS as exc:
            raise JudgecheckError(errors.BAD_DOCX, f"cannot unpack {MAIN_PART}: {exc}") from None
        if len(part) > MAX_PART_BYTES:
            raise JudgecheckError(errors.BAD_DOCX, f"{MAIN_PART} expands past {MAX_PART_BYTES:,} bytes (zip bomb?)")
    if b"<!DOCTYPE" in part[:4096] or b"<!ENTITY" in part[:65536]:
        raise JudgecheckError(errors.BAD_DOCX, f"{MAIN_PART} declares a DTD or entities, which DOCX never needs")
    return part


def _paragraph(p: ElementTree.Element) -> tuple[str, LineHint, bool]:
    """Return a paragraph's text, its hint, and whether a page break precedes it."""
    style = p.find(f"{W}pPr/{W}pStyle")
    style_name = (style.get(f"{W}val") or "").lower() if style is not None else ""
    parts, page_break = [], False
    for node in p.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag == f"{W}br" and node.get(f"{W}type") == "page":
            page_break = True
    hint: LineHint = ""
    if style_name.startswith("heading") or style_name == "title":
        level = style_name.removeprefix("heading").strip() or "1"
        hint = {"1": "heading1", "2": "heading2"}.get(level, "heading3")
    elif p.find(f"{W}pPr/{W}numPr") is not None or "list" in style_name:
        hint = "item"
    return "".join(parts), hint, page_break


def read_docx(path: Path, data: bytes) -> Source:
    """Read the main document part into lines: one a paragraph, one a table row."""
    try:
        root = ElementTree.fromstring(_main_part(data))
    except ElementTree.ParseError as exc:
        raise JudgecheckError(errors.BAD_DOCX, f"{MAIN_PART} is not well-formed XML: {exc}") from None
    body = root.find(f"{W}body")
    if body is None:
        raise JudgecheckError(errors.BAD_DOCX, f"{MAIN_PART} has no body")
    lines: list[SourceLine] = []
    page = 1
    for ordinal, child in enumerate(body, start=1):
        if child.tag == f"{W}p":
            text, hint, page_break = _paragraph(child)
            page += page_break
            cells = [c for c in text.split("\t") if c.strip()]
            clean, bullet = normalise_line(" ".join(cells))
            lines.append(SourceLine("", page, ordinal, "break"))
            if clean:
                lines.append(SourceLine(clean, page, ordinal, hint or ("item" if bullet else "")))
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                cells = [" ".join(_paragraph(p)[0] for p in cell.iter(f"{W}p")) for cell in row.iter(f"{W}tc")]
                clean, _ = normalise_line(" ".join(c.strip() for c in cells if c.strip()))
                if clean:
                    lines.append(SourceLine(clean, page, ordinal, "table"))
    if not any(line.text for line in lines):
        raise JudgecheckError(errors.EMPTY_FILE, "the DOCX has no text")
    return Source(path=str(path), format="docx", lines=tuple(lines), pages=page, wrapped=False, paged=page > 1)


@hookimpl
def judgecheck_readers() -> list[Reader]:
    return [Reader("docx", (".docx",), read_docx, "Word DOCX (paragraphs, headings, lists, tables)")]
