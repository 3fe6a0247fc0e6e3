"""The floors of the benchmark figures, kept in bench/floors.toml, and the check against them.

Each benchmark takes ``--set NAME`` (``dev`` for ``pdf/``, ``validation`` for
``validation/pdf/``) and reads the table ``[NAME.BENCH]`` of floors.toml: a
figure must be at least its floor; the sub-table ``[NAME.BENCH.most]`` holds
ceilings for counts that must stay low (documents without judgements). Every
figure is printed with its floor beside it, and a floor that no figure was
reported for is itself a failure, so that a benchmark cannot drop a figure
silently. Without ``--set`` the figures are printed with no floors.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

FLOORS = Path(__file__).with_name("floors.toml")


class Floors:
    """The floors of one benchmark on one set, and the figures that broke them."""

    def __init__(self, bench: str, set_name: str | None, path: Path = FLOORS) -> None:
        table: dict = {}
        if set_name:
            with path.open("rb") as fh:
                table = tomllib.load(fh).get(set_name, {}).get(bench, {})
        self.most: dict[str, float] = dict(table.pop("most", {}))
        self.least: dict[str, float] = table
        self.seen: set[str] = set()
        self.broken: list[str] = []

    def at_least(self, name: str, value: float, percent: bool = True) -> str:
        """The figure as text with its floor; a figure under its floor is recorded as broken."""
        self.seen.add(name)
        text = f"{value:.1%}" if percent else f"{value:.2f}"
        floor = self.least.get(name)
        if floor is None:
            return f"{text} (no floor)"
        shown = f"{floor:.1%}" if percent else f"{floor:.2f}"
        if value < floor:
            self.broken.append(f"{name} {text} is under its floor {shown}")
            return f"{text} (floor {shown}: BROKEN)"
        return f"{text} (floor {shown})"

    def at_most(self, name: str, count: int) -> str:
        """A count as text with its ceiling; a count over its ceiling is recorded as broken."""
        self.seen.add(name)
        ceiling = self.most.get(name)
        if ceiling is None:
            return f"{count} (no ceiling)"
        if count > ceiling:
            self.broken.append(f"{name} {count} is over its ceiling {ceiling:g}")
            return f"{count} (at most {ceiling:g}: BROKEN)"
        return f"{count} (at most {ceiling:g})"

    def verdict(self) -> int:
        """Print every broken floor and every floor with no figure; 1 when there is any, else 0."""
        missing = sorted((set(self.least) | set(self.most)) - self.seen)
        problems = self.broken + [f"{name}: a floor with no figure reported" for name in missing]
        for problem in problems:
            print(f"FLOOR BROKEN: {problem}")
        return 1 if problems else 0
