"""Read PDF reports with pypdfium2 (Apache-2.0)."""

from __future__ import annotations

import re
from pathlib import Path

from judgecheck import errors
from judgecheck.errors import JudgecheckError
from judgecheck.hookimpl import hookimpl
from judgecheck.model import Source
from judgecheck.read import Reader, sniff
from judgecheck.read.clean import clean_pages

#: A page with fewer visible characters than this counts as having no text.
MIN_PAGE_CHARS = 20
STARTXREF = re.compile(rb"startxref\s+(\d+)")
#: PDFium looks for ``startxref`` only this near the end of the file (it rebuilds the table otherwise).
STARTXREF_WINDOW = 4096 + len(b"startxref")
OBJECT_AT = re.compile(rb"\s*(\d+)\s+\d+\s+obj\b")


def xref_damage(data: bytes) -> str:
    """What is wrong with the PDF's last cross-reference section ("" if nothing): PDFium then rebuilds it."""
    at = data.rfind(b"startxref")
    found = STARTXREF.match(data, at) if at >= 0 else None
    if not found:
        return "it has no startxref (truncated?)"
    if at < len(data) - STARTXREF_WINDOW:
        return "its startxref is more than 4 KB before the end of the file"
    start = int(found.group(1))
    if start >= len(data):
        return "its startxref points past the end of the file"
    if OBJECT_AT.match(data, start):
        return ""  # a cross-reference stream (PDF 1.5): trusted as it is
    end = data.find(b"trailer", start)
    if data[start:start + 4] != b"xref" or end < 0:
        return "its startxref does not point at a cross-reference table"
    tokens = data[start + 4:end].split()
    try:
        i = 0
        while i < len(tokens):
            first, count = int(tokens[i]), int(tokens[i + 1])
            for number in range(first, first + count):
                offset, kind = int(tokens[i + 2]), tokens[i + 4]
                i += 3
                found_at = OBJECT_AT.match(data, offset) if kind == b"n" else None
                if kind == b"n" and (found_at is None or int(found_at.group(1)) != number):
                    return f"its cross-reference table has a wrong offset for object {number}"
            i += 2
    except (ValueError, IndexError, OverflowError):  # OverflowError: an offset past any file's size
        return "its cross-reference table is malformed"
    return ""


def count_pages(data: bytes) -> int:
    """The PDF's page count without extracting any text (0 when PDFium cannot open it)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return 0
    try:
        return len(pdf)
    finally:
        pdf.close()


def read_pdf(path: Path, data: bytes) -> Source:
    """Extract each page's text and clean away headers, page numbers and footnotes."""
    if b"%PDF-" not in data[:1024]:
        raise JudgecheckError(errors.NOT_A_PDF, f"the file is {sniff(data)}")
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise JudgecheckError(errors.ENCRYPTED_PDF, "a password is needed to open it") from None
        damage = xref_damage(data)
        raise JudgecheckError(errors.CORRUPT_PDF, str(exc).rstrip(".") + (f"; {damage}" if damage else "")) from None
    try:
        raw_pages = []
        for index in range(len(pdf)):
            try:
                page = pdf[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:
                raise JudgecheckError(errors.CORRUPT_PDF, f"page {index + 1}: {exc}") from None
            raw_pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    if not raw_pages:
        raise JudgecheckError(errors.CORRUPT_PDF, "the PDF has no pages")
    if all(len("".join(p.split())) < MIN_PAGE_CHARS for p in raw_pages):
        raise JudgecheckError(errors.NO_TEXT_LAYER, f"{len(raw_pages)} page(s) without text")
    lines, headers = clean_pages(raw_pages)
    damage = xref_damage(data)
    notes = (f"the PDF was repaired: {damage}; some text may be missing or out of order",) if damage else ()
    return Source(
        path=str(path), format="pdf", lines=tuple(lines), pages=len(raw_pages),
        wrapped=True, paged=True, headers=tuple(headers), notes=notes,
    )


@hookimpl
def judgecheck_readers() -> list[Reader]:
    return [Reader("pdf", (".pdf",), read_pdf, "PDF with a text layer, read with pypdfium2", count_pages)]
