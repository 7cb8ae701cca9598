"""The desk's log: a rotating file in the platform's log dir, readable by its owner only.

What is logged at INFO and above names records by their random ids, never a person: the
formatter also masks any 16-digit number (a NIK, or a No. KK) that a message or a traceback
might carry, as a last guard.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re

from ektp_desk.paths import log_file

_SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
MAX_BYTES = 2_000_000
BACKUPS = 5


def redact(text: str) -> str:
    return _SIXTEEN_DIGITS.sub("[NIK]", text)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging() -> None:
    """INFO and above to the rotating log file (once per process)."""
    root = logging.getLogger()
    if any(getattr(h, "ektp_desk", False) for h in root.handlers):
        return
    root.setLevel(logging.INFO)
    try:
        path = log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        if os.name == "posix":
            os.chmod(path, 0o600)
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.ektp_desk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
