"""JC501 numbering-out-of-sequence: numbered paragraphs and numbered sections that skip or repeat."""

from __future__ import annotations

import re
from collections.abc import Iterator

from judgecheck.language import Language
from judgecheck.model import Block, Document, Section
from judgecheck.rules import Hit, Rule

#: A numbered section title in capitals ("2 BACKGROUND INFORMATION").
SECTION_TITLE = re.compile(r"(\d{1,2})\.?\s+([A-Z][A-Z0-9 ,()&/'’-]{3,})")
#: A numbered item of a section ("3.1 N/A").
ITEM = re.compile(r"(\d{1,2})\.(\d{1,2})\s")


#: A paragraph number as printed without its usual full stop, or with two ("34 Children ...", "46.. Children ..."),
#: at the start of a block or after a sentence's end (the reader joined it to the paragraph before).
LOOSE_NUMBER = re.compile(r"(?:^|(?<=[.!?:])\s+)(\d{1,3})(?:\.{2,}\s*|\s+)(?=[A-Z‘'\"“])")


def printed_between(last: int, number: int, texts: list[str]) -> bool:
    """True when the text between two numbered paragraphs prints every number that they skip."""
    found = {int(m.group(1)) for text in texts for m in LOOSE_NUMBER.finditer(text)}
    return set(range(last + 1, number)) <= found


class NumberingOutOfSequence(Rule):
    """Numbered paragraphs or numbered sections skip a number, repeat one, or disagree with their items.

    **What it checks**: the report's numbered paragraphs (each one more than the
    last, or a new run from 1), and numbered section titles in capitals with
    their numbered items ("2 BACKGROUND INFORMATION", "2.1 ..."), as a council
    paper numbers them: each section one more than the last, and each item
    numbered under its own section.

    **Why it matters**: paragraph numbers are how recommendations, councils and
    the press cite a report; a skipped or repeated number breaks every
    reference after it.

    **Example**: "2 BACKGROUND INFORMATION ... 2 OPTIONS FOR CONSIDERATION ...
    3.1 N/A ... 4 ANALYSIS OF OPTIONS" (the second 2 should be 3).

    **Does not fire on**: numbering that restarts at 1 (a new list),
    paragraphs without numbers, or a paragraph whose number is printed without
    its full stop or with two ("34 Children ...", "46.. Children ...").

    **References**: the reports' numbered paragraphs (SIF and ILACS); judged findings in
    ``bench/eval/structural_findings.jsonl``.
    """

    id = "JC501"
    name = "numbering-out-of-sequence"
    severity = "warning"
    measured = "no findings on pdf/ or validation/; tested on planted variants of real text"
    scope = "paragraph"

    def check(self, document: Document, language: Language | None) -> Iterator[Hit]:
        yield from self._paragraphs(document)
        yield from self._sections(document)

    def _paragraphs(self, document: Document) -> Iterator[Hit]:
        last: int | None = None
        between: list[str] = []
        for section, block in document.blocks():
            if block.number is None:
                between.append(block.text)
                continue
            if last is not None and block.number not in (last + 1, 1) and not printed_between(last, block.number, between):
                missing = "paragraph " + str(last + 1) if block.number == last + 2 else f"paragraphs {last + 1} to {block.number - 1}"
                yield Hit(f"Paragraph {block.number} follows paragraph {last}: {missing} is missing.", section=section, block=block)
            last, between = block.number, [block.text]

    def _sections(self, document: Document) -> Iterator[Hit]:
        expected: int | None = None
        current: tuple[Section, Block, int] | None = None
        for section, block in document.blocks():
            title = SECTION_TITLE.fullmatch(block.text)
            number = int(title.group(1)) if title else (block.number if block.number and block.text.isupper() else None)
            if number is not None:
                if expected is not None and number != expected:
                    yield Hit(f"Section '{block.text}' is numbered {number}; the sections before it make it {expected}.",
                              section=section, block=block)
                    number = expected  # read on as if it were numbered right
                current, expected = (section, block, number), number + 1
                continue
            item = ITEM.match(block.text)
            if item and current is not None and int(item.group(1)) != current[2]:
                yield Hit(f"Item {item.group(1)}.{item.group(2)} sits under section {current[2]} ('{current[1].text}').",
                          section=section, block=block)
