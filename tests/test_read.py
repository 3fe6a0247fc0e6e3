"""Readers: PDF cleaning, text decoding, Markdown hints, DOCX, and every bad input's error code."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import FIXTURES

from judgecheck import errors
from judgecheck.check import check_file
from judgecheck.errors import JudgecheckError
from judgecheck.plugins import Registry
from judgecheck.read import read_path
from judgecheck.read.clean import clean_pages

DOCX_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(path: Path, body: str, part: str = "word/document.xml", prolog: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, f'<?xml version="1.0"?>{prolog}<w:document {DOCX_NS}><w:body>{body}</w:body></w:document>')
    return path


def para(text: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def test_pdf_is_cleaned_of_page_furniture(registry: Registry) -> None:
    source = read_path(FIXTURES / "trafford-2026-08-03.pdf", registry.readers)
    text = "\n".join(line.text for line in source.lines)
    assert source.pages == 12 and source.paged and source.wrapped
    assert "\ufffe" not in text and "\x02" not in text
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in text)
    # The running header is removed from every page after the cover and kept aside.
    assert source.headers and all(p > 1 for p, _ in source.headers)
    assert ("Inspection of Trafford local authority children’s services") in {t for _, t in source.headers}
    assert not any(line.text.startswith("Inspection of Trafford") for line in source.lines[5:])
    assert any(line.hint == "item" for line in source.lines)


def test_footnotes_and_their_markers_are_removed() -> None:
    page = "Review of the Board1\nSome text here.\n1 Ofsted produces this report under section 152."
    lines, _ = clean_pages([page])
    assert [line.text for line in lines] == ["Review of the Board", "Some text here."]


def test_hyphen_marker_becomes_hyphen_and_bullets_become_items() -> None:
    lines, _ = clean_pages(["\uf06e high\ufffequality multi\x02agency work"])
    assert lines[0].text == "high-quality multi-agency work" and lines[0].hint == "item"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [("é grade good".encode("utf-16"), "utf-16"), (b"\xef\xbb\xbf\xc3\xa9 grade good", "bom"), ("é grade good".encode("cp1252"), "cp1252")],
)
def test_text_is_decoded(tmp_path: Path, registry: Registry, data: bytes, encoding: str) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(data)
    assert read_path(path, registry.readers).lines[0].text == "é grade good"


def test_markdown_hints_and_pages(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "r.md"
    path.write_text("<!-- page 3 -->\n# Title\n\n| A | B |\n| --- | --- |\n| x | good |\n\n- item **bold**\n")
    lines = read_path(path, registry.readers).lines
    assert [(l.text, l.hint, l.page) for l in lines if l.text] == [
        ("Title", "heading1", 3), ("x good", "table", 3), ("item bold", "item", 3)
    ]


def test_docx_paragraphs_headings_and_tables(tmp_path: Path, registry: Registry) -> None:
    table = "<w:tbl><w:tr><w:tc>" + para("Overall effectiveness") + "</w:tc><w:tc>" + para("Good") + "</w:tc></w:tr></w:tbl>"
    path = make_docx(tmp_path / "r.docx", para("Recommendations", "Heading1") + para("Some text.") + table)
    lines = [(l.text, l.hint) for l in read_path(path, registry.readers).lines if l.text]
    assert lines == [("Recommendations", "heading1"), ("Some text.", ""), ("Overall effectiveness Good", "table")]


def _pdf_without_text(path: Path) -> Path:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.save(str(path))
    return path


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    return buf.getvalue()


BAD_INPUTS = {
    "html-named-pdf": (lambda d: FIXTURES / "birmingham-2012-10-19.pdf", errors.NOT_A_PDF, "HTML page"),
    "empty": (lambda d: _write(d / "empty.pdf", b""), errors.EMPTY_FILE, "empty"),
    "zip-named-pdf": (lambda d: _write(d / "zip.pdf", _zip_bytes()), errors.NOT_A_PDF, "ZIP archive"),
    "random-bytes": (lambda d: _write(d / "noise.pdf", bytes(range(256)) * 4), errors.NOT_A_PDF, "binary data"),
    "truncated-pdf": (
        lambda d: _write(d / "cut.pdf", (FIXTURES / "cambridgeshire-2019-02-18.pdf").read_bytes()[:2000]),
        errors.CORRUPT_PDF, "damaged",
    ),
    "no-text-layer": (lambda d: _pdf_without_text(d / "scan.pdf"), errors.NO_TEXT_LAYER, "OCR is not supported"),
    "missing": (lambda d: d / "nowhere.pdf", errors.NOT_FOUND, "not found"),
    "directory-named-pdf": (lambda d: _mkdir(d / "dir.pdf"), errors.NOT_A_FILE, "not a regular file"),
    "unknown-suffix": (lambda d: _write(d / "report.odt", b"x"), errors.UNSUPPORTED_FORMAT, "'.odt'"),
    "docx-not-zip": (lambda d: _write(d / "r.docx", b"hello"), errors.BAD_DOCX, "not a DOCX"),
    "docx-no-main-part": (lambda d: make_docx(d / "r.docx", para("x"), part="word/other.xml"), errors.BAD_DOCX, "no word/document.xml"),
    "docx-external-entity": (
        lambda d: make_docx(d / "r.docx", para("&xxe;"), prolog='<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
        errors.BAD_DOCX, "DTD",
    ),
    "docx-zip-bomb": (lambda d: _bomb(d / "bomb.docx"), errors.BAD_DOCX, "zip bomb"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b" " * (60 * 1024 * 1024) + b">")
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gets_its_error_code(case: str, tmp_path: Path, registry: Registry) -> None:
    make, code, words = BAD_INPUTS[case]
    with pytest.raises(JudgecheckError) as caught:
        read_path(make(tmp_path), registry.readers)
    assert caught.value.code == code
    assert words in str(caught.value)


def test_encrypted_pdfs(tmp_path: Path, registry: Registry) -> None:
    """A PDF locked with a user password is one E004 line; one with only an owner password is read."""
    import pikepdf

    source = FIXTURES / "cambridgeshire-2019-02-18.pdf"
    with pikepdf.open(source) as pdf:
        pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(owner="owner", user="secret", R=4))
    with pikepdf.open(source) as pdf:
        pdf.save(tmp_path / "owner-only.pdf", encryption=pikepdf.Encryption(owner="owner", user="", R=4))
    locked = check_file(tmp_path / "locked.pdf", registry)
    assert locked.error is not None and locked.error.code == "E004" and "password" in locked.error.message
    opened = check_file(tmp_path / "owner-only.pdf", registry)
    assert opened.error is None and opened.document is not None and len(opened.document.judgements) == 4
