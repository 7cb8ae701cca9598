"""Desk accounts as stored: role, scrypt hash and parameters, lock-out counters."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from ektp_desk.domain.accounts import Role, ScryptParams


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    name: str
    role: Role
    salt: bytes
    password_hash: bytes
    params: ScryptParams
    disabled: bool
    failed_logins: int
    locked_until: str | None
    created_at: str
    last_login_at: str | None


_SELECT = (
    "SELECT id, name, role, salt, password_hash, scrypt_n, scrypt_r, scrypt_p, disabled,"
    " failed_logins, locked_until, created_at, last_login_at FROM users"
)


def _row(r: Any) -> UserRow:
    return UserRow(
        id=int(r[0]),
        name=str(r[1]),
        role=Role(r[2]),
        salt=bytes(r[3]),
        password_hash=bytes(r[4]),
        params=ScryptParams(int(r[5]), int(r[6]), int(r[7])),
        disabled=bool(r[8]),
        failed_logins=int(r[9]),
        locked_until=r[10],
        created_at=str(r[11]),
        last_login_at=r[12],
    )


def get(conn: sqlite3.Connection, name: str) -> UserRow | None:
    r = conn.execute(_SELECT + " WHERE name = ?", (name,)).fetchone()
    return _row(r) if r else None


def all_users(conn: sqlite3.Connection) -> list[UserRow]:
    return [_row(r) for r in conn.execute(_SELECT + " ORDER BY name").fetchall()]


def insert(
    conn: sqlite3.Connection,
    *,
    name: str,
    role: Role,
    salt: bytes,
    password_hash: bytes,
    params: ScryptParams,
    at: str,
) -> None:
    conn.execute(
        "INSERT INTO users (name, role, salt, password_hash, scrypt_n, scrypt_r, scrypt_p,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (name, role.value, salt, password_hash, params.n, params.r, params.p, at),
    )


def record_success(conn: sqlite3.Connection, user_id: int, *, at: str) -> None:
    conn.execute(
        "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?",
        (at, user_id),
    )


def set_disabled(conn: sqlite3.Connection, user_id: int, disabled: bool) -> None:
    conn.execute("UPDATE users SET disabled = ? WHERE id = ?", (int(disabled), user_id))


def set_password(
    conn: sqlite3.Connection,
    user_id: int,
    *,
    salt: bytes,
    password_hash: bytes,
    params: ScryptParams,
) -> None:
    conn.execute(
        "UPDATE users SET salt = ?, password_hash = ?, scrypt_n = ?, scrypt_r = ?, scrypt_p = ?,"
        " failed_logins = 0, locked_until = NULL WHERE id = ?",
        (salt, password_hash, params.n, params.r, params.p, user_id),
    )


# -- log-in attempts, by name (known or not) ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attempts:
    """Log-ins under one name since its last success or lockout, counted before each
    password check (so in-flight guesses count too), and the end of its lockout."""

    attempts: int
    locked_until: str | None


def attempts(conn: sqlite3.Connection, key: str) -> Attempts:
    r = conn.execute(
        "SELECT attempts, locked_until FROM login_attempts WHERE name = ?", (key,)
    ).fetchone()
    return Attempts(int(r[0]), r[1]) if r else Attempts(0, None)


def put_attempts(
    conn: sqlite3.Connection, key: str, *, attempts: int, locked_until: str | None
) -> None:
    conn.execute(
        "INSERT INTO login_attempts (name, attempts, locked_until) VALUES (?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET attempts = excluded.attempts,"
        " locked_until = excluded.locked_until",
        (key, attempts, locked_until),
    )


def clear_attempts(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("DELETE FROM login_attempts WHERE name = ?", (key,))
