"""Writing output files whole or not at all."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary file beside ``target`` to write, renamed onto it if the block succeeds, removed if not.

    The file gets the permissions ``target`` had, or for a new file what the umask allows
    (not the owner-only mode of a temporary file). A symbolic link is written through, to
    the file it names; a device or pipe (``/dev/stdout``) is written directly.
    """
    if target.exists() and not target.is_file() and not target.is_dir():
        yield target
        return
    target = Path(os.path.realpath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with contextlib.suppress(OSError):  # a file system without Unix permissions keeps its own
            os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _mode(target: Path) -> int:
    """The permission bits ``target`` has, or a new file's under the current umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode) & 0o777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask
