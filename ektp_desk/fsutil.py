"""File-system helpers shared by the writers of backups, bundles, reports and exports."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (POSIX); Windows cannot open a folder, and its
    renames are durable enough."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_private_file(target: Path) -> Iterator[BinaryIO]:
    """A file written whole or not at all: into a hidden temporary file only its owner reads,
    fsynced, then renamed to `target`. On any error the temporary file is removed and the
    error goes on; `target` is never half-written."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_private_path(target: Path) -> Iterator[Path]:
    """Like `atomic_private_file`, for writers that want a path (openpyxl, Qt's PDF writer,
    a text file): the temporary file exists, empty and owner-only, before the caller writes
    into it, so personal data never sits in a file others can read; it is fsynced and
    renamed to `target` when the block ends without an error, and removed when it does not."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        # A leftover of a killed export keeps its old mode if reused: start from a new file.
        tmp.unlink(missing_ok=True)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        yield tmp
        os.chmod(tmp, 0o600)  # a writer that replaced the file may have made it readable
        fd = os.open(tmp, os.O_RDWR)  # Windows flushes only a handle open for writing
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
