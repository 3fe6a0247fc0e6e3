"""A cache of per-file results, so that an unchanged report is not read, parsed or checked twice.

An entry is keyed by the file's content hash, the judgecheck version, every
loaded plugin's name and version, the rule files' contents and the rule
selection: change any of them and the entry is simply not found. Entries are
JSON (never pickle: a cache file is data, not code), written to a temporary
file and renamed into place, so concurrent runs never see half an entry; an
entry that cannot be read back is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import asdict, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from judgecheck import __version__
from judgecheck.model import (
    Block,
    Document,
    DocumentResult,
    Expectation,
    Finding,
    GradeStatement,
    Metadata,
    Place,
    Placement,
    Problem,
    Reading,
    ReadsLike,
    Section,
)

ENV = "JUDGECHECK_CACHE_DIR"
#: Bumped when the stored shape of a result changes.
SCHEMA = 10


def default_directory() -> Path:
    """The platform's cache directory for judgecheck (``JUDGECHECK_CACHE_DIR`` overrides it)."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "judgecheck"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "judgecheck" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "judgecheck"


class Cache:
    """Results of checked files in ``directory``, valid for one configuration (``salt``)."""

    def __init__(self, directory: Path, salt: str) -> None:
        self.directory = directory
        self.salt = hashlib.sha256(f"{SCHEMA}\x00{__version__}\x00{salt}".encode()).hexdigest()

    def key(self, data: bytes) -> str:
        return hashlib.sha256(self.salt.encode() + b"\x00" + data).hexdigest()

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str, path: str) -> DocumentResult | None:
        """The stored result for ``key`` with ``path`` as its path, or None (missing or unreadable)."""
        try:
            raw = json.loads(self._file(key).read_text(encoding="utf-8"))
            return result_from_dict(raw, path)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, result: DocumentResult) -> None:
        """Store a result; a cache that cannot be written is skipped, never an error."""
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".entry.", dir=target.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(asdict(result), fh, ensure_ascii=False)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return


def _build(cls: type, raw: Any) -> Any:
    """A dataclass (or tuple of them) from its asdict() form."""
    if raw is None or not is_dataclass(cls):
        return raw
    values = {}
    for f in fields(cls):
        value = raw[f.name]
        inner = _NESTED.get((cls, f.name))
        if inner is not None:
            value = tuple(_build(inner, v) for v in value) if isinstance(value, list) else _build(inner, value)
        elif isinstance(value, list):
            value = tuple(tuple(tuple(w) if isinstance(w, list) else w for w in v) if isinstance(v, list) else v for v in value)
        values[f.name] = value
    return cls(**values)


_NESTED: dict[tuple[type, str], type] = {
    (DocumentResult, "document"): Document,
    (DocumentResult, "findings"): Finding,
    (DocumentResult, "error"): Problem,
    (DocumentResult, "rule_errors"): Problem,
    (Finding, "related"): Place,
    (Document, "sections"): Section,
    (Document, "statements"): GradeStatement,
    (Document, "metadata"): Metadata,
    (Document, "expectations"): Expectation,
    (Section, "blocks"): Block,
    (Document, "readings"): Reading,
    (Reading, "reads_like"): ReadsLike,
    (Reading, "placement"): Placement,
}


def result_from_dict(raw: dict[str, Any], path: str) -> DocumentResult:
    """A stored result, given the path it is found under now."""
    result: DocumentResult = _build(DocumentResult, raw)
    if result.document is None or result.error is not None:
        raise ValueError("only checked documents are cached")
    document = Document(**{**{f.name: getattr(result.document, f.name) for f in fields(Document)}, "path": path})
    # Only a document's own findings are cached: their related places are in the same file.
    findings = tuple(replace(f, related=tuple(replace(p, path=path) for p in f.related)) if f.related else f
                     for f in result.findings)
    return DocumentResult(path, document, findings, None, result.rule_errors)
