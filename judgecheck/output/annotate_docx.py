"""Annotated Word drafts: a copy of a checked DOCX with one Word comment per finding, on its sentence.

* **Locating.** The draft's paragraphs are walked as the DOCX reader reads them
  (deleted and hidden text left out, list labels counted), each visible
  character remembering the ``w:t`` it sits in. The finding's excerpt is reduced
  to its letters and digits (as :func:`judgecheck.output.annotate.key_of` does
  for PDFs) and searched for; where it occurs more than once, the occurrence in
  the finding's section and numbered paragraph wins.
* **Writing.** The runs at the sentence's ends are split where the sentence
  starts or ends inside them, so the comment's range (python-docx's comments
  API) covers exactly the runs that hold it. Each comment is authored
  "judgecheck" (initials "JC") and says the rule, its severity, the message and
  the command that explains the rule. Findings without a sentence, or whose
  sentence cannot be found, share one comment on the first paragraph. Existing
  comments and tracked changes are left as they are. The copy is written to a
  temporary file and renamed, with fixed ZIP timestamps and no comment dates,
  so the same draft and findings give the same bytes; the draft is only read.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgecheck.model import Finding
from judgecheck.output.annotate import CLOSING, MIN_KEY, AnnotateError, key_of
from judgecheck.output.files import replacing
from judgecheck.read.docx import BOMB_FLOOR, HIDDEN, MAX_PART_BYTES, MAX_RATIO, MAX_TOTAL_BYTES, W, paragraphs

AUTHOR, INITIALS = "judgecheck", "JC"
#: Name of annotated copies written into a directory.
SUFFIX = ".annotated.docx"
#: The ZIP entries' timestamp in the copy (the earliest a ZIP can hold), for byte-identical output.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Commented:
    """One finding and whether its comment is anchored on its sentence (else it is in the general comment)."""

    finding: Finding
    anchored: bool

    @property
    def located(self) -> bool:
        return self.anchored


@dataclass(frozen=True)
class AnnotatedDocx:
    """What :func:`annotate_docx` did for one draft."""

    source: str
    target: str
    placements: tuple[Commented, ...] = ()

    @property
    def located(self) -> int:
        return sum(p.anchored for p in self.placements)


# -- the draft's text -----------------------------------------------------------


@dataclass
class _Paragraph:
    element: Any
    hint: str
    label: str
    #: Each visible character's run and ``w:t`` element, and its index in that text.
    owners: list[tuple[Any, Any, int]]
    text: str


def _visible(p: Any) -> tuple[str, list[tuple[Any, Any, int]]]:
    """A paragraph's visible text as the reader sees it, each character with its run, ``w:t`` and index."""
    chars: list[str] = []
    owners: list[tuple[Any, Any, int]] = []
    stack: list[tuple[Any, Any]] = [(child, None) for child in reversed(list(p))]
    while stack:
        node, run = stack.pop()
        if node.tag in HIDDEN:
            continue
        if node.tag == f"{W}r":
            vanish = node.find(f"{W}rPr/{W}vanish")
            if vanish is not None and vanish.get(f"{W}val", "true") not in ("0", "false", "off"):
                continue
            run = node
        if node.tag == f"{W}t" and run is not None:
            for index, ch in enumerate(node.text or ""):
                chars.append(ch)
                owners.append((run, node, index))
        elif node.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            chars.append(" ")
            owners.append((run, None, -1))
        stack.extend((child, run) for child in reversed(list(node)))
    return "".join(chars), owners


def _paragraphs(document: Any) -> list[_Paragraph]:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    found = []
    styles, numbering = _related(document.part, RT.STYLES), _related(document.part, RT.NUMBERING)
    for p, hint, label in paragraphs(document.element.body, styles, numbering):
        text, owners = _visible(p)
        found.append(_Paragraph(p, hint, label, owners, text))
    return found


def _related(part: Any, reltype: str) -> Any:
    """The XML of the document part's internal part of this relationship type (None if it has none)."""
    rel = next((r for r in part.rels.values() if r.reltype == reltype and not r.is_external), None)
    return getattr(rel.target_part, "element", None) if rel is not None else None


# -- locating -------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    paragraph: int
    first: int
    last: int


def _locate(paras: list[_Paragraph], finding: Finding) -> _Span | None:
    """Where the finding's excerpt is: its paragraph and first and last character; None if not found."""
    key, _ = key_of(finding.excerpt.rstrip("…"))
    if len(key) < MIN_KEY:
        return None
    candidates: list[tuple[int, int, _Span]] = []
    section_key = key_of(finding.section or "")[0]
    section = ""
    for index, para in enumerate(paras):
        if para.hint.startswith("heading"):
            section = key_of(para.text)[0]
        # The excerpt may start with the list label Word draws ("(a) ..."), which no run holds.
        prefix = f"{para.label} " if para.label else ""
        text_key, positions = key_of(prefix + para.text)
        start = text_key.find(key)
        while start != -1:
            first, last = positions[start] - len(prefix), positions[start + len(key) - 1] - len(prefix)
            if last < 0:
                break
            span = _Span(index, max(first, 0), last)
            in_section = bool(section_key) and (section == section_key or section_key.startswith(section) and bool(section))
            numbered = finding.paragraph is not None and para.label.rstrip(".") == str(finding.paragraph)
            candidates.append((-(in_section + numbered), len(candidates), span))
            start = text_key.find(key, start + 1)
    return min(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else None


# -- writing --------------------------------------------------------------------


def _split(run: Any, t: Any, offset: int) -> tuple[Any, Any]:
    """Split ``run`` before character ``offset`` of its ``w:t`` ``t``: (the run before, a new run after)."""
    right = copy.deepcopy(run)
    index = list(run).index(t)
    right_children = list(right)
    right_t = right_children[index]
    for child in right_children[:index]:
        if child.tag != f"{W}rPr":
            right.remove(child)
    for child in list(run)[index + 1:]:
        run.remove(child)
    text = t.text or ""
    t.text, right_t.text = text[:offset], text[offset:]
    for part in (t, right_t):
        part.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.addnext(right)
    return run, right


def _anchor_runs(para: _Paragraph, span: _Span) -> tuple[Any, Any]:
    """The first and last run of the span, split so that they hold nothing outside it."""
    last = span.last
    while last + 1 < len(para.text) and para.text[last + 1] in CLOSING and para.owners[last + 1][1] is not None:
        last += 1
    first_run, first_t, first_at = para.owners[span.first]
    last_run, last_t, last_at = para.owners[last]
    # Split the end first: the run kept on the left is the original element, which still holds the start.
    if last_t is not None and (last_at + 1 < len(last_t.text or "") or list(last_run)[-1] is not last_t):
        last_run, _ = _split(last_run, last_t, last_at + 1)
    if first_t is not None and (first_at > 0 or _content(first_run)[0] is not first_t):
        _, right = _split(first_run, first_t, first_at)
        if first_run is last_run:
            last_run = right
        first_run = right
    return first_run, last_run


def _content(run: Any) -> list[Any]:
    return [child for child in run if child.tag != f"{W}rPr"]


def comment_text(finding: Finding) -> str:
    """A comment's text: the rule, its severity and message, and how to learn more about the rule."""
    return f"{finding.rule} {finding.name} ({finding.severity}): {finding.message}\nRun `judgecheck rule {finding.rule}` for what it checks and why."


def _general_text(findings: Sequence[Finding], total: int) -> str:
    lines = [f"judgecheck: {len(findings)} of {total} finding(s) not anchored on a sentence of this draft:"]
    for f in findings:
        quote = f" “{f.excerpt}”" if f.excerpt else ""
        lines.append(f"{f.rule} ({f.severity}): {f.message}{quote} — run `judgecheck rule {f.rule}`.")
    return "\n".join(lines)


def _check_archive(source: Path, data: bytes) -> None:
    """Refuse a draft whose parts would expand past the reader's limits (python-docx loads every part)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise AnnotateError(f"{source} is not a DOCX (ZIP) archive ({exc})") from None
    total = sum(info.file_size for info in infos)
    bomb = any(i.file_size > MAX_PART_BYTES or (i.file_size > BOMB_FLOOR and i.file_size > MAX_RATIO * i.compress_size) for i in infos)
    if total > MAX_TOTAL_BYTES or bomb:
        raise AnnotateError(f"{source}: its parts would expand to {total:,} bytes (zip bomb?)")


def annotate_docx(source: Path, findings: Sequence[Finding], target: Path) -> AnnotatedDocx:
    """Write ``target``: a copy of the DOCX ``source`` with one Word comment per finding."""
    import docx

    try:
        data = source.read_bytes()
    except OSError as exc:
        raise AnnotateError(f"cannot read {source}: {exc.strerror or exc}") from None
    _check_archive(source, data)
    try:
        document = docx.Document(io.BytesIO(data))
        paras = _paragraphs(document)
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise AnnotateError(f"{source}: the DOCX cannot be opened for annotating ({type(exc).__name__}: {exc})") from None
    from docx.text.run import Run

    body = document._body  # noqa: SLF001 - the runs' parent for python-docx's Run
    anchored: list[bool] = []
    for finding in findings:
        span = _locate(paras, finding) if finding.excerpt else None
        anchored.append(span is not None)
        if span is not None:
            para = paras[span.paragraph]
            para.text, para.owners = _visible(para.element)  # earlier comments may have split its runs
            first, last = _anchor_runs(para, span)
            comment = document.add_comment([Run(first, body), Run(last, body)], comment_text(finding), AUTHOR, INITIALS)
            comment._comment_elm.date = None  # noqa: SLF001 - no date, for byte-identical copies
    rest = [f for f, done in zip(findings, anchored) if not done]
    if rest:
        holder = next((p for p in paras if any(o[1] is not None for o in p.owners)), None)
        if holder is None:
            raise AnnotateError(f"{source}: the DOCX has no text to anchor a comment on")
        holder.text, holder.owners = _visible(holder.element)
        runs = [o[0] for o in holder.owners if o[1] is not None]
        comment = document.add_comment([Run(runs[0], body), Run(runs[-1], body)], _general_text(rest, len(findings)), AUTHOR, INITIALS)
        comment._comment_elm.date = None  # noqa: SLF001
    _save(document, target)
    return AnnotatedDocx(str(source), str(target), tuple(Commented(f, done) for f, done in zip(findings, anchored)))


def _save(document: Any, target: Path) -> None:
    """Save with fixed ZIP timestamps, through a temporary file renamed onto ``target``."""
    buffer = io.BytesIO()
    document.save(buffer)
    try:
        with replacing(target) as tmp:
            with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as saved, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
                for info in saved.infolist():
                    entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    entry.external_attr = 0o644 << 16
                    out.writestr(entry, saved.read(info))
    except OSError as exc:
        raise AnnotateError(f"cannot write {target}: {exc.strerror or exc}") from None
