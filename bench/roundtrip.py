"""Check that `judgecheck extract` round-trips: the Markdown reads back to the same document.

Usage: python bench/roundtrip.py DIR [--set dev|validation]

For every readable report under DIR: recover its structure, write it as
Markdown, read that back, and compare judgements, findings (all fields but
`line`), and the sections with their blocks. Prints one line per mismatch and
the share of readable reports that round-trip; with --set, beside its floor in
bench/floors.toml (``[SET.roundtrip]``). Exits 1 under the floor, and without
--set when any report does not round-trip.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import astuple, replace
from pathlib import Path

from floors import Floors

from judgecheck.check import check_file, expand_inputs
from judgecheck.model import DocumentResult
from judgecheck.output.markdown import to_markdown
from judgecheck.plugins import Registry, load_registry


def shape(result: DocumentResult) -> tuple:
    """What must survive the round trip."""
    doc = result.document
    assert doc is not None
    sections = [
        (s.title, s.kind, s.level, s.page, s.area, s.grade, [(b.kind, b.text, b.page, b.number) for b in s.blocks])
        for s in doc.sections
    ]
    # Lines and file names are the Markdown's own; everything else must survive.
    findings = [astuple(replace(f, line=None, related=tuple(replace(p, path="", line=None) for p in f.related)))
                for f in result.findings]
    return (doc.framework, doc.judgements, findings, sections, doc.metadata)


def roundtrip(path: Path, reg: Registry, scratch: Path) -> str | None:
    """None when the report round-trips, "unreadable" when it cannot be read, else what differs."""
    first = check_file(path, reg)
    if first.error:
        return "unreadable"
    assert first.document is not None
    md = scratch / (path.stem + ".md")
    md.write_text(to_markdown(first.document), encoding="utf-8")
    second = check_file(md, reg)
    a, b = shape(first), shape(second)
    for name, x, y in zip(("framework", "judgements", "findings", "sections", "metadata"), a, b, strict=True):
        if x != y:
            if name == "sections":
                for sx, sy in zip(x, y, strict=False):
                    if sx != sy:
                        if sx[:6] != sy[:6]:
                            return f"section {sx[:6]} became {sy[:6]}"
                        for bx, by in zip(sx[6], sy[6], strict=False):
                            if bx != by:
                                return f"in section {sx[0]!r}: block {bx} became {by}"
                        return f"in section {sx[0]!r}: {len(sx[6])} blocks became {len(sy[6])}"
                return f"section count {len(x)} vs {len(y)}"
            return f"{name} differ: {str(x)[:200]} vs {str(y)[:200]}"
    return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--set", dest="set_name", help="the floors to hold: dev or validation")
    args = parser.parse_args(argv)
    floors = Floors("roundtrip", args.set_name)
    reg = load_registry()
    paths = expand_inputs([args.directory], reg.readers)
    bad = checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            problem = roundtrip(path, reg, Path(tmp))
            if problem == "unreadable":
                continue
            checked += 1
            if problem:
                bad += 1
                print(f"{path.name}: {problem}")
    share = (checked - bad) / (checked or 1)
    print(f"{checked - bad}/{checked} readable reports round-trip: {floors.at_least('roundtrip', share)} "
          f"({len(paths) - checked} unreadable skipped)")
    if args.set_name:
        return floors.verdict()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
