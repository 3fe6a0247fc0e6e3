"""``judgecheck extract``: the recovered document as Markdown that reads back the same.

Headings keep their level and their grade as written, the judgement table
becomes a Markdown table, numbered paragraphs keep their numbers, list items
become ``-`` items, and page breaks and running headers stay as HTML comments
(``<!-- page N -->``, ``<!-- header N: ... -->``) so pages survive the round trip.
Text that Markdown would read as markup gets backslash escapes.
"""

from __future__ import annotations

from judgecheck.model import Block, Document
from judgecheck.read.clean import BULLETS, is_private_use
from judgecheck.read.text import EMPHASIS

#: A line starting with one of these would read back as markup (a heading, table row, list item, comment or bullet).
MARKUP_START = "#|-*+<" + BULLETS


def escape(text: str, cell: bool = False) -> str:
    """The text with a backslash before each character the Markdown reader would take as markup (in a table ``cell``, pipes too)."""
    text = text.replace("\\", "\\\\")
    if cell:
        text = text.replace("|", "\\|")
    if "<" in text:  # an HTML comment or <p> tag
        text = text.replace(">", "\\>")
    if EMPHASIS.search(text):
        text = text.replace("*", "\\*").replace("_", "\\_")
    if text and (text[0] in MARKUP_START or is_private_use(text[0])):
        text = "\\" + text
    return text


def _table(rows: list[Block], page: int | None, paged: bool) -> tuple[list[str], int | None]:
    """A pipe table; a page break inside it becomes a comment line between rows."""
    out = ["| Judgement | Grade |", "| --- | --- |"]
    for row in rows:
        if paged and row.page != page:
            out.append(f"<!-- page {row.page} -->")
            page = row.page
        label, _, grade = row.text.rpartition(": ")
        out.append(f"| {escape(label, cell=True)} | {grade} |")
    return out, page


def _block(block: Block) -> str:
    if block.number is not None:
        return f"{block.number}. {escape(block.text)}"
    if block.kind == "item":
        return f"- {escape(block.text)}"
    return escape(block.text)


def to_markdown(document: Document) -> str:
    """Render the document; reading the result back gives the same structure."""
    out = [f"<!-- judgecheck extract of {document.path}; framework: {document.framework or 'none'} -->"]
    page: int | None = None  # none marked yet (a page may be numbered 0)

    def mark(p: int) -> None:
        nonlocal page
        if document.paged and p != page:
            out.extend([f"<!-- page {p} -->", ""])
            page = p

    headers = {}
    for p, text in document.headers:
        headers.setdefault(p, []).append(text)
    for p in sorted(headers):
        for text in headers[p]:
            out.append(f"<!-- header {p}: {text.replace('--', '- -')} -->")
    out.append("")
    for section in document.sections:
        if section.kind != "front":
            mark(section.page)
            out.extend([f"{'#' * max(section.level, 1)} {escape(section.title)}", ""])
        rows: list[Block] = []
        for block in section.blocks:
            if block.kind == "table":
                if not rows:
                    mark(block.page)
                rows.append(block)
                continue
            if rows:
                table, page = _table(rows, page, document.paged)
                out.extend(table + [""])
                rows = []
            mark(block.page)
            out.extend([_block(block), ""])
        if rows:
            table, page = _table(rows, page, document.paged)
            out.extend(table + [""])
    return "\n".join(out).rstrip() + "\n"
