"""Rule data shipped with judgecheck: framework definitions, word lists and patterns.

Installed as the package ``judgecheck_rules`` so that plugins find the files with
:func:`importlib.resources.files` in a wheel exactly as in a checkout.
"""
