"""JC401 percentage-does-not-match-count: "214 (or 62%)" against the number it is a share of.

Reports state a population ("At 31 March 2017, 345 children were being looked
after") and then shares of it ("Of this number: 214 (or 62%) live outside the
local authority area"), or shares of a sub-population ("587 live with foster
families, of whom 223 (or 38%) live out of the authority area"). The rule
recomputes each share from its count and base and allows for the rounding the
stated precision implies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from judgecheck.language import Language
from judgecheck.model import Block, Document
from judgecheck.rules import Hit, Rule

NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
#: "345 children were being looked after", "there were 345 children looked after".
POPULATION = re.compile(rf"\b({NUMBER}) children (?:were|are|was) (?:being )?looked after\b", re.IGNORECASE)
#: "587 live with foster families, of whom 223 (or 38%)".
OF_WHOM = re.compile(rf"\b({NUMBER})\b[^.;()]*?,? of whom ({NUMBER}) \(or (\d+(?:\.\d+)?)%\)", re.IGNORECASE)
#: "214 (or 62%) live outside the local authority area".
SHARE = re.compile(rf"(?<![\d,.])({NUMBER}) \(or (\d+(?:\.\d+)?)%\)")


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def mismatch(count: int, base: int, stated: str) -> float | None:
    """The true percentage when ``stated`` cannot be it, allowing for the stated precision's rounding."""
    if base <= 0 or count > base:
        return None
    true = 100 * count / base
    decimals = len(stated.split(".")[1]) if "." in stated else 0
    tolerance = 0.5 / 10**decimals + 0.05
    if abs(true - float(stated)) <= tolerance:
        return None
    # A footnote marker glued to the base ("3451" for 345 and note 1) is not an error of the report.
    if base >= 100 and abs(100 * count / (base // 10) - float(stated)) <= tolerance:
        return None
    return true


class PercentageDoesNotMatchCount(Rule):
    """A share written as "N (or P%)" does not match N out of the number it is a share of.

    **What it checks**: counts with a percentage in brackets ("214 (or 62%)"),
    against the population stated before them in the section ("345 children
    were being looked after") or the sub-population they qualify ("587 live
    with foster families, of whom 223 (or 38%)"). Rounding to the stated
    precision is allowed.

    **Why it matters**: these figures are quoted by councils and the press; a
    percentage computed from last year's count, or typed wrongly, misstates
    the authority's position.

    **Example**: "At 31 March, 599 children were being looked after. Of this
    number: 315 (or 59%) live outside the local authority area" (315 of 599 is 52.6%).

    **Does not fire on**: shares whose base the section does not state, counts
    larger than their base, or a base with a footnote digit glued to it.
    """

    id = "JC401"
    name = "percentage-does-not-match-count"
    severity = "warning"
    scope = "paragraph"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        for section in document.sections:
            base: int | None = None
            for block in section.blocks:
                found = POPULATION.search(block.text)
                if found:
                    base = _int(found.group(1))
                yield from self._shares(section.title, block, base)

    def _shares(self, title: str, block: Block, base: int | None) -> Iterator[Hit]:
        checked: set[int] = set()
        for m in OF_WHOM.finditer(block.text):
            checked.add(m.start(2))
            yield from self._compare(block, _int(m.group(2)), _int(m.group(1)), m.group(3), m.group(0), "of {base}")
        if base is None:
            return
        for m in SHARE.finditer(block.text):
            if m.start(1) not in checked and not POPULATION.match(block.text, m.start(1)):
                yield from self._compare(block, _int(m.group(1)), base, m.group(2), m.group(0), "of the {base} children looked after")

    def _compare(self, block: Block, count: int, base: int, stated: str, quoted: str, of: str) -> Iterator[Hit]:
        true = mismatch(count, base, stated)
        if true is not None:
            yield Hit(f"{count} {of.format(base=base)} is {true:.1f}%, not {stated}%.", block=block, excerpt=quoted)


#: "Approximately 62,000 children and young people under the age of 18 years live in ...".
CHILD_POPULATION = re.compile(rf"approximately ({NUMBER}) children and young people under the age of 18", re.IGNORECASE)
#: "345 children were being looked after ... (a rate of 38.3 per 10,000 children)".
RATE = re.compile(rf"\b({NUMBER}) (?:children|child)\b[^()]{{0,120}}?\(a rate of (\d+(?:\.\d+)?)\.? per 10,000(?: children)?\)", re.IGNORECASE)


class RateDoesNotFollowFromPopulation(Rule):
    """A rate "per 10,000 children" is far from what the count and the stated child population give.

    **What it checks**: each count stated with its rate ("345 children were being
    looked after (a rate of 38.3 per 10,000 children)") against the report's own
    child population ("Approximately 93,590 children and young people under the
    age of 18 years live in ..."). Rates may rest on another year's population
    estimate, so only a rate more than 10% away from the recomputed one is reported.

    **Why it matters**: rates are how authorities are compared; one that does not
    follow from the report's own figures was computed from another count or typed wrongly.

    **Example**: 93,590 children, "196 children ... subject of a child protection
    plan (a rate of 25.4 per 10,000 children)": 196 of 93,590 is 20.9.

    **Does not fire on**: reports that state no child population, or rates within 10%.
    """

    id = "JC402"
    name = "rate-does-not-follow-from-population"
    severity = "info"
    scope = "paragraph"
    #: How far (relative) a stated rate may be from the recomputed one.
    TOLERANCE = 0.10

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        population = next((_int(m.group(1)) for _, b in document.blocks() if (m := CHILD_POPULATION.search(b.text))), None)
        if not population:
            return
        for section, block in document.blocks():
            for m in RATE.finditer(block.text):
                count, stated = _int(m.group(1)), float(m.group(2))
                true = 10000 * count / population
                if stated > 0 and abs(true - stated) > self.TOLERANCE * stated:
                    yield Hit(
                        f"{count} of the {population:,} children the report says live in the area is a rate of {true:.1f} "
                        f"per 10,000, not {m.group(2)}.",
                        section=section, block=block, excerpt=m.group(0),
                    )
