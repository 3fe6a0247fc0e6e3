"""Inputs the fuzzers (bench/fuzz.py) found crashing a reader, each now a coded error."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_read import DOCX_NS

from judgecheck import errors
from judgecheck.errors import JudgecheckError
from judgecheck.read.docx import read_docx
from judgecheck.read.pdf import read_pdf


def docx_bytes() -> tuple[bytes, int]:
    """A DOCX of 40 paragraphs, and where its main part's compressed data starts."""
    body = "".join(f"<w:p><w:r><w:t>Paragraph {n} of the report, number {n * 7919 % 1000}.</w:t></w:r></w:p>" for n in range(40))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {DOCX_NS}><w:body>{body}</w:body></w:document>')
    data = buffer.getvalue()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    return data, info.header_offset + 30 + len(info.filename) + len(info.extra)


def bad_deflate() -> bytes:
    """The main part's first deflate block of type 3, which does not exist: zlib.error before the fix."""
    data, start = docx_bytes()
    return data[:start] + b"\xff" + data[start + 1:]


def bytes_erased() -> bytes:
    """Bytes erased inside the main part: its local header's offset turns negative (ValueError: negative seek)."""
    data, start = docx_bytes()
    return data[:start + 10] + data[start + 110:]


def pdf_bytes(objects: list[str], startxref: str = "", first_offset: str = "") -> bytes:
    """A PDF of these objects; ``startxref`` or the first object's offset in the xref table replaced when given."""
    out, offsets = [b"%PDF-1.4\n"], []
    for number, body in enumerate(objects, start=1):
        offsets.append(f"{sum(map(len, out)):010d}")
        out.append(f"{number} 0 obj\n{body}\nendobj\n".encode())
    xref = sum(map(len, out))
    out.append(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.extend(f"{o} 00000 n \n".encode() for o in [first_offset or offsets[0], *offsets[1:]])
    out.append(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{startxref or xref}\n%%EOF\n".encode())
    return b"".join(out)


def pdf_with_missing_page() -> bytes:
    """A page tree counting one page whose object does not exist (pypdfium2's PdfiumError before the fix)."""
    return pdf_bytes(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [99 0 R] /Count 1 >>"])


def pdf_with_huge_startxref() -> bytes:
    """startxref past any file's size (OverflowError in xref_damage before the fix)."""
    return pdf_bytes(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"], startxref="9" * 30)


def pdf_with_huge_offset() -> bytes:
    """An xref entry's offset past any file's size (OverflowError in xref_damage before the fix)."""
    return pdf_bytes(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"], first_offset="9" * 30)


@pytest.mark.parametrize(("make", "read", "code", "detail"), [
    (bad_deflate, read_docx, errors.BAD_DOCX, "cannot unpack word/document.xml: Error -3 while decompressing data: invalid block type"),
    (bytes_erased, read_docx, errors.BAD_DOCX, "cannot unpack word/document.xml: negative seek value"),
    (pdf_with_missing_page, read_pdf, errors.CORRUPT_PDF, "page 1: Failed to load page."),
    (pdf_with_huge_startxref, read_pdf, errors.CORRUPT_PDF, ""),
    (pdf_with_huge_offset, read_pdf, errors.CORRUPT_PDF, ""),
])
def test_a_damaged_file_is_a_coded_error(make: object, read: object, code: str, detail: str) -> None:
    with pytest.raises(JudgecheckError) as caught:
        read(Path("damaged"), make())  # type: ignore[operator]
    assert caught.value.code == code and caught.value.detail.startswith(detail)


@pytest.mark.parametrize("reader", ["pdf", "docx", "text"])
def test_each_fuzzer_seeds_its_corpus_and_runs(reader: str, tmp_path: Path) -> None:
    # CI installs the [fuzz] extra and sets JUDGECHECK_FUZZ_REQUIRED, so that there this test runs or fails.
    if not os.environ.get("JUDGECHECK_FUZZ_REQUIRED"):
        pytest.importorskip("atheris", reason="atheris is not installed: pip install -e '.[fuzz]'")
    fuzz = Path(__file__).resolve().parent.parent / "bench" / "fuzz.py"
    run = subprocess.run([sys.executable, str(fuzz), reader, "--corpus", str(tmp_path / reader), "--", "-runs=30"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Done 30 runs" in run.stderr and len(list((tmp_path / reader).iterdir())) >= 2


def test_offsets_past_any_file_are_damage_not_a_crash() -> None:
    from judgecheck.read.pdf import xref_damage

    assert xref_damage(pdf_with_huge_startxref()) == "its startxref points past the end of the file"
    assert xref_damage(pdf_with_huge_offset()) == "its cross-reference table is malformed"


def test_bytes_after_the_end_are_damage_only_where_pdfium_says_so() -> None:
    # Bytes after %%EOF hid a startxref from a look at the last 2 KB; PDFium looks at the last 4 KB.
    import pypdfium2 as pdfium

    from judgecheck.read.pdf import xref_damage

    real = (FIXTURES / "slough-2023-03-17.pdf").read_bytes()
    assert xref_damage(real + b"\n" * 4000) == ""
    assert xref_damage(real + b"\n" * 5000) == "its startxref is more than 4 KB before the end of the file"
    assert xref_damage(real[:real.rfind(b"startxref")]) == "it has no startxref (truncated?)"
    # Both padded files stay readable: PDFium finds the table, or rebuilds it by scanning.
    for padding in (4000, 5000):
        assert len(pdfium.PdfDocument(real + b"\n" * padding)) == len(pdfium.PdfDocument(real))
