"""The Desk's one error tree. Each error has a stable `code` (for logs and scripts); its
text says what was wrong and what to do. SQLite's own failures are told apart by their
`sqlite_errorcode`, never by the words of their message."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ektp_desk.domain.problems import Problem
from ektp_desk.store import StoreError


class DeskError(Exception):
    """A refusal a person can act on; the message says why and what to do."""

    code = "desk"


class AuthError(DeskError):
    code = "auth"


class PermissionDenied(DeskError):
    code = "permission"


class TakeOverRefused(PermissionDenied):
    """A locked session may be taken over by a supervisor or an admin only."""

    code = "take_over"


class FileInUse(DeskError):
    """An export's target is held open by another program (Excel, a PDF viewer); nothing
    was written. The window offers another name."""

    code = "file_in_use"

    def __init__(self, target: Path) -> None:
        super().__init__(
            f"cannot write {target}: the file is open in another program; close it there, "
            "or write to another name; nothing was written"
        )
        self.target = target


class ValidationFailed(DeskError):
    code = "validation"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.is_error]
        super().__init__("; ".join(str(p) for p in errors))


def store_failure(exc: sqlite3.OperationalError, what: str) -> StoreError:
    """A write SQLite refused, as a message saying what was not done and what to do."""
    primary = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    if primary == sqlite3.SQLITE_FULL:
        return StoreError(
            f"the disk is full: {what}. Free space on the disk holding the data dir, then "
            "save again; everything saved before is safe"
        )
    if primary == sqlite3.SQLITE_READONLY:
        return StoreError(f"the database refuses writes (it was found damaged): {what}")
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(f"the database is busy in another program: {what}; try again")
    return StoreError(f"database error ({exc}): {what}")
