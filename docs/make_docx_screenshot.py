"""Make the README's picture of a commented Word draft (docs/annotated-draft.png), as LibreOffice Writer shows it.

    .venv/bin/python docs/make_docx_screenshot.py [--keep DIR] [--writer-deb DEB]

1. The draft: the fixture ``tests/fixtures/cambridgeshire-2019-02-18.pdf`` extracted
   by ``judgecheck extract`` to Markdown and typeset as DOCX by pandoc
   (``tests/fixtures/docx_drafts.py``, as the Word draft tests make it).
2. ``judgecheck check --annotate``: a copy with one Word comment per finding.
3. Headless LibreOffice Writer, with a private profile, exports the copy to PDF
   with the comments in the right margin: the profile sets Writer's print
   option "Comments: Place in margins" (``Office.Writer/Print/Content/Note`` = 4),
   which Writer's PDF export follows. (LibreOffice 7.4's PDF filter has no
   ``ExportNotesInMargin`` option: given on the command line it is ignored.)
4. The page with the most comments (the first of them on a tie) is rasterised
   by pdftoppm, trimmed to its text and comments, and saved with a small palette.

Writer draws margin comments with its comment window, whose layout file
(``share/config/soffice.cfg/modules/swriter/ui/annotation.ui``) Debian's
``libreoffice-writer-nogui`` leaves out; without it the export fails. When the
installed LibreOffice lacks it, Writer's UI files are taken from the
``libreoffice-writer`` package of the same version (``--writer-deb``, or the one
``make screenshot`` downloads into ``build/libreoffice-writer/`` with ``apt-get
download``; nothing is installed) and LibreOffice runs with them through a view
of its install directory (real folders on the way to Writer's UI folder, links
to the install for everything else; ``-env:BRAND_BASE_DIR``).
``--writer-ui-package`` prints the package to download when one is needed
(nothing otherwise), for the Makefile.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
from docx_drafts import JUDGECHECK, REPORT, pandoc_draft, soffice  # noqa: E402

TARGET = ROOT / "docs" / "annotated-draft.png"
DEBS = ROOT / "build" / "libreoffice-writer"
#: Writer's UI folder, inside a LibreOffice install.
WRITER_UI = Path("share/config/soffice.cfg/modules/swriter/ui")
#: The comment window's layout, which margin comments need.
ANNOTATION_UI = WRITER_UI / "annotation.ui"
#: The profile's settings: Writer prints (and exports to PDF) comments in the margin (SwPostItMode::InMargins).
SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Writer/Print/Content"><prop oor:name="Note" oor:op="fuse"><value>4</value></prop></item>
</oor:items>
"""
#: A comment's author line, as Writer draws it in the margin (the author of judgecheck's comments).
AUTHOR = "judgecheck"
DPI = 110


def install_dir() -> Path | None:
    """The LibreOffice installation soffice runs from (the folder holding program/ and share/)."""
    command = soffice()
    if command is None:
        return None
    base = Path(os.path.realpath(command)).parent.parent
    return base if (base / "program").is_dir() and (base / "share").is_dir() else None


def installed_version() -> str | None:
    """The Debian version of the installed LibreOffice Writer (nogui or not), if dpkg knows it."""
    for package in ("libreoffice-writer-nogui", "libreoffice-writer"):
        try:
            out = subprocess.run(["dpkg-query", "-W", "-f=${Status} ${Version}", package], capture_output=True, text=True, check=False)
        except OSError:
            return None
        if out.returncode == 0 and out.stdout.startswith("install ok installed "):
            return out.stdout.split()[-1]
    return None


def writer_deb(given: Path | None = None) -> Path | None:
    """The libreoffice-writer package to take Writer's UI files from: ``given``, or one in build/ of the installed version."""
    if given is not None:
        return given
    version = installed_version()
    for deb in sorted(DEBS.glob("libreoffice-writer_*.deb")):
        if version is None or subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], capture_output=True, text=True,
                                             check=False).stdout.strip() == version:
            return deb
    return None


def needs_writer_ui() -> bool:
    """Whether the installed LibreOffice lacks the comment window's layout (Debian's nogui variant)."""
    base = install_dir()
    return base is not None and not (base / ANNOTATION_UI).is_file()


def missing_package() -> str:
    """The package ``make screenshot`` should download for Writer's UI files, or '' when none is needed."""
    if not needs_writer_ui() or writer_deb() is not None:
        return ""
    version = installed_version()
    return f"libreoffice-writer={version}" if version else "libreoffice-writer"


def writer_ui_from(deb: Path, folder: Path) -> Path:
    """Writer's UI files (``*.ui``) out of the package ``deb``, into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    inside = f"./usr/lib/libreoffice/{WRITER_UI.as_posix()}/"
    with subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE) as unpack:
        assert unpack.stdout is not None
        with tarfile.open(fileobj=unpack.stdout, mode="r|*") as archive:
            for member in archive:
                name = member.name[len(inside):]
                if member.isfile() and member.name.startswith(inside) and "/" not in name and name.endswith(".ui"):
                    source = archive.extractfile(member)
                    assert source is not None
                    (folder / name).write_bytes(source.read())
    if not (folder / ANNOTATION_UI.name).is_file():
        raise SystemExit(f"{deb} holds no {ANNOTATION_UI.name}: is it Debian's libreoffice-writer package?")
    return folder


def overlay(base: Path, ui: Path, folder: Path) -> Path:
    """A view of the install ``base`` whose Writer UI folder is ``ui``: real folders on the way, links for the rest.

    ``presets`` (copied into a new profile, which fails through a linked folder) is
    remade as real folders of linked files.
    """
    here, there = folder, base
    for part in WRITER_UI.parts:
        here.mkdir(parents=True)
        for entry in sorted(there.iterdir()):
            if entry.name == part:
                continue
            if there == base and entry.name == "presets" and entry.is_dir():
                shutil.copytree(entry, here / entry.name, copy_function=lambda src, dst: os.symlink(os.path.abspath(src), dst))
            else:
                (here / entry.name).symlink_to(entry)
        here, there = here / part, there / part
    shutil.copytree(ui, here)
    return folder


def render(docx: Path, outdir: Path, work: Path, deb: Path | None = None) -> Path:
    """``docx`` exported to PDF by headless LibreOffice Writer with its comments in the margin; the PDF's path."""
    base = install_dir()
    if base is None:
        raise SystemExit("LibreOffice (soffice) is not installed: make office installs Debian's libreoffice-writer-nogui (as root)")
    env_args = []
    if not (base / ANNOTATION_UI).is_file():
        deb = writer_deb(deb)
        if deb is None:
            raise SystemExit(f"this LibreOffice has no {ANNOTATION_UI} (Debian's nogui variant), which comments in the "
                             f"margin need: make screenshot downloads libreoffice-writer's package into {DEBS.relative_to(ROOT)}/ "
                             "for it, or install libreoffice-writer, or give --writer-deb")
        brand = overlay(base, writer_ui_from(deb, work / "writer-ui"), work / "libreoffice")
        env_args = [f"-env:BRAND_BASE_DIR={brand.as_uri()}"]
    profile = work / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(SETTINGS, encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    command = [str(base / "program" / "soffice"), f"-env:UserInstallation={profile.as_uri()}", *env_args,
               "--headless", "--norestore", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(docx)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(profile)}, check=False)
    pdf = outdir / f"{docx.stem}.pdf"
    if run.returncode != 0 or not pdf.is_file():
        raise SystemExit(f"LibreOffice could not export {docx.name} to PDF:\n{run.stdout}{run.stderr}")
    return pdf


def comments_per_page(pdf: Path) -> list[int]:
    """How many of judgecheck's comments Writer drew in each page's margin (their author lines)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [sum(line.strip() == AUTHOR for line in page.get_textpage().get_text_range().splitlines()) for page in document]
    finally:
        document.close()


def annotated_draft(work: Path) -> Path:
    """The fixture report as a pandoc draft, and its copy with judgecheck's comments."""
    draft = pandoc_draft(REPORT, work / f"{REPORT.stem}.docx")
    copy = work / f"{REPORT.stem}.annotated.docx"
    run = subprocess.run([str(JUDGECHECK), "check", "--no-cache", "--exit-zero", "--format", "concise", "--annotate", str(copy), str(draft)],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0 or not copy.is_file():
        raise SystemExit(f"judgecheck --annotate failed on the draft:\n{run.stderr}")
    print(run.stderr.strip())
    return copy


def screenshot(pdf: Path, page: int, target: Path, work: Path) -> None:
    """Page ``page`` (1-based) of ``pdf`` rasterised by pdftoppm, trimmed to what is drawn on it, in a small PNG."""
    from PIL import Image, ImageChops

    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm is not installed: make office installs Debian's poppler-utils (as root)")
    prefix = work / "page"
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(DPI), "-png", "-singlefile", str(pdf), str(prefix)],
                   check=True, capture_output=True, timeout=120)
    image = Image.open(prefix.with_suffix(".png")).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, (255, 255, 255))).getbbox()
    if box:
        pad = 18
        image = image.crop((max(0, box[0] - pad), max(0, box[1] - pad), min(image.width, box[2] + pad), min(image.height, box[3] + pad)))
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(target, optimize=True)
    print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target} "
          f"({target.stat().st_size // 1024} KB, {image.width}x{image.height}): page {page} of the LibreOffice PDF")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the intermediate files (draft, annotated copy, PDF) in this directory")
    parser.add_argument("--writer-deb", type=Path, help="Debian's libreoffice-writer package to take Writer's UI files from")
    parser.add_argument("--out", type=Path, default=TARGET, help=f"the PNG to write (default {TARGET.relative_to(ROOT)})")
    parser.add_argument("--writer-ui-package", action="store_true",
                        help="print the package to download for Writer's UI files, if one is needed, and exit")
    args = parser.parse_args(argv)
    if args.writer_ui_package:
        print(missing_package())
        return 0
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc is not installed: make office installs Debian's pandoc (as root)")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        copy = annotated_draft(work)
        pdf = render(copy, work / "pdf", Path(tempfile.mkdtemp(dir=tmp)), args.writer_deb)
        counts = comments_per_page(pdf)
        if not any(counts):
            raise SystemExit(f"{pdf}: no comment in any margin (did LibreOffice draw them?)")
        page = counts.index(max(counts)) + 1
        print(f"comments in the margin, page by page: {counts}")
        screenshot(pdf, page, args.out, Path(tempfile.mkdtemp(dir=tmp)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
