"""A wheel of judgecheck, installed apart from the checkout, behaves exactly like the checkout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, SEED, run_cli
from wheels import CLI, PIP, ROOT, broken_plugin, build_wheel, isolated, run_isolated


def test_wheel_gives_the_same_results_as_the_checkout(tmp_path: Path) -> None:
    site = tmp_path / "site"
    wheel = build_wheel(ROOT, tmp_path / "dist")
    subprocess.run([*PIP, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, cwd=tmp_path)
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


def test_the_example_plugin_installs_from_wheels_and_a_broken_plugin_does_not_stop_the_run(tmp_path: Path) -> None:
    wheels = [build_wheel(ROOT, tmp_path / "dist"), build_wheel(ROOT / "plugins" / "judgecheck-cqc", tmp_path / "dist"), broken_plugin(tmp_path)]
    python = isolated(tmp_path, wheels)
    listed = run_isolated(python, CLI, "plugins", cwd=tmp_path)
    assert "cqc (judgecheck-cqc 0.1.0)" in listed.stdout and "rules: CQ001" in listed.stdout
    assert "E102" in listed.stderr and "broken" in listed.stderr and "a missing dependency" in listed.stderr
    where = run_isolated(python, "import judgecheck, judgecheck_cqc; print(judgecheck.__file__, judgecheck_cqc.__file__)", cwd=tmp_path)
    assert all(path.startswith(str(tmp_path / "site")) for path in where.stdout.split()), where.stdout

    sample = ROOT / "plugins" / "judgecheck-cqc" / "tests" / "sample-report.md"
    planted = tmp_path / "planted.md"
    planted.write_text(sample.read_text(encoding="utf-8").replace("| Overall | Good |", "| Overall | Outstanding |")
                       .replace("| Caring | Outstanding |", "| Caring | Good |")
                       .replace("as good overall", "as outstanding overall"), encoding="utf-8")
    run = run_isolated(python, CLI, "--format", "json", "--no-cache", str(planted), str(SEED), cwd=tmp_path)
    assert run.returncode == 2, run.stderr  # a plugin failed to load: reported, and the run went on
    data = json.loads(run.stdout)
    assert [p["code"] for p in data["problems"]] == ["E102"]
    cqc, seed = data["documents"]
    assert cqc["framework"] == "cqc-2024" and [f["rule"] for f in cqc["findings"]] == ["CQ001"]
    assert seed["framework"] == "ofsted-sif" and seed["findings"]


def test_the_send_plugin_installs_alone_beside_the_core_and_reads_a_send_report(tmp_path: Path) -> None:
    plugin = ROOT / "plugins" / "judgecheck-send"
    python = isolated(tmp_path, [build_wheel(ROOT, tmp_path / "dist"), build_wheel(plugin, tmp_path / "dist")])
    listed = run_isolated(python, CLI, "plugins", cwd=tmp_path)
    assert "send (judgecheck-send 0.1.0)" in listed.stdout and "rules: SEND001 SEND002" in listed.stdout
    assert "frameworks: area-send-2023" in listed.stdout and "cqc" not in listed.stdout, listed.stdout
    report = plugin / "tests" / "fixtures" / "oldham-2023-08-29.pdf"
    run = run_isolated(python, CLI, "--format", "json", "--no-cache", str(report), cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    document = json.loads(run.stdout)["documents"][0]
    assert document["framework"] == "area-send-2023"
    assert [(j["area"], j["grade"]) for j in document["judgements"]] == [("send_outcome", "systemic")]
    assert not [f for f in document["findings"] if f["rule"].startswith("SEND")]
