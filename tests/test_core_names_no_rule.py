"""The core (judgecheck/) knows no built-in rule, rule file or framework: plugins supply them through hooks."""

from __future__ import annotations

import re
from pathlib import Path

CORE = Path(__file__).parent.parent / "judgecheck"
#: The built-in language rules' ids and files, their package (the ``judgecheck_rules`` hook is another thing) and the inspectorate.
FORBIDDEN = re.compile(r"\bJC10[0-9]\b|deficit-in-good-section|praise-in-weak-section|"
                       r"(?:import |from |files\(\s*['\"])judgecheck_rules\b|judgecheck_rules[./]|ofsted", re.IGNORECASE)


def test_core_names_no_built_in_rule_or_framework() -> None:
    found = [f"{path.relative_to(CORE.parent)}:{n}: {line.strip()}"
             for path in sorted(CORE.rglob("*.py")) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if FORBIDDEN.search(line)]
    assert found == []


def test_the_pattern_catches_what_it_forbids() -> None:
    for line in ('folder = files("judgecheck_rules") / "language"', "see JC101", "import judgecheck_rules",
                 "rules/language/deficit-in-good-section.toml", "Previous Ofsted inspections"):
        assert FORBIDDEN.search(line), line
    assert not FORBIDDEN.search('_contributions(pm, "judgecheck_rules", problems)')  # the hook's name
