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

from judgecheck.model import Finding, Placement, Reading, ReadsLike
from judgecheck.output.html import _bar, _strip, marked
from judgecheck.output.quote import QUOTED, cues

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
    everything = findings_of(PDF)
    findings = [f for f in everything if f["rule"] == "JC101"]
    # Each JC101 quotes in its message the words that carried the model's decision ('not always', 'a small number'
    # (limited), 'not … reflect'); each is marked where the sentence has it, a phrase with a gap as the sentence's
    # own words ("not reflected"); a sentence with none of its named features, by the words the model weighs
    # ("Joint visits ... were not timely.": 'not', 'timely').
    assert {"not always", "variability", "not consistently", "Not all", "delay", "a small number", "some children",
            "lack of", "more to do", "timely", "not reflected", "not explicit"} <= set(marks)
    assert len(quotes) == len(everything) and len(marks) >= len(findings)
    # In each quoted sentence, the marks are the phrases its message quotes, nothing else, and every one the
    # sentence has is marked or overlaps a longer mark ('for a small' within "For a small number").
    elements = dom.all(doc="d1")
    for f, quote in zip(everything, quotes, strict=True):
        at = elements.index(quote) + 1
        inside = []
        while at < len(elements) and elements[at].tag == "mark":
            inside.append(elements[at].text)
            at += 1
        low = f["excerpt"].lower()
        quoted = [q.lower() for q in QUOTED.findall(f["message"])]
        plain = [q for q in quoted if "…" not in q and q in low]
        gapped = [q.split("…") for q in quoted if "…" in q]
        for mark in map(str.lower, inside):
            assert mark in low and (mark in quoted or any(
                mark.startswith(first.strip()) and last.strip() in mark for first, *_, last in gapped)), (mark, f["message"])
        spans = [(i, i + len(m)) for m in inside for i in range(len(low)) if low.startswith(m.lower(), i)]
        assert all(any(i < b and a < i + len(q) for a, b in spans) for q in plain for i in range(len(low))
                   if low.startswith(q, i)), (inside, f["message"])


def test_a_quoted_phrase_with_a_gap_is_marked_as_the_sentences_own_words() -> None:
    def quoted_of(message: str, excerpt: str) -> list[str]:
        return cues(Finding("JC101", "deficit-in-good-section", "info", message, 3, None, None, None, excerpt))

    sentence = ("For a small number of children, assessment outcomes are not reflected in plans, and some plans have "
                "timescales that are not specific and actions that are generic.")
    message = ("Section graded good reports a shortcoming: 'not', 'small number' (limited), 'not … reflect', "
               "'a small number' (limited) (100% by the model).")
    assert quoted_of(message, sentence) == ["a small number", "not reflected", "small number", "not"]
    assert marked(sentence, quoted_of(message, sentence)).startswith(
        "For <mark>a small number</mark> of children, assessment outcomes are <mark>not reflected</mark> in plans")
    # The gap may hold a few words; the last part starts its word; a part the sentence lacks marks nothing.
    weaker = "the community has not been as engaged as it could be"
    assert quoted_of("x: 'not … as', 'could' (a condition).", weaker) == ["not been as", "could"]
    assert quoted_of("x: 'not fully', 'not … understand'.", "Their experiences are not fully understood.") == ["not fully"]
    assert quoted_of("x: 'not … explicit'.", "It was not, in the opinion of the many people we met, explicit.") == []
    assert quoted_of("x: 'not … as'.", "Nothing has been as good.") == []


def test_marking_escapes_and_takes_the_longest_cue_first() -> None:
    assert marked("<b> not all, not always & not all", ["not always", "not all"]) == (
        "&lt;b&gt; <mark>not all</mark>, <mark>not always</mark> &amp; <mark>not all</mark>")
    assert marked("Not ALL", ["not all"]) == "<mark>Not ALL</mark>"


def test_the_bar_splits_by_probability_and_the_strips_mark_the_percentiles() -> None:
    reads = ReadsLike("good", (("outstanding", 0.25), ("good", 0.7), ("requires_improvement", 0.05), ("inadequate", 0.0)), 0.0)
    reading = Reading("section", (3,), "Help", "help_and_protection", "good", 2, reads, Placement("good", "help_and_protection", 40, 25.0, 6.2, 90.0))
    bar = _bar(reading)
    # A quarter of the bar (240 wide) is 60; a grade of no probability has no segment; the legend text in probability order.
    assert 'data-grade="outstanding" x="0.0" y="0" width="60.0"' in bar and 'x="60.0" y="0" width="168.0"' in bar
    assert 'data-grade="inadequate"' not in bar
    assert "reads like good: good 70%, outstanding 25%, requires improvement 5%</div>" in bar
    strip = _strip(reading)
    # The markers sit a quarter and nine tenths along the 120-wide track that starts at 92.
    assert 'class="mark" cx="122.0"' in strip and 'class="mark" cx="200.0"' in strip
    assert "than 25%" in strip and "6.2/100, &gt; 90%" in strip
    assert "among 40 published good sections (help and protection)</div>" in strip


@needs_chromium
def test_filtering_hides_reports_with_nothing_left(page: Path, tmp_path: Path) -> None:
    dom, _ = render(page, tmp_path, query="severity=error")  # only Gateshead has an error (JC601)
    docs = {e.attrs["id"]: e for e in dom.all("section", "doc")}
    assert "hidden" not in docs["d1"].attrs and "hidden" in docs["d2"].attrs
    dom, _ = render(page, tmp_path)
    assert not [e for e in dom.all("section", "doc") if "hidden" in e.attrs]
