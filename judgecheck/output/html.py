"""The HTML report: one self-contained page (inline CSS, JavaScript and SVG; nothing fetched).

Per document: the framework and judgement table, each graded section's
reads-like reading beside its grade (the probability of each grade of the scale,
and a percentile strip placing the section among the published sections of its
grade and area: see :mod:`judgecheck.readslike`), and the findings, filterable by
rule and severity. A batch gets an index with one row per input, unreadable files
included. Repeated passages (JC201, JC202) link the copy to the original's place
and back. Every piece of document text is escaped; a Content-Security-Policy
with the hashes of the page's own style and script forbids everything else
(no network, no other script). The same run gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePath
from typing import TextIO
from urllib.parse import quote

from judgecheck import __version__
from judgecheck.hookimpl import hookimpl
from judgecheck.model import (
    SEVERITIES,
    DocumentResult,
    Finding,
    Place,
    Reading,
)
from judgecheck.output import OutputFormat, Run
from judgecheck.output.quote import cues

#: Rules whose related place is the earlier copy of a repeated passage (see judgecheck_consistency.duplicates).
REPEAT_RULES = ("JC201", "JC202")
#: A grade's colour by its place on its scale, best to worst (a scale of any length is spread over the four).
GRADE_FILL = ("#2da44e", "#8fd19e", "#e3b341", "#cf222e")

CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d8dee4;--soft:#f6f8fa;--accent:#0b5cad}
*{box-sizing:border-box}
html{background:#fff}
body{margin:0;color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1140px;margin:0 auto;padding:28px 32px 56px}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
h1{font-size:24px;margin:0 0 2px;letter-spacing:-.01em}
h2{font-size:19px;margin:0;overflow-wrap:anywhere}
h3{font-size:13px;margin:22px 0 8px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.sub{color:var(--muted);margin:0}
.box>h3:first-child{margin-top:0}
.pair{display:inline-block;white-space:nowrap;margin:0 12px 2px 0}
td.err-cell{color:#a40e26;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);background:var(--soft);font-size:13px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.box{border:1px solid var(--line);border-radius:8px;padding:18px 22px;margin:20px 0;background:#fff}
.doc>header{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 16px;border-bottom:1px solid var(--line);padding-bottom:10px}
.facts{color:var(--muted);font-size:14px}
.grade,.sev,.tag{display:inline-block;padding:0 8px;border-radius:10px;font-size:12.5px;font-weight:600;white-space:nowrap;line-height:20px}
.grade{background:#eaeef2;color:#424a53}
.g-0{background:#d2f4dc;color:#0a5c22}
.g-1{background:#e4f5e8;color:#1a7f37}
.g-2{background:#fff1c2;color:#7d4e00}
.g-3{background:#ffe2df;color:#a40e26}
.sev-error{background:#ffe2df;color:#a40e26}
.sev-warning{background:#fff1c2;color:#7d4e00}
.sev-info{background:#dcefff;color:#0550ae}
.tag{background:#ffe2df;color:#a40e26;font-weight:500}
.tag-other{background:#fff1c2;color:#7d4e00}
.err{border-left:4px solid #cf222e;background:#fff5f4;padding:8px 12px;border-radius:0 6px 6px 0;margin:8px 0;overflow-wrap:anywhere}
.err code,.rule{font:600 13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.note{color:var(--muted);font-size:13px}
tr.odds td:first-child{box-shadow:inset 3px 0 #cf222e}
.chart svg{display:block}
.probs,.among{font-size:12.5px;color:var(--muted);margin-top:2px}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12.5px;color:var(--muted);margin:0 0 8px}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.sw-0{background:#2da44e}.sw-1{background:#8fd19e}.sw-2{background:#e3b341}.sw-3{background:#cf222e}
.filters{position:sticky;top:0;z-index:2;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);padding:10px 0;display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center;font-size:14px}
.filters label{white-space:nowrap}
.filters select{font:inherit;padding:2px 4px}
.filters output{color:var(--muted);margin-left:auto}
.filters[hidden]{display:none}
ol.findings{list-style:none;margin:0;padding:0}
.finding{border:1px solid var(--line);border-left:4px solid #8c959f;border-radius:0 6px 6px 0;padding:8px 12px;margin:8px 0}
.finding[data-severity=error]{border-left-color:#cf222e}
.finding[data-severity=warning]{border-left-color:#d4a72c}
.finding[data-severity=info]{border-left-color:#54aeff}
.finding .head{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center;font-size:13px;color:var(--muted)}
.finding .msg{margin:4px 0 0}
.finding blockquote{margin:6px 0 0;padding:2px 0 2px 12px;border-left:3px solid var(--line);color:#424a53;font-size:14px;overflow-wrap:anywhere}
.finding .link,.original .link{font-size:13.5px;margin:4px 0 0}
.finding:target,.original:target{outline:2px solid var(--accent);outline-offset:2px}
.original{padding:6px 0;border-bottom:1px solid var(--line);font-size:14px}
.empty{color:var(--muted);font-style:italic}
h3 .shown{text-transform:none;letter-spacing:0;font-weight:400;margin-left:6px}
.doc[hidden]{display:none}
mark{background:#fff1a8;color:inherit;padding:0 1px;border-radius:2px}
.axis{font-size:10px;fill:#59636e}
@media print{.filters{display:none}.finding[hidden],.doc[hidden]{display:block}}
""".strip()

SCRIPT = """
(function () {
  "use strict";
  var bar = document.getElementById("filters");
  if (!bar) { return; }
  bar.hidden = false;
  var boxes = Array.prototype.slice.call(bar.querySelectorAll("input[name=severity]"));
  var rule = document.getElementById("rule");
  var total = document.getElementById("shown");
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var docs = Array.prototype.slice.call(document.querySelectorAll(".doc"));
  function apply() {
    var wanted = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    var shown = 0;
    findings.forEach(function (f) {
      var show = wanted.indexOf(f.getAttribute("data-severity")) >= 0 && (!rule.value || rule.value === f.getAttribute("data-rule"));
      f.hidden = !show;
      if (show) { shown += 1; }
    });
    var filtering = wanted.length < boxes.length || Boolean(rule.value);
    docs.forEach(function (d) {
      var left = d.querySelectorAll(".finding:not([hidden])").length;
      var out = d.querySelector(".shown");
      if (out) {
        out.textContent = left + " of " + d.querySelectorAll(".finding").length + " shown";
      }
      d.hidden = filtering && left === 0;
    });
    total.textContent = shown + " of " + findings.length + " findings shown";
    document.body.setAttribute("data-shown", String(shown));
  }
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && target.hidden) {
      boxes.forEach(function (b) { if (!b.checked) { b.click(); } });
      rule.value = "";
      rule.dispatchEvent(new Event("change"));
      target.scrollIntoView();
    }
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  rule.addEventListener("change", apply);
  window.addEventListener("hashchange", reveal);
  var query = new URLSearchParams(window.location.search);
  if (query.has("severity")) {
    var want = query.get("severity").split(",");
    boxes.forEach(function (b) { if (b.checked !== (want.indexOf(b.value) >= 0)) { b.click(); } });
  }
  if (query.has("rule")) {
    rule.value = query.get("rule");
    rule.dispatchEvent(new Event("change"));
  }
  apply();
  reveal();
})();
""".strip()


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


#: Nothing may load or run but the page's own style and script.
CSP = (f"default-src 'none'; style-src '{_hash(CSS)}'; script-src '{_hash(SCRIPT)}'; img-src 'none'; "
       "base-uri 'none'; form-action 'none'")


def e(value: object) -> str:
    """Text made safe for HTML content and attribute values."""
    return escape(str(value), quote=True)


def _words(name: str) -> str:
    return name.replace("_", " ")


def _step(grade: str | None, scale: Sequence[str]) -> int | None:
    """The grade's colour step, 0 (best) to 3 (worst), by its place on ``scale``; None off the scale."""
    if grade not in scale or len(scale) < 2:
        return None
    return round(3 * list(scale).index(grade) / (len(scale) - 1))


def _grade(grade: str | None, scale: Sequence[str]) -> str:
    if not grade:
        return '<span class="grade">none</span>'
    words = _words(grade)
    step = _step(grade, scale)
    return f'<span class="grade{"" if step is None else f" g-{step}"}">{e(words[:1].upper() + words[1:])}</span>'


def _sev(severity: str) -> str:
    return f'<span class="sev sev-{e(severity)}">{e(severity)}</span>'


# -- repeated passages ----------------------------------------------------------


@dataclass
class Original:
    """The earlier place of a repeated passage (a JC201/JC202 finding's related place), with its copies."""

    anchor: str
    doc: int
    place: str
    opening: str
    copies: list[tuple[str, str]] = field(default_factory=list)  # (finding anchor, where the copy is)


def _opening(excerpt: str) -> str:
    """The first eight words of an excerpt, with "…" when there are more."""
    words = excerpt.split()
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


def _place_words(place: Place, paged: bool) -> str:
    """A related place in words: page (or line), paragraph and section."""
    parts = [f"page {place.page}"] if paged and place.page else [f"line {place.line}"] if place.line is not None else []
    parts += [f"paragraph {place.paragraph}"] if place.paragraph is not None else []
    parts.append(f"'{place.section}'" if place.section else "the opening")
    return ", ".join(parts)


@dataclass
class Links:
    """Anchors of the run: each finding's, and the originals of repeated passages with their copies."""

    originals: dict[tuple[int, str, str], Original] = field(default_factory=dict)
    of_finding: dict[str, Original] = field(default_factory=dict)

    @classmethod
    def of(cls, results: Sequence[DocumentResult]) -> Links:
        links = cls()
        index = {r.path: i for i, r in reversed(list(enumerate(results)))}
        for i, result in enumerate(results):
            for n, f in enumerate(result.findings):
                if f.rule not in REPEAT_RULES or not f.related or f.related[0].path not in index:
                    continue
                first = f.related[0]
                doc = index[first.path]
                other = results[doc].document
                key = (doc, _place_words(first, other is not None and other.paged), _opening(first.excerpt))
                original = links.originals.get(key)
                if original is None:
                    anchor = f"d{doc + 1}-o{sum(o.doc == doc for o in links.originals.values()) + 1}"
                    original = links.originals[key] = Original(anchor, *key)
                original.copies.append((finding_anchor(i, n), _copy_place(result, f, i != doc)))
                links.of_finding[finding_anchor(i, n)] = original
        return links

    def in_document(self, doc: int) -> list[Original]:
        return [o for o in self.originals.values() if o.doc == doc]


def finding_anchor(doc: int, n: int) -> str:
    return f"d{doc + 1}-f{n + 1}"


def _copy_place(result: DocumentResult, f: Finding, with_path: bool) -> str:
    parts = [result.path] if with_path else []
    parts += _where(result, f)
    parts.append(f"'{f.section}'" if f.section else "the opening")
    return ", ".join(parts)


# -- pieces -----------------------------------------------------------------------


def _where(result: DocumentResult, f: Finding) -> list[str]:
    paged = result.document is not None and result.document.paged
    parts = []
    if paged and f.page:
        parts.append(f"page {f.page}")
    elif not paged and f.line is not None:
        parts.append(f"line {f.line}")
    if f.paragraph is not None:
        parts.append(f"paragraph {f.paragraph}")
    return parts


def _counts(findings: Sequence[Finding]) -> Counter[str]:
    return Counter(f.severity for f in findings)


def _percent(p: float) -> str:
    return f"{round(100 * p)}%"


def _probabilities(reads: Sequence[tuple[str, float]]) -> str:
    """The grades in order of probability, those under half a percent left out ("good 84%, outstanding 11%")."""
    order = sorted(range(len(reads)), key=lambda k: (-reads[k][1], k))
    return ", ".join(f"{_words(reads[k][0])} {_percent(reads[k][1])}" for k in order if reads[k][1] >= 0.005)


def _bar(reading: Reading) -> str:
    """One bar split by the probability of each grade of the scale, best to worst, left to right."""
    assert reading.reads_like is not None
    probs = reading.reads_like.probabilities
    scale = [g for g, _ in probs]
    width, x, rects = 240, 0.0, []
    for grade, p in probs:
        w = round(p * width, 2)
        if w > 0:
            rects.append(f'<rect class="prob" data-grade="{e(grade)}" x="{round(x, 2)}" y="0" width="{w}" height="14" '
                         f'fill="{GRADE_FILL[_step(grade, scale) or 0]}"><title>{e(_words(grade))} {_percent(p)}</title></rect>')
        x += w
    label = f"reads like {_words(reading.reads_like.grade)}: {_probabilities(probs)}"
    return (f'<svg class="reads-svg" xmlns="http://www.w3.org/2000/svg" width="{width}" height="14" viewBox="0 0 {width} 14" '
            f'role="img" aria-label="{e(label)}"><title>{e(label)}</title>{"".join(rects)}</svg>'
            f'<div class="probs">{e(label)}</div>')


def _strip(reading: Reading) -> str:
    """Two percentile strips: among the published sections of the grade (and area), how worse the text reads,
    and how many more of its sentences push towards worse grades; a tick at each quarter, a marker at the section."""
    place = reading.placement
    assert place is not None
    left, track, width = 92, 120, 320
    rows = []
    for y, label, percentile, said in (
        (2, "reads worse", place.score_percentile, f"than {round(place.score_percentile)}%"),
        (22, "shortcomings", place.shortcoming_percentile, f"{place.shortcomings_per_100:g}/100, > {round(place.shortcoming_percentile)}%"),
    ):
        x = round(left + track * percentile / 100, 2)
        ticks = "".join(f'<line x1="{left + track * q // 4}" y1="{y + 2}" x2="{left + track * q // 4}" y2="{y + 10}" stroke="#afb8c1"/>'
                        for q in range(5))
        rows.append(f'<text x="0" y="{y + 10}" font-size="11" fill="#59636e">{label}</text>'
                    f'<rect x="{left}" y="{y + 5}" width="{track}" height="2" fill="#d8dee4"/>{ticks}'
                    f'<circle class="mark" cx="{x}" cy="{y + 6}" r="4.5" fill="#0b5cad"/>'
                    f'<text x="{left + track + 8}" y="{y + 10}" font-size="11" fill="#1f2328">{e(said)}</text>')
    of = f"{place.published} published {_words(place.grade)} sections" + (f" ({_words(place.area)})" if place.area else " (all areas)")
    title = (f"Reads worse than {round(place.score_percentile)}% of {of}; {place.shortcomings_per_100:g} sentences per 100 "
             f"push towards worse grades, more than in {round(place.shortcoming_percentile)}% of them")
    return (f'<svg class="strip-svg" xmlns="http://www.w3.org/2000/svg" width="{width}" height="38" viewBox="0 0 {width} 38" '
            f'role="img" aria-label="{e(title)}"><title>{e(title)}</title>{"".join(rows)}</svg>'
            f'<div class="among">among {e(of)}</div>')


def _legend(readings: Sequence[Reading]) -> str:
    """A swatch for each grade of the scale the bars use."""
    scale = next(([g for g, _ in r.reads_like.probabilities] for r in readings if r.reads_like), [])
    items = [f'<span><span class="sw sw-{_step(g, scale) or 0}"></span>reads like {e(_words(g))}</span>' for g in scale]
    return f'<p class="legend">{"".join(items)}</p>' if items else ""


def _judgements(result: DocumentResult) -> str:
    doc = result.document
    assert doc is not None
    if not doc.judgements:
        return '<p class="empty">No graded judgements found.</p>'
    rows = []
    for j in doc.judgements:
        rows.append(f"<tr><td>{e(j.label)}<div class=\"note\">{e(_words(j.area))}</div></td><td>{_grade(j.grade, doc.scale)}</td>"
                    + (f'<td class="num">{j.page}</td>' if doc.paged else "") + "</tr>")
    page = '<th class="num">Page</th>' if doc.paged else ""  # a text file's pages are not real
    return (f'<table class="judgements"><thead><tr><th>Area (as written)</th><th>Grade</th>{page}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _sections(i: int, result: DocumentResult) -> str:
    """A row per reading of the document: each graded section (or the whole report) with its grade, the probability of
    each grade its prose reads like, and its place among the published sections of its grade; a tag where it departs."""
    doc = result.document
    assert doc is not None
    readings = doc.readings
    if not readings:
        return '<p class="empty">No graded section read (none found, or no reads-like model for this framework).</p>'
    labels = {j.area: j.label for j in doc.judgements}
    rows = []
    for r in readings:
        title = r.title if r.unit == "section" else "The whole report"
        area = labels.get(r.area or "", _words(r.area or ""))
        context = f'<div class="note">{e(area)}</div>' if area and area.strip().lower() not in title.lower() else ""
        reads = r.reads_like
        departs = reads is not None and reads.departure != ""
        flag = (f' <span class="tag{"" if reads.departure == "far" else " tag-other"}">reads like {e(_words(reads.grade))}</span>'
                if reads is not None and departs else "")
        anchor = f"d{i + 1}-s{r.sections[0] + 1}" if r.unit == "section" and r.sections else f"d{i + 1}-whole"
        withheld = f'<div class="note">{r.withheld} withheld</div>' if r.withheld else ""
        if reads is None:
            cells = f'<td colspan="2" class="note">{e(r.note or "not read")}</td>'
        else:
            among = _strip(r) if r.placement is not None else '<span class="note">no published sections of its grade to compare with</span>'
            cells = f'<td class="chart">{_bar(r)}</td><td class="chart">{among}</td>'
        odds = f' class="odds" data-departure="{reads.departure}"' if reads is not None and departs else ""
        rows.append(
            f'<tr id="{anchor}"{odds}>'
            f'<td>{e(title or "(untitled)")}{context}</td><td>{_grade(r.grade, doc.scale)}{flag}</td>'
            + (f'<td class="num">{r.page}</td>' if doc.paged else "") + f'<td class="num">{r.sentences}{withheld}</td>{cells}</tr>'
        )
    page = '<th class="num">Page</th>' if doc.paged else ""
    return (_legend(readings) + f'<table class="sections"><thead><tr><th>Graded section</th><th>Grade</th>{page}'
            '<th class="num">Sentences read</th><th>Reads like (its prose alone)</th>'
            '<th>Among published sections of its grade (percentile)</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def pdf_link(result: DocumentResult, page: int, base: Path) -> str:
    """The URL of a PDF's page (``report.pdf#page=5``), relative to ``base`` (the HTML file's folder) where it can be."""
    target = Path(os.path.abspath(result.path))
    try:
        relative = PurePath(os.path.relpath(target, base)).as_posix()
    except ValueError:  # another drive: no relative path
        return f"{target.as_uri()}#page={page}"
    return f"{quote(relative, safe='/._-~')}#page={page}"


def marked(excerpt: str, words: Sequence[str]) -> str:
    """The excerpt escaped, each occurrence of ``words`` (case-insensitive, longest first) in <mark>."""
    low, spans = excerpt.lower(), []
    for word in words:
        start = low.find(word.lower())
        while start >= 0:
            end = start + len(word)
            if all(end <= a or start >= b for a, b in spans):
                spans.append((start, end))
            start = low.find(word.lower(), end)
    out, at = [], 0
    for a, b in sorted(spans):
        out += [e(excerpt[at:a]), f"<mark>{e(excerpt[a:b])}</mark>"]
        at = b
    return "".join(out) + e(excerpt[at:])


def _finding(i: int, n: int, result: DocumentResult, f: Finding, links: Links, results: Sequence[DocumentResult], base: Path) -> str:
    anchor = finding_anchor(i, n)
    where = " · ".join(_where(result, f))
    if where and f.page and result.document is not None and result.document.format == "pdf":
        where_html = f'<a class="page" href="{e(pdf_link(result, f.page, base))}" title="open the PDF at this page">{e(where)}</a>'
    else:
        where_html = f"<span>{e(where)}</span>" if where else ""
    head = (f'{_sev(f.severity)}<span class="rule">{e(f.rule)}</span><span>{e(f.name)}</span>'
            f'<span>{e(f.section or "Document-wide")}</span>{where_html}'
            f'<a href="#{anchor}" title="link to this finding">#</a>')
    body = f'<p class="msg">{e(f.message)}</p>'
    if f.excerpt:
        body += f"<blockquote>{marked(f.excerpt, cues(f))}</blockquote>"
    original = links.of_finding.get(anchor)
    if original is not None:
        other = f"{results[original.doc].path}, " if original.doc != i else ""
        body += (f'<p class="link">Copy of <a href="#{original.anchor}">{e(other + original.place)}</a>'
                 f" (“{e(original.opening)}”)</p>")
    else:
        for place in f.related:
            other_doc = next((r.document for r in results if r.path == place.path), None)
            path = f"{place.path}, " if place.path != result.path else ""
            body += (f'<p class="link">Related: {e(path + _place_words(place, other_doc is not None and other_doc.paged))}'
                     f" (“{e(_opening(place.excerpt))}”)</p>")
    return (f'<li class="finding" id="{anchor}" data-rule="{e(f.rule)}" data-severity="{e(f.severity)}">'
            f'<div class="head">{head}</div>{body}</li>')


def _originals(i: int, links: Links) -> str:
    originals = links.in_document(i)
    if not originals:
        return ""
    items = []
    for o in originals:
        copies = "; ".join(f'<a href="#{a}">{e(place)}</a>' for a, place in o.copies)
        items.append(f'<div class="original" id="{o.anchor}"><div>{e(o.place)}: “{e(o.opening)}”</div>'
                     f'<p class="link">Repeated at {copies}</p></div>')
    return f'<h3>Passages repeated later ({len(originals)})</h3>{"".join(items)}'


def _document(i: int, result: DocumentResult, links: Links, results: Sequence[DocumentResult], base: Path) -> str:
    out = [f'<section class="doc box" id="d{i + 1}"><header><h2>{e(result.path)}</h2>']
    doc = result.document
    if result.error or doc is None:
        out.append('<span class="facts">unreadable</span></header>')
        if result.error:
            out.append(f'<p class="err"><code>{e(result.error.code)}</code> {e(result.error.message)}</p>')
        out.append("</section>")
        return "".join(out)
    counts = _counts(result.findings)
    pages = f"{doc.pages} page{'s' if doc.pages != 1 else ''}" if doc.paged else f"{e(doc.format)}, not paged"
    facts = [f"framework: <strong>{e(doc.framework or 'none')}</strong>", pages,
             ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)]
    out.append(f'<span class="facts">{" · ".join(facts)}</span></header>')
    for note in doc.notes:
        out.append(f'<p class="note">{e(note)}</p>')
    for problem in result.rule_errors:
        out.append(f'<p class="err"><code>{e(problem.code)}</code> {e(problem.message)}</p>')
    out.append(f"<h3>Judgements</h3>{_judgements(result)}")
    out.append(f"<h3>Graded sections</h3>{_sections(i, result)}")
    shown = f' <span class="shown">{len(result.findings)} of {len(result.findings)} shown</span>' if result.findings else ""
    out.append(f"<h3>Findings ({len(result.findings)}){shown}</h3>")
    if result.findings:
        items = "".join(_finding(i, n, result, f, links, results, base) for n, f in enumerate(result.findings))
        out.append(f'<ol class="findings">{items}</ol>')
    else:
        out.append('<p class="empty">No findings.</p>')
    out.append(_originals(i, links))
    out.append("</section>")
    return "".join(out)


def _index(results: Sequence[DocumentResult]) -> str:
    rows = []
    for i, r in enumerate(results):
        link = f'<a href="#d{i + 1}">{e(r.path)}</a>'
        if r.error or r.document is None:
            code, message = (r.error.code, r.error.message) if r.error else ("", "")
            rows.append(f'<tr class="unreadable"><td class="num">{i + 1}</td><td>{link}</td><td><span class="sev sev-error">error</span></td>'
                        f'<td colspan="5" class="err-cell"><code>{e(code)}</code> {e(message)}</td></tr>')
            continue
        counts = _counts(r.findings)
        grades = "".join(f'<span class="pair" title="{e(j.label)}">{e(_words(j.area))} {_grade(j.grade, r.document.scale)}</span>'
                         for j in r.document.judgements) \
            or '<span class="empty">none</span>'
        status = "checked" + (f" · {len(r.rule_errors)} rule error{'s' if len(r.rule_errors) != 1 else ''}" if r.rule_errors else "")
        rows.append(f'<tr><td class="num">{i + 1}</td><td>{link}</td><td>{e(status)}</td><td>{e(r.document.framework or "none")}</td>'
                    f'<td class="grades">{grades}</td>' + "".join(f'<td class="num">{counts[s]}</td>' for s in SEVERITIES) + "</tr>")
    head = "".join(f'<th class="num">{s}</th>' for s in SEVERITIES)
    return ('<nav class="box index" id="index"><h3>Reports</h3><table><thead><tr><th class="num">#</th><th>Report</th><th>Status</th>'
            f'<th>Framework</th><th>Grades</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></nav>')


def _filters(run: Run) -> str:
    findings = [f for r in run.results for f in r.findings]
    severities = _counts(findings)
    names: dict[str, str] = {}
    for f in findings:
        names.setdefault(f.rule, f.name)
    rules = Counter(f.rule for f in findings)
    boxes = "".join(f'<label><input type="checkbox" name="severity" value="{s}" checked> {s} ({severities[s]})</label>' for s in SEVERITIES)
    options = "".join(f'<option value="{e(rule)}">{e(rule)} {e(names[rule])} ({rules[rule]})</option>' for rule in sorted(rules))
    return (f'<div class="filters" id="filters" hidden><strong>Filter</strong>{boxes}'
            f'<label>rule <select id="rule"><option value="">all rules</option>{options}</select></label>'
            f'<output id="shown">{len(findings)} of {len(findings)} findings shown</output></div>')


def _summary(run: Run) -> str:
    results = run.results
    counts = _counts([f for r in results for f in r.findings])
    unreadable = sum(r.status == "error" for r in results)
    parts = [f"{len(results)} document{'s' if len(results) != 1 else ''}", f"{len(results) - unreadable} checked",
             f"{unreadable} unreadable", f"{sum(counts.values())} findings: " + ", ".join(f"{counts[s]} {s}" for s in SEVERITIES),
             f"fails on {run.fail_on}"]
    out = [f'<header><h1>judgecheck report</h1><p class="sub">{e(" · ".join(parts))} · judgecheck {e(__version__)}</p></header>']
    if run.problems:
        items = "".join(f'<p class="err"><code>{e(p.code)}</code> {e(p.message)}</p>' for p in run.problems)
        out.append(f'<section class="box problems" id="problems"><h3>Run problems ({len(run.problems)})</h3>{items}</section>')
    if run.suppressed or run.unused:
        unused = "".join(f"<li>{e(s.path)} <span class=\"rule\">{e(s.rule)}</span> {e(s.fingerprint)} “{e(s.message)}”</li>" for s in run.unused)
        out.append(f'<section class="box baseline" id="baseline"><h3>Baseline</h3><p>{run.suppressed} finding(s) suppressed; '
                   f"{len(run.unused)} suppression(s) no longer match a finding (fixed, or reworded: remove them).</p>"
                   f"{f'<ul>{unused}</ul>' if unused else ''}</section>")
    return "".join(out)


def to_html(run: Run) -> str:
    """The whole page."""
    results = list(run.results)
    links = Links.of(results)
    if len(results) == 1:
        title = f"judgecheck: {results[0].path}"
    else:
        title = f"judgecheck: {len(results)} reports"
    body = [_summary(run)]
    if len(results) > 1:
        body.append(_index(results))
    body.append(_filters(run))
    base = Path(os.path.abspath(run.destination)).parent if run.destination else Path.cwd()
    body.extend(_document(i, r, links, results, base) for i, r in enumerate(results))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f'<body>\n<main>\n{"".join(body)}\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n'
    )


def write_html(run: Run, stream: TextIO, color: bool) -> None:
    stream.write(to_html(run))


@hookimpl
def judgecheck_formats() -> list[OutputFormat]:
    return [OutputFormat("html", write_html, "one self-contained HTML page: judgements, reads-like charts, filterable findings")]
