"""Shared fixtures: the fixture folder, one plugin registry per session, a CLI runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from judgecheck.cli import main
from judgecheck.plugins import Registry, load_registry

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "north-lincolnshire-2017-cabinet-report.txt"


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets an empty cache of its own, never the user's."""
    directory = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("JUDGECHECK_CACHE_DIR", str(directory))
    return directory


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry()


def run_cli(*args: str) -> Result:
    """Run judgecheck in-process, keeping stdout and stderr apart."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def planted_seed(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the seed with its one occurrence of ``old`` replaced by ``new`` (a planted defect)."""
    text = SEED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "planted.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path
