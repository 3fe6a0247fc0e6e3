"""Page cleaning for text extracted from PDFs.

PDF text comes as one string a page with the running header first, page numbers
on lines of their own, footnotes at the foot, line-end hyphens as ``\\x02`` or
``\\ufffe`` and symbol-font bullets as private-use characters. This module turns
such pages into :class:`~judgecheck.model.SourceLine` records with all of that
page furniture removed and the bullets marked as list items.
"""

from __future__ import annotations

import re
from collections import Counter

from judgecheck.model import SourceLine

#: Characters that PDF extraction uses for a hyphen at a line break.
HYPHEN_MARKERS = "\x02\ufffe"
#: Bullet glyphs seen in real reports besides the private-use symbol-font ones.
BULLETS = "•◼▪■●○◦‣⁃·"
SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\t]+")
#: Control characters (but tab) and private-use characters (symbol-font glyphs), dropped from text.
DROPPED = re.compile("[\x00-\x08\x0a-\x1f\ue000-\uf8ff]")
PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?", re.IGNORECASE)
FOOTNOTE_START = re.compile(r"(\d{1,2})\s+\S")
#: How many of a page's first lines may be a running header.
HEADER_LINES = 2
#: How far up from the foot of a page a footnote may start.
FOOTNOTE_DEPTH = 14


def is_private_use(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"


def normalise_line(text: str) -> tuple[str, bool]:
    """Return the line with hyphen markers, odd spaces and bullets mended, and whether it began with a bullet."""
    for marker in HYPHEN_MARKERS:
        text = text.replace(marker, "-")
    text = SPACES.sub(" ", text).strip()
    bullet = False
    if text and (is_private_use(text[0]) or text[0] in BULLETS):
        bullet = True
        text = text[1:].lstrip()
    text = DROPPED.sub("", text)
    return text.strip(), bullet


def shape(text: str) -> str:
    """A line with its numbers blanked, so page headers that differ only in page number match."""
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def _repeated_shapes(pages: list[list[str]], take: slice) -> set[str]:
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({shape(line) for line in lines[take]})
    threshold = max(3, int(0.4 * len(pages)))
    return {s for s, n in counts.items() if n >= threshold and s.strip("# ")}


def _marker(number: str) -> re.Pattern[str]:
    """A footnote number glued to the word or punctuation before it ("Board1", "improve?1")."""
    return re.compile(rf"(?<=[A-Za-z)?’'\".,]){number}(?=[\s,.;:)]|$)")


def _footnote_start(lines: list[str]) -> tuple[int, set[str]] | None:
    """Index where the page's footnotes begin, and their numbers, if it has any."""
    first = max(1, len(lines) - FOOTNOTE_DEPTH)
    for i in range(first, len(lines)):
        m = FOOTNOTE_START.match(lines[i])
        if not m:
            continue
        number = m.group(1)
        body = "\n".join(lines[:i])
        if _marker(number).search(body) or re.search(rf"(?m)^{number}$", body):
            numbers = {n for n in re.findall(r"(?m)^(\d{1,2})\s", "\n".join(lines[i:]))}
            return i, numbers | {number}
    return None


def _strip_markers(line: str, numbers: set[str]) -> str:
    for number in numbers:
        line = _marker(number).sub("", line)
    return line


def clean_pages(raw_pages: list[str]) -> tuple[list[SourceLine], list[tuple[int, str]]]:
    """Clean extracted page texts into source lines; also return the running headers removed."""
    pages: list[list[tuple[str, bool]]] = []
    for raw in raw_pages:
        lines = []
        for part in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            text, bullet = normalise_line(part)
            if text:
                lines.append((text, bullet))
        pages.append(lines)
    texts = [[t for t, _ in p] for p in pages]
    top = _repeated_shapes(texts, slice(0, HEADER_LINES))
    bottom = _repeated_shapes(texts, slice(-1, None))
    out: list[SourceLine] = []
    headers: list[tuple[int, str]] = []
    for number, lines in enumerate(pages, start=1):
        # Running header and page number at the top, footer and page number at the foot.
        while lines and (shape(lines[0][0]) in top or PAGE_NUMBER.fullmatch(lines[0][0])):
            if not PAGE_NUMBER.fullmatch(lines[0][0]):
                headers.append((number, lines[0][0]))
            lines = lines[1:]
        while lines and (shape(lines[-1][0]) in bottom or PAGE_NUMBER.fullmatch(lines[-1][0])):
            lines = lines[:-1]
        plain = [t for t, _ in lines]
        found = _footnote_start(plain)
        numbers: set[str] = set()
        if found:
            cut, numbers = found
            lines = lines[:cut]
        for text, bullet in lines:
            if numbers and text in numbers:
                continue
            text = _strip_markers(text, numbers) if numbers else text
            out.append(SourceLine(text, number, None, "item" if bullet else ""))
    return out, headers
