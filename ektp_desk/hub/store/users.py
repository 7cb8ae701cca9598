"""The dashboard's tables: its users, the log-in attempts counted per name, the sessions,
and what each desk's last request told (when, its program, its clock, its queue)."""

from __future__ import annotations

from dataclasses import dataclass

from ektp_desk.hub import HubError
from ektp_desk.hub.store import changes
from ektp_desk.hub.store.base import StoreBase

_USER_COLUMNS = (
    "name, role, salt, password_hash, scrypt_n, scrypt_r, scrypt_p, created_at, disabled_at,"
    " last_login_at"
)


@dataclass(frozen=True, slots=True)
class HubUserRow:
    name: str
    role: str
    salt: bytes
    password_hash: bytes
    scrypt: tuple[int, int, int]  # n, r, p
    created_at: str
    disabled_at: str | None
    last_login_at: str | None


@dataclass(frozen=True, slots=True)
class SessionRow:
    name: str
    role: str
    csrf: str
    expires_at: str


@dataclass(frozen=True, slots=True)
class DeskSeen:
    desk_id: str
    seen_at: str
    version: str | None
    clock_drift_seconds: int | None
    waiting: int | None


def _user(row: tuple[object, ...]) -> HubUserRow:
    name, role, salt, digest, n, r, p, created, disabled, last = row
    return HubUserRow(
        str(name), str(role), bytes.fromhex(str(salt)), bytes.fromhex(str(digest)),
        (int(str(n)), int(str(r)), int(str(p))), str(created),
        None if disabled is None else str(disabled), None if last is None else str(last),
    )  # fmt: skip


class UserTables(StoreBase):
    def add_user(
        self,
        name: str,
        *,
        role: str,
        salt: bytes,
        password_hash: bytes,
        scrypt: tuple[int, int, int],
        at: str,
    ) -> None:
        with self._db.write() as conn:
            cur = conn.execute(
                f"INSERT INTO hub_users ({_USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL,"
                " NULL) ON CONFLICT DO NOTHING",
                (name, role, salt.hex(), password_hash.hex(), *scrypt, at),
            )
        if cur.rowcount != 1:
            raise HubError(f"a dashboard user {name} already exists")

    def user(self, name: str) -> HubUserRow | None:
        row = self._one(f"SELECT {_USER_COLUMNS} FROM hub_users WHERE name = ?", (name,))
        return _user(tuple(row)) if row else None

    def users(self) -> list[HubUserRow]:
        with self._db.read() as conn:
            rows = conn.execute(f"SELECT {_USER_COLUMNS} FROM hub_users ORDER BY name").fetchall()
        return [_user(tuple(r)) for r in rows]

    def disable_user(self, name: str, at: str) -> bool:
        """Disable the user and end every session of theirs; False if none such is active."""
        with self._db.write() as conn:
            cur = conn.execute(
                "UPDATE hub_users SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL",
                (at, name),
            )
            conn.execute("DELETE FROM hub_sessions WHERE name = ?", (name,))
        return bool(cur.rowcount == 1)

    def count_login_attempt(self, key: str, *, now: str, limit: int, lock_until: str) -> int | None:
        """Count one log-in under `key` before its password is checked, in one transaction
        (so guesses racing each other get at most `limit` checks): this attempt's number, or
        None while the name is locked (until `locked_until`, ISO times compared as text)."""
        with self._db.write() as conn:
            row = conn.execute(
                "SELECT attempts, locked_until FROM hub_login_attempts WHERE name = ?", (key,)
            ).fetchone()
            count, locked = (int(row[0]), row[1]) if row else (0, None)
            if locked is not None and now >= str(locked):
                count, locked = 0, None
            if locked is None and count >= limit:
                count, locked = 0, lock_until
            number = None
            if locked is None:
                count += 1
                number = count
            conn.execute(
                "INSERT INTO hub_login_attempts (name, attempts, locked_until) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET attempts = excluded.attempts,"
                " locked_until = excluded.locked_until",
                (key, count, locked),
            )
        return number

    def refuse_login(self, key: str, *, at: str, reason: str, lock_until: str | None) -> None:
        """A refused log-in, audited (the name as given, cut; the reason); the name locked
        until `lock_until` when that was its last allowed attempt."""
        with self._db.write() as conn:
            if lock_until is not None:
                conn.execute(
                    "UPDATE hub_login_attempts SET attempts = 0, locked_until = ? WHERE name = ?",
                    (lock_until, key),
                )
            changes.audit(
                conn, at=at, actor=key, action="login.failed", subject=key,
                detail={"reason": reason, "locked": lock_until is not None},
            )  # fmt: skip

    def open_session(
        self, name: str, key: str, *, token_hash: str, csrf: str, at: str, expires_at: str
    ) -> None:
        """A successful log-in: the attempts under `key` cleared, the session stored."""
        with self._db.write() as conn:
            conn.execute("DELETE FROM hub_login_attempts WHERE name = ?", (key,))
            conn.execute("UPDATE hub_users SET last_login_at = ? WHERE name = ?", (at, name))
            conn.execute("DELETE FROM hub_sessions WHERE expires_at < ?", (at,))
            conn.execute(
                "INSERT INTO hub_sessions (token_hash, name, csrf, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (token_hash, name, csrf, at, expires_at),
            )
            changes.audit(conn, at=at, actor=name, action="login", subject=name, detail={})

    def session(self, token_hash: str, now: str) -> SessionRow | None:
        """The session of a cookie, if it has not expired and its user is not disabled."""
        row = self._one(
            "SELECT s.name, u.role, s.csrf, s.expires_at FROM hub_sessions s"
            " JOIN hub_users u ON u.name = s.name"
            " WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL",
            (token_hash, now),
        )
        return SessionRow(str(row[0]), str(row[1]), str(row[2]), str(row[3])) if row else None

    def close_session(self, token_hash: str) -> None:
        with self._db.write() as conn:
            conn.execute("DELETE FROM hub_sessions WHERE token_hash = ?", (token_hash,))

    def desk_seen(
        self,
        desk_id: str,
        *,
        at: str,
        version: str | None,
        clock_drift_seconds: int | None,
        waiting: int | None,
    ) -> None:
        """What the desk's latest request told; a value it did not send keeps the last."""
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO desk_seen (desk_id, seen_at, version, clock_drift_seconds, waiting)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (desk_id) DO UPDATE SET"
                " seen_at = excluded.seen_at,"
                " version = coalesce(excluded.version, desk_seen.version),"
                " clock_drift_seconds = coalesce(excluded.clock_drift_seconds,"
                " desk_seen.clock_drift_seconds),"
                " waiting = coalesce(excluded.waiting, desk_seen.waiting)",
                (desk_id, at, version, clock_drift_seconds, waiting),
            )

    def desks_seen(self) -> dict[str, DeskSeen]:
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT desk_id, seen_at, version, clock_drift_seconds, waiting FROM desk_seen"
            ).fetchall()
        out = {}
        for desk_id, seen_at, version, drift, waiting in rows:
            out[str(desk_id)] = DeskSeen(
                str(desk_id),
                str(seen_at),
                None if version is None else str(version),
                None if drift is None else int(drift),
                None if waiting is None else int(waiting),
            )
        return out
