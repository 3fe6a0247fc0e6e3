"""The plugin host: find plugins, load them, and collect what they add.

Finding is separate from loading. The built-in readers and output formats are
registered first, then every entry point of the ``judgecheck`` group, sorted by
name so that the result never depends on installation order. A plugin that fails
to import, or that declares a rule id, framework id, format name or suffix that
another plugin already took, becomes one :class:`~judgecheck.model.Problem`;
the rest load as usual.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from judgecheck import hookspecs
from judgecheck.errors import PLUGIN_FAILED, JudgecheckError
from judgecheck.framework import Framework
from judgecheck.hookimpl import hookimpl
from judgecheck.model import Problem
from judgecheck.output import OutputFormat
from judgecheck.read import Reader
from judgecheck.readslike import ReadsLikeProvider
from judgecheck.rules import RULE_ID, RULE_NAME, Rule

GROUP = "judgecheck"
#: Set to 1 to load only the built-in readers and formats, no entry points.
NO_AUTOLOAD_ENV = "JUDGECHECK_DISABLE_PLUGIN_AUTOLOAD"
BUILTINS = (
    "judgecheck.read.pdf",
    "judgecheck.read.docx",
    "judgecheck.read.text",
    "judgecheck.output.text",
    "judgecheck.output.json",
    "judgecheck.output.ci",
    "judgecheck.output.html",
)


@dataclass(frozen=True)
class PluginFound:
    """An entry point of the judgecheck group, not yet imported."""

    name: str
    value: str
    distribution: str
    version: str


@dataclass(frozen=True)
class PluginInfo:
    """A loaded plugin and what it contributes."""

    name: str
    distribution: str
    version: str
    hooks: tuple[str, ...]
    rules: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    readers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    """Everything the plugins add, keyed for lookup, plus the problems met loading them."""

    readers: dict[str, Reader]
    frameworks: tuple[Framework, ...]
    rules: tuple[type[Rule], ...]
    formats: dict[str, OutputFormat]
    plugins: tuple[PluginInfo, ...]
    problems: tuple[Problem, ...]
    #: Rule id -> the plugin that added it.
    rule_plugin: dict[str, str]
    #: The reads-like models of the plugins, by name.
    reads_like: tuple[ReadsLikeProvider, ...] = ()


def find_plugins() -> list[PluginFound]:
    """Every entry point of the ``judgecheck`` group, sorted by name."""
    found = []
    for ep in entry_points(group=GROUP):
        dist = getattr(ep, "dist", None)
        found.append(PluginFound(ep.name, ep.value, dist.name if dist else "", dist.version if dist else ""))
    return sorted(found, key=lambda p: (p.name, p.value))


def _import(found: PluginFound) -> ModuleType | Any:
    return EntryPoint(found.name, found.value, GROUP).load()


def _contributions(pm: pluggy.PluginManager, hook: str, problems: list[Problem]) -> list[tuple[str, Any]]:
    """Call every plugin's implementation of ``hook`` in registration order, as (plugin, item) pairs.

    Each implementation is called on its own so that what it returns, or the
    error it raises, is attributed to its plugin.
    """
    out = []
    for impl in getattr(pm.hook, hook).get_hookimpls():
        try:
            out.extend((impl.plugin_name, item) for item in impl.function() or [])
        except JudgecheckError as exc:
            problems.append(Problem(exc.code, f"plugin {impl.plugin_name}: {exc}"))
        except Exception as exc:  # a third party's bug must not stop the others
            problems.append(Problem(PLUGIN_FAILED, f"plugin {impl.plugin_name}: {hook} failed: {type(exc).__name__}: {exc}"))
    return out


def _claim(table: dict[str, tuple[str, Any]], key: str, plugin: str, item: Any, what: str, problems: list[Problem]) -> bool:
    """Give ``key`` to ``plugin`` unless another plugin has it already; say so if it has."""
    if key in table:
        problems.append(Problem(PLUGIN_FAILED, f"plugin {plugin}: {what} {key} is already declared by plugin {table[key][0]}"))
        return False
    table[key] = (plugin, item)
    return True


class _RuleDirectories:
    """The rule files of directories named in the configuration, as a plugin like any other."""

    def __init__(self, directories: Sequence[Path]) -> None:
        self.directories = directories

    @hookimpl
    def judgecheck_rules(self) -> list[type[Rule]]:
        from judgecheck.rulefile import load_rule_files, rule_files_in

        return load_rule_files(p for d in self.directories for p in rule_files_in(d))


def load_registry(disabled: Collection[str] = (), autoload: bool | None = None, rule_dirs: Sequence[Path] = ()) -> Registry:
    """Load the built-in plugins, every installed one unless autoloading is off, and rule files of ``rule_dirs``."""
    from judgecheck import DISTRIBUTION, __version__

    if autoload is None:
        autoload = os.environ.get(NO_AUTOLOAD_ENV, "") not in ("1", "true", "yes")
    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    problems: list[Problem] = []
    loaded: list[tuple[str, str, str, Any]] = [
        (module, DISTRIBUTION, __version__, importlib.import_module(module)) for module in BUILTINS
    ]
    if autoload:
        for found in find_plugins():
            if found.name in disabled:
                continue
            try:
                loaded.append((found.name, found.distribution, found.version, _import(found)))
            except Exception as exc:  # any import-time failure of a third party's code
                problems.append(Problem(PLUGIN_FAILED, f"plugin {found.name} ({found.value}) failed to load: {type(exc).__name__}: {exc}"))
    if rule_dirs:
        loaded.append(("rule-dirs", "configuration", __version__, _RuleDirectories(rule_dirs)))
    registered = []
    for name, dist, version, plugin in loaded:
        try:
            pm.register(plugin, name=name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            problems.append(Problem(PLUGIN_FAILED, f"plugin {name} could not be registered: {exc}"))
            continue
        registered.append((name, dist, version, plugin))

    readers: dict[str, tuple[str, Reader]] = {}
    for plugin, reader in _contributions(pm, "judgecheck_readers", problems):
        for suffix in reader.suffixes:
            _claim(readers, suffix, plugin, reader, "suffix", problems)
    frameworks: dict[str, tuple[str, Framework]] = {}
    for plugin, fw in _contributions(pm, "judgecheck_frameworks", problems):
        _claim(frameworks, fw.id, plugin, fw, "framework id", problems)
    rules: dict[str, tuple[str, type[Rule]]] = {}
    for plugin, rule in _contributions(pm, "judgecheck_rules", problems):
        rid = getattr(rule, "id", "")
        if not RULE_ID.fullmatch(rid) or not RULE_NAME.fullmatch(getattr(rule, "name", "")):
            problems.append(Problem(PLUGIN_FAILED, f"plugin {plugin}: rule {rid or rule!r} needs an id like ABC123 and a kebab-case name"))
            continue
        _claim(rules, rid, plugin, rule, "rule id", problems)
    formats: dict[str, tuple[str, OutputFormat]] = {}
    for plugin, fmt in _contributions(pm, "judgecheck_formats", problems):
        _claim(formats, fmt.name, plugin, fmt, "format", problems)
    reads_like: dict[str, tuple[str, ReadsLikeProvider]] = {}
    for plugin, provider in _contributions(pm, "judgecheck_reads_like", problems):
        _claim(reads_like, provider.name, plugin, provider, "reads-like model", problems)

    def keys_of(table: dict[str, tuple[str, Any]], name: str) -> tuple[str, ...]:
        return tuple(key for key, (owner, _) in table.items() if owner == name)

    infos = tuple(
        PluginInfo(
            name, dist, version,
            hooks=tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or [])),
            rules=keys_of(rules, name),
            frameworks=keys_of(frameworks, name),
            formats=keys_of(formats, name),
            readers=tuple(dict.fromkeys(r.name for owner, r in readers.values() if owner == name)),
        )
        for name, dist, version, plugin in registered
    )
    return Registry(
        readers={suffix: reader for suffix, (_, reader) in readers.items()},
        frameworks=tuple(sorted((fw for _, fw in frameworks.values()), key=lambda f: f.id)),
        rules=tuple(sorted((rule for _, rule in rules.values()), key=lambda r: r.id)),
        formats={name: fmt for name, (_, fmt) in formats.items()},
        plugins=infos,
        problems=tuple(problems),
        rule_plugin={rid: owner for rid, (owner, _) in rules.items()},
        reads_like=tuple(sorted((p for _, p in reads_like.values()), key=lambda p: p.name)),
    )
