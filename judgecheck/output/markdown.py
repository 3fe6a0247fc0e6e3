"""``judgecheck extract``: the recovered document as Markdown that reads back the same.

Headings keep their level and their grade as written, the judgement table
becomes a Markdown table, numbered paragraphs keep their numbers, list items
become ``-`` items, and page breaks and running headers stay as HTML comments
(``<!-- page N -->``, ``<!-- header N: ... -->``) so pages survive the round trip.
"""

from __future__ import annotations

from judgecheck.model import Block, Document


def _table(rows: list[Block], page: int, paged: bool) -> tuple[list[str], int]:
    """A pipe table; a page break inside it becomes a comment line between rows."""
    out = ["| Judgement | Grade |", "| --- | --- |"]
    for row in rows:
        if paged and row.page != page:
            out.append(f"<!-- page {row.page} -->")
            page = row.page
        label, _, grade = row.text.rpartition(": ")
        out.append(f"| {label.replace('|', '/')} | {grade} |")
    return out, page


def _block(block: Block) -> str:
    if block.number is not None:
        return f"{block.number}. {block.text}"
    if block.kind == "item":
        return f"- {block.text}"
    return block.text


def to_markdown(document: Document) -> str:
    """Render the document; reading the result back gives the same structure."""
    out = [f"<!-- judgecheck extract of {document.path}; framework: {document.framework or 'none'} -->"]
    page = 0

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
            out.extend([f"{'#' * max(section.level, 1)} {section.title}", ""])
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
