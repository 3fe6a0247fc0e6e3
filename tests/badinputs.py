"""Generate every bad input of issue 7 into a directory, deterministically.

Run ``python tests/badinputs.py OUTDIR`` to make them for a manual run (then
``judgecheck OUTDIR/*``), or import :data:`CASES` and :func:`generate` in tests.
Nothing here is committed but this script: the large inputs are made on demand.
Each case says what judgecheck should do with it: an error code, or ``None``
when the file is read and checked (then ``words`` are expected in a note).
"""

from __future__ import annotations

import io
import os
import random
import re
import sys
import textwrap
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "north-lincolnshire-2017-cabinet-report.txt"
DOCX_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


# -- a small PDF writer: Helvetica text, one content stream a page, a classic xref table ----------


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[list[str]], *, compress: bool = True) -> bytes:
    """A valid PDF whose pages show the given lines (top to bottom) in 10pt Helvetica."""
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree, filled in below
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        ops = [b"BT /F1 10 Tf 12 TL 50 800 Td"]
        ops += [_pdf_string(line) + b" '" for line in lines]
        ops.append(b"ET")
        stream = b"\n".join(ops)
        if compress:
            stream = zlib.compress(stream, 6)
            head = b"<< /Length %d /Filter /FlateDecode >>" % len(stream)
        else:
            head = b"<< /Length %d >>" % len(stream)
        objects.append(head + b"\nstream\n" + stream + b"\nendstream")
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % content)
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(kids), b" ".join(b"%d 0 R" % k for k in kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def seed_lines(width: int = 95) -> list[str]:
    """The seed report's text as wrapped lines, Markdown marks removed: real report prose."""
    text = SEED.read_text(encoding="utf-8").replace("**", "")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width) or [""])
    return lines


def report_pdf(n_pages: int, lines_per_page: int = 60) -> bytes:
    """A PDF of ``n_pages`` pages of the seed's prose (repeated as needed), with a running header and page numbers."""
    lines = seed_lines()
    pages = []
    for page in range(n_pages):
        start = (page * lines_per_page) % len(lines)
        body = (lines[start:] + lines)[:lines_per_page]
        pages.append(["North Lincolnshire Council - Cabinet", "", *body, "", f"{page + 1}"])
    return make_pdf(pages)


def corrupt_xref(pdf: bytes) -> bytes:
    """The PDF with every in-use xref offset pointing 7 bytes off: PDFium rebuilds the table by scanning."""
    start = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    table = pdf[start:]
    fixed = re.sub(rb"(\d{10}) (\d{5}) n", lambda m: b"%010d %s n" % (int(m.group(1)) + 7, m.group(2)), table)
    return pdf[:start] + fixed


def encrypted(pdf: bytes, user: str) -> bytes:
    """The PDF encrypted (AES-128) with an owner password and the given user password."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.save(out, encryption=pikepdf.Encryption(owner="owner", user=user, R=4))
    return out.getvalue()


def image_only_pdf() -> bytes:
    """One page with a grey rectangle and no text: what a scan looks like to judgecheck."""
    stream = b"0.5 g 50 50 495 742 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


# -- DOCX ---------------------------------------------------------------------------------------


def docx(body: str, *, part: str = "word/document.xml", prolog: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, f'<?xml version="1.0"?>{prolog}<w:document {DOCX_NS}><w:body>{body}</w:body></w:document>')
    return out.getvalue()


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_bomb() -> bytes:
    """A DOCX whose main part inflates from about 100 KB to 100 MB of one repeated byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<" + b" " * (100 * 1024 * 1024) + b">")
    return out.getvalue()


# -- text ---------------------------------------------------------------------------------------


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def latin1() -> str:
    """The seed with its typographic quotes and dashes made plain, so that Latin-1 can hold all of it."""
    text = seed_text().translate(str.maketrans("‘’“”–—…", "''\"\"--.", "\u200b"))
    return text.encode("latin-1", errors="replace").decode("latin-1")


def with_nul_bytes() -> bytes:
    """The seed with a NUL byte after every full stop: what a bad export leaves behind."""
    return seed_text().replace(". ", ".\x00 ").encode("utf-8")


WELSH = """Arolygiad o wasanaethau plant yr awdurdod lleol

Cyngor Sir Enghraifft

Dyddiadau'r arolygiad: 3 i 14 Mawrth 2025

Mae'r adroddiad hwn yn disgrifio profiadau plant a theuluoedd. Mae'r arweinwyr yn gweithio'n dda gyda phartneriaid,
ac mae'r gweithwyr cymdeithasol yn adnabod y plant yn dda. Dylai'r cyngor wella ansawdd y cynlluniau gofal.
"""

FRENCH = """Rapport d'inspection des services de protection de l'enfance

Département exemple, du 3 au 14 mars 2025

Les responsables travaillent bien avec leurs partenaires. Les travailleurs sociaux connaissent bien les enfants.
Le conseil départemental doit améliorer la qualité des projets pour l'enfant.
"""

NO_GRADES = """Annual report of the children's services department

This paper summarises the work of the department over the year. Staff turnover fell, the number of
children in care was stable and the new case-recording system went live in March. No inspection took place.
"""


# -- the cases ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One bad input: its file name, how to make its bytes, and what judgecheck should say."""

    name: str
    make: Callable[[], bytes]
    #: The error code expected, or None when the file is read and checked.
    code: str | None
    #: Words expected in the error message (or, when read, in a note on the document; "" for none).
    words: str = ""
    #: For readable inputs: the file whose findings it must match ("" when there is none).
    same_as: str = ""
    #: Slow or large enough to be worth timing in a process of its own.
    heavy: bool = False


def _random_bytes() -> bytes:
    return random.Random(7).randbytes(4096).replace(b"%PDF", b"%pdf")


def _zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("report.txt", "not a PDF")
    return out.getvalue()


SMALL = 8  # pages of the small generated report that the PDF cases start from

CASES: tuple[Case, ...] = (
    # Not what the name says, or nothing at all.
    Case("html.pdf", lambda: b"<!DOCTYPE html><html><body><p>Report moved</p></body></html>\n", "E003", "an HTML page"),
    Case("zip.pdf", _zip_archive, "E003", "a ZIP archive"),
    Case("random.pdf", _random_bytes, "E003", "binary data"),
    Case("empty.pdf", lambda: b"", "E002", "file is empty"),
    # PDFs that are damaged, locked or hold no text.
    Case("report.pdf", lambda: report_pdf(SMALL), None),
    Case("truncated.pdf", lambda: report_pdf(SMALL)[:1500], "E006", "damaged"),
    Case("xref-broken.pdf", lambda: corrupt_xref(report_pdf(SMALL)), None, "repaired", same_as="report.pdf"),
    Case("encrypted.pdf", lambda: encrypted(report_pdf(SMALL), user="secret"), "E004", "password"),
    Case("encrypted-empty-password.pdf", lambda: encrypted(report_pdf(SMALL), user=""), None, same_as="report.pdf"),
    Case("no-text.pdf", image_only_pdf, "E005", "OCR is not supported"),
    Case("pages-2000.pdf", lambda: report_pdf(2000), "E012", "2,000 pages, more than the limit of 1,000", heavy=True),
    Case("million-chars.pdf", lambda: make_pdf([[("x" * 99 + " ") * 10 for _ in range(1000)]]), None, heavy=True),
    # DOCX.
    Case("bomb.docx", docx_bomb, "E008", "zip bomb"),
    Case("external-entity.docx", lambda: docx(para("&xxe;"), prolog='<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
         "E008", "DTD"),
    Case("no-main-part.docx", lambda: docx(para("text"), part="word/other.xml"), "E008", "no word/document.xml"),
    # Readable but odd text.
    Case("seed.txt", lambda: seed_text().encode("utf-8"), None),
    Case("utf16-bom.txt", lambda: seed_text().encode("utf-16"), None, same_as="seed.txt"),
    Case("utf16-no-bom.txt", lambda: seed_text().encode("utf-16-le"), None, "UTF-16-LE (no byte-order mark)", "seed.txt"),
    Case("utf16be-no-bom.txt", lambda: seed_text().encode("utf-16-be"), None, "UTF-16-BE (no byte-order mark)", "seed.txt"),
    Case("latin1.txt", lambda: latin1().encode("latin-1"), None, "decoded as Windows-1252", "latin1-as-utf8.txt"),
    Case("latin1-as-utf8.txt", lambda: latin1().encode("utf-8"), None),
    Case("utf8-bom.txt", lambda: b"\xef\xbb\xbf" + seed_text().encode("utf-8"), None, same_as="seed.txt"),
    Case("nul-bytes.txt", with_nul_bytes, None, "NUL character(s) removed", same_as="seed.txt"),
    Case("long-line.txt", lambda: (("The service is good. " * 500_000)[: 10 * 1024 * 1024] + "\n").encode(), None, heavy=True),
    Case("nested-lists.md", lambda: ("- " * 10_000 + "deepest item\n").encode(), None, heavy=True),
    Case("welsh.txt", lambda: WELSH.encode("utf-8"), None),
    Case("french.txt", lambda: FRENCH.encode("utf-8"), None),
    Case("no-grades.txt", lambda: NO_GRADES.encode("utf-8"), None),
    Case("name with spaces 'quotes' \"double\" café ñ 報告.txt", lambda: seed_text().encode("utf-8"), None, same_as="seed.txt"),
)
BY_NAME = {case.name: case for case in CASES}


def generate(outdir: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Write the cases named (default: all) into ``outdir``; return each case's path."""
    outdir.mkdir(parents=True, exist_ok=True)
    made = {}
    for case in CASES:
        if names is None or case.name in names:
            path = outdir / case.name
            if not path.exists():
                path.write_bytes(case.make())
            made[case.name] = path
    return made


def make_symlink_loop(outdir: Path) -> Path:
    """A directory holding a report, a link to itself, and two links pointing at each other."""
    loop = outdir / "symlink-loop"
    loop.mkdir(parents=True, exist_ok=True)
    (loop / "report.txt").write_text(seed_text(), encoding="utf-8")
    for link, target in (("self", "."), ("a.txt", "b.txt"), ("b.txt", "a.txt"), ("up", "..")):
        if not (loop / link).is_symlink():
            os.symlink(target, loop / link)
    return loop


def make_unreadable(outdir: Path) -> Path:
    path = outdir / "unreadable.txt"
    path.write_text(seed_text(), encoding="utf-8")
    path.chmod(0)
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/badinputs.py OUTDIR")
    target = Path(sys.argv[1])
    for case_name, made_path in generate(target).items():
        expected = BY_NAME[case_name].code or "checked"
        print(f"{expected:8} {made_path.stat().st_size:>12,}  {made_path}")
    print(f"{'loop':8} {'':>12}  {make_symlink_loop(target)}")
    print(f"{'E011':8} {'':>12}  {make_unreadable(target)}  (as a user other than root)")
