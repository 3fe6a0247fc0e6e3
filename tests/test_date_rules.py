"""JC601-JC604: dates in running headers and on the cover, visit lengths, "in post since"."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, planted_seed, run_cli

from judgecheck import plugins
from judgecheck.check import Selection, check_file
from judgecheck.structure import read_metadata

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


def test_visits_within_the_framework_are_silent(registry: plugins.Registry) -> None:
    # The seed (SIF, four weeks at most): "Inspection date: 20 June 2017 – 13 July 2017", 24 days.
    assert [r for r, _, _ in found(registry, SEED) if r == "JC603"] == []


def test_each_visit_is_measured_on_its_own() -> None:
    # devon-2025-05-13's cover: two visits of 12 and 4 days, 109 days from first to last.
    meta = read_metadata("Inspection dates: 30 September to 11 October 2024 and 13 to 16 January 2025 Judgement Grade")
    assert meta.visits == (("2024-09-30", "2024-10-11"), ("2025-01-13", "2025-01-16"))
    assert (meta.inspection_start, meta.inspection_end) == ("2024-09-30", "2025-01-16")


@pytest.mark.parametrize(("cover", "visits"), [
    ("2 to 6 October and 16 to 20 October 2017", (("2017-10-02", "2017-10-06"), ("2017-10-16", "2017-10-20"))),
    ("2 TO 6 OCTOBER AND 16 TO 20 OCTOBER 2017", (("2017-10-02", "2017-10-06"), ("2017-10-16", "2017-10-20"))),
    ("2 to 6 Oct. & 16 to 20 October 2017", (("2017-10-02", "2017-10-06"), ("2017-10-16", "2017-10-20"))),
    ("27 to 31 December and 3 to 7 January 2022", (("2021-12-27", "2021-12-31"), ("2022-01-03", "2022-01-07"))),
    ("26 to 30 January and 2 to 6 February 2024", (("2024-01-26", "2024-01-30"), ("2024-02-02", "2024-02-06"))),
    ("12 and 13 June 2019", (("2019-06-12", "2019-06-12"), ("2019-06-13", "2019-06-13"))),
    ("29 and 30 June and 1 to 3 July 2019",
     (("2019-06-29", "2019-06-29"), ("2019-06-30", "2019-06-30"), ("2019-07-01", "2019-07-03"))),
    # An "and" that does not start a visit is not a split.
    ("8 to 26 December 2025 Ofsted inspection of children's services and the local authority",
     (("2025-12-08", "2025-12-26"),)),
])
def test_a_visit_takes_its_month_and_year_from_the_next(cover: str, visits: tuple[tuple[str, str], ...]) -> None:
    meta = read_metadata(f"Inspection dates: {cover} Lead inspector")
    assert meta.visits == visits
    assert (meta.inspection_start, meta.inspection_end) == (visits[0][0], visits[-1][1])


def test_the_previous_inspection_on_the_cover_is_not_this_one() -> None:
    # bury-2024-05-07 (an area SEND report): the previous inspection's dates follow on the cover.
    meta = read_metadata("Inspection dates: 12 to 16 February 2024 Dates of previous inspection: 13 to 15 May 2019 Inspection outcome")
    assert (meta.inspection_start, meta.inspection_end) == ("2024-02-12", "2024-02-16")


def test_a_running_header_may_give_a_title_before_the_dates() -> None:
    # oldham-2023-08-29 (an area SEND report): the header names the report before its dates.
    meta = read_metadata("Inspection dates: 26 to 30 June 2023 Inspection outcome",
                         [(2, "Area SEND inspection report: Oldham Local Area Partnership, 26 to 30 June 2023 2")])
    assert [(start, end) for _, start, end, _ in meta.header_dates] == [("2023-06-26", "2023-06-30")]


def test_visits_that_cannot_be_split_are_not_measured() -> None:
    # Rather one visit too few than a false 19-day visit from the first date to the last.
    assert read_metadata("Inspection dates: the week of & 16 to 20 October 2017 Lead inspector").visits == ()
    assert read_metadata("Inspection dates: 9 to 13 October 2017 and 2 to 6 October 2017 Lead inspector").visits == ()


def test_a_planted_visit_longer_than_the_framework_allows(registry: plugins.Registry, tmp_path: Path) -> None:
    path = planted_seed(tmp_path, "Inspection date: 20 June 2017 – 13 July 2017", "Inspection date: 20 June 2017 – 23 July 2017")
    assert [f for f in found(registry, path) if f[0] == "JC603"] == [(
        "JC603", "warning",
        "The inspection visit from 20 June 2017 to 23 July 2017 lasts 34 days; the ofsted-sif framework allows at most 29.",
    )]


def test_a_sif_visit_of_four_weeks_and_a_day_is_normal(registry: plugins.Registry, tmp_path: Path) -> None:
    # Monday 19 June 2017 to Monday 17 July 2017: four weeks on site, ending on the Monday.
    path = planted_seed(tmp_path, "Inspection date: 20 June 2017 – 13 July 2017", "Inspection date: 19 June 2017 – 17 July 2017")
    assert [f for f in found(registry, path) if f[0] == "JC603"] == []


def test_in_post_since_before_the_inspection_is_silent(registry: plugins.Registry) -> None:
    # The seed: "The DCS has been in post since November 2016" for an inspection ending 13 July 2017.
    assert [r for r, _, _ in found(registry, SEED) if r == "JC604"] == []


def test_a_planted_in_post_date_after_the_inspection(registry: plugins.Registry, tmp_path: Path) -> None:
    path = planted_seed(tmp_path, "The DCS has been in post since November 2016", "The DCS has been in post since November 2017")
    assert [f for f in found(registry, path) if f[0] == "JC604"] == [(
        "JC604", "error", "'has been in post since November 2017' is after the inspection ended on 13 July 2017.",
    )]


@pytest.mark.parametrize(("header", "rules"), [
    # Headers of published reports that agree with their covers (issue 16).
    ("Inspection of Anytown local authority children’s services (23 January to 3 February 2023) 5", []),
    ("Anytown local authority children’s services 23 January 2023 5", []),
    # One day that is not a day of the inspection still contradicts the cover.
    ("Anytown local authority children’s services 23 January 2022 5", [("JC601", "error")]),
])
def test_a_header_in_brackets_or_with_one_day(registry: plugins.Registry, tmp_path: Path, header: str, rules: list[tuple[str, str]]) -> None:
    extract = tmp_path / "slough.md"
    assert run_cli("extract", str(FIXTURES / "slough-2023-03-17.pdf"), "-o", str(extract)).exit_code == 0
    text = extract.read_text(encoding="utf-8")
    extract.write_text(text.replace("<!-- header 5: 23 January to 3 February 2023 5 -->", f"<!-- header 5: {header} -->"), encoding="utf-8")
    assert [(r, s) for r, s, _ in found(registry, extract)] == rules
