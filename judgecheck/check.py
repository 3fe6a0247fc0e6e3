"""The runner: read -> structure -> language -> rules for each input path.

This is the one place that strings the stages together; each stage only sees
the record the one before it produced.
"""

from __future__ import annotations

import contextlib
import fnmatch
import glob
import hashlib
import inspect
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from judgecheck.cache import Cache
from judgecheck.errors import JudgecheckError
from judgecheck.language import Language, model_name
from judgecheck.limits import DEFAULT_RULE_TIMEOUT
from judgecheck.model import DocumentResult, Problem, Severity
from judgecheck.plugins import Registry, load_registry
from judgecheck.read import DEFAULT_MAX_PAGES, read_path
from judgecheck.readslike import read_prose
from judgecheck.rules import Rule, run_across, run_rules, stamp
from judgecheck.structure import build_document


@dataclass(frozen=True)
class Selection:
    """Which rules run, by id or id prefix, and severity overrides."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: tuple[tuple[str, Severity], ...] = ()

    def rules(self, available: Sequence[type[Rule]]) -> list[type[Rule]]:
        chosen = [r for r in available if not self.select or any(r.id.startswith(p) for p in self.select)]
        return [r for r in chosen if not any(r.id.startswith(p) for p in self.ignore)]


def expand_inputs(inputs: Iterable[str], suffixes: Iterable[str]) -> list[Path]:
    """Files named, files matching glob patterns, and files of known suffixes under directories, each once, in order.

    A path named twice, or named and also found under a directory named, is checked
    once (like ruff). Symbolic links to directories are never followed, so a link
    loop cannot make the walk or a ``**`` pattern run forever.
    """
    known = {s.lower() for s in suffixes}
    out: list[Path] = []
    seen: set[str] = set()
    for raw in inputs:
        path = Path(raw)
        if not path.exists() and glob.has_magic(raw):
            matches = _glob(raw)
            found = [m for m in matches if m.is_file() and m.suffix.lower() in known]
            found += [f for m in matches if m.is_dir() for f in _walk(m, known, hidden=False)]
        elif path.is_dir():
            found = _walk(path, known)
        else:
            found = [path]
        for item in found:
            key = os.path.abspath(item)
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def _glob(pattern: str) -> list[Path]:
    """Paths matching ``pattern`` as :func:`glob.glob` finds them, except that ``**`` does not follow symbolic links.

    As with :func:`glob.glob`, a wildcard (``*``, ``**``) matches no name that starts with a dot: a hidden file
    or directory is found only where the pattern spells its dot (``.drafts/*.pdf``, ``.*``).
    """
    anchor = Path(pattern).anchor
    relative = Path(pattern[len(anchor):]).parts
    base = Path(anchor or ".")
    matches = base.glob(str(Path(*relative))) if relative else []
    return sorted(m for m in matches if m.parts[len(base.parts):] and _spelled(m.parts[len(base.parts):], relative))


def _spelled(parts: Sequence[str], pattern: Sequence[str]) -> bool:
    """Whether ``parts`` match ``pattern`` part by part with every hidden name matched by a part that starts with a dot."""
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return _spelled(parts, pattern[1:]) or (
            bool(parts) and not parts[0].startswith(".") and _spelled(parts[1:], pattern))
    return (bool(parts) and fnmatch.fnmatch(parts[0], pattern[0])
            and (pattern[0].startswith(".") or not parts[0].startswith(".")) and _spelled(parts[1:], pattern[1:]))


def _walk(path: Path, known: set[str], hidden: bool = True) -> list[Path]:
    """The files of known suffixes under ``path``, in order; without hidden names unless ``hidden``."""
    found = []
    for root, dirs, files in os.walk(path, followlinks=False):
        dirs[:] = sorted(d for d in dirs if hidden or not d.startswith("."))
        found.extend(Path(root) / f for f in sorted(files)
                     if Path(f).suffix.lower() in known and (hidden or not f.startswith(".")))
    return found


@dataclass(frozen=True)
class Options:
    """How a run checks its files: which rules, how many processes, the cache, the parse depth."""

    selection: Selection = Selection()
    jobs: int = 1
    cache: Cache | None = None
    #: Parse every sentence of every document (the reference mode for benchmarks; slow).
    parse_all: bool = False
    #: Seconds each rule may run on a document before it is stopped (E107); 0: no limit.
    rule_timeout: float = DEFAULT_RULE_TIMEOUT
    #: Documents of more pages are refused (E012); 0: no limit.
    max_pages: int = DEFAULT_MAX_PAGES
    #: Also compare the documents of the run with each other (rules with ``across``); off, a file's result is its own.
    compare: bool = False


def check_file(path: Path, registry: Registry, selection: Selection = Selection(), *, cache: Cache | None = None,
               parse_all: bool = False, rule_timeout: float = DEFAULT_RULE_TIMEOUT,
               max_pages: int = DEFAULT_MAX_PAGES) -> DocumentResult:
    """Check one file; a file that cannot be read gives a result with its coded error."""
    key = None
    if cache is not None:
        try:
            key = cache.key(path.read_bytes())
        except OSError:
            key = None  # the reader reports the error
        hit = cache.get(key, str(path)) if key else None
        if hit is not None and not (max_pages and hit.document and hit.document.pages > max_pages):
            return hit
    try:
        source = read_path(path, registry.readers, max_pages)
    except JudgecheckError as exc:
        return DocumentResult(str(path), None, error=Problem(exc.code, f"{path}: {exc}"))
    document = build_document(source, registry.frameworks)
    rules = selection.rules(registry.rules)
    language = Language(parse_all=parse_all) if any(r.needs_language for r in rules) else None
    # The reads-like models need only the cheap sentence split, shared with the rules.
    document = replace(document, readings=read_prose(document, registry.reads_like, language or Language(parse_all=parse_all)))
    if language is not None and parse_all:
        for _, block in document.blocks():
            for sentence in language.sentences(block.text):
                language.parse(sentence)
    findings, problems = run_rules(document, rules, language, dict(selection.severities), registry.rule_plugin, rule_timeout)
    result = DocumentResult(str(path), document, tuple(findings), rule_errors=tuple(problems))
    if cache is not None and key and not problems:
        cache.put(key, result)
    return result


# A worker process's registry and options, set once per process (inherited on fork, loaded on spawn).
_WORKER: tuple[Registry, Options] | None = None


def _start_worker(disabled: tuple[str, ...], rule_dirs: tuple[Path, ...], options: Options) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the run, workers stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _WORKER
    if _WORKER is None:
        _WORKER = (load_registry(disabled=disabled, rule_dirs=rule_dirs), options)


def _check_in_worker(path: Path) -> DocumentResult:
    assert _WORKER is not None
    registry, options = _WORKER
    return check_file(path, registry, options.selection, cache=options.cache, parse_all=options.parse_all,
                      rule_timeout=options.rule_timeout, max_pages=options.max_pages)


def check_paths(
    paths: Sequence[Path],
    registry: Registry,
    options: Options = Options(),
    disabled: tuple[str, ...] = (),
    rule_dirs: tuple[Path, ...] = (),
    progress: Callable[[DocumentResult], None] | None = None,
) -> list[DocumentResult]:
    """Check each file (in ``options.jobs`` processes); with ``options.compare``, compare the documents with each other.

    Results come back in input order whatever order the workers finish in, so
    the output does not depend on ``jobs``; without ``compare`` a file's findings
    do not depend on the other files of the run either.
    """
    if options.jobs > 1 and len(paths) > 1:
        global _WORKER
        _WORKER = (registry, options)  # inherited by forked workers, which skip loading plugins again
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        with ProcessPoolExecutor(options.jobs, mp_context=context, initializer=_start_worker, initargs=(disabled, rule_dirs, options)) as pool:
            results = []
            for result in pool.map(_check_in_worker, paths, chunksize=1):
                results.append(result)
                if progress:
                    progress(result)
    else:
        results = []
        for path in paths:
            results.append(check_file(path, registry, options.selection, cache=options.cache, parse_all=options.parse_all,
                                      rule_timeout=options.rule_timeout, max_pages=options.max_pages))
            if progress:
                progress(results[-1])
    return compare_documents(results, registry, options.selection, options.rule_timeout) if options.compare else results


def compare_documents(results: list[DocumentResult], registry: Registry, selection: Selection,
                      rule_timeout: float = DEFAULT_RULE_TIMEOUT) -> list[DocumentResult]:
    """Run the rules that compare the readable documents of a run, adding their findings to each result."""
    readable = [i for i, r in enumerate(results) if r.document is not None]
    rules = [r for r in selection.rules(registry.rules) if r.across]
    if len(readable) < 2 or not rules:
        return results
    documents = [d for d in (results[i].document for i in readable) if d is not None]
    language = Language() if any(r.needs_language for r in rules) else None
    found, problems = run_across(documents, rules, language, dict(selection.severities), registry.rule_plugin, rule_timeout)
    out = list(results)
    for n, i in enumerate(readable):
        extra = found.get(n, [])
        if extra or problems:
            r = results[i]
            out[i] = replace(r, findings=tuple(stamp(documents[n], [*r.findings, *extra])), rule_errors=(*r.rule_errors, *problems))
    return out


def configuration_salt(registry: Registry, selection: Selection) -> str:
    """What a cached result depends on besides the file: plugins, their code and data, the selection, the spaCy pipeline."""
    plugins = sorted((p.name, p.distribution, p.version) for p in registry.plugins)
    digest = hashlib.sha256(repr((plugins, selection, model_name())).encode())
    for source in sorted(_sources(registry)):
        digest.update(source.encode())
        with contextlib.suppress(OSError):
            digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def _sources(registry: Registry) -> set[str]:
    """The code and data files behind the loaded rules and frameworks."""
    files: set[Path] = set(Path(__file__).parent.rglob("*.py"))
    for rule in registry.rules:
        module = Path(inspect.getfile(rule))
        files.update(module.parent.glob("*.py") if module.name == "__init__.py" else [module])
        files.update(Path(f) for f in rule.data)
        spec = getattr(rule, "spec", None)
        if spec is not None:
            data = Path(spec.path)
            files.update(data.parent.glob("*.toml"))
            files.update(data.parent.parent.glob("*.toml"))
            files.update(data.parent.parent.glob("*.txt"))
    for fw in registry.frameworks:
        if fw.source:
            files.update(Path(fw.source).parent.glob("*.toml"))
    for provider in registry.reads_like:
        files.update(Path(f) for f in provider.data)
    return {str(f) for f in files if "__pycache__" not in f.parts}
