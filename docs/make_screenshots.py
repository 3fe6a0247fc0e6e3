"""Make the README's screenshots from the seed report (tests/fixtures/north-lincolnshire-2017-cabinet-report.txt).

    .venv/bin/python docs/make_screenshots.py [--keep DIR]

1. ``docs/annotated-pdf.png``: the seed is text, so it is first typeset into a
   plain PDF (Helvetica, A4, with pikepdf: the same bytes every time); then
   ``judgecheck --annotate`` highlights its findings, and the page holding the
   good section's "short delay" sentence (JC101) is rendered with pypdfium2 and
   cropped around the highlight.
2. ``docs/html-report.png``: ``judgecheck --format html`` on the seed, captured
   by headless Chromium (``/usr/bin/chromium``, or $CHROMIUM) and cropped.

Both PNGs are reduced to a small palette to stay well under 300 KB. ``--keep DIR``
keeps the intermediate files (the seed PDF, its annotated copy, the HTML).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from PIL import Image, ImageChops

from judgecheck.model import Finding
from judgecheck.output.annotate import escape, locate, wrap

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "north-lincolnshire-2017-cabinet-report.txt"
DOCS = ROOT / "docs"
JUDGECHECK = [sys.executable, "-m", "judgecheck"]
WIDTH, HEIGHT, MARGIN = 595.28, 841.89, 64.0
SIZE, LEADING = 10.0, 13.5


def typeset(text: str) -> list[list[bytes]]:
    """The seed's lines as PDF text operations, page by page ("**" lines bold, tab cells in columns)."""
    pages: list[list[bytes]] = [[]]
    y = HEIGHT - MARGIN

    def emit(ops: bytes, height: float) -> None:
        nonlocal y
        if y - height < MARGIN:
            pages.append([])
            y = HEIGHT - MARGIN
        pages[-1].append(ops.replace(b"{y}", f"{y:.2f}".encode()))
        y -= height

    for raw in text.splitlines():
        line = raw.replace("<p>", "").replace("</p>", "").rstrip()
        if not line.strip():
            y -= LEADING * 0.5
            continue
        bold = line.startswith("**") or line.endswith("**")
        line = line.replace("**", "")
        font = b"F2" if bold else b"F1"
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            first = wrap(cells[0], SIZE, 300)[0] if cells[0] else b""
            ops = b"BT /%s %.1f Tf %.2f {y} Td (%s) Tj ET" % (font, SIZE, MARGIN, escape(first))
            for column, cell in enumerate(c for c in cells[1:] if c):
                ops += b" BT /%s %.1f Tf %.2f {y} Td (%s) Tj ET" % (font, SIZE, MARGIN + 320 + 90 * column, escape(wrap(cell, SIZE, 150)[0]))
            emit(ops, LEADING)
            continue
        for part in wrap(line, SIZE, WIDTH - 2 * MARGIN, bold=bold):
            emit(b"BT /%s %.1f Tf %.2f {y} Td (%s) Tj ET" % (font, SIZE, MARGIN, escape(part)), LEADING)
    return pages


def seed_pdf(target: Path) -> None:
    """Typeset the seed report into a plain, deterministic PDF."""
    pdf = pikepdf.new()
    fonts = pdf.make_indirect(pikepdf.Dictionary(
        F1=pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                              Encoding=pikepdf.Name.WinAnsiEncoding),
        F2=pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name("/Helvetica-Bold"),
                              Encoding=pikepdf.Name.WinAnsiEncoding),
    ))
    pages = typeset(SEED.read_text(encoding="utf-8"))
    for number, ops in enumerate(pages, start=1):
        footer = b"BT /F1 9 Tf %.2f 36 Td (%d) Tj ET" % (WIDTH / 2, number)
        content = pikepdf.Stream(pdf, b"\n".join([*ops, footer]) + b"\n")
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, WIDTH, HEIGHT], Contents=pdf.make_indirect(content),
            Resources=pikepdf.Dictionary(Font=fonts),
        )))
    pdf.save(target, deterministic_id=True)


def small_png(image: Image.Image, target: Path, colours: int = 96) -> None:
    """Save with an adaptive palette: text screenshots stay sharp and small."""
    image.convert("RGB").quantize(colors=colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        target, optimize=True)
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size // 1024} KB, {image.width}x{image.height})")


def annotated_screenshot(work: Path) -> None:
    source = work / "north-lincolnshire-2017-cabinet-report.pdf"
    annotated = work / "north-lincolnshire-2017-cabinet-report.annotated.pdf"
    seed_pdf(source)
    run = subprocess.run([*JUDGECHECK, "check", "--no-cache", "--format", "json", "--annotate", str(annotated), str(source)],
                         capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):
        raise SystemExit(f"judgecheck failed on the seed PDF:\n{run.stderr}")
    findings = json.loads(run.stdout)["documents"][0]["findings"]
    target = next((f for f in findings if f["rule"] == "JC101" and "short delay" in f["excerpt"]), None)
    if target is None:
        raise SystemExit("the seed PDF has no JC101 finding on the 'short delay' sentence")
    pdf = pdfium.PdfDocument(annotated)
    page = pdf[target["page"] - 1]
    scale = 1.6
    # Where the sentence is: the annotator's own placement of that finding.
    finding = Finding(**{k: target.get(k) for k in Finding.__dataclass_fields__})
    [placement] = locate(pdf, [finding])
    found = [box for _, boxes in placement.boxes for box in boxes]
    image = page.render(scale=scale, may_draw_forms=True, draw_annots=True).to_pil()
    top = max(r[3] for r in found) if found else HEIGHT - MARGIN
    bottom = min(r[1] for r in found) if found else MARGIN
    upper = max(0, int((HEIGHT - top - 190) * scale))
    lower = min(image.height, int((HEIGHT - bottom + 150) * scale))
    crop = image.crop((int((MARGIN - 24) * scale), upper, int((WIDTH - MARGIN + 24) * scale), lower))
    # Beside it, the top of the appended summary page that lists every finding.
    first = next(i for i in range(len(pdf)) if pdf[i].get_textpage().get_text_range().startswith("judgecheck findings"))
    summary = pdf[first]
    listing = summary.render(scale=scale * 0.8, may_draw_forms=True, draw_annots=True).to_pil()
    listing = listing.crop((int(40 * scale * 0.8), int(40 * scale * 0.8), int((WIDTH - 40) * scale * 0.8),
                            int(40 * scale * 0.8) + crop.height))
    both = Image.new("RGB", (crop.width + 12 + listing.width, crop.height), (200, 200, 200))
    both.paste(crop, (0, 0))
    both.paste(listing, (crop.width + 12, 0))
    small_png(both, DOCS / "annotated-pdf.png")


def trim(image: Image.Image, pad: int = 16) -> Image.Image:
    """Cut the blank page below (and beside) the content."""
    background = Image.new(image.mode, image.size, image.getpixel((image.width - 1, image.height - 1)))
    box = ImageChops.difference(image, background).getbbox()
    if not box:
        return image
    return image.crop((0, 0, image.width, min(image.height, box[3] + pad)))


def html_screenshot(work: Path, height: int) -> None:
    page = work / "seed.html"
    run = subprocess.run([*JUDGECHECK, "check", "--no-cache", "--format", "html", "-o", str(page), str(SEED.relative_to(ROOT))],
                         capture_output=True, text=True, check=False, cwd=ROOT)
    if run.returncode not in (0, 1) or not page.exists():
        raise SystemExit(f"judgecheck --format html failed (is the HTML format installed?):\n{run.stderr}")
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("no chromium found: install it (apt-get install chromium) or set CHROMIUM")
    shot = work / "html.png"
    profile = work / "chromium-profile"
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        f"--user-data-dir={profile}", f"--window-size=1280,{height}", f"--screenshot={shot}", page.as_uri(),
    ]
    subprocess.run(command, capture_output=True, check=True, timeout=120)
    image = trim(Image.open(shot).convert("RGB"))
    small_png(image, DOCS / "html-report.png", colours=128)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the intermediate files in this directory")
    parser.add_argument("--html-height", type=int, default=1600, help="browser window height (default 1600)")
    parser.add_argument("--only", choices=["pdf", "html"], help="make only one of the two screenshots")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.only in (None, "pdf"):
            annotated_screenshot(work)
        if args.only in (None, "html"):
            html_screenshot(work, args.html_height)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
