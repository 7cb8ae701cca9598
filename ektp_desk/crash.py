"""Crash files: an uncaught exception (`sys.excepthook`, and on any thread) or a fatal error
of the interpreter (`faulthandler`) leaves a file in the log dir, which the window offers to
show at its next start, so that a crash on a desk with no one to read a console still
leaves something to send to support. NIKs are masked in it as in the log."""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import threading
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from ektp_desk.logs import redact

log = logging.getLogger(__name__)

PREFIX = "crash-"
SHOWN = ".shown"  # a crash file offered once is renamed with this before `.txt`
KEEP = 20  # crash files kept; older ones are removed
_fault_files: list[IO[str]] = []  # faulthandler writes into a file that stays open
_installed: list[str] = []  # once per process


def _new_path(folder: Path, kind: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return folder / f"{PREFIX}{stamp}-{kind}-{os.getpid()}.txt"


def write_crash(
    folder: Path,
    kind: str,
    error: BaseException,
    tb: TracebackType | None,
    *,
    where: str = "",
) -> Path:
    """Write one crash file for `error` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = _new_path(folder, kind)
    text = "".join(traceback.format_exception(type(error), error, tb))
    head = f"ektp-desk ({kind}) crashed at {datetime.now(UTC).isoformat()}{where}\n\n"
    with _private(path) as out:
        out.write(redact(head + text))
    return path


def _private(path: Path) -> IO[str]:
    """A text file for appending that only its owner reads (on POSIX), as the log is."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    return os.fdopen(fd, "a", encoding="utf-8")


def _adopt_fault_file(folder: Path, kind: str) -> Path:
    """The faulthandler file of `kind`; what an earlier process wrote into it before dying
    becomes a crash file first."""
    fault = folder / f"fault-{kind}.log"
    try:
        if fault.stat().st_size > 0:
            fault.replace(_new_path(folder, f"{kind}-fatal"))
    except OSError:
        pass  # none, or held open by another process of the same kind
    return fault


def install(folder: Path, kind: str) -> None:
    """Write a crash file for any uncaught exception of this process (the previous hooks
    still run) and enable faulthandler into the log dir. Once per process."""
    if _installed:
        return
    _installed.append(kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fault = _adopt_fault_file(folder, kind)
        _fault_files.append(_private(fault))
        faulthandler.enable(file=_fault_files[-1])
    except OSError as exc:
        log.warning("no faulthandler file: %s", exc)
    previous = sys.excepthook
    previous_thread = threading.excepthook

    def hook(kind_: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        _record(folder, kind, error, tb, "")
        previous(kind_, error, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            name = args.thread.name if args.thread else "?"
            _record(folder, kind, args.exc_value, args.exc_traceback, f" on thread {name}")
        previous_thread(args)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def _record(
    folder: Path, kind: str, error: BaseException, tb: TracebackType | None, where: str
) -> None:
    if isinstance(error, KeyboardInterrupt | SystemExit):
        return
    try:
        path = write_crash(folder, kind, error, tb, where=where)
        log.critical("uncaught %s: crash file %s", type(error).__name__, path.name)
    except OSError:
        log.exception("uncaught exception, and no crash file could be written")


def pending(folder: Path) -> list[Path]:
    """The crash files not offered yet, oldest first."""
    try:
        found = sorted(folder.glob(f"{PREFIX}*.txt"))
    except OSError:
        return []
    return [p for p in found if not p.name.endswith(SHOWN + ".txt")]


def mark_shown(paths: list[Path]) -> None:
    """Keep the files (support may ask for them) but offer them no more; prune old ones."""
    for path in paths:
        try:
            path.replace(path.with_name(path.name[: -len(".txt")] + SHOWN + ".txt"))
        except OSError:
            continue
    shown = sorted(path.parent.glob(f"{PREFIX}*{SHOWN}.txt")) if paths else []
    for old in shown[:-KEEP]:
        old.unlink(missing_ok=True)
