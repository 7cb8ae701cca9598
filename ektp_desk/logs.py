"""The desk's log: a rotating file in the platform's log dir, readable by its owner only,
one per kind of process (the window, the sync service, backups, other commands).

What is logged at INFO and above names records by their random ids, never a person: the
formatter also masks any 16-digit number (a NIK, or a No. KK) that a message or a traceback
might carry, as a last guard.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import time

from ektp_desk.paths import log_file

_SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
MAX_BYTES = 2_000_000
BACKUPS = 5
ROLLOVER_RETRY_S = 60.0  # a rotation refused (the file open elsewhere) is tried again after this


def redact(text: str) -> str:
    return _SIXTEEN_DIGITS.sub("[NIK]", text)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class SharedRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file that another process may hold open: on Windows renaming it then fails
    (WinError 32) and the stdlib handler reports an error on every line that follows. Here
    the rotation is put off and the line goes on into the current file."""

    def __init__(self, path: os.PathLike[str] | str, **kwargs: object) -> None:
        super().__init__(path, **kwargs)  # type: ignore[arg-type]
        self.retry_at = 0.0

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        if time.monotonic() < self.retry_at:
            return False
        return bool(super().shouldRollover(record))

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except PermissionError:
            self.retry_at = time.monotonic() + ROLLOVER_RETRY_S
            if self.stream is None:  # closed for the rename: write on in the same file
                self.stream = self._open()


def log_kind(command: str | None) -> str:
    """The log a process writes, from the command it runs (None: the window)."""
    if command is None:
        return "window"
    return command if command in ("sync", "backup") else "cli"


def setup_logging(kind: str = "window") -> None:
    """INFO and above to the rotating log file of this kind of process (once per process)."""
    root = logging.getLogger()
    if any(getattr(h, "ektp_desk", False) for h in root.handlers):
        return
    root.setLevel(logging.INFO)
    try:
        path = log_file(kind)
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = SharedRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        if os.name == "posix":
            os.chmod(path, 0o600)
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.ektp_desk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
