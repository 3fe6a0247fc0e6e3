"""Word drafts: read as Word shows them, and answered with Word comments on the sentence.

Drafts are made from the fixtures' real reports by pandoc and LibreOffice Writer
(``tests/fixtures/docx_drafts.py``; ``make test`` installs both), and a reviewed
draft with tracked changes and a comment is built with python-docx. Tests that
need pandoc or LibreOffice are skipped, saying why, where they are not installed.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import FIXTURES, run_cli, run_json

from judgecheck.errors import JudgecheckError
from judgecheck.model import Finding
from judgecheck.output.annotate_docx import annotate_docx
from judgecheck.plugins import Registry
from judgecheck.output.annotate import AnnotateError, key_of, plan_targets
from judgecheck.read.docx import read_docx
from judgecheck.structure import build_document

sys.path.insert(0, str(FIXTURES))
import docx_drafts  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed (make test installs Debian's pandoc)")
needs_soffice = pytest.mark.skipif(docx_drafts.soffice() is None,
                                   reason="LibreOffice is not installed (make test installs Debian's libreoffice-writer-nogui)")


def package(body: str, parts: dict[str, str] | None = None, rels: str = "") -> bytes:
    """A DOCX of this body, with extra parts and main-part relationships."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}" xmlns:r="{REL}"><w:body>{body}</w:body></w:document>')
        z.writestr("word/_rels/document.xml.rels",
                   f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        for name, text in (parts or {}).items():
            z.writestr(name, text)
    return out.getvalue()


def rel(rid: str, kind: str, target: str, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"{mode}/>'


def p(text: str, style: str = "", num: tuple[int, int] | None = None) -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "")
    return f"<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def texts(data: bytes) -> list[tuple[str, str]]:
    return [(line.hint, line.text) for line in read_docx(Path("d.docx"), data).lines if line.text]


# -- reading --------------------------------------------------------------------------------------

STYLES = f"""<w:styles xmlns:w="{W_NS}">
<w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Area"><w:name w:val="Area heading"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="AreaSub"><w:name w:val="Area sub"/><w:basedOn w:val="Area"/></w:style>
<w:style w:type="paragraph" w:styleId="ParaNumber"><w:name w:val="Para number"/><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
</w:styles>"""
NUMBERING = f"""<w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1.%2"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="20"/></w:lvlOverride></w:num>
<w:num w:numId="7"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>"""


def test_list_numbering_levels_restarts_overrides_and_headings() -> None:
    body = (
        p("Findings", "Kop1") + p("First.", num=(5, 0)) + p("Sub one.", num=(5, 1)) + p("Lettered.", num=(5, 2))
        + p("Sub two.", num=(5, 1)) + p("Second.", num=(5, 0)) + p("Sub again.", num=(5, 1)) + p("Lettered again.", num=(5, 2))
        + p("Help and protection", "Area") + p("Area part", "AreaSub")
        + p("Styled, so numbered by its style.", "ParaNumber") + p("Numbering turned off.", "ParaNumber", (0, 0))
        + p("Restarted at twenty.", num=(6, 0)) + p("Back in the first instance.", num=(5, 0)) + p("A bullet.", num=(7, 0))
    )
    data = package(body, {"word/styles.xml": STYLES, "word/numbering.xml": NUMBERING},
                   rel("s", "styles", "styles.xml") + rel("n", "numbering", "/word/numbering.xml"))
    assert texts(data) == [
        ("heading1", "Findings"), ("item", "1. First."), ("item", "1.i Sub one."), ("item", "A) Lettered."),
        ("item", "1.ii Sub two."), ("item", "2. Second."), ("item", "2.i Sub again."),
        ("item", "B) Lettered again."),  # level 3 never restarts (lvlRestart 0)
        ("heading2", "Help and protection"), ("heading2", "Area part"),  # outline level, also through basedOn
        ("item", "3. Styled, so numbered by its style."),  # numbering continued across the headings
        ("", "Numbering turned off."),
        ("item", "20. Restarted at twenty."), ("item", "21. Back in the first instance."),  # instances share the list's counters
        ("item", "A bullet."),
    ]


def test_a_reviewed_draft_is_read_with_its_changes_accepted(tmp_path: Path) -> None:
    source = read_docx(Path("t.docx"), docx_drafts.tracked_draft(tmp_path / "tracked.docx").read_bytes())
    lines = [(line.hint, line.text) for line in source.lines if line.text]
    assert ("", "Social workers consistently record the views of children.") in lines  # no "rarely", no hidden note
    assert ("", "Leaders know the service well and act on what they find.") in lines  # a deleted paragraph mark joins two
    assert ("heading2", "The experiences and progress of children in care: good") in lines  # a custom style's outline level
    assert [t for h, t in lines if h == "item"] == [
        "1. The timeliness of assessments for disabled children.", "(a) Managers’ oversight of plans.", "(b) Supervision records.",
        "2. Children in care are visited regularly by social workers who know them well.",
        "3. Too many children wait too long for a permanent home."]
    everything = " ".join(t for _, t in lines)
    assert "is this true of every plan" not in everything and "Hidden" not in everything and "rarely" not in everything
    assert source.notes == ("tracked changes read as if accepted: 1 insertion(s) kept, 2 deletion(s) dropped",)
    assert source.headers == ((1, "Inspection of Testshire: 6 to 12 May 2024"),) and not source.paged


def test_a_drafts_running_header_is_checked_and_located_in_word_terms(tmp_path: Path, registry: Registry) -> None:
    draft = docx_drafts.tracked_draft(tmp_path / "tracked.docx")
    document = build_document(read_docx(draft, draft.read_bytes()), registry.frameworks)
    numbered = {b.text: (s.title, b.number) for s, b in document.blocks() if b.number}
    assert numbered["Too many children wait too long for a permanent home."] == ("The experiences and progress of children in care: good", 3)
    _, data = run_json("--exit-zero", str(draft))
    findings = data["documents"][0]["findings"]
    assert "JC601" in [f["rule"] for f in findings]  # the header's dates against the cover's
    assert all(f["page"] is None and f["line"] is None for f in findings)
    text = run_cli("--exit-zero", str(draft)).stdout
    assert "page(s)" not in text and not re.search(r"\bline \d", text) and "note: tracked changes read as if accepted" in text


@pytest.mark.parametrize(("parts", "rels", "message"), [
    ({"word/styles.xml": '<!DOCTYPE s [<!ENTITY x "y">]><w:styles/>'}, rel("s", "styles", "styles.xml"), "styles.xml declares a DTD"),
    ({"word/numbering.xml": "<" + " " * (11 * 1024 * 1024) + ">"}, rel("n", "numbering", "numbering.xml"), "zip bomb"),
])
def test_every_part_keeps_the_hostile_input_guarantees(parts: dict[str, str], rels: str, message: str) -> None:
    with pytest.raises(JudgecheckError, match=message) as caught:
        read_docx(Path("d.docx"), package(p("Text."), parts, rels))
    assert caught.value.code == "E008"


def test_external_relationships_are_never_followed() -> None:
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="h1"/><w:headerReference w:type="even" r:id="h2"/></w:sectPr>'
    header = f'<w:hdr xmlns:w="{W_NS}"><w:p><w:r><w:t>Inside header</w:t></w:r></w:p></w:hdr>'
    rels = rel("h1", "header", "file:///etc/passwd", external=True) + rel("h2", "header", "../../../etc/passwd") + rel("h3", "header", "header1.xml")
    source = read_docx(Path("d.docx"), package(p("Text.") + sect, {"word/header1.xml": header}, rels))
    assert source.headers == ()


# -- drafts typeset from real reports ---------------------------------------------------------------


def finding_keys(document: dict[str, Any]) -> Counter[tuple[str, str]]:
    """Findings by rule and excerpt (running-header rules aside: a typeset draft has no running header)."""
    return Counter((f["rule"], key_of(f["excerpt"])[0][:60]) for f in document["findings"] if f["rule"] != "JC601")


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed (make test installs Debian's pandoc)")
    folder = tmp_path_factory.mktemp("drafts")
    made = {"pandoc": docx_drafts.pandoc_draft(docx_drafts.REPORT, folder / f"{docx_drafts.REPORT.stem}.docx")}
    if docx_drafts.soffice() is not None:
        made["libreoffice"] = docx_drafts.libreoffice_draft(made["pandoc"], folder / "libreoffice")
    return made


@needs_pandoc
@pytest.mark.parametrize("maker", ["pandoc", pytest.param("libreoffice", marks=needs_soffice)])
def test_a_typeset_report_gives_the_judgements_and_findings_of_its_pdf(drafts: dict[str, Path], maker: str) -> None:
    _, data = run_json("--exit-zero", str(docx_drafts.REPORT), str(drafts[maker]))
    pdf, draft = data["documents"]
    assert {(j["area"], j["grade"]) for j in draft["judgements"]} == {(j["area"], j["grade"]) for j in pdf["judgements"]}
    assert all(j["page"] is None for j in draft["judgements"]) and all(f["page"] is None and f["line"] is None for f in draft["findings"])
    kept = sum((finding_keys(pdf) & finding_keys(draft)).values())
    assert kept >= 0.9 * sum(finding_keys(pdf).values()) > 0
    assert any(f["paragraph"] for f in draft["findings"])  # paragraph numbers from Word's list numbering


def comments_and_anchors(path: Path) -> list[tuple[str, str, str, str]]:
    """Each comment's author, initials, text and the text its range covers."""
    document = docx.Document(str(path))
    active: set[str] = set()
    anchored: dict[str, str] = {}
    for node in document.element.body.iter():
        if node.tag == f"{W}commentRangeStart":
            active.add(node.get(f"{W}id"))
            anchored.setdefault(node.get(f"{W}id"), "")
        elif node.tag == f"{W}commentRangeEnd":
            active.discard(node.get(f"{W}id"))
        elif node.tag == f"{W}t":
            for cid in active:
                anchored[cid] += node.text or ""
    return [(c.author, c.initials or "", c.text, anchored.get(str(c.comment_id), "")) for c in document.comments]


@needs_pandoc
def test_annotate_comments_each_findings_sentence_and_leaves_the_draft_alone(drafts: dict[str, Path], tmp_path: Path) -> None:
    draft = drafts["pandoc"]
    before = hashlib.sha256(draft.read_bytes()).hexdigest()
    result = run_cli("--format", "json", "--exit-zero", "--annotate", str(tmp_path / "a.docx"), str(draft))
    findings = json.loads(result.stdout)["documents"][0]["findings"]
    assert hashlib.sha256(draft.read_bytes()).hexdigest() == before
    comments = comments_and_anchors(tmp_path / "a.docx")
    ours = [c for c in comments if c[0] == "judgecheck"]
    assert all(c[1] == "JC" for c in ours) and len(comments) == len(ours)
    with_sentence = [f for f in findings if f["excerpt"]]
    anchored = {key_of(anchor)[0] for _, _, text, anchor in ours if not text.startswith("judgecheck:")}
    hits = [f for f in with_sentence if key_of(f["excerpt"].rstrip("…"))[0] in anchored]
    assert len(hits) >= 0.9 * len(with_sentence) > 0
    first = ours[0][2]
    assert re.match(r"JC\d{3} [a-z-]+ \((error|warning|info)\): ", first) and "judgecheck rule JC" in first
    assert f"of {len(findings)} finding(s) commented on their sentence" in result.stderr
    run_cli("--exit-zero", "--annotate", str(tmp_path / "b.docx"), str(draft))
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()  # deterministic


def test_annotate_keeps_the_reviewers_comments_and_tracked_changes(tmp_path: Path) -> None:
    draft = docx_drafts.tracked_draft(tmp_path / "tracked.docx")
    before = draft.read_bytes()
    result = run_cli("--exit-zero", "--annotate", str(tmp_path / "out") + "/", str(draft))
    copy = tmp_path / "out" / "tracked.annotated.docx"
    assert draft.read_bytes() == before and "commented on their sentence" in result.stderr
    comments = comments_and_anchors(copy)
    assert ("Reviewer", "RV", "Reviewer: is this true of every plan?", "Plans for children are clear and reviewed on time.") in comments
    assert any(author == "judgecheck" for author, *_ in comments)
    xml = zipfile.ZipFile(copy).read("word/document.xml").decode()
    assert xml.count("<w:del ") == 2 and xml.count("<w:ins ") == 1 and "rarely " in xml


def finding(rule: str, excerpt: str) -> Finding:
    return Finding(rule, "a-rule", "warning", f"{rule} says so.", None, None, None, None, excerpt)


def test_a_comment_covers_its_sentence_only_past_labels_and_run_ends(tmp_path: Path) -> None:
    draft = docx_drafts.tracked_draft(tmp_path / "tracked.docx")
    findings = [finding("JC901", "(a) Managers’ oversight of plans."), finding("JC902", ""),
                finding("JC903", "consistently record the views"), finding("JC904", "A sentence the draft does not have.")]
    done = annotate_docx(draft, findings, tmp_path / "copy.docx")
    assert [c.anchored for c in done.placements] == [True, False, True, False]
    ours = {anchor: text for author, _, text, anchor in comments_and_anchors(tmp_path / "copy.docx") if author == "judgecheck"}
    assert ours["Managers’ oversight of plans."].startswith("JC901 a-rule (warning): JC901 says so.\nRun `judgecheck rule JC901`")
    assert ours["consistently record the views"].startswith("JC903")  # inside a tracked insertion, runs split at both ends
    general = ours["Inspection of Testshire local authority children’s services"]  # the first paragraph
    assert "2 of 4 finding(s)" in general and "JC902" in general and "JC904" in general


@needs_pandoc
@needs_soffice
def test_the_annotated_copy_converts_in_libreoffice_with_its_comments(drafts: dict[str, Path], tmp_path: Path) -> None:
    import pikepdf

    copy = tmp_path / "draft.docx"
    run_cli("--exit-zero", "--annotate", str(copy), str(drafts["pandoc"]))
    count = len(docx.Document(str(copy)).comments)
    docx_drafts.run_soffice(['--convert-to', 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
                             "--outdir", str(tmp_path), str(copy)], tmp_path)
    with pikepdf.open(tmp_path / "draft.pdf") as pdf:
        notes = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Text"]
    assert len(notes) == count > 0 and any("judgecheck rule" in str(a.get("/Contents")) for a in notes)


def test_annotated_copies_keep_their_suffix(tmp_path: Path) -> None:
    inputs = [tmp_path / "a.docx", tmp_path / "b.pdf"]
    assert plan_targets(inputs, str(tmp_path / "out")) == {str(inputs[0]): tmp_path / "out" / "a.annotated.docx",
                                                          str(inputs[1]): tmp_path / "out" / "b.annotated.pdf"}
    with pytest.raises(AnnotateError, match="must end in .docx"):
        plan_targets(inputs[:1], str(tmp_path / "copy.pdf"))
    with pytest.raises(AnnotateError, match="is not a PDF report or a DOCX draft"):
        plan_targets([tmp_path / "a.txt"], str(tmp_path / "copy.txt"))
