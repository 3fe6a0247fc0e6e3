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
from collections.abc import Collection
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType
from typing import Any

import pluggy

from judgecheck import hookspecs
from judgecheck.errors import PLUGIN_FAILED, JudgecheckError
from judgecheck.framework import Framework
from judgecheck.model import Problem
from judgecheck.output import OutputFormat
from judgecheck.read import Reader
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


def find_plugins() -> list[PluginFound]:
    """Every entry point of the ``judgecheck`` group, sorted by name."""
    found = []
    for ep in entry_points(group=GROUP):
        dist = getattr(ep, "dist", None)
        found.append(PluginFound(ep.name, ep.value, dist.name if dist else "", dist.version if dist else ""))
    return sorted(found, key=lambda p: (p.name, p.value))


def _import(found: PluginFound) -> ModuleType | Any:
    return EntryPoint(found.name, found.value, GROUP).load()


def load_registry(disabled: Collection[str] = (), autoload: bool | None = None) -> Registry:
    """Load the built-in plugins and, unless autoloading is off, every installed one."""
    from judgecheck import __version__

    if autoload is None:
        autoload = os.environ.get(NO_AUTOLOAD_ENV, "") not in ("1", "true", "yes")
    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    problems: list[Problem] = []
    loaded: list[tuple[str, str, str, Any]] = []
    for module in BUILTINS:
        loaded.append((module, "judgecheck", __version__, importlib.import_module(module)))
    if autoload:
        for found in find_plugins():
            if found.name in disabled:
                continue
            try:
                loaded.append((found.name, found.distribution, found.version, _import(found)))
            except Exception as exc:  # any import-time failure of a third party's code
                problems.append(Problem(PLUGIN_FAILED, f"plugin {found.name} ({found.value}) failed to load: {type(exc).__name__}: {exc}"))
    readers: dict[str, Reader] = {}
    frameworks: dict[str, Framework] = {}
    rules: dict[str, type[Rule]] = {}
    formats: dict[str, OutputFormat] = {}
    rule_plugin: dict[str, str] = {}
    infos = []
    for name, dist, version, plugin in loaded:
        try:
            pm.register(plugin, name=name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            problems.append(Problem(PLUGIN_FAILED, f"plugin {name} could not be registered: {exc}"))
            continue
        hooks = tuple(sorted(impl.name for impl in pm.get_hookcallers(plugin) or []))
        added: dict[str, list[str]] = {"rules": [], "frameworks": [], "formats": [], "readers": []}

        def call(hook: str) -> list[Any]:
            impl = getattr(plugin, hook, None)
            if impl is None:
                return []
            try:
                return list(impl() or [])
            except JudgecheckError as exc:
                problems.append(Problem(exc.code, f"plugin {name}: {exc}"))
            except Exception as exc:
                problems.append(Problem(PLUGIN_FAILED, f"plugin {name}: {hook} failed: {type(exc).__name__}: {exc}"))
            return []

        for reader in call("judgecheck_readers"):
            for suffix in reader.suffixes:
                if suffix in readers:
                    problems.append(Problem(PLUGIN_FAILED, f"plugin {name}: suffix {suffix} is already read by {readers[suffix].name}"))
                else:
                    readers[suffix] = reader
            added["readers"].append(reader.name)
        for fw in call("judgecheck_frameworks"):
            if fw.id in frameworks:
                problems.append(Problem(PLUGIN_FAILED, f"plugin {name}: framework id {fw.id} is already defined"))
                continue
            frameworks[fw.id] = fw
            added["frameworks"].append(fw.id)
        for rule in call("judgecheck_rules"):
            rid = getattr(rule, "id", "")
            if not RULE_ID.fullmatch(rid) or not RULE_NAME.fullmatch(getattr(rule, "name", "")):
                problems.append(Problem(PLUGIN_FAILED, f"plugin {name}: rule {rid or rule!r} needs an id like ABC123 and a kebab-case name"))
                continue
            if rid in rules:
                problems.append(Problem(PLUGIN_FAILED, f"plugin {name}: rule id {rid} is already declared by plugin {rule_plugin[rid]}"))
                continue
            rules[rid] = rule
            rule_plugin[rid] = name
            added["rules"].append(rid)
        for fmt in call("judgecheck_formats"):
            if fmt.name in formats:
                problems.append(Problem(PLUGIN_FAILED, f"plugin {name}: format {fmt.name} is already defined"))
                continue
            formats[fmt.name] = fmt
            added["formats"].append(fmt.name)
        infos.append(PluginInfo(name, dist, version, hooks, *(tuple(added[k]) for k in ("rules", "frameworks", "formats", "readers"))))
    return Registry(
        readers=readers,
        frameworks=tuple(sorted(frameworks.values(), key=lambda f: f.id)),
        rules=tuple(sorted(rules.values(), key=lambda r: r.id)),
        formats=formats,
        plugins=tuple(infos),
        problems=tuple(problems),
        rule_plugin=rule_plugin,
    )
