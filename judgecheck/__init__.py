"""judgecheck: check that graded inspection reports say what their grades say."""

__version__ = "0.1.0"
#: The distribution judgecheck is installed as (the name "judgecheck" on PyPI belongs to another project).
DISTRIBUTION = "judgecheck-reports"
