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
#: "Of the 835 children in foster care, 202 (or 24%) ...": the sentence names its own base.
OF_THE = re.compile(rf"\bOf (?:the |these |those )?({NUMBER})\b[^.;()]*?,\s*({NUMBER}) \((?:or )?(\d+(?:\.\d+)?)%\)",
                    re.IGNORECASE)
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
    # Rounded down, a convention of some reports (230 of 678 is 33.9%, printed "33%").
    if 0 <= true - float(stated) < 1 / 10**decimals:
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
    with foster families, of whom 223 (or 38%)"; "Of the 835 children in foster
    care, 202 (or 24%)"): a sentence that names its own base is held to it.
    Rounding to the stated precision is allowed.

    **Why it matters**: these figures are quoted by councils and the press; a
    percentage computed from last year's count, or typed wrongly, misstates
    the authority's position.

    **Example**: "At 31 March, 599 children were being looked after. Of this
    number: 315 (or 59%) live outside the local authority area" (315 of 599 is 52.6%).

    **Does not fire on**: shares whose base the section does not state, counts
    larger than their base, a base with a footnote digit glued to it, or a
    percentage rounded down rather than to the nearest (33.9% printed 33%).

    **References**: judged findings in ``bench/eval/structural_findings.jsonl``
    (``bench/findings.py``).
    """

    id = "JC401"
    name = "percentage-does-not-match-count"
    severity = "warning"
    measured = "6 of 6 judged findings real (2 validation/, 4 pdf/)"
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
        for pattern in (OF_WHOM, OF_THE):
            for m in pattern.finditer(block.text):
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

    **References**: judged findings in ``bench/eval/structural_findings.jsonl``
    (``bench/findings.py``).
    """

    id = "JC402"
    name = "rate-does-not-follow-from-population"
    severity = "info"
    measured = "2 of 2 judged findings real (1 validation/, 1 pdf/)"
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


WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
#: A count in figures or words, with the figure some councils add in brackets ("six(6)").
COUNT = rf"(?:{NUMBER}|{'|'.join(WORDS)})(?:\s*\(\d+\))?"
#: "230 children subject to child protection plans: 103 ...", "357 children ..., of whom 14 ...". The total
#: must not be the tail of a year range ("2014-15 the service responded to 12 referrals: ...").
TOTAL = re.compile(
    rf"(?<![\d,.–\-/])\b(?P<total>{COUNT})\s+[A-Za-z][A-Za-z’' ()-]{{0,60}}?\s*"
    rf"(?P<intro>:|,\s*(?:comprising|consisting of|made up of|namely|of whom)\b)",
    re.IGNORECASE,
)
#: "a total team of 8 inspectors, six(6) HMI, one(1) OI and one(1) SHMI".
TOTAL_OF = re.compile(rf"\btotal (?:\w+ )?of (?P<total>{COUNT})\s+\w[\w ]{{0,30}}?(?P<intro>,)", re.IGNORECASE)
#: Where one item of the list ends and the next begins: a comma or "and" before a count.
NEXT_ITEM = re.compile(rf"(,\s*(?:and\s+)?|\s+and\s+)(?=(?:{COUNT})\s+[A-Za-z])", re.IGNORECASE)
ITEM = re.compile(rf"({COUNT})\s+(?!per\b|years?\b|months?\b|weeks?\b|days?\b|%)[A-Za-z]", re.IGNORECASE)


def _count(text: str) -> int:
    word = text.split("(")[0].strip().lower()
    return WORDS.index(word) + 1 if word in WORDS else _int(word)


def listed_parts(text: str) -> tuple[list[int], str] | None:
    """The counts of a list that ends with "and" ("103 for ..., 102 for ... and four ..."), and the list as written."""
    end = re.search(r"[.;](?:\s|$)", text)
    text = text[: end.start()] if end else text
    pieces = NEXT_ITEM.split(text)
    items, separators = pieces[::2], pieces[1::2]
    counts = []
    for item in items:
        m = ITEM.match(item.strip())
        if not m:
            break
        counts.append(_count(m.group(1)))
    if len(counts) < 2 or "and" not in separators[len(counts) - 2]:
        return None
    written = "".join(p for pair in zip(items[: len(counts)], [*separators, ""], strict=False) for p in pair)
    # "... and four under sexual abuse, with eight children under multiple categories": a last part.
    last = re.search(rf",\s+with ({COUNT})\s+[A-Za-z]", items[len(counts) - 1])
    if last:
        counts.append(_count(last.group(1)))
    return counts, written


class PartsDoNotAddUp(Rule):
    """The counts a report lists as the parts of a total do not add up to it.

    **What it checks**: a total followed by the list of its parts, introduced by
    a colon, "comprising", "made up of" or "a total ... of N X," ("230 children
    subject to child protection plans: 103 under the category of emotional
    abuse, 102 for neglect, 13 for physical abuse and four ..."). A list after
    "of whom" may leave children out, so it is reported only when its parts
    come to more than the total (information).

    **Why it matters**: one of the figures is wrong, and readers cannot tell which.

    **Example**: "It involved a total team of 8 inspectors, six(6) HMI, one(1) OI
    and one(1) SHMI" is consistent; "94 new referrals: 17 from adoptive
    families, 22 from birth families and 56 from adopted adults" adds up to 95.

    **Does not fire on**: lists that do not end with "and" (open lists), lists
    of percentages, durations or rates, or "of whom" lists that fall short of the total.

    **References**: judged findings in ``bench/eval/structural_findings.jsonl``
    (``bench/findings.py``).
    """

    id = "JC403"
    name = "parts-do-not-add-up"
    severity = "warning"
    measured = "1 of 1 judged finding real (pdf/); none on validation/"
    scope = "paragraph"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        for section, block in document.blocks():
            for m in [*TOTAL.finditer(block.text), *TOTAL_OF.finditer(block.text)]:
                found = listed_parts(block.text[m.end():])
                if not found:
                    continue
                parts, written = found
                total, added = _count(m.group("total")), sum(parts)
                partial = m.group("intro").lower().endswith("of whom")
                if added == total or (partial and added < total):
                    continue
                quoted = f"{block.text[m.start():m.end()]} {written.strip()}"
                yield Hit(f"The parts listed add up to {added}, not {total}: " + " + ".join(map(str, parts)) + ".",
                          section=section, block=block, excerpt=quoted, severity="info" if partial else None)
