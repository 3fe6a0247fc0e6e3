"""The HTML report (--format html): one self-contained page, checked as a browser renders it.

The browser tests open the page in headless Chromium (Debian's ``chromium``;
``make test`` installs it) from disk, let its script run, and read the DOM
Chromium dumps; Chromium's net log shows every request the page made. They are
skipped, saying why, only when Chromium is not installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, SEED, run_cli

from judgecheck.model import (
    Block,
    Document,
    DocumentResult,
    Finding,
    GradeStatement,
    Placement,
    Problem,
    Reading,
    ReadsLike,
    Section,
)
from judgecheck.output import Run
from judgecheck.output.html import to_html

PDF = FIXTURES / "gateshead-2025-01-29.pdf"  # a corpus report with findings in Good sections
NOT_A_PDF = FIXTURES / "birmingham-2012-10-19.pdf"  # an HTML page saved as .pdf (E003)
CHROMIUM = os.environ.get("JUDGECHECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync")

HAVE_CHROMIUM = os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)
NO_CHROMIUM = f"Chromium is not installed ({CHROMIUM}): `make test` installs it (apt-get install chromium, as root)"
needs_chromium = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)


# -- helpers ------------------------------------------------------------------------


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], doc: str | None) -> None:
        self.tag, self.attrs, self.doc = tag, attrs, doc
        self.text = ""

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()


class Dom(HTMLParser):
    """Every element of a page, with the id of the report (``section.doc``) it is in, and its own text."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[tuple[str, Element, str | None]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        doc = self._open[-1][2] if self._open else None
        if tag == "section" and "doc" in values.get("class", "").split():
            doc = values.get("id")
        element = Element(tag, values, doc)
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append((tag, element, doc))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                return

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].text += data

    def all(self, tag: str | None = None, cls: str | None = None, doc: str | None = None) -> list[Element]:
        return [e for e in self.elements if (tag is None or e.tag == tag) and (cls is None or cls in e.classes) and (doc is None or e.doc == doc)]

    def by_id(self, id_: str) -> Element:
        return next(e for e in self.elements if e.attrs.get("id") == id_)


def page_requests(net_log: Path) -> list[str]:
    """URLs the page itself asked for, from a Chromium net log.

    Chromium's own services (network time, account checks) start requests that no
    page initiated ("initiator": "not an origin"); a page's requests name its
    origin (a page opened from disk is "null", isolated under file://).
    """
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] != start_job or "url" not in params:
            continue
        if params.get("initiator") != "not an origin" or "file://" in params.get("network_isolation_key", ""):
            urls.append(params["url"])
    return urls


def render(page: Path, tmp_path: Path, query: str = "", fragment: str = "") -> tuple[Dom, list[str]]:
    """The page as Chromium renders it from disk (scripts run), and the URLs it requested."""
    profile, net_log = tmp_path / f"chromium-{len(list(tmp_path.glob('chromium-*')))}", tmp_path / "net-log.json"
    url = page.resolve().as_uri() + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--log-net-log={net_log}", "--virtual-time-budget=5000", "--dump-dom", url],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout, done.stderr[-2000:]
    return Dom(done.stdout), page_requests(net_log)


def write_html(tmp_path: Path, name: str, *reports: Path | str, extra: tuple[str, ...] = ()) -> tuple[Path, int]:
    out = tmp_path / name
    result = run_cli("--format", "html", "--output", str(out), *extra, *map(str, reports))
    assert out.is_file(), result.stderr
    return out, result.exit_code


def findings_of(*reports: Path) -> list[dict[str, Any]]:
    result = run_cli("--format", "json", *map(str, reports))
    return [f | {"doc": i} for i, d in enumerate(json.loads(result.stdout)["documents"]) for f in d["findings"]]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int, list[dict[str, Any]]]]:
    """The seed, a corpus PDF and a file that is not a PDF, checked together once (no cache: the module shares it)."""
    tmp = tmp_path_factory.mktemp("batch")
    page, code = write_html(tmp, "batch.html", SEED, PDF, NOT_A_PDF, extra=("--no-cache",))
    yield page, code, findings_of(SEED, PDF)


# -- the page as written --------------------------------------------------------------


def test_html_is_self_contained_and_declares_no_outside_resource(batch: tuple[Path, int, list[dict[str, Any]]]) -> None:
    page, code, _ = batch
    text = page.read_text(encoding="utf-8")
    assert code == 2  # the unreadable file makes the run an error, as in every format
    assert text.startswith("<!DOCTYPE html>") and text.count("<script>") == 1 and text.count("<style>") == 1
    assert not re.search(r"\s(?:src|srcset|action|formaction|poster|data)=", text)
    # Links stay inside the page, but for a finding's PDF page (relative, no scheme: followed only when clicked).
    assert all(h.startswith("#") or re.fullmatch(r"[^:]+\.pdf#page=\d+", h) for h in re.findall(r'href="([^"]*)"', text))
    assert "@import" not in text and "url(" not in text
    # The only URL is the SVG namespace, which names and fetches nothing.
    assert set(re.findall(r"https?://[^\s\"'<>]+", text)) == {"http://www.w3.org/2000/svg"}
    assert 'content="default-src &#x27;none&#x27;; ' in text  # a Content-Security-Policy: nothing loads


def test_batch_index_has_a_row_per_input_with_the_unreadable_file(batch: tuple[Path, int, list[dict[str, Any]]]) -> None:
    page, _, findings = batch
    text = page.read_text(encoding="utf-8")
    nav = re.search(r'<nav class="box index" id="index">.*?</nav>', text)
    assert nav is not None and text.index(nav.group(0)) < text.index('id="d1"')  # at the top
    index = Dom(nav.group(0))
    rows = [r for r in index.all("tr") if r.attrs.get("class") != "head"][1:]  # below the header row
    assert len(rows) == 3
    assert [a.attrs["href"] for a in index.all("a")] == ["#d1", "#d2", "#d3"]
    assert [r.attrs.get("class") for r in rows] == [None, None, "unreadable"]
    error_cell = index.all("td", "err-cell")
    assert len(error_cell) == 1 and "not a PDF although named .pdf" in error_cell[0].text
    assert [c.text for c in index.all("code")] == ["E003"]
    # The counts by severity match the findings, per report.
    for n in (0, 1):
        row = re.search(rf'<a href="#d{n + 1}">.*?</tr>', nav.group(0))
        assert row is not None
        counts = [int(c) for c in re.findall(r'<td class="num">(\d+)</td>', row.group(0))]
        assert counts == [sum(f["doc"] == n and f["severity"] == s for f in findings) for s in ("error", "warning", "info")]
    # ...and the unreadable report's own section says so too.
    assert any(e.text == "E003" for e in Dom(text).all("code", doc="d3"))


def test_repeated_passages_link_copy_and_original(batch: tuple[Path, int, list[dict[str, Any]]]) -> None:
    page, _, findings = batch
    dom = Dom(page.read_text(encoding="utf-8"))
    repeats = [f for f in findings if f["rule"] in ("JC201", "JC202") and f["doc"] == 0]
    assert repeats
    ids = {e.attrs["id"] for e in dom.elements if "id" in e.attrs}
    hrefs = [a.attrs["href"][1:] for a in dom.all("a") if a.attrs.get("href", "").startswith("#")]
    assert all(h in ids for h in hrefs)  # no dangling link
    originals = dom.all("div", "original", doc="d1")
    assert len(originals) >= 1
    copy_links = [h for h in hrefs if re.fullmatch(r"d1-o\d+", h)]
    assert len(copy_links) == len(repeats)  # every copy links to its original
    for original in originals:  # ...and every original back to its copies
        after = dom.elements[dom.elements.index(original):]
        assert any(re.fullmatch(r"#d1-f\d+", a.attrs.get("href", "")) for a in after[:6] if a.tag == "a")


def test_run_problems_and_rule_errors_are_shown(tmp_path: Path) -> None:
    result = DocumentResult("x.txt", None, error=Problem("E009", "x.txt: text could not be decoded"))
    page = to_html(Run([result], problems=[Problem("E102", "plugin 'broken' failed to load")]))
    assert "E102" in page and "plugin &#x27;broken&#x27; failed to load" in page and "E009" in page
    assert 'id="problems"' in page


def test_document_text_cannot_inject_markup(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    needle = "receiving the right service."
    assert needle in text
    evil = text.replace(needle, 'receiving the right <script>alert("owned")</script><img src=x onerror=alert(1)> service.')
    report = tmp_path / "evil-<i>&\"x'.txt"
    report.write_text(evil, encoding="utf-8")
    page, _ = write_html(tmp_path, "evil.html", report)
    html = page.read_text(encoding="utf-8")
    assert html.count("<script") == 1 and "<img" not in html and "<i>" not in html
    # Shown, as text, in the finding that quotes the sentence, and in the report's name.
    assert "right &lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; service" in html
    assert "evil-&lt;i&gt;&amp;&quot;x&#x27;.txt" in html
    if not HAVE_CHROMIUM:
        pytest.skip(f"the page's text passed; its rendering not checked: {NO_CHROMIUM}")
    dom, requests = render(page, tmp_path)
    assert len(dom.all("script")) == 1 and not dom.all("img") and not dom.all("i")
    assert any('<script>alert("owned")</script>' in q.text for q in dom.all("blockquote"))
    assert requests == []


def test_every_field_is_escaped(tmp_path: Path) -> None:
    """Markup in any text a document or plugin supplies stays text: paths, titles, labels, messages, codes."""
    bad = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&'
    section = Section(bad, "area", 1, 1, None, "good", "good", (Block("paragraph", f"Too many children wait. {bad}", 1, 3, 7),))
    document = Document(bad, bad, 3, True, bad, (section,), (GradeStatement("good", bad, "good", 1, None, "table"),), notes=(bad,))
    finding = Finding("JC201", bad, "warning", f"Passage of 2 sentences repeats {bad} (\"{bad} …\") word for word.", 1, None, bad, 7, bad)
    reads = ReadsLike(bad, ((bad, 0.75), ("good", 0.25)), 1.0, "far")
    readings = (Reading("section", (0,), bad, bad, bad, 1, reads, Placement(bad, bad, 40, 50.0, 3.0, 60.0), ((bad, 1.0),)),
                Reading("section", (0,), bad, bad, bad, 1, None, note=bad))
    document = replace(document, readings=readings)
    results = [
        DocumentResult(bad, document, (finding,), rule_errors=(Problem(bad, bad),)),
        DocumentResult(bad + "2", None, error=Problem(bad, bad)),
    ]
    html = to_html(Run(results, problems=[Problem(bad, bad)]))
    assert html.count("<script") == 1 and "<img" not in html and "alert(1)</script>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") > 10
    page = tmp_path / "fields.html"
    page.write_text(html, encoding="utf-8")
    if not HAVE_CHROMIUM:
        pytest.skip(f"the page's text passed; its rendering not checked: {NO_CHROMIUM}")
    dom, requests = render(page, tmp_path)
    assert len(dom.all("script")) == 1 and not dom.all("img") and requests == []
    assert "hidden" not in dom.by_id("filters").attrs  # the page's own script still ran


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    first, _ = write_html(tmp_path, "first.html", SEED, NOT_A_PDF)
    second, _ = write_html(tmp_path, "second.html", SEED, NOT_A_PDF)  # from the cache this time
    third, _ = write_html(tmp_path, "third.html", SEED, NOT_A_PDF, extra=("--no-cache",))
    assert first.read_bytes() == second.read_bytes() == third.read_bytes()


def test_json_is_unchanged_by_an_html_output_beside_it(tmp_path: Path) -> None:
    plain = run_cli("--format", "json", "--no-cache", str(SEED)).stdout
    beside = run_cli("--format", "json", "--no-cache", "--output-format", f"html:{tmp_path / 'r.html'}", str(SEED)).stdout
    assert plain == beside and "profiles" not in plain
    assert (tmp_path / "r.html").is_file()


# -- the reads-like readings ---------------------------------------------------------------


def rows_of(html: str, doc: str) -> list[tuple[Element, list[Element]]]:
    """Each row of a report's graded-sections table, with the elements inside it."""
    dom = Dom(html)
    out: list[tuple[Element, list[Element]]] = []
    for element in dom.elements:
        if element.tag == "tr" and element.doc == doc and re.fullmatch(rf"{doc}-(s\d+|whole)", element.attrs.get("id", "")):
            out.append((element, []))
        elif out and element.tag == "tr":
            out.append((Element("", {}, None), []))  # a row of another table ends the last one
        if out and out[-1][0].tag:
            out[-1][1].append(element)
    return [r for r in out if r[0].tag]


def test_each_graded_section_shows_its_probabilities_and_place_among_published_sections(registry: Any) -> None:
    from judgecheck.check import check_file

    result = check_file(PDF, registry)
    readings = result.document.readings if result.document else ()
    assert len(readings) == 4 and all(r.reads_like and r.placement for r in readings)
    rows = rows_of(to_html(Run([result])), "d1")
    assert [row.attrs["id"] for row, _ in rows] == [f"d1-s{r.sections[0] + 1}" for r in readings]
    for (row, inside), r in zip(rows, readings, strict=True):
        assert r.reads_like is not None and r.placement is not None
        bars = [x for x in inside if x.tag == "rect" and "prob" in x.classes]
        probs = dict(r.reads_like.probabilities)
        # One segment per grade with any probability, its width its share of the bar (240), in scale order.
        assert [x.attrs["data-grade"] for x in bars] == [g for g, p in r.reads_like.probabilities if round(p * 240, 2) > 0]
        for x in bars:
            assert float(x.attrs["width"]) == pytest.approx(probs[x.attrs["data-grade"]] * 240, abs=0.01)
        said = next(x for x in inside if "probs" in x.classes).text
        top = max(probs, key=lambda g: probs[g])
        assert said.startswith(f"reads like {r.reads_like.grade.replace('_', ' ')}: {top.replace('_', ' ')} {round(100 * probs[top])}%")
        # The strips: a marker at the section's percentile among published sections of its grade and area.
        marks = [float(x.attrs["cx"]) for x in inside if x.tag == "circle" and "mark" in x.classes]
        assert marks == [pytest.approx(92 + 120 * r.placement.score_percentile / 100, abs=0.01),
                         pytest.approx(92 + 120 * r.placement.shortcoming_percentile / 100, abs=0.01)]
        among = next(x for x in inside if "among" in x.classes).text
        assert among == f"among {r.placement.published} published good sections ({r.area.replace('_', ' ')})"
    # Strong shortcoming sentences (JC101 findings) alone tag no section: the calibrated reading did not depart.
    assert [f for f in result.findings if f.rule == "JC101"]
    assert not [row for row, _ in rows if "odds" in row.classes] and "language at odds" not in to_html(Run([result]))


def test_a_departing_section_is_tagged_and_an_unread_one_says_why() -> None:
    section = Section("Help", "area", 1, 1, 1, "help", "good", (Block("paragraph", "Children wait.", 1, 2, 1),))
    document = Document("r.txt", "text", 1, False, "fw", (section,), (), scale=("outstanding", "good", "requires_improvement"))
    far = ReadsLike("requires_improvement", (("outstanding", 0.01), ("good", 0.09), ("requires_improvement", 0.9)), 2.0, "far")
    other = replace(far, probabilities=(("outstanding", 0.6), ("good", 0.4), ("requires_improvement", 0.0)), grade="outstanding",
                    departure="other")
    readings = (Reading("section", (0,), "Help", "help", "good", 1, far, None, sentences=12),
                Reading("section", (1,), "Care", "care", "good", 1, other, Placement("good", None, 50, 10.0, 0.0, 5.0), sentences=9),
                Reading("section", (2,), "Leaders", "leaders", "good", 1, None, note="too little prose to judge"))
    html = to_html(Run([DocumentResult("r.txt", replace(document, readings=readings))]))
    rows = rows_of(html, "d1")
    assert [(row.attrs.get("class"), row.attrs.get("data-departure")) for row, _ in rows] == [("odds", "far"), ("odds", "other"), (None, None)]
    tags = [[x.text for x in inside if "tag" in x.classes] for _, inside in rows]
    assert tags == [["reads like requires improvement"], ["reads like outstanding"], []]
    assert "no published sections of its grade to compare with" in html
    assert "among 50 published good sections (all areas)" in html
    assert any("too little prose to judge" == x.text for x in rows[2][1])


def test_a_document_without_readings_says_so() -> None:
    document = Document("r.txt", "text", 1, False, None, (), ())
    assert "No graded section read" in to_html(Run([DocumentResult("r.txt", document)]))


# -- in the browser ----------------------------------------------------------------------


@needs_chromium
def test_rendered_page_shows_findings_and_charts_for_both_reports(batch: tuple[Path, int, list[dict[str, Any]]], tmp_path: Path) -> None:
    page, _, findings = batch
    dom, requests = render(page, tmp_path)
    assert requests == []
    assert "hidden" not in dom.by_id("filters").attrs  # the script ran and showed the filter bar
    for doc, n in (("d1", 0), ("d2", 1)):
        shown = dom.all("li", "finding", doc=doc)
        assert len(shown) == sum(f["doc"] == n for f in findings) > 0
        assert not any("hidden" in f.attrs for f in shown)
        assert dom.all("blockquote", doc=doc)  # the quoted sentences
        charts = dom.all("svg", "reads-svg", doc=doc)
        assert len(charts) == len(dom.all("svg", "strip-svg", doc=doc)) > 0
        bars = dom.all("rect", "prob", doc=doc)
        assert bars and all(float(r.attrs["width"]) > 0 for r in bars)
    # Gateshead's sections read like their grade (Good): no tag, whatever single sentences JC101 reports.
    assert dom.all("tr", doc="d2") and not dom.all("tr", "odds", doc="d2")
    total = dom.by_id("shown").text
    assert total == f"{len(findings)} of {len(findings)} findings shown"


@needs_chromium
def test_filters_by_severity_and_rule(batch: tuple[Path, int, list[dict[str, Any]]], tmp_path: Path) -> None:
    page, _, findings = batch
    dom, requests = render(page, tmp_path, query="severity=info&rule=JC101")  # JC101's findings here are all information
    assert requests == []
    wanted = [f for f in findings if f["severity"] == "info" and f["rule"] == "JC101"]
    visible = [e for e in dom.all("li", "finding") if "hidden" not in e.attrs]
    assert wanted and len(visible) == len(wanted)
    assert all(e.attrs["data-rule"] == "JC101" and e.attrs["data-severity"] == "info" for e in visible)
    assert dom.by_id("shown").text == f"{len(wanted)} of {len(findings)} findings shown"
    per_doc = [(d, len([e for e in dom.all("li", "finding", doc=d) if "hidden" not in e.attrs])) for d in ("d1", "d2")]
    assert [t.text for t in dom.all("span", "shown")] == [
        f"{n} of {len(dom.all('li', 'finding', doc=d))} shown" for d, n in per_doc
    ]
    # Severities only; then following a link to a finding the filter hides shows it again.
    dom, _ = render(page, tmp_path, query="severity=error")
    assert {e.attrs["data-severity"] for e in dom.all("li", "finding") if "hidden" not in e.attrs} == {"error"}
    hidden = next(e.attrs["id"] for e in dom.all("li", "finding") if e.attrs["data-severity"] == "info")
    dom, _ = render(page, tmp_path, query="severity=error", fragment=hidden)
    assert "hidden" not in dom.by_id(hidden).attrs


@needs_chromium
def test_the_request_detector_sees_a_page_that_does_fetch(tmp_path: Path) -> None:
    """The no-request assertions mean something: a page that loads an image and fetches is caught."""
    probe = tmp_path / "probe.html"
    probe.write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/x.png"><script>fetch("https://example.invalid/y").catch(() => 0)</script>',
                     encoding="utf-8")
    _, requests = render(probe, tmp_path)
    assert sorted(requests) == ["http://127.0.0.1:9/x.png", "https://example.invalid/y"]


def test_a_passage_quoted_in_another_report_links_across_the_batch(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    cut = text.index("\n", text.index("Background Papers used in the preparation")) + 1
    (tmp_path / "a-cabinet-paper.txt").write_text(text[:cut], encoding="utf-8")
    (tmp_path / "b-report.txt").write_text(text[cut:], encoding="utf-8")
    page, _ = write_html(tmp_path, "pair.html", tmp_path / "a-cabinet-paper.txt", tmp_path / "b-report.txt",
                         extra=("--select", "JC201", "--compare-documents"))
    dom = Dom(page.read_text(encoding="utf-8"))
    def message(finding: Element) -> str:
        return next(e for e in dom.elements[dom.elements.index(finding):] if "msg" in e.classes).text

    copy = next(f for f in dom.all("li", "finding", doc="d2") if "a-cabinet-paper.txt" in message(f))
    links = [a.attrs["href"] for a in dom.elements[dom.elements.index(copy):] if a.tag == "a" and a.doc == "d2"]
    original = next(h[1:] for h in links if h.startswith("#d1-o"))  # the copy in report 2 links to report 1...
    assert dom.by_id(original).doc == "d1"
    back = next(a.attrs["href"] for a in dom.elements[dom.elements.index(dom.by_id(original)):] if a.tag == "a")
    assert back == f"#{copy.attrs['id']}"  # ...and the original links back
