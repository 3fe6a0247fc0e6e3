"""A wheel of judgecheck, installed apart from the checkout, behaves exactly like the checkout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, SEED, run_cli

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_gives_the_same_results_as_the_checkout(tmp_path: Path) -> None:
    dist, site = tmp_path / "dist", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)], check=True, cwd=tmp_path)
    wheel = next(dist.glob("judgecheck-*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, cwd=tmp_path)
    reports = [str(FIXTURES / "trafford-2026-08-03.pdf"), str(SEED)]
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import judgecheck, judgecheck_rules, judgecheck_ofsted;"
        "assert all(m.__file__.startswith(sys.argv[1]) for m in (judgecheck, judgecheck_rules, judgecheck_ofsted));"
        "from judgecheck.cli import main; sys.argv = ['judgecheck', *sys.argv[2:]]; main()"
    )
    installed = subprocess.run(
        [sys.executable, "-c", script, str(site), "--format", "json", *reports],
        capture_output=True, text=True, cwd=tmp_path,
    )
    checkout = run_cli("--format", "json", *reports)
    assert installed.returncode == checkout.exit_code, installed.stderr
    assert installed.stdout == checkout.stdout
