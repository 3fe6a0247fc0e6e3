"""The README's picture of a commented draft: LibreOffice draws judgecheck's comments in the margin.

``docs/make_docx_screenshot.py`` renders the annotated copy of a pandoc draft with
headless LibreOffice Writer; this checks its rendering step on the same draft.
Skipped, saying why, without pandoc or LibreOffice, or when LibreOffice lacks
the layout of Writer's comment window (Debian's nogui variant) and no
libreoffice-writer package was downloaded for it (``make screenshot`` does).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs"))
import make_docx_screenshot as shot  # noqa: E402

pytestmark = [
    pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed (make test installs Debian's pandoc)"),
    pytest.mark.skipif(shot.install_dir() is None,
                       reason="LibreOffice is not installed (make test installs Debian's libreoffice-writer-nogui)"),
    pytest.mark.skipif(shot.install_dir() is not None and shot.needs_writer_ui() and shot.writer_deb() is None,
                       reason="LibreOffice lacks Writer's comment window layout (the nogui variant) and no libreoffice-writer "
                              "package is in build/libreoffice-writer/ (make screenshot downloads it)"),
]


def test_libreoffice_draws_every_comment_of_the_annotated_draft_in_the_margin(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    copy = shot.annotated_draft(tmp_path)
    comments = [c for c in docx.Document(str(copy)).comments if c.author == "judgecheck"]
    pdf = shot.render(copy, tmp_path / "pdf", tmp_path / "work")
    counts = shot.comments_per_page(pdf)
    assert sum(counts) == len(comments) > 0
    document = pdfium.PdfDocument(pdf)
    pages = [page.get_textpage().get_text_range().replace("\ufffe", "-") for page in document]
    document.close()
    assert "Run `judgecheck rule" in pages[counts.index(max(counts))]
    for comment in comments:  # each comment's rule, in the margin of some page
        assert any(comment.text.split()[0] in page for page in pages), comment.text
