"""How the output formats quote a finding: its trigger words, its sentence shortened, its place in words."""

from __future__ import annotations

import re

from judgecheck.model import DocumentResult, Finding

#: A word or phrase the message quotes in single quotes ('not always'); an apostrophe inside a word is not a quote.
QUOTED = re.compile(r"(?<![\w’'])'([^'\n]+?)'(?![\w’])")


#: Words a quoted phrase with a gap ('not … understand') lets stand between its parts in the sentence.
GAP = 4


def _gapped(phrase: str, excerpt: str) -> str | None:
    """The excerpt's words that a quoted phrase with gaps ('not … reflect') stands for ("not reflected"), or None.

    The parts are whole words in order with at most ``GAP`` words between them; the last
    may end the word it starts ('reflect' in "reflected"), as the message names a word's lemma.
    """
    parts = [part.strip() for part in phrase.split("…")]
    if not all(parts):
        return None
    gap = rf"(?:\W+\w+){{0,{GAP}}}?\W+"
    pattern = gap.join(rf"\b{re.escape(part)}" + (r"\w*" if n == len(parts) - 1 else r"\b") for n, part in enumerate(parts))
    found = re.search(pattern, excerpt, re.IGNORECASE)
    return found.group(0) if found else None


def cues(f: Finding) -> list[str]:
    """The words that triggered the finding: the phrases its message quotes that its excerpt contains, longest first.

    A phrase quoted with a gap ('not … reflect') is the excerpt's own words it stands for ("not reflected").
    """
    low = f.excerpt.lower()
    found: dict[str, None] = {}
    for match in QUOTED.finditer(f.message):
        phrase = match.group(1)
        if "…" in phrase:
            words = _gapped(phrase, f.excerpt)
            if words is not None:
                found[words] = None
        elif phrase.strip() and phrase.lower() in low:
            found[phrase] = None
    return sorted(found, key=lambda c: (-len(c), c))


def shorten(text: str, limit: int = 160, keep: list[str] | None = None) -> str:
    """``text`` in at most about ``limit`` characters, cut at word boundaries with "…": the
    window shown is the one around the first of ``keep`` the text contains (else its opening)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    low = text.lower()
    at = min((i for i in (low.find(k.lower()) for k in keep or ()) if i >= 0), default=0)
    start = max(0, min(at - limit // 3, len(text) - limit))
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + limit
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def paged(result: DocumentResult) -> bool:
    """True when the result's page numbers are real (a PDF, Markdown with page comments)."""
    return result.document is not None and result.document.paged


def place(result: DocumentResult, f: Finding) -> str:
    """Where the finding is, in words: "page 5, paragraph 24", "line 12", or "" when unknown."""
    parts = [f"page {f.page}"] if paged(result) and f.page else [f"line {f.line}"] if not paged(result) and f.line is not None else []
    if f.paragraph is not None:
        parts.append(f"paragraph {f.paragraph}")
    return ", ".join(parts)
