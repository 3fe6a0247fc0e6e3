"""Configuration: ``judgecheck.toml`` or ``[tool.judgecheck]`` in ``pyproject.toml``, found by walking up.

Like ruff, the first directory (from the current one upwards) that has a
``judgecheck.toml``, or a ``pyproject.toml`` with a ``[tool.judgecheck]`` table,
gives the settings; command-line flags override them. Paths in the file
(``baseline``, ``cache-dir``, ``rule-dirs``, ``per-file-ignores`` globs) are
relative to the file's directory. Every key is checked: a typo is an error
naming the file and the key, never silently ignored.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgecheck.errors import BAD_CONFIG, JudgecheckError
from judgecheck.limits import DEFAULT_RULE_TIMEOUT, MAX_RULE_TIMEOUT
from judgecheck.model import SEVERITIES
from judgecheck.read import DEFAULT_MAX_PAGES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Every key, with its type and default.
KEYS: dict[str, tuple[type, Any]] = {
    "select": (list, []),
    "extend-select": (list, []),
    "ignore": (list, []),
    "per-file-ignores": (dict, {}),
    "severity": (dict, {}),
    "fail-on": (str, "warning"),
    "format": (str, "text"),
    "jobs": (int, 0),
    "baseline": (str, ""),
    "cache-dir": (str, ""),
    "disable-plugins": (list, []),
    "rule-dirs": (list, []),
    "rule-timeout": (float, DEFAULT_RULE_TIMEOUT),
    "max-pages": (int, DEFAULT_MAX_PAGES),
    "compare-documents": (bool, False),
}
#: Settings that list rule ids or prefixes (like flags, a value may be a comma-separated list).
RULE_LISTS = ("select", "extend-select", "ignore")


@dataclass(frozen=True)
class Config:
    """Effective settings, and where each came from ("default", a file, or "command line")."""

    values: dict[str, Any]
    sources: dict[str, str]
    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def with_flags(self, flags: dict[str, Any]) -> Config:
        """These settings with the command line's (those given: not None, not empty) on top."""
        values, sources = dict(self.values), dict(self.sources)
        for key, value in flags.items():
            if value not in (None, (), [], ""):
                values[key] = rule_codes(value) if key in RULE_LISTS else list(value) if isinstance(value, tuple) else value
                sources[key] = "command line"
        return Config(values, sources, self.path, self.root)

    def path_of(self, key: str) -> Path | None:
        """A path setting, made absolute against the config file's directory (flags: the current one).

        Symbolic links are kept: a baseline reached through a link is relative to the link's directory.
        """
        value = self.values[key]
        if not value:
            return None
        base = Path.cwd() if self.sources[key] == "command line" else self.root
        return Path(os.path.abspath(base / value))

    def ignored_for(self, path: str) -> list[str]:
        """Rule prefixes that per-file-ignores turns off for ``path``."""
        try:
            # realpath, unlike Path.resolve, does not raise on a loop of symbolic links.
            relative = Path(os.path.realpath(path)).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            relative = Path(path).as_posix()
        out: list[str] = []
        for pattern, prefixes in sorted(self.values["per-file-ignores"].items()):
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                out.extend(prefixes)
        return out


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    for directory in [start, *start.parents]:
        if (directory / "judgecheck.toml").is_file():
            return directory / "judgecheck.toml"
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "judgecheck" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise JudgecheckError(BAD_CONFIG, f"{path}: {exc}") from None


def load_config(path: Path | None) -> Config:
    """Settings from ``path`` (None: defaults only), checked key by key."""
    values = {key: default for key, (_, default) in KEYS.items()}
    sources = dict.fromkeys(KEYS, "default")
    if path is None:
        return Config(values, sources)
    data = _read(path)
    table = data.get("tool", {}).get("judgecheck", {}) if path.name == "pyproject.toml" else data
    where = f"{path}" + (" [tool.judgecheck]" if path.name == "pyproject.toml" else "")
    for key, value in table.items():
        if key not in KEYS:
            raise JudgecheckError(BAD_CONFIG, f"{where}: unknown key '{key}' (known: {', '.join(KEYS)})")
        kind = KEYS[key][0]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)  # TOML writes whole seconds as integers
        if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
            raise JudgecheckError(BAD_CONFIG, f"{where}: '{key}' must be a {kind.__name__}")
        values[key], sources[key] = value, str(path)
    _check(values, where)
    for key in RULE_LISTS:
        values[key] = rule_codes(values[key])
    values["per-file-ignores"] = {pattern: rule_codes(codes) for pattern, codes in values["per-file-ignores"].items()}
    values["severity"] = {rule.strip().upper(): severity for rule, severity in values["severity"].items()}
    return Config(values, sources, path, path.parent)


def rule_codes(values: Iterable[str]) -> list[str]:
    """Rule ids and prefixes as typed: comma-separated lists split, upper-cased (ids are case-insensitive)."""
    return [part.strip().upper() for value in values for part in value.split(",") if part.strip()]


def nearest(code: str, known: Sequence[str], n: int = 3, prefixes: bool = True) -> list[str]:
    """The known ids (with ``prefixes``, or id prefixes as long as ``code``) that look most like it."""
    def number(text: str) -> int:
        digits = "".join(ch for ch in text if ch.isdigit())
        return int(digits) if digits else 0

    candidates = {k[: len(code)] if prefixes else k for k in known}
    return sorted(candidates, key=lambda c: (-difflib.SequenceMatcher(None, code, c).ratio(), abs(number(c) - number(code)), c))[:n]


def unknown_rule(config: Config, known: Sequence[str]) -> str | None:
    """One error line for the first rule id or prefix the settings name that no loaded rule has; None if all are known.

    Selections, ignores and per-file-ignores take ids or prefixes (a prefix must begin at least one
    rule's id); [severity] takes whole ids.
    """
    def where(key: str) -> str:
        return f"--{key}" if config.sources[key] == "command line" else f"{config.sources[key]}: '{key}'"

    def error(place: str, code: str, what: str = "rule id or prefix") -> str:
        near = nearest(code, known, prefixes=what != "rule id")
        return f"{place}: unknown {what} '{code}' (nearest: {', '.join(near)}; see `judgecheck rules`)"

    for key in RULE_LISTS:
        for code in config[key]:
            if not any(k.startswith(code) for k in known):
                return error(where(key), code)
    for code in config["severity"]:
        if code not in known:
            return error(f"{config.sources['severity']}: [severity]", code, "rule id")
    for pattern, codes in sorted(config["per-file-ignores"].items()):
        for code in codes:
            if not any(k.startswith(code) for k in known):
                return error(f"{config.sources['per-file-ignores']}: per-file-ignores '{pattern}'", code)
    return None


def _check(values: dict[str, Any], where: str) -> None:
    for key in ("select", "extend-select", "ignore", "disable-plugins", "rule-dirs"):
        if not all(isinstance(v, str) and v for v in values[key]):
            raise JudgecheckError(BAD_CONFIG, f"{where}: '{key}' must be a list of non-empty strings")
    for pattern, prefixes in values["per-file-ignores"].items():
        if not isinstance(prefixes, list) or not all(isinstance(p, str) and p for p in prefixes):
            raise JudgecheckError(BAD_CONFIG, f"{where}: per-file-ignores '{pattern}' must be a list of rule ids or prefixes")
    for rule, severity in values["severity"].items():
        if severity not in SEVERITIES:
            raise JudgecheckError(BAD_CONFIG, f"{where}: severity of {rule} must be one of {', '.join(SEVERITIES)}")
    if values["fail-on"] not in SEVERITIES:
        raise JudgecheckError(BAD_CONFIG, f"{where}: 'fail-on' must be one of {', '.join(SEVERITIES)}")
    if values["jobs"] < 0:
        raise JudgecheckError(BAD_CONFIG, f"{where}: 'jobs' must be 0 (one per core) or more")
    if values["max-pages"] < 0:
        raise JudgecheckError(BAD_CONFIG, f"{where}: 'max-pages' must be 0 (no limit) or more")
    if not 0 <= values["rule-timeout"] <= MAX_RULE_TIMEOUT:
        raise JudgecheckError(BAD_CONFIG, f"{where}: 'rule-timeout' must be a number of seconds from 0 (no limit) "
                                          f"to {MAX_RULE_TIMEOUT:g}")


def describe(config: Config, keys: Sequence[str] = tuple(KEYS)) -> list[tuple[str, str, str]]:
    """(key, value as TOML-ish text, source) rows for ``judgecheck config --show``."""
    import json

    return [(key, json.dumps(config.values[key], ensure_ascii=False), config.sources[key]) for key in keys]
