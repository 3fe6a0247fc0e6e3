"""Integrations: the pre-commit hooks (run by pre-commit, offline), the GitHub Actions example, the test helpers."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, SEED

from judgecheck.testing import check_text, fires

ROOT = Path(__file__).resolve().parent.parent
BIN = str(Path(sys.executable).parent)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("pre-commit", path=BIN) is None, reason="needs git and pre-commit")
def test_the_pre_commit_hook_runs_on_report_sources(tmp_path: Path) -> None:
    repo = tmp_path / "reports"
    repo.mkdir()
    (repo / "notes.md").write_text("# Notes\n\nNothing graded here.\n", encoding="utf-8")
    # An ungraded file is one JC006 would warn about: the documented way to say it carries no grades.
    (repo / "judgecheck.toml").write_text('[per-file-ignores]\n"notes.md" = ["JC006"]\n', encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "notes")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "PRE_COMMIT_HOME": str(tmp_path / "pc"),
           "JUDGECHECK_CACHE_DIR": str(tmp_path / "cache")}
    run = [str(Path(BIN) / "pre-commit"), "try-repo", str(ROOT), "judgecheck-system", "--all-files"]
    clean = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    shutil.copy(SEED, repo / "cabinet-report.txt")
    _git(repo, "add", ".")
    found = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True)
    assert found.returncode == 1 and "JC201" in found.stdout and "Failed" in found.stdout


def test_the_hooks_file_names_report_sources() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"judgecheck", "judgecheck-system"}
    assert all(h["entry"] == "judgecheck" for h in hooks.values()) and hooks["judgecheck"]["language"] == "python"


def test_the_github_actions_example_writes_and_uploads_sarif(tmp_path: Path) -> None:
    workflow = yaml.safe_load((ROOT / "docs" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["judgecheck"]["steps"]
    command = next(s["run"] for s in steps if "run" in s and s["run"].startswith("judgecheck "))
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    (tmp_path / "reports").mkdir()
    shutil.copy(SEED, tmp_path / "reports" / "seed.txt")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "JUDGECHECK_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(shlex.split(command), cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 1 and result.stdout.startswith("::")
    sarif = json.loads((tmp_path / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))).validate(sarif)
    assert upload["if"] == "always()" and workflow["jobs"]["judgecheck"]["permissions"]["security-events"] == "write"


def test_the_rule_author_helpers() -> None:
    report = (
        "Inspection of Anytown local authority children's services\n\n"
        "## The experiences and progress of children in care: good\n\n"
        "1. Too many children wait too long for a permanent home.\n\n2. Permanence is achieved without delay.\n"
    )
    findings = check_text(report, select=["JC101"])
    assert [f.rule for f in findings] == ["JC101"] and findings[0].severity == "warning"
    assert fires("JC101", "Children experience drift in their plans.")
    assert not fires("JC101", "Children are seen without delay.")
    with pytest.raises(AssertionError):
        fires("JC001", "Not a rule file.")
