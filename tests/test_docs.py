"""The examples in the documentation run: a rule file written as CONTRIBUTING.md shows works as it says."""

from __future__ import annotations

import re
from pathlib import Path

from judgecheck.language import Language
from judgecheck.rulefile import parse_rule_file, rule_from_spec

ROOT = Path(__file__).resolve().parent.parent


def test_the_rule_file_in_contributing_loads_and_behaves(tmp_path: Path) -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## A rule without Python") :]
    toml = re.search(r"```toml\n(.*?)```", section, re.DOTALL)
    assert toml is not None
    path = tmp_path / "my-rule.toml"
    path.write_text(toml.group(1), encoding="utf-8")
    spec = parse_rule_file(path)
    assert spec.id == "XY101" and spec.grades == ("good", "outstanding")
    matcher, language = rule_from_spec(spec).compiled(), Language()  # type: ignore[attr-defined]
    for sentence in spec.examples["fires"]:
        assert matcher.matches(language.parse(sentence))
    for sentence in spec.examples["silent"]:
        assert not matcher.matches(language.parse(sentence))
    assert matcher.severity("In a small number of cases there was delay.", ()) == "info"


def test_the_config_example_in_the_readme_loads(tmp_path: Path) -> None:
    from judgecheck.config import load_config

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(# judgecheck.toml.*?)```", text, re.DOTALL)
    assert example is not None
    (tmp_path / "judgecheck.toml").write_text(example.group(1), encoding="utf-8")
    config = load_config(tmp_path / "judgecheck.toml")
    assert config["per-file-ignores"] == {"drafts/*.md": ["JC2"]} and config["severity"] == {"JC301": "warning"}
    assert config.sources["select"] == str(tmp_path / "judgecheck.toml") and config.sources["jobs"] != "default"


SECTIONS = ("**What it checks**", "**Why it matters**", "**Example**", "**Does not fire on**", "**References**")


def test_every_rule_documents_the_sections_contributing_names() -> None:
    """CONTRIBUTING: every rule's documentation has these sections, in order, each with some words after it."""
    from judgecheck.plugins import load_registry

    for rule in load_registry().rules:
        doc = " ".join((rule.__doc__ or "").split())
        places = [doc.find(heading) for heading in SECTIONS]
        assert -1 not in places, f"{rule.id} lacks {SECTIONS[places.index(-1)]}"
        assert places == sorted(places), f"{rule.id}: the sections are out of order"
        ends = [*places[1:], len(doc)]
        for heading, start, end in zip(SECTIONS, places, ends, strict=True):
            words = doc[start + len(heading) : end].strip(" :")
            assert len(words.split()) >= 3, f"{rule.id}: {heading} is empty"
