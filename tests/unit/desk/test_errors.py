"""The Desk's errors: SQLite's failures told apart by their code, never by their words."""

from __future__ import annotations

import sqlite3

import pytest

from ektp_desk.desk import Desk
from ektp_desk.desk.errors import (
    AuthError,
    DeskError,
    PermissionDenied,
    TakeOverRefused,
    ValidationFailed,
    store_failure,
)


def failure(code: int | None, text: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(text)
    if code is not None:
        exc.sqlite_errorcode = code
    return exc


@pytest.mark.parametrize(
    ("code", "text", "said"),
    [
        (sqlite3.SQLITE_FULL, "database or disk is full", "the disk is full: x. Free space"),
        (sqlite3.SQLITE_READONLY, "attempt to write a readonly database", "refuses writes"),
        (sqlite3.SQLITE_BUSY, "database is locked", "busy in another program: x; try again"),
        (sqlite3.SQLITE_LOCKED, "database table is locked", "busy in another program"),
        # an extended code (SQLITE_READONLY_DBMOVED) counts as its primary one
        (sqlite3.SQLITE_READONLY | (4 << 8), "attempt to write a readonly database", "refuses"),
        # the words alone decide nothing: a message mentioning "full" with another code
        (sqlite3.SQLITE_IOERR, "disk I/O error while the table was full", "database error"),
        (None, "database or disk is full", "database error"),
    ],
)
def test_sqlite_failures_are_classified_by_their_code(
    code: int | None, text: str, said: str
) -> None:
    assert said in str(store_failure(failure(code, text), "x"))


def test_a_real_read_only_refusal_is_told_as_such(desk: Desk) -> None:
    conn = desk.session.connection
    conn.execute("PRAGMA query_only = ON")
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute("DELETE FROM queue")
    assert "refuses writes" in str(store_failure(caught.value, "x"))


def test_every_error_has_a_code_of_its_own() -> None:
    kinds = (DeskError, AuthError, PermissionDenied, TakeOverRefused, ValidationFailed)
    codes = [k.code for k in kinds]
    assert len(set(codes)) == len(codes)
    assert all(issubclass(k, DeskError) for k in kinds)
