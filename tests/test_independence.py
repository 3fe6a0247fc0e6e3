"""A file's findings are its own: the same alone and in any batch, in any order, with any --jobs."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES, SEED, run_cli

def documents(*args: str) -> dict[str, dict]:
    out = json.loads(run_cli("--format", "json", "--no-cache", *args).stdout)
    return {d["path"]: d for d in out["documents"]}


def split_seed(tmp_path: Path) -> tuple[Path, Path]:
    """The seed's cabinet paper and the report it quotes, as two files."""
    text = SEED.read_text(encoding="utf-8")
    cut = text.index("\n", text.index("Background Papers used in the preparation")) + 1
    paper, report = tmp_path / "a-cabinet-paper.txt", tmp_path / "b-report.txt"
    paper.write_text(text[:cut], encoding="utf-8")
    report.write_text(text[cut:], encoding="utf-8")
    return paper, report


def test_findings_do_not_depend_on_the_rest_of_the_run(tmp_path: Path) -> None:
    # The paper quotes the report's summary: compared, the report would gain a finding.
    reports = [*split_seed(tmp_path), FIXTURES / "slough-2023-03-17.pdf", FIXTURES / "peterborough-2015-09-18.pdf"]
    alone = {str(p): documents(str(p))[str(p)] for p in reports}
    batch = documents("--jobs", "1", *map(str, reports))
    reversed_batch = documents("--jobs", "2", *map(str, reversed(reports)))
    assert alone == batch == reversed_batch
    assert all(d["findings"] for d in alone.values())


def test_comparing_documents_is_asked_for(tmp_path: Path) -> None:
    paper, report = split_seed(tmp_path)

    def quoting(*flags: str) -> list[str]:
        found = documents("--select", "JC201", *flags, str(paper), str(report))[str(report)]["findings"]
        return [f["message"] for f in found if "a-cabinet-paper.txt" in f["message"]]

    assert quoting() == []
    assert len(quoting("--compare-documents")) == 1
    (tmp_path / "judgecheck.toml").write_text("compare-documents = true\n", encoding="utf-8")
    assert len(quoting("--config", str(tmp_path / "judgecheck.toml"))) == 1
