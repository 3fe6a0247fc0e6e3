"""Read PDF reports with pypdfium2 (Apache-2.0)."""

from __future__ import annotations

from pathlib import Path

from judgecheck import errors
from judgecheck.errors import JudgecheckError
from judgecheck.hookimpl import hookimpl
from judgecheck.model import Source
from judgecheck.read import Reader, sniff
from judgecheck.read.clean import clean_pages

#: A page with fewer visible characters than this counts as having no text.
MIN_PAGE_CHARS = 20


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
        raise JudgecheckError(errors.CORRUPT_PDF, str(exc)) from None
    try:
        raw_pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
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
    return Source(
        path=str(path), format="pdf", lines=tuple(lines), pages=len(raw_pages),
        wrapped=True, paged=True, headers=tuple(headers),
    )


@hookimpl
def judgecheck_readers() -> list[Reader]:
    return [Reader("pdf", (".pdf",), read_pdf, "PDF with a text layer, read with pypdfium2")]
