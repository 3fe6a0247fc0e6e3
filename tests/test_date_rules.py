"""JC601/JC602: dates in running headers and on the cover."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, run_cli

from judgecheck import plugins
from judgecheck.check import Selection, check_file

SELECT = Selection(select=("JC6",))


def found(registry: plugins.Registry, path: Path) -> list[tuple[str, str, str]]:
    return [(f.rule, f.severity, f.message) for f in check_file(path, registry, SELECT).findings]


def test_a_real_header_that_contradicts_the_cover(registry: plugins.Registry) -> None:
    # gateshead-2025-01-29: cover "Inspection dates: 2 to 6 December 2024", header "6 to 12 December 2024".
    assert found(registry, FIXTURES / "gateshead-2025-01-29.pdf") == [(
        "JC601", "error",
        "The running header gives the inspection as '6 to 12 December 2024'; the cover says 2 December 2024 to 6 December 2024.",
    )]


def test_a_real_two_digit_year_is_information(registry: plugins.Registry) -> None:
    # trafford-2026-08-03: header "8 June to 19 June 26".
    assert found(registry, FIXTURES / "trafford-2026-08-03.pdf") == [
        ("JC601", "info", "The running header writes the year with two digits: '8 June to 19 June 26'.")
    ]


def test_headers_that_agree_are_silent(registry: plugins.Registry) -> None:
    assert found(registry, FIXTURES / "slough-2023-03-17.pdf") == []


def test_planted_dates(registry: plugins.Registry, tmp_path: Path) -> None:
    extract = tmp_path / "slough.md"
    assert run_cli("extract", str(FIXTURES / "slough-2023-03-17.pdf"), "-o", str(extract)).exit_code == 0
    text = extract.read_text(encoding="utf-8")
    assert "<!-- header 5: 23 January to 3 February 2023 5 -->" in text
    extract.write_text(text.replace("<!-- header 5: 23 January to 3 February 2023 5 -->",
                                    "<!-- header 5: 23 January to 3 February 2022 5 -->"), encoding="utf-8")
    assert [(r, s) for r, s, _ in found(registry, extract)] == [("JC601", "error")]
    cover = tmp_path / "cover.md"
    cover.write_text("Inspection of Anytown local authority children's services\n\n"
                     "Inspection dates: 10 to 21 July 2023\n\nReport published: 4 July 2023\n", encoding="utf-8")
    assert found(registry, cover) == [
        ("JC602", "error", "Published 4 July 2023, before the inspection ended on 21 July 2023.")
    ]
