"""--annotate: highlights at the findings' sentences, a summary page, the original untouched, errors as one line."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest

from judgecheck.model import Finding
from judgecheck.output.annotate import (
    COLOURS,
    PdfText,
    annotate_pdf,
    find_excerpt,
    key_of,
)
from tests.conftest import FIXTURES, SEED, run_cli, run_json

GATESHEAD = FIXTURES / "gateshead-2025-01-29.pdf"
KENT = FIXTURES / "kent-2026-02-02.pdf"
SLOUGH = FIXTURES / "slough-2023-03-17.pdf"
SCALE = 2.0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def annotate(tmp_path: Path, report: Path, name: str = "out.pdf") -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path / name
    code, data = run_json("--annotate", str(out), str(report))
    assert code in (0, 1) and out.exists()
    return out, data["documents"][0]["findings"]


def highlights(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(1-based page, annotation fields) of every /Highlight in the PDF."""
    found = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == pikepdf.Name.Highlight:
                    found.append((number, {
                        "quads": [float(v) for v in annot.QuadPoints],
                        "rect": [float(v) for v in annot.Rect],
                        "colour": tuple(float(v) for v in annot.C),
                        "contents": str(annot.Contents),
                        "title": str(annot.T),
                        "name": str(annot.NM),
                        "popup_parent_is_self": annot.Popup.Parent.objgen == annot.objgen,
                    }))
    return found


def quad_rects(quads: list[float]) -> list[tuple[float, float, float, float]]:
    """Each quad (x1 y1 x2 y2 x3 y3 x4 y4) as left, bottom, right, top."""
    rects = []
    for i in range(0, len(quads), 8):
        xs, ys = quads[i : i + 8 : 2], quads[i + 1 : i + 8 : 2]
        rects.append((min(xs), min(ys), max(xs), max(ys)))
    return rects


def char_boxes(report: Path, page: int, text: str) -> list[tuple[float, float, float, float]]:
    """pdfium's boxes of the visible characters of the first occurrence of ``text`` on a page."""
    pdf = pdfium.PdfDocument(report)
    textpage = pdf[page - 1].get_textpage()
    searcher = textpage.search(text, match_case=True)
    hit = searcher.get_next()
    assert hit is not None, f"{text!r} is not on page {page}"
    index, count = hit
    all_text = textpage.get_text_range()
    boxes = [textpage.get_charbox(i) for i in range(index, index + count) if not all_text[i].isspace()]
    pdf.close()
    return boxes


def inside(box: tuple[float, float, float, float], rects: list[tuple[float, float, float, float]]) -> bool:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(l <= x <= r and b <= y <= t for l, b, r, t in rects)


def render(path: Path, page: int) -> tuple[np.ndarray, float]:
    pdf = pdfium.PdfDocument(path)
    pdfpage = pdf[page - 1]
    height = pdfpage.get_height()
    pixels = pdfpage.render(scale=SCALE, may_draw_forms=True, draw_annots=True, rev_byteorder=True).to_numpy()[:, :, :3].astype(float)
    pdf.close()
    return pixels, height


def region(pixels: np.ndarray, height: float, rect: tuple[float, float, float, float]) -> np.ndarray:
    left, bottom, right, top = rect
    return pixels[int((height - top) * SCALE) + 2 : int((height - bottom) * SCALE) - 2, int(left * SCALE) + 2 : int(right * SCALE) - 2]


def test_highlights_enclose_the_excerpts_on_their_pages(tmp_path: Path) -> None:
    out, findings = annotate(tmp_path, KENT)
    marks = highlights(out)
    # Every finding of the Kent report is located: one highlight on each page its sentence lies on, named
    # judgecheck-<finding's ordinal>-<page>. One sentence (paragraph 27) runs from page 6 onto page 7 and is
    # highlighted on both; every other finding on its own page only.
    crossing = "However, a small number of children are living in unregistered provision"
    assert findings and [f["page"] for f in findings if f["excerpt"].startswith(crossing)] == [6]
    expected = sorted((ordinal, page) for ordinal, f in enumerate(findings, start=1)
                      for page in ([6, 7] if f["excerpt"].startswith(crossing) else [f["page"]]))
    assert sorted((int(mark["name"].split("-")[1]), page) for page, mark in marks) == expected
    assert all(mark["name"] == f"judgecheck-{mark['name'].split('-')[1]}-{page}" for page, mark in marks)
    for page, mark in marks:
        finding = findings[int(mark["name"].split("-")[1]) - 1]
        assert mark["title"] == f"judgecheck {finding['rule']}"
        assert mark["contents"].split("\n")[:2] == [f"{finding['rule']} {finding['name']} ({finding['severity']})", finding["message"]]
    # The table row (JC005, warning) and a sentence of a good section (JC101, info) on page 4.
    cases = [
        ("JC005", 1, "The experiences and progress of children care leavers"),
        ("JC101", 4, "As a result, the experiences of"),
        ("JC101", 4, "This contributes to minor delays in decision"),
    ]
    for rule, page, text in cases:
        rects = [r for p, m in marks if p == page and m["title"] == f"judgecheck {rule}" for r in quad_rects(m["quads"])]
        boxes = char_boxes(KENT, page, text)
        assert boxes and all(inside(box, rects) for box in boxes), (rule, text)


def test_the_running_header_date_is_highlighted_in_red(tmp_path: Path) -> None:
    out, findings = annotate(tmp_path, GATESHEAD)
    jc601 = next(f for f in findings if f["rule"] == "JC601")
    assert jc601["severity"] == "error"
    [(page, mark)] = [(p, m) for p, m in highlights(out) if m["title"] == "judgecheck JC601"]
    assert page == jc601["page"] and mark["colour"] == COLOURS["error"]
    assert all(inside(box, quad_rects(mark["quads"])) for box in char_boxes(GATESHEAD, page, "6 to 12 December 2024"))
    assert mark["contents"].splitlines()[0] == "JC601 " + jc601["name"] + " (error)"
    assert jc601["message"] in mark["contents"] and mark["popup_parent_is_self"]


@pytest.mark.parametrize(("report", "rule", "severity"), [(GATESHEAD, "JC601", "error"), (KENT, "JC005", "warning"), (KENT, "JC101", "info")])
def test_rendered_pixels_are_tinted_by_the_severity_colour(tmp_path: Path, report: Path, rule: str, severity: str) -> None:
    out, _ = annotate(tmp_path, report)
    page, mark = next((p, m) for p, m in highlights(out) if m["title"] == f"judgecheck {rule}" and f"({severity})" in m["contents"])
    before, height = render(report, page)
    after, _ = render(out, page)
    rect = quad_rects(mark["quads"])[0]
    old, new = region(before, height, rect).reshape(-1, 3), region(after, height, rect).reshape(-1, 3)
    assert len(old) > 100
    # Multiply: each channel becomes (original x colour); the light background takes the colour's hue.
    expected = old.mean(axis=0) * np.array(COLOURS[severity])
    assert np.allclose(new.mean(axis=0), expected, atol=12), (new.mean(axis=0), expected)
    weak = int(np.argmin(COLOURS[severity]))
    assert new.mean(axis=0)[weak] < old.mean(axis=0)[weak] - 60
    # Outside every highlight of the page the pixels are as they were (a margin of a few pixels
    # round each box for anti-aliasing).
    outside = np.ones(before.shape[:2], dtype=bool)
    for left, bottom, right, top in (r for p, m in highlights(out) if p == page for r in quad_rects(m["quads"])):
        outside[max(int((height - top) * SCALE) - 3, 0) : int((height - bottom) * SCALE) + 3,
                max(int(left * SCALE) - 3, 0) : int(right * SCALE) + 3] = False
    assert outside.mean() > 0.5
    assert np.abs(before - after)[outside].max() == 0


def test_the_original_is_never_modified(tmp_path: Path) -> None:
    copy = tmp_path / "report.pdf"
    shutil.copy(SLOUGH, copy)
    before = digest(copy)
    annotate(tmp_path, copy)
    assert digest(copy) == before == digest(SLOUGH)


def test_the_summary_page_lists_every_finding_and_the_unlocated_ones(tmp_path: Path) -> None:
    findings = [
        Finding("JC101", "deficit-in-good-section", "warning", "Found on page 4.", 4, None, None, None,
                "This contributes to minor delays in decision-making for some children."),
        Finding("JC999", "made-up", "error", "Odd (text) \\ with ünïcode ✓ and 中文", 3, None, "S", None,
                "This sentence is not in the report at all, anywhere."),
        Finding("JC998", "no-page", "info", "A judgement table finding.", None, None, None, None, "Overall effectiveness"),
    ]
    out = tmp_path / "kent.pdf"
    done = annotate_pdf(KENT, findings, out)
    assert [p.located for p in done.placements] == [True, False, False] and done.summary_pages == 1
    pdf = pdfium.PdfDocument(out)
    original = len(pdfium.PdfDocument(KENT))
    assert len(pdf) == original + 1
    text = " ".join(pdf[original].get_textpage().get_text_range().split())
    assert "judgecheck findings: kent-2026-02-02.pdf" in text
    assert "3 findings: 1 highlighted in the report, 2 not located" in text
    assert "1. JC101 deficit-in-good-section (warning): highlighted on page 4" in text
    assert "2. JC999 made-up (error): not located (reported on page 3)" in text
    assert "3. JC998 no-page (info): not located (the finding has no page)" in text
    assert "Odd (text) \\ with ünïcode ? and ??" in text  # escaped; beyond WinAnsi becomes '?'
    assert [p for p, _ in highlights(out)] == [4]


def test_a_long_summary_wraps_and_continues_on_more_pages(tmp_path: Path) -> None:
    long = "word " * 120
    findings = [Finding("JC101", "x-y", "info", long, 2, None, None, None, "nowhere " * 30) for _ in range(30)]
    done = annotate_pdf(SLOUGH, findings, tmp_path / "long.pdf")
    assert done.summary_pages > 2
    pdf = pdfium.PdfDocument(tmp_path / "long.pdf")
    for index in range(len(pdf) - done.summary_pages, len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        for i in range(textpage.count_rects()):
            left, bottom, right, _ = textpage.get_rect(i)
            assert left >= 50 and right <= page.get_width() - 50 and bottom >= 20


def test_text_the_reader_dropped_is_bridged(tmp_path: Path) -> None:
    """An excerpt missing a few words of the page (a footnote number, a header) is still found."""
    sentence = "Supervision records demonstrate appropriate management oversight, although frequency and recording are inconsistent"
    dropped = sentence.replace("appropriate ", "")
    finding = Finding("JC101", "x-y", "info", "m", 4, None, None, None, dropped + " for some workers")
    pdf = pdfium.PdfDocument(KENT)
    spans = find_excerpt(PdfText(pdf), finding, len(pdf))
    assert spans is not None and list(spans) == [4]
    low, high = spans[4]
    text = pdf[3].get_textpage().get_text_range()
    assert " ".join(text[low : high + 1].split()).startswith("Supervision records demonstrate appropriate")
    cut = Finding("JC101", "x-y", "info", "m", 4, None, None, None, sentence[:60].rstrip() + "…")
    cut_spans = find_excerpt(PdfText(pdf), cut, len(pdf))
    assert cut_spans is not None and cut_spans[4][0] == low
    assert " ".join(text[low : cut_spans[4][1] + 1].split()) == sentence[:60].rstrip()
    assert key_of("de\x02lay ‘quoted’ ﬁne")[0] == "delayquotedfine"


def test_output_is_deterministic(tmp_path: Path) -> None:
    first, _ = annotate(tmp_path, KENT, "one.pdf")
    second, _ = annotate(tmp_path, KENT, "two.pdf")
    assert first.read_bytes() == second.read_bytes()
    with pikepdf.open(first) as pdf:  # no dates in what was added
        assert not any("/M" in a or "/CreationDate" in a for page in pdf.pages for a in page.obj.get("/Annots", []))


def test_several_reports_go_into_a_directory(tmp_path: Path) -> None:
    result = run_cli("--annotate", str(tmp_path / "annotated"), str(KENT), str(SLOUGH))
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "annotated").iterdir()) == [
        "kent-2026-02-02.annotated.pdf", "slough-2023-03-17.annotated.pdf"]
    # Every finding of each report highlighted, as many as the JSON output of the same reports lists.
    target = tmp_path / "annotated"
    counts = {Path(d["path"]).name: len(d["findings"]) for d in run_json(str(KENT), str(SLOUGH))[1]["documents"]}
    assert result.stderr.splitlines() == [
        f"judgecheck: annotated {report} -> {target / (report.stem + '.annotated.pdf')}: "
        f"{counts[report.name]} of {counts[report.name]} finding(s) highlighted, all listed on the summary page"
        for report in (KENT, SLOUGH)]
    (tmp_path / "file.pdf").write_bytes(b"")
    refused = run_cli("--annotate", str(tmp_path / "file.pdf"), str(KENT), str(SLOUGH))
    assert refused.exit_code == 2 and "takes a directory" in refused.stderr


def test_a_path_ending_in_a_separator_is_a_directory(tmp_path: Path) -> None:
    made = run_cli("--annotate", f"{tmp_path / 'new'}{os.sep}", str(SLOUGH))
    assert made.exit_code in (0, 1), made.stderr
    assert (tmp_path / "new" / "slough-2023-03-17.annotated.pdf").is_file()
    (tmp_path / "file").write_bytes(b"")
    refused = run_cli("--annotate", f"{tmp_path / 'file'}{os.sep}", str(SLOUGH))
    assert refused.exit_code == 2 and "takes a directory, and" in refused.stderr


def test_the_copy_has_an_ordinary_files_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        assert run_cli("--annotate", str(tmp_path / "a.pdf"), str(SLOUGH)).exit_code in (0, 1)
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o640
    (tmp_path / "a.pdf").chmod(0o604)
    assert run_cli("--annotate", str(tmp_path / "a.pdf"), str(SLOUGH)).exit_code in (0, 1)
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o604


@pytest.mark.parametrize(("name", "error", "message"), [
    ("find_excerpt", pdfium.PdfiumError("Failed to load page."), "the findings cannot be located in the PDF (Failed to load page.)"),
    ("_highlight", pikepdf.PdfError("object 12 0 is damaged"), "the PDF cannot be annotated (PdfError: object 12 0 is damaged)"),
    ("_highlight", KeyError("/MediaBox"), "the PDF cannot be annotated (KeyError: '/MediaBox')"),
])
def test_a_pdf_that_fails_while_annotating_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, error: Exception, message: str,
) -> None:
    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(f"judgecheck.output.annotate.{name}", fail)
    out = tmp_path / "out.pdf"
    result = run_cli("--annotate", str(out), str(SLOUGH))
    assert result.exit_code == 2 and not out.exists() and os.listdir(tmp_path) == []
    assert result.stderr == f"judgecheck: error: not annotated: {SLOUGH}: {message}\n"


def test_errors_are_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    text = run_cli("--annotate", str(out), str(SEED))
    assert text.exit_code == 2 and not out.exists()
    assert text.stderr.strip().count("\n") == 0 and "is not a PDF report" in text.stderr and "Traceback" not in text.stderr
    copy = tmp_path / "report.pdf"
    shutil.copy(SLOUGH, copy)
    same = run_cli("--annotate", str(copy), str(copy))
    assert same.exit_code == 2 and "would overwrite the report" in same.stderr and digest(copy) == digest(SLOUGH)
    relative = run_cli("--annotate", str(tmp_path / "." / "report.pdf"), str(copy))
    assert relative.exit_code == 2 and digest(copy) == digest(SLOUGH)
    unreadable = run_cli("--annotate", str(out), str(FIXTURES / "birmingham-2012-10-19.pdf"))
    assert unreadable.exit_code == 2 and "not annotated" in unreadable.stderr and not out.exists()
    assert "Traceback" not in unreadable.stderr
