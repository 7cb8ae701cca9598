"""File-system helpers shared by the writers of backups and bundles."""

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
