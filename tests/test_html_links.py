"""The HTML report's links to PDF pages, marked trigger words, section-scaled bars and filtering, in headless Chromium."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pypdfium2
import pytest
from conftest import FIXTURES, SEED, run_cli
from test_html import needs_chromium, render, write_html

from judgecheck.model import SectionProfile
from judgecheck.output.html import _chart, marked

PDF = FIXTURES / "gateshead-2025-01-29.pdf"


def findings_of(*reports: Path) -> list[dict[str, Any]]:
    documents = json.loads(run_cli("--format", "json", *map(str, reports)).stdout)["documents"]
    return [f | {"doc": i} for i, d in enumerate(documents) for f in d["findings"]]


def page_text(pdf: Path, page: int) -> str:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return " ".join(document[page - 1].get_textpage().get_text_range().split())
    finally:
        document.close()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report written into a sub-folder, so its links to the PDF must climb out of it."""
    out = tmp_path_factory.mktemp("links") / "site" / "reports"
    out.mkdir(parents=True)
    html, _ = write_html(out, "report.html", PDF, SEED, extra=("--no-cache",))
    return html


@needs_chromium
def test_page_links_open_the_pdf_at_the_findings_page(page: Path, tmp_path: Path) -> None:
    dom, requests = render(page, tmp_path)
    assert requests == []
    findings = [f for f in findings_of(PDF, SEED) if f["doc"] == 0]
    links = [a for a in dom.all("a", "page", doc="d1")]
    assert len(links) == len([f for f in findings if f["page"]]) > 5
    assert not dom.all("a", "page", doc="d2")  # a text file's pages are not real: no link
    for link, f in zip(links, [f for f in findings if f["page"]], strict=True):
        href = link.attrs["href"]
        assert not href.startswith(("file:", "/"))  # relative to the page
        url = urlsplit(urljoin(page.resolve().as_uri(), href))
        assert Path(unquote(url.path)) == PDF.resolve() and url.fragment == f"page={f['page']}"
        assert link.text == f"page {f['page']}" + (f" · paragraph {f['paragraph']}" if f["paragraph"] is not None else "")
        # The page the link opens holds the quoted sentence, or the start of its paragraph when it runs on to the next page.
        opening = " ".join(f["excerpt"].split()[:4]).replace("’", "'")
        pages = [page_text(PDF, n).replace("’", "'") for n in (f["page"], f["page"] + 1)]
        assert opening in pages[0] or (f["paragraph"] is not None and opening in pages[1]), (f["page"], opening)


def test_links_are_relative_to_the_working_directory_on_standard_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    out = run_cli("--format", "html", "--select", "JC601", str(PDF)).stdout
    assert f'href="fixtures/{PDF.name}#page=2"' in out


@needs_chromium
def test_trigger_words_are_marked_in_the_quoted_sentence(page: Path, tmp_path: Path) -> None:
    dom, _ = render(page, tmp_path)
    quotes = dom.all("blockquote", doc="d1")
    marks = [m.text for m in dom.all("mark", doc="d1")]
    findings = [f for f in findings_of(PDF) if f["rule"] == "JC101"]
    # Each JC101 names its cue words in its message ('not always'); each is marked where the sentence has it.
    assert {"not always", "variability", "not consistently", "Not all", "timely", "delay"} <= set(marks)
    assert len(quotes) == len(findings_of(PDF)) and len(marks) >= len(findings)


def test_marking_escapes_and_takes_the_longest_cue_first() -> None:
    assert marked("<b> not all, not always & not all", ["not always", "not all"]) == (
        "&lt;b&gt; <mark>not all</mark>, <mark>not always</mark> &amp; <mark>not all</mark>")
    assert marked("Not ALL", ["not all"]) == "<mark>Not ALL</mark>"


def test_bars_are_scaled_to_the_sections_sentences_with_a_scale() -> None:
    small = SectionProfile(0, "Help", "help_and_protection", "good", 1, 30, (0, 4, 0), (0, 0, 0))
    large = SectionProfile(1, "Care", "in_care", "good", 2, 64, (0, 0, 0), (0, 1, 0))
    # 4 of 30 sentences is 4/30 of the bar (150 wide), not the whole bar; 1 of 64 is 1/64 of it.
    assert 'width="20.0"' in _chart(small) and "30 sentences</text>" in _chart(small)
    assert 'width="2.34"' in _chart(large) and "64 sentences</text>" in _chart(large)
    assert 'class="axis"' in _chart(small)


@needs_chromium
def test_filtering_hides_reports_with_nothing_left(page: Path, tmp_path: Path) -> None:
    dom, _ = render(page, tmp_path, query="severity=error")  # only Gateshead has an error (JC601)
    docs = {e.attrs["id"]: e for e in dom.all("section", "doc")}
    assert "hidden" not in docs["d1"].attrs and "hidden" in docs["d2"].attrs
    dom, _ = render(page, tmp_path)
    assert not [e for e in dom.all("section", "doc") if "hidden" in e.attrs]
