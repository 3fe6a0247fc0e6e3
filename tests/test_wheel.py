"""A wheel of judgecheck, installed apart from the checkout, behaves exactly like the checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
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


def _isolated(tmp_path: Path, wheels: list[Path]) -> list[str]:
    """A Python command whose sys.path holds the wheels installed apart, and this environment's
    dependencies without any judgecheck distribution (no editable checkout, no installed plugins)."""
    site, deps = tmp_path / "site", tmp_path / "deps"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), *map(str, wheels)], check=True, cwd=tmp_path)
    deps.mkdir()
    packages = Path(sysconfig.get_paths()["purelib"])
    for entry in packages.iterdir():
        if not entry.name.lower().replace("-", "_").startswith(("judgecheck", "__editable__", "_judgecheck")) and entry.suffix != ".pth":
            (deps / entry.name).symlink_to(entry)
    return [sys.executable, "-S", "-c", f"import sys; sys.path[:0] = [{str(site)!r}, {str(deps)!r}]; " + "{code}"]


def _broken_plugin(tmp_path: Path) -> Path:
    """A real distribution whose plugin module fails to import."""
    source = tmp_path / "broken-src"
    (source / "judgecheck_broken").mkdir(parents=True)
    (source / "judgecheck_broken" / "__init__.py").write_text("raise ImportError('a missing dependency')\n")
    (source / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "judgecheck-broken"\nversion = "0.0.1"\n'
        '[project.entry-points.judgecheck]\nbroken = "judgecheck_broken"\n[tool.setuptools]\npackages = ["judgecheck_broken"]\n'
    )
    return _wheel(source, tmp_path / "dist")


def _wheel(source: Path, dist: Path) -> Path:
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    before = set(dist.glob("*.whl")) if dist.exists() else set()
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(source)], check=True, cwd=source)
    return next(iter(set(dist.glob("*.whl")) - before))


def test_the_example_plugin_installs_from_wheels_and_a_broken_plugin_does_not_stop_the_run(tmp_path: Path) -> None:
    wheels = [_wheel(ROOT, tmp_path / "dist"), _wheel(ROOT / "plugins" / "judgecheck-cqc", tmp_path / "dist"), _broken_plugin(tmp_path)]
    python = _isolated(tmp_path, wheels)
    cli = "from judgecheck.cli import main; sys.argv = ['judgecheck', *sys.argv[1:]]; main()"
    listed = subprocess.run([*python[:-1], python[-1].format(code=cli), "plugins"], capture_output=True, text=True, cwd=tmp_path)
    assert "cqc (judgecheck-cqc 0.1.0)" in listed.stdout and "rules: CQ001" in listed.stdout
    assert "E102" in listed.stderr and "broken" in listed.stderr and "a missing dependency" in listed.stderr
    where = subprocess.run([*python[:-1], python[-1].format(code="import judgecheck, judgecheck_cqc; print(judgecheck.__file__, judgecheck_cqc.__file__)")],
                           capture_output=True, text=True, cwd=tmp_path)
    assert all(path.startswith(str(tmp_path / "site")) for path in where.stdout.split()), where.stdout

    sample = ROOT / "plugins" / "judgecheck-cqc" / "tests" / "sample-report.md"
    planted = tmp_path / "planted.md"
    planted.write_text(sample.read_text(encoding="utf-8").replace("| Overall | Good |", "| Overall | Outstanding |")
                       .replace("| Caring | Outstanding |", "| Caring | Good |")
                       .replace("as good overall", "as outstanding overall"), encoding="utf-8")
    run = subprocess.run([*python[:-1], python[-1].format(code=cli), "--format", "json", "--no-cache", str(planted), str(SEED)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2, run.stderr  # a plugin failed to load: reported, and the run went on
    data = json.loads(run.stdout)
    assert [p["code"] for p in data["problems"]] == ["E102"]
    cqc, seed = data["documents"]
    assert cqc["framework"] == "cqc-2024" and [f["rule"] for f in cqc["findings"]] == ["CQ001"]
    assert seed["framework"] == "ofsted-sif" and seed["findings"]
