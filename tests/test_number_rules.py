"""JC401: shares written "N (or P%)" against the count they are a share of."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, SEED, planted_seed

from judgecheck import plugins
from judgecheck.check import Selection, check_file

SELECT = Selection(select=("JC401",))


def messages(registry: plugins.Registry, path: Path) -> list[str]:
    return [f.message for f in check_file(path, registry, SELECT).findings]


def test_a_real_share_that_does_not_match(registry: plugins.Registry) -> None:
    # peterborough-2015-09-18, "Children looked after in this area": "At 31 March 2015, 354 children are
    # being looked after ... Of this number: 174 (or 51%) live outside the local authority area".
    assert messages(registry, FIXTURES / "peterborough-2015-09-18.pdf") == [
        "174 of the 354 children looked after is 49.2%, not 51%."
    ]


def test_the_seed_shares_match(registry: plugins.Registry) -> None:
    assert messages(registry, SEED) == []  # "212 children were being looked after", "51 (or 24%)": 24.1%


def test_planted_shares_fire(registry: plugins.Registry, tmp_path: Path) -> None:
    assert messages(registry, planted_seed(tmp_path, "51 (or 24%)", "51 (or 29%)")) == [
        "51 of the 212 children looked after is 24.1%, not 29%."
    ]
    path = planted_seed(tmp_path, "178 children live with foster families", "178 children live with foster families, of whom 40 (or 30%) live out of the area")
    assert messages(registry, path) == ["40 of 178 is 22.5%, not 30%."]


def test_a_footnote_digit_glued_to_the_base_is_not_an_alarm(registry: plugins.Registry, tmp_path: Path) -> None:
    assert messages(registry, planted_seed(tmp_path, "212 children were being looked after", "2121 children were being looked after")) == []


def test_rates_follow_from_the_stated_population(registry: plugins.Registry, tmp_path: Path) -> None:
    rates = Selection(select=("JC402",))
    # The seed: 35,220 children; 110 on plans "(a rate of 31 per 10,000)" (31.2) and 212 looked after "(60)" (60.2).
    assert check_file(SEED, registry, rates).findings == ()
    assert check_file(FIXTURES / "peterborough-2015-09-18.pdf", registry, rates).findings == ()  # 78.7 stated, 77.3 recomputed
    path = planted_seed(tmp_path, "(a rate of 31 per 10,000 children)", "(a rate of 41 per 10,000 children)")
    assert [f.message for f in check_file(path, registry, rates).findings] == [
        "110 of the 35,220 children the report says live in the area is a rate of 31.2 per 10,000, not 41."
    ]


# lewisham-2016-01-20, page 22, "Adoption performance" (quoted from the PDF).
LEWISHAM = ("During 2014–15, the adoption support team received 94 new referrals: 17 from adoptive families, "
            "22 from birth families and 56 from adopted adults. There is also a range of training sessions available.")
# enfield-2015-03-27, page 14: the list ends with a part after "with".
ENFIELD = ("There are 230 children subject to child protection plans: 103 under the category of emotional abuse, "
           "102 for neglect, 13 for physical abuse and four under the category of sexual abuse, with eight children "
           "under multiple categories.")


def parts(registry: plugins.Registry, tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "parts.txt"
    path.write_text(text, encoding="utf-8")
    return [(f.severity, f.message) for f in check_file(path, registry, Selection(select=("JC403",))).findings]


def test_real_parts_that_do_not_add_up(registry: plugins.Registry, tmp_path: Path) -> None:
    assert parts(registry, tmp_path, LEWISHAM) == [("warning", "The parts listed add up to 95, not 94: 17 + 22 + 56.")]
    assert parts(registry, tmp_path, ENFIELD) == []


def test_the_seed_team_adds_up_and_a_planted_one_does_not(registry: plugins.Registry, tmp_path: Path) -> None:
    # "It involved a total team of 8 inspectors, six(6) Her Majesty's Inspectors (HMI), one(1) Ofsted Inspector (OI)
    # and one(1) Senior Her Majesty's Inspector (SHMI)."
    assert check_file(SEED, registry, Selection(select=("JC403",))).findings == ()
    path = planted_seed(tmp_path, "a total team of 8 inspectors", "a total team of 9 inspectors")
    assert [f.message for f in check_file(path, registry, Selection(select=("JC403",))).findings] == [
        "The parts listed add up to 8, not 9: 6 + 1 + 1."
    ]


def test_open_and_partial_lists(registry: plugins.Registry, tmp_path: Path) -> None:
    # haringey-2014-07-18: an "of whom" list may leave children out ...
    haringey = ("There are 51 children waiting to be adopted, of whom 21 were placed with their adoptive families, "
                "seven have been matched and four children have had their plans changed to long term fostering.")
    assert parts(registry, tmp_path, haringey) == []
    # ... but not come to more than the total; a year range is not a total.
    assert parts(registry, tmp_path, "There were 20 referrals, of whom 15 were boys and 9 were girls.") == [
        ("info", "The parts listed add up to 24, not 20: 15 + 9.")
    ]
    assert parts(registry, tmp_path, "In 2014–15 the service responded to 12 referrals: five for access to records, "
                                     "three for letterbox contact and four for birth relatives.") == []


def test_a_percentage_rounded_down_is_a_convention(registry: plugins.Registry, tmp_path: Path) -> None:
    # kingston-upon-hull-2015-02-10 (validation): "At 18 November 2014, 678 children are being looked after ...
    # Of this number: 230 (or 33%) live outside the local authority area": 33.9% printed 33%.
    text = SEED.read_text(encoding="utf-8").replace("212 children were being looked after", "678 children were being looked after")
    path = tmp_path / "rounded.txt"
    path.write_text(text.replace("51 (or 24%)", "230 (or 33%)"), encoding="utf-8")
    assert messages(registry, path) == []
    path.write_text(text.replace("51 (or 24%)", "230 (or 32%)"), encoding="utf-8")
    assert messages(registry, path) == ["230 of the 678 children looked after is 33.9%, not 32%."]


def test_a_sentence_with_its_own_base_uses_it(registry: plugins.Registry, tmp_path: Path) -> None:
    # The construction of issue 16: the share is of the sentence's own 835, not of the section's 1,200.
    report = tmp_path / "report.md"
    text = ("At 31 March 2016, 1,200 children were being looked after. Of the 835 children who live with foster "
            "families, 202 (or 24%) live with relatives. Of the 835 children in foster care, 302 (or 24%) are teenagers.")
    report.write_text(f"# Children looked after\n\n{text}\n", encoding="utf-8")
    found = check_file(report, registry, Selection(select=("JC401",))).findings
    assert [f.message for f in found] == ["302 of 835 is 36.2%, not 24%."]
