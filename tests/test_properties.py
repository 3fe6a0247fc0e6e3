"""Properties of the text readers, the structure stage and ``extract``, on text that hypothesis makes up.

* reading and structuring any text never raises (only coded errors);
* any text round-trips through ``extract``: its Markdown reads back to the same
  structure, as ``bench/roundtrip.py`` compares it on the corpus.

Falsifying examples hypothesis found are kept below as explicit regression tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from judgecheck.errors import JudgecheckError
from judgecheck.model import Document, DocumentResult
from judgecheck.output.markdown import to_markdown
from judgecheck.plugins import load_registry
from judgecheck.read.text import read_markdown, read_text
from judgecheck.structure import build_document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from roundtrip import shape

FRAMEWORKS = load_registry().frameworks
#: Derandomized, so the suite gives the same verdict on every run; longer random runs are a bench matter.
SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

#: Pieces of real reports: headings, grades, judgement tables, numbered paragraphs, bullets, page furniture.
PIECES = [
    "Inspection of Testshire local authority children’s services",
    "Inspection dates: 1 to 5 May 2023", "Inspection dates: 4 September 2017 to 28 September 2017",
    "Report published: 12 June 2023", "Lead inspector: Jane Smith",
    "Judgement", "Grade", "Overall effectiveness", "Good", "Outstanding", "Inadequate", "Requires improvement to be good",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children in care: requires improvement to be good",
    "The experiences and progress of children who need help and protection: good",
    "Overall effectiveness: inadequate", "Leadership, management and governance", "Adoption performance",
    "Summary", "Recommendations", "What needs to improve", "Main findings",
    "# Leadership", "## Children in care", "### Adoption", "#", "# ", "#### Good",
    "| Judgement | Grade |", "| --- | --- |", "| Overall effectiveness | Good |", "| Children in care | Inadequate |", "|", "||", "| |",
    "Overall effectiveness\tGood", "\t", "1. Children wait too long.", "12. Plans drift.", "2.Leaders know their services well.",
    "999. x", "1.", "- a bullet", "* another", "+ third", "• a bullet point", "\uf0b7 symbol bullet", "\ue000", "\uf0a7",
    "<p>", "</p>", "<p>Text in a paragraph.</p>", "\x02", "\ufffe", "co\x02ordinated", "<!-- page 2 -->", "<!-- page 0 -->",
    "<!-- header 1: Ofsted -->", "<!--", "-->", "<!-- a comment -->", "Page 3 of 10", "3", "**bold**", "__under__", "*",
    "Children are safe. Most plans are good.", "Some children’s plans are not good enough.", "As good overall.",
    "(a)", "e.g.", "\u00a0", "\u2028", "\x0c", "\x85", "\r", "", " ",
]
LINE = st.one_of(
    st.sampled_from(PIECES),
    st.text(max_size=12),
    st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", ": ", ". ", "\t", " | "]), st.sampled_from(PIECES)).map("".join),
)
REPORT_LIKE = st.tuples(st.lists(LINE, max_size=40), st.sampled_from(["\n", "\r\n", "\n\n", "\r"])).map(lambda p: p[1].join(p[0]))
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)


def structure(text: str, markdown: bool) -> Document | None:
    """The document recovered from ``text`` read as Markdown or plain text (None: a coded error)."""
    read = read_markdown if markdown else read_text
    try:
        source = read(Path("r.md" if markdown else "r.txt"), text.encode("utf-8"))
    except JudgecheckError:
        return None
    return build_document(source, FRAMEWORKS)


def assert_round_trips(text: str, markdown: bool) -> None:
    """``extract``'s Markdown of the text reads back to the same structure (bench/roundtrip.py's comparison)."""
    first = structure(text, markdown)
    if first is None:
        return
    second = structure(to_markdown(first), markdown=True)
    assert second is not None
    assert shape(DocumentResult(first.path, second)) == shape(DocumentResult(first.path, first))


@SETTINGS
@given(text=st.one_of(ANY_TEXT, REPORT_LIKE), markdown=st.booleans())
def test_structure_never_raises(text: str, markdown: bool) -> None:
    structure(text, markdown)


@SETTINGS
@given(text=ANY_TEXT, markdown=st.booleans())
def test_any_text_round_trips_through_extract(text: str, markdown: bool) -> None:
    assert_round_trips(text, markdown)


@SETTINGS
@given(text=REPORT_LIKE, markdown=st.booleans())
def test_report_like_text_round_trips_through_extract(text: str, markdown: bool) -> None:
    assert_round_trips(text, markdown)


# -- falsifying examples hypothesis found, kept as regression tests ----------------------


@pytest.mark.parametrize(("text", "markdown"), [
    # A paragraph "|" (a private-use glyph dropped after it) read back as an empty table row: extract escapes it.
    ("|\ue000", False),
    # Other text Markdown would take as markup: headings, list items, bullets, comments, <p> tags, emphasis.
    ("\\# not a heading\n\n\\- not an item\n\n\\• not a bullet\n\n1. \\| not a row \\|\n\nx <!-- y --\\> z <p\\> w\n\n\\*\\*kept\\*\\* a\\\\b", True),
    # A paragraph number alone on its line ("1." in the margin) numbers the next line's text.
    ("1.\nInspection of Testshire local authority children’s services", False),
    # Text on a page numbered 0 kept its page.
    ("<!-- page 0 -->\nInspection of Testshire local authority children’s services", False),
    # A numbered list item (a bullet glyph before "2.") right after unfinished text was numbered only when read back.
    ("Inspection of Testshire local authority children’s services\n\ue0002.Leaders know their services well.", False),
    # A lone judgement row is read like any other line (a heading stating a grade), before and after extract.
    ("Inspection of Testshire local authority children’s services\n\n| Overall effectiveness | Good |", False),
])
def test_found_by_hypothesis(text: str, markdown: bool) -> None:
    assert_round_trips(text, markdown)


def test_escaped_markup_reads_as_text() -> None:
    document = structure("\\# not a heading\n\n\\- not an item\n\nx <!-- y --\\> z <p\\> w\n\n\\*\\*kept\\*\\* a\\\\b", markdown=True)
    assert document is not None
    assert [(b.kind, b.text) for s in document.sections for b in s.blocks] == [
        ("paragraph", "# not a heading"), ("paragraph", "- not an item"), ("paragraph", "x <!-- y --> z <p> w"),
        ("paragraph", "**kept** a\\b"),
    ]


def test_a_number_alone_on_its_line_numbers_the_paragraph() -> None:
    document = structure("1.\nChildren wait too long.", markdown=False)
    assert document is not None
    assert [(b.number, b.text) for s in document.sections for b in s.blocks] == [(1, "Children wait too long.")]
