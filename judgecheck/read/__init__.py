"""The read stage: turn a file into a :class:`~judgecheck.model.Source`.

Readers are plugins (see :func:`judgecheck.hookspecs.judgecheck_readers`); the
built-in ones read PDF, DOCX, Markdown and plain text. :func:`read_path` checks
the file itself (exists, regular, readable, not empty) before any reader runs.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from judgecheck import errors
from judgecheck.errors import JudgecheckError
from judgecheck.model import Source

#: Documents longer than this are refused unless --max-pages (or max-pages) raises it: see README "Bad input".
DEFAULT_MAX_PAGES = 1000


@dataclass(frozen=True)
class Reader:
    """A way to read files of some suffixes into a Source."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Path, bytes], Source]
    description: str = ""
    #: A cheap page count of the file's bytes (0 when unknown), so a long document is refused before it is read.
    count_pages: Callable[[bytes], int] | None = None


def read_path(path: Path, readers: Mapping[str, Reader], max_pages: int = 0) -> Source:
    """Read ``path`` with the reader registered for its suffix, or raise a coded error.

    A document of more than ``max_pages`` pages (0: no limit) is refused, before
    it is read when its reader can count pages cheaply.
    """
    reader = readers.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(readers))
        raise JudgecheckError(errors.UNSUPPORTED_FORMAT, f"'{path.suffix or path.name}' (known: {known})")
    try:
        if not path.exists():
            if path.is_symlink():
                os.stat(path)  # raises: a loop (ELOOP) or a dangling link
            raise JudgecheckError(errors.NOT_FOUND)
        if not path.is_file():
            raise JudgecheckError(errors.NOT_A_FILE)
        if not os.access(path, os.R_OK):
            raise JudgecheckError(errors.PERMISSION_DENIED)
        data = path.read_bytes()
    except PermissionError:
        raise JudgecheckError(errors.PERMISSION_DENIED) from None
    except FileNotFoundError:
        raise JudgecheckError(errors.NOT_FOUND, "a symbolic link to a missing file" if path.is_symlink() else "") from None
    except OSError as exc:
        detail = "a loop of symbolic links" if exc.errno == errno.ELOOP else exc.strerror or str(exc)
        raise JudgecheckError(errors.NOT_A_FILE, detail) from None
    if not data.strip():
        raise JudgecheckError(errors.EMPTY_FILE)
    if max_pages and reader.count_pages is not None:
        _check_length(reader.count_pages(data), max_pages)
    source = reader.read(path, data)
    if max_pages:
        _check_length(source.pages, max_pages)
    return source


def _check_length(pages: int, max_pages: int) -> None:
    if pages > max_pages:
        raise JudgecheckError(
            errors.TOO_LONG, f"{pages:,} pages, more than the limit of {max_pages:,} (raise it with --max-pages or max-pages)"
        )


def sniff(data: bytes) -> str:
    """Say what a file's first bytes look like, for error messages."""
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "an HTML page"
    if head.startswith(b"pk\x03\x04"):
        return "a ZIP archive"
    if head.startswith(b"%pdf"):
        return "a PDF"
    if head.startswith(b"{\\rtf"):
        return "an RTF document"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old binary Office document"
    try:
        data[:512].decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "binary data"
