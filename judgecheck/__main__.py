"""``python -m judgecheck`` is the ``judgecheck`` command."""

from judgecheck.cli import main

main()
