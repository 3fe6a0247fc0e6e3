"""JC501: numbered paragraphs and numbered sections in sequence."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, SEED

from judgecheck import plugins
from judgecheck.check import Selection, check_file

SELECT = Selection(select=("JC501",))


def messages(registry: plugins.Registry, path: Path) -> list[str]:
    return [f.message for f in check_file(path, registry, SELECT).findings]


def test_the_seed_cabinet_paper_numbers_two_sections_2(registry: plugins.Registry) -> None:
    # "2 BACKGROUND INFORMATION" (items 2.1-2.6), then "2 OPTIONS FOR CONSIDERATION" (item 3.1), then "4 ANALYSIS OF OPTIONS".
    assert messages(registry, SEED) == ["Section '2 OPTIONS FOR CONSIDERATION' is numbered 2; the sections before it make it 3."]


def test_real_reports_in_sequence(registry: plugins.Registry) -> None:
    for name in ("peterborough-2015-09-18.pdf", "cambridgeshire-2019-02-18.pdf", "kent-2026-02-02.pdf"):
        assert messages(registry, FIXTURES / name) == [], name


def test_planted_numbering(registry: plugins.Registry, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    gap = tmp_path / "gap.txt"
    gap.write_text(text.replace("\n6. There is a seamless 24-hour social work service.", "\n7. There is a seamless 24-hour social work service.", 1), encoding="utf-8")
    assert "Paragraph 7 follows paragraph 5: paragraph 6 is missing." in messages(registry, gap)
    item = tmp_path / "item.txt"
    item.write_text(text.replace("2 OPTIONS FOR CONSIDERATION", "3 OPTIONS FOR CONSIDERATION").replace("\n4.1 N/A", "\n5.1 N/A"), encoding="utf-8")
    assert messages(registry, item) == ["Item 5.1 sits under section 4 ('4 ANALYSIS OF OPTIONS')."]


def test_a_number_printed_without_its_full_stop_is_there(registry: plugins.Registry, tmp_path: Path) -> None:
    # Published reports print "34 Children ..." and "46.. Children ..." (issue 16): the paragraph is not missing.
    text = SEED.read_text(encoding="utf-8")
    for printed in ("6 There", "6.. There"):
        path = tmp_path / "loose.txt"
        path.write_text(text.replace("\n6. There is a seamless", f"\n{printed} is a seamless", 1), encoding="utf-8")
        assert not [m for m in messages(registry, path) if "paragraph 6 is missing" in m], printed
