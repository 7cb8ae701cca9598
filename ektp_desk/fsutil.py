"""File-system helpers shared by the writers of backups, bundles, reports and exports."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

# Windows' errors for a file another program holds open (ERROR_ACCESS_DENIED,
# ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION): Excel keeps the file it shows open.
_IN_USE_WINERRORS = (5, 32, 33)


class TargetInUse(PermissionError):
    """The finished file could not take the target's place: another program (Excel, a PDF
    viewer) holds the target open. Nothing was written; the temporary file is gone."""

    def __init__(self, target: Path) -> None:
        super().__init__(f"{target} is open in another program; close it or choose another name")
        self.target = target


def free_name(target: Path) -> Path:
    """The first of `name-2.ext`, `name-3.ext`, ... beside `target` that does not exist."""
    number = 2
    while True:
        candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
        if not candidate.exists():
            return candidate
        number += 1


def replace_into(tmp: Path, target: Path) -> None:
    """`os.replace`, telling a target held open by another program (`TargetInUse`)."""
    try:
        os.replace(tmp, target)
    except PermissionError as exc:
        if getattr(exc, "winerror", None) in _IN_USE_WINERRORS:
            raise TargetInUse(target) from exc
        raise


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
    error goes on; `target` is never half-written. The temporary file's name carries this
    process's id, so one left by a killed writer can be told from one being written
    (`remove_stale_partials`)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        replace_into(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_private_path(target: Path, *, mode: int = 0o600) -> Iterator[Path]:
    """Like `atomic_private_file`, for writers that want a path (openpyxl, Qt's PDF writer,
    a text file): the temporary file exists, empty and owner-only, before the caller writes
    into it, so personal data never sits in a file others can read; it is fsynced and
    renamed to `target` when the block ends without an error, and removed when it does not.
    A file that holds nothing personal and that others must read (an installer the hub's
    nginx serves) is given its `mode` just before the rename."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        # A leftover of a killed export keeps its old mode if reused: start from a new file.
        tmp.unlink(missing_ok=True)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        yield tmp
        os.chmod(tmp, mode)  # a writer that replaced the file may have made it readable
        fd = os.open(tmp, os.O_RDWR)  # Windows flushes only a handle open for writing
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        replace_into(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def process_alive(pid: int) -> bool:
    """Whether process `pid` of this machine still runs, asked the same way on every OS
    (psutil); unknown cases count as alive."""
    if pid == os.getpid():
        return True
    import psutil  # on first use: the log-in window starts without it

    try:
        return bool(psutil.pid_exists(pid))
    except (OSError, psutil.Error):
        return True


def remove_stale_partials(folder: Path, name_glob: str = "*") -> int:
    """Delete the temporary files that `atomic_private_file` writers killed mid-way left in
    `folder` (for target names matching `name_glob`); those of running writers stay. Files
    of the older naming, without a process id, are from a writer long gone."""
    try:
        found = [p for p in folder.glob(f".{name_glob}.*tmp") if p.name.endswith(".tmp")]
    except OSError:
        return 0
    return remove_of_dead_writers(found, lambda p: p.name[: -len(".tmp")].rpartition(".")[2])


def remove_of_dead_writers(paths: Iterable[Path], writer_of: Callable[[Path], str]) -> int:
    """Delete the files whose writer (the process id `writer_of` reads from each name) no
    longer runs; a name without a process id is a writer long gone. Returns how many."""
    removed = 0
    for path in paths:
        writer = writer_of(path)
        if writer.isdigit() and process_alive(int(writer)):
            continue
        try:
            path.unlink()
            removed += 1
        except OSError:
            continue
    return removed


def private_file(path: Path, *, create: bool = True, folder: bool = True) -> None:
    """On POSIX, a file only its owner reads (created empty when missing and `create`), in a
    folder only its owner enters: the desk's data is personal data. Elsewhere a no-op (the
    user's profile folder is already private on Windows)."""
    if os.name != "posix":
        return
    try:
        if create and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        if path.exists():
            os.chmod(path, 0o600)
        if folder:
            os.chmod(path.parent, 0o700)
    except OSError:
        pass  # a read-only or foreign folder: opening it will say what is wrong
