"""Coverage-guided fuzzing of the readers and the structure stage with atheris (libFuzzer).

Usage: python bench/fuzz.py READER [--seconds N] [--corpus DIR] [-- LIBFUZZER-FLAGS...]

READER is ``pdf``, ``docx`` or ``text`` (plain text and Markdown). Each input's
bytes go through the reader, then the structure stage, then ``extract``'s
Markdown. A coded :class:`~judgecheck.errors.JudgecheckError` is the expected
answer to bad input; any other exception (or a hang past ``-timeout``) is a
crash, saved by libFuzzer as ``crash-*``/``timeout-*`` in ``CORPUS-artifacts``
beside the corpus. The corpus (default ``bench/fuzz-corpus/READER``) is seeded
on first use from small real inputs. atheris is not a dependency of
judgecheck: ``pip install atheris==2.3.0`` (or ``pip install -e ".[fuzz]"``).
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["judgecheck", "judgecheck_ofsted", "judgecheck_rules"]):
    from judgecheck.errors import JudgecheckError
    from judgecheck.output.markdown import to_markdown
    from judgecheck.plugins import load_registry
    from judgecheck.read.docx import ZIP_ERRORS, read_docx
    from judgecheck.read.pdf import read_pdf
    from judgecheck.read.text import read_markdown, read_text
    from judgecheck.structure import build_document

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED_TEXT = FIXTURES / "north-lincolnshire-2017-cabinet-report.txt"
READERS: dict[str, tuple[tuple[str, Callable], ...]] = {
    "pdf": (("fuzz.pdf", read_pdf),),
    "docx": (("fuzz.docx", read_docx),),
    "text": (("fuzz.txt", read_text), ("fuzz.md", read_markdown)),
}
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(body: str) -> bytes:
    """A minimal DOCX whose document part has ``body`` (WordprocessingML) inside <w:body>."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def _para(text: str, style: str = "", page_break: bool = False) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    br = '<w:r><w:br w:type="page"/></w:r>' if page_break else ""
    return f"<w:p>{ppr}{br}<w:r><w:t>{text}</w:t></w:r></w:p>"


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A small PDF with a Helvetica text layer: one line of text per string."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        safe = [line.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]").replace("\\", "/") for line in lines]
        ops = "".join(f"BT /F1 10 Tf 50 {780 - 14 * i} Td ({line}) Tj ET\n" for i, line in enumerate(safe))
        objects.append(f"<< /Length {len(ops)} >>\nstream\n{ops}endstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = [b"%PDF-1.4\n"], []
    for number, body in enumerate(objects, start=1):
        offsets.append(sum(map(len, out)))
        out.append(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = sum(map(len, out))
    out.append(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.extend(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out.append(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return b"".join(out)


def seeds(reader: str) -> dict[str, bytes]:
    """Small real inputs to start from."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    opening = text.splitlines()[:120]
    if reader == "pdf":
        report = [line for line in opening if line.strip()]
        pages = [["North Lincolnshire Council cabinet report", *report[i:i + 40], f"Page {n} of 3"]
                 for n, i in enumerate(range(0, len(report), 40), start=1)]
        return {
            "small.pdf": pdf_bytes(pages),
            "judgements.pdf": pdf_bytes([["Inspection of Testshire local authority children's services",
                                          "Inspection dates: 1 to 5 May 2023", "Judgement Grade",
                                          "Overall effectiveness Good", "1. Children wait too long.",
                                          "1 A footnote at the foot of the page."]]),
        }
    if reader == "docx":
        row = "<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>"
        table = "<w:tbl>" + row.format(_para("Judgement"), _para("Grade")) + row.format(
            _para("Overall effectiveness"), _para("Good")) + "</w:tbl>"
        return {
            "report.docx": docx_bytes("".join(_para(line.replace("&", "&amp;").replace("<", "&lt;")) for line in opening)),
            "graded.docx": docx_bytes(
                _para("Inspection of Testshire local authority children’s services", "Title")
                + _para("Inspection dates: 1 to 5 May 2023") + table
                + _para("Overall effectiveness: good", "Heading1") + _para("1. Children wait too long.")
                + _para("Plans drift.", "ListParagraph", page_break=True)
            ),
        }
    cqc = ROOT / "plugins" / "judgecheck-cqc" / "tests" / "sample-report.md"
    return {"seed.txt": "\n".join(opening).encode(), "cqc.md": cqc.read_bytes()}


def target(reader: str) -> Callable[[bytes], None]:
    """The function libFuzzer calls with each input."""
    frameworks = load_registry().frameworks

    def one_input(data: bytes) -> None:
        for name, read in READERS[reader]:
            try:
                source = read(Path(name), data)
            except JudgecheckError:
                continue
            to_markdown(build_document(source, frameworks))

    return one_input


def docx_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    """Mostly mutate the XML inside the archive (a byte-level mutation would only break the ZIP's checksums)."""
    if seed % 4:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                xml = archive.read("word/document.xml")
        except (*ZIP_ERRORS, KeyError):  # not (or no longer) a DOCX: mutate the bytes
            pass
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("[Content_Types].xml", "<Types/>")
                z.writestr("word/document.xml", atheris.Mutate(xml, 2 * len(xml) + 64))
            if len(buffer.getvalue()) <= max_size:
                return buffer.getvalue()
    return atheris.Mutate(data, max_size)


def main(argv: list[str]) -> None:
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[: len(argv) - len(extra) - 1] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog="Flags after -- go to libFuzzer.")
    parser.add_argument("reader", choices=sorted(READERS))
    parser.add_argument("--seconds", type=int, default=600, help="how long to fuzz (default 600)")
    parser.add_argument("--corpus", type=Path, help="the corpus folder (default bench/fuzz-corpus/READER)")
    args = parser.parse_args(argv)
    corpus = args.corpus or ROOT / "bench" / "fuzz-corpus" / args.reader
    corpus.mkdir(parents=True, exist_ok=True)
    if not any(corpus.iterdir()):
        for name, data in seeds(args.reader).items():
            (corpus / name).write_bytes(data)
    artifacts = corpus.parent / f"{corpus.name}-artifacts"
    artifacts.mkdir(exist_ok=True)
    flags = [f"-max_total_time={args.seconds}", "-timeout=30", "-rss_limit_mb=4096", f"-artifact_prefix={artifacts}/",
             "-print_final_stats=1", "-max_len=262144", *extra, str(corpus)]
    mutator = {"custom_mutator": docx_mutator} if args.reader == "docx" else {}
    atheris.Setup([sys.argv[0], *flags], target(args.reader), **mutator)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv[1:])
