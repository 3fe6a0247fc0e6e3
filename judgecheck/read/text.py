"""Read plain text and Markdown reports, including judgecheck's own ``extract`` output."""

from __future__ import annotations

import re
from pathlib import Path

from judgecheck import errors
from judgecheck.errors import JudgecheckError
from judgecheck.hookimpl import hookimpl
from judgecheck.model import LineHint, Source, SourceLine
from judgecheck.read import Reader
from judgecheck.read.clean import normalise_line

PAGE_COMMENT = re.compile(r"<!--\s*page\s+(\d+)\s*-->", re.IGNORECASE)
HEADER_COMMENT = re.compile(r"<!--\s*header\s+(\d+):\s?(.*?)\s*-->", re.IGNORECASE)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?")
LIST_ITEM = re.compile(r"[-*+]\s+(?=\S)")
EMPHASIS = re.compile(r"(\*\*|__)(?=[^\s*_])([^*_]+?)(?<=[^\s*_])\1")
HTML_PARAGRAPH = re.compile(r"</?p\s*>", re.IGNORECASE)
#: In Markdown, a backslash keeps the punctuation or symbol after it literal (as ``extract`` writes it).
ESCAPED = re.compile(r"\\([^\w\s])")
#: A pipe between table cells (in Markdown, not an escaped one).
CELL_PIPE = re.compile(r"(?<!\\)\|")


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when every other byte of the start is NUL, as in UTF-16 text without a BOM."""
    head = data[:4096]
    half = len(head) // 2
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if half < 8 or min(even, odd) > half // 20:
        return None
    return "utf-16-le" if odd > half * 3 // 10 else "utf-16-be" if even > half * 3 // 10 else None


def decode_noting(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode text by its byte-order mark, else as UTF-16 without one, UTF-8 or Windows-1252; drop NULs.

    The notes say when the encoding was guessed (no BOM, not UTF-8) and how many NULs were removed.
    """
    notes: list[str] = []
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else utf16_without_bom(data)
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise JudgecheckError(errors.UNDECODABLE_TEXT, f"bad UTF-16: {exc.reason}") from None
        if utf16 != "utf-16":
            notes.append(f"decoded as {utf16.upper()} (no byte-order mark)")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            notes.append("not valid UTF-8: decoded as Windows-1252")
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "")
        notes.append(f"{nuls:,} NUL character(s) removed")
    return text, tuple(notes)


def _hint_line(raw: str, markdown: bool) -> tuple[str, LineHint]:
    """Return a line's text and its structural hint."""
    if markdown:
        heading = HEADING.fullmatch(raw)
        if heading:
            level = min(len(heading.group(1)), 3)
            return heading.group(2), ("heading1", "heading2", "heading3")[level - 1]
    if raw.startswith("|") and raw.rstrip().endswith("|"):
        inner = raw.strip().strip("|")
        cells = [c.strip() for c in (CELL_PIPE.split(inner) if markdown else inner.split("|"))]
        return " ".join(c for c in cells if c), "table"
    if "\t" in raw.strip():
        return " ".join(c.strip() for c in raw.split("\t") if c.strip()), ""
    item = LIST_ITEM.match(raw)
    if item:
        return raw[item.end():], "item"
    return raw, ""


def text_source(path: Path, text: str, fmt: str, notes: tuple[str, ...] = ()) -> Source:
    """Split decoded text into source lines; Markdown headings, tables and lists become hints."""
    markdown = fmt == "md"
    page, paged = 1, False
    lines: list[SourceLine] = []
    numbered = [
        (lineno, part)
        for lineno, original in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)
        for part in HTML_PARAGRAPH.sub("\n", original).split("\n")
    ]
    in_comment = False
    headers: list[tuple[int, str]] = []
    for lineno, raw in numbered:
        header_mark = HEADER_COMMENT.fullmatch(raw.strip())
        if header_mark:
            headers.append((int(header_mark.group(1)), header_mark.group(2)))
            continue
        page_mark = PAGE_COMMENT.fullmatch(raw.strip())
        if page_mark:
            page, paged = int(page_mark.group(1)), True
            continue
        if in_comment:
            in_comment = "-->" not in raw
            continue
        if raw.strip().startswith("<!--"):
            in_comment = "-->" not in raw
            continue
        raw = COMMENT.sub("", raw)
        if TABLE_RULE.fullmatch(raw.strip()) and "|" in raw:
            # The row above the rule is the table's header, not a row of data.
            if lines and lines[-1].hint == "table":
                lines.pop()
            continue
        stripped = raw.strip()
        if not stripped:
            lines.append(SourceLine("", page, lineno, "break"))
            continue
        body, hint = _hint_line(stripped, markdown)
        body = EMPHASIS.sub(r"\2", body)
        clean, bullet = normalise_line(body)
        if markdown:
            clean = ESCAPED.sub(r"\1", clean)
        if bullet and not hint:
            hint = "item"
        if clean:
            lines.append(SourceLine(clean, page, lineno, hint))
    breaks = sum(1 for line in lines if line.hint == "break")
    wrapped = not markdown and breaks == 0 and len(lines) > 30
    return Source(
        path=str(path), format=fmt, lines=tuple(lines), pages=page if paged else 1,
        wrapped=wrapped, paged=paged, headers=tuple(headers), notes=notes,
    )


def read_text(path: Path, data: bytes) -> Source:
    text, notes = decode_noting(data)
    return text_source(path, text, "txt", notes)


def read_markdown(path: Path, data: bytes) -> Source:
    text, notes = decode_noting(data)
    return text_source(path, text, "md", notes)


@hookimpl
def judgecheck_readers() -> list[Reader]:
    return [
        Reader("text", (".txt",), read_text, "plain text (UTF-8, UTF-16 or Windows-1252)"),
        Reader("markdown", (".md", ".markdown"), read_markdown, "Markdown, including `judgecheck extract` output"),
    ]
