"""Helpers for tests that build real wheels and run them in an isolated interpreter."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
#: Runs judgecheck's command line inside an isolated interpreter (see :func:`isolated`).
CLI = "from judgecheck.cli import main; sys.argv = ['judgecheck', *sys.argv[1:]]; main()"


def build_wheel(source: Path, dist: Path) -> Path:
    """Build the project at ``source`` into a wheel in ``dist``; return the wheel's path."""
    before = set(dist.glob("*.whl")) if dist.exists() else set()
    subprocess.run([*PIP, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(source)], check=True, cwd=source)
    return next(iter(set(dist.glob("*.whl")) - before))


def plugin_project(where: Path, distribution: str, entry_point: str, code: str) -> Path:
    """A plugin project: ``distribution`` with one module whose source is ``code``, registered as ``entry_point``."""
    module = distribution.replace("-", "_")
    source = where / f"{distribution}-src"
    (source / module).mkdir(parents=True)
    (source / module / "__init__.py").write_text(code, encoding="utf-8")
    (source / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n'
        f'[project]\nname = "{distribution}"\nversion = "0.0.1"\n'
        f'[project.entry-points.judgecheck]\n{entry_point} = "{module}"\n[tool.setuptools]\npackages = ["{module}"]\n'
    )
    return source


def broken_plugin(where: Path) -> Path:
    """A real distribution whose plugin module fails to import; return its wheel."""
    return build_wheel(plugin_project(where, "judgecheck-broken", "broken", "raise ImportError('a missing dependency')\n"), where / "dist")


def isolated(where: Path, wheels: list[Path]) -> list[str]:
    """A Python command whose sys.path holds the wheels installed apart, and this environment's
    dependencies without any judgecheck distribution (no editable checkout, no installed plugins).

    The last item is a format string: fill ``{code}`` with the code to run.
    """
    site, deps = where / "site", where / "deps"
    subprocess.run([*PIP, "install", "--no-deps", "--target", str(site), *map(str, wheels)], check=True, cwd=where)
    deps.mkdir()
    packages = Path(sysconfig.get_paths()["purelib"])
    for entry in packages.iterdir():
        if not entry.name.lower().replace("-", "_").startswith(("judgecheck", "__editable__", "_judgecheck")) and entry.suffix != ".pth":
            (deps / entry.name).symlink_to(entry)
    return [sys.executable, "-S", "-c", f"import sys; sys.path[:0] = [{str(site)!r}, {str(deps)!r}]; " + "{code}"]


def run_isolated(python: list[str], code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` with ``args`` in the isolated interpreter."""
    return subprocess.run([*python[:-1], python[-1].format(code=code), *args], capture_output=True, text=True, cwd=cwd, check=False)
