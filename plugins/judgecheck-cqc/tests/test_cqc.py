"""The plugin's own tests: they use judgecheck's public API only, as a third party's would."""

from __future__ import annotations

from pathlib import Path

from judgecheck.check import check_file
from judgecheck.plugins import load_registry

SAMPLE = Path(__file__).parent / "sample-report.md"


def test_the_framework_recognises_a_cqc_report() -> None:
    result = check_file(SAMPLE, load_registry())
    assert result.document is not None and result.document.framework == "cqc-2024"
    grades = {j.area: j.grade for j in result.document.judgements}
    assert grades == {"overall": "good", "safe": "good", "effective": "good", "caring": "outstanding",
                      "responsive": "good", "well_led": "requires_improvement"}
    assert not [f for f in result.findings if f.rule == "CQ001"]


def test_an_overall_rating_above_every_key_question_fires(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("| Overall | Good |", "| Overall | Outstanding |")
    text = text.replace("| Caring | Outstanding |", "| Caring | Good |").replace("as good overall", "as outstanding overall")
    planted = tmp_path / "planted.md"
    planted.write_text(text, encoding="utf-8")
    findings = [f for f in check_file(planted, load_registry()).findings if f.rule == "CQ001"]
    assert len(findings) == 1 and "better than every key question" in findings[0].message
