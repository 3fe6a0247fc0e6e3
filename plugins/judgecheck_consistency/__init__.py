"""Built-in consistency rules: grades that the document states in more than one place.

Rule ids start with ``JC``. Each rule lives in its own module of this package.
"""

from __future__ import annotations

from judgecheck.hookimpl import hookimpl
from judgecheck.rules import Rule

from judgecheck_consistency.heading_grade import HeadingGradeContradictsTable


@hookimpl
def judgecheck_rules() -> list[type[Rule]]:
    return [HeadingGradeContradictsTable]
