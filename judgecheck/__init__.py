"""judgecheck: check that graded inspection reports say what their grades say."""

__version__ = "0.1.0"
