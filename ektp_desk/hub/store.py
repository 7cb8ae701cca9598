"""The hub's storage: desks and their tokens, records received, their envelopes, rejections.

`HubStore` is the interface the API and the CLI use; `SqliteHubStore` is the SQLite one.
Another database (PostgreSQL) would implement the same methods without touching the API.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ektp_desk.fsutil import private_file
from ektp_desk.hub import HubError
from ektp_desk.protocol.bundle import DeskBundleKey, bundle_key

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS desks (
        desk_id TEXT PRIMARY KEY,
        kecamatan TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        bundle_key TEXT
    )""",
    # Bundle keys of tokens since rotated (or of a desk enrolled again): they still vouch
    # for the records the desk finalized before `retired_at`.
    """CREATE TABLE IF NOT EXISTS retired_bundle_keys (
        desk_id TEXT NOT NULL REFERENCES desks (desk_id),
        bundle_key TEXT NOT NULL,
        retired_at TEXT NOT NULL,
        reason TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS records (
        record_id TEXT PRIMARY KEY,
        desk_id TEXT NOT NULL REFERENCES desks (desk_id),
        nik TEXT NOT NULL,
        kecamatan TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        finalized_at TEXT NOT NULL,
        recorded_on TEXT NOT NULL,
        received_at TEXT NOT NULL,
        batch_id TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'duplicate_nik')),
        first_record_id TEXT,
        envelope BLOB NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS records_nik ON records (nik)",
    "CREATE INDEX IF NOT EXISTS records_recorded_on ON records (recorded_on)",
    """CREATE TABLE IF NOT EXISTS rejections (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL,
        desk_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        reason TEXT NOT NULL,
        batch_id TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
    # The latest audit head each desk sent and the hub confirmed, and a flag when a desk's
    # log went back; every head and every decision on one is kept in audit_heads.
    """CREATE TABLE IF NOT EXISTS desk_audit (
        desk_id TEXT PRIMARY KEY REFERENCES desks (desk_id),
        count INTEGER NOT NULL,
        hash TEXT NOT NULL,
        at TEXT NOT NULL,
        flagged_at TEXT,
        flag_reason TEXT,
        accept_next INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS audit_heads (
        id INTEGER PRIMARY KEY,
        desk_id TEXT NOT NULL,
        count INTEGER NOT NULL,
        hash TEXT NOT NULL,
        at TEXT NOT NULL,
        event TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS batches (
        batch_id TEXT NOT NULL,
        desk_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        records INTEGER NOT NULL,
        bytes INTEGER NOT NULL
    )""",
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class DeskRow:
    desk_id: str
    kecamatan: str
    created_at: str
    revoked_at: str | None


@dataclass(frozen=True, slots=True)
class HeldRecord:
    record_id: str
    desk_id: str
    nik: str
    kecamatan: str
    sha256: str
    size: int
    finalized_at: str
    recorded_on: str
    received_at: str
    outcome: str
    first_record_id: str | None


@dataclass(frozen=True, slots=True)
class NewRecord:
    record: HeldRecord
    batch_id: str
    envelope: bytes


@dataclass(frozen=True, slots=True)
class DeskAudit:
    """The audit head the hub holds for a desk, and whether the desk is flagged."""

    count: int
    hash: str
    at: str
    flagged_at: str | None
    flag_reason: str | None
    accept_next: bool


@dataclass(frozen=True, slots=True)
class Rejection:
    record_id: str
    desk_id: str
    sha256: str
    reason: str


class HubStore(Protocol):
    def get_meta(self, key: str) -> str | None: ...
    def put_meta(self, key: str, value: str) -> None: ...
    def add_desk(self, desk_id: str, kecamatan: str, token: str, at: str) -> None: ...
    def desks(self) -> list[DeskRow]: ...
    def revoke_desk(self, desk_id: str, at: str) -> bool: ...
    def desk_for_token(self, token: str) -> DeskRow | None: ...
    def desk(self, desk_id: str) -> DeskRow | None: ...
    def bundle_key(self, desk_id: str) -> bytes | None: ...
    def remember_bundle_key(self, desk_id: str, token: str) -> None: ...
    def bundle_keys(self, desk_id: str) -> list[DeskBundleKey]: ...
    def rotate_token(self, desk_id: str, token: str, at: str, *, keep_old_key: bool) -> None: ...
    def reenroll_desk(
        self, desk_id: str, token: str, at: str, *, keep_old_key: bool, kecamatan: str | None
    ) -> None: ...
    def held(self, record_id: str) -> HeldRecord | None: ...
    def first_for_nik(self, nik: str) -> HeldRecord | None: ...
    def envelope(self, record_id: str) -> bytes | None: ...
    def records(self, desk_id: str | None = None) -> Iterator[HeldRecord]: ...
    def rejections(self, desk_id: str | None = None) -> list[Rejection]: ...
    def tally(self, day: str) -> list[tuple[str, str, str, int]]: ...

    def ingest(
        self,
        *,
        batch_id: str,
        desk_id: str,
        at: str,
        new: list[NewRecord],
        rejected: list[Rejection],
        total_bytes: int,
    ) -> None: ...

    def desk_audit(self, desk_id: str) -> DeskAudit | None: ...
    def hold_audit_head(
        self, desk_id: str, *, count: int, digest: str, at: str, event: str
    ) -> None: ...
    def flag_audit(
        self, desk_id: str, *, count: int, digest: str, at: str, reason: str
    ) -> None: ...
    def accept_rollback(self, desk_id: str, at: str) -> bool: ...
    def audit_heads(self, desk_id: str) -> list[tuple[int, str, str, str]]: ...

    @contextmanager
    def exclusive(self) -> Iterator[None]: ...


_RECORD_COLUMNS = (
    "record_id, desk_id, nik, kecamatan, sha256, size, finalized_at, recorded_on, received_at,"
    " outcome, first_record_id"
)


def _pragmas(conn: sqlite3.Connection) -> None:
    """The hub's SQLite file as the desk's: WAL, and a commit durable when it returns (the
    hub acknowledges a record only once it is on disk), foreign keys enforced."""
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


class SqliteHubStore:
    """One SQLite file; a connection per thread; writes serialised by the hub's lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.RLock()
        private_file(path, folder=False)  # the hub's folder may be shared; its file is not
        try:
            conn = self._conn()
            with self._write(conn):
                for statement in SCHEMA:
                    conn.execute(statement)
                columns = {row[1] for row in conn.execute("PRAGMA table_info(desks)")}
                if "bundle_key" not in columns:  # a hub database from before bundles
                    conn.execute("ALTER TABLE desks ADD COLUMN bundle_key TEXT")
        except sqlite3.DatabaseError as exc:
            raise HubError(f"{path} is not a usable hub database ({exc})") from exc

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None)
            _pragmas(conn)
            self._local.conn = conn
        return conn

    @contextmanager
    def _write(self, conn: sqlite3.Connection) -> Iterator[None]:
        if conn.in_transaction:  # inside `exclusive`: its transaction covers this write
            yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Held while a batch is checked and stored, so two batches carrying the same id or
        NIK are decided one after the other: across threads by the lock, and across
        processes (the server and `ektp-hub bundle import`) by the database's write lock."""
        with self._lock:
            conn = self._conn()
            with self._write(conn):
                yield

    def get_meta(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def put_meta(self, key: str, value: str) -> None:
        conn = self._conn()
        with self._write(conn):
            conn.execute(
                "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
                (key, value, value),
            )

    def add_desk(self, desk_id: str, kecamatan: str, token: str, at: str) -> None:
        conn = self._conn()
        try:
            with self._write(conn):
                conn.execute(
                    "INSERT INTO desks (desk_id, kecamatan, token_hash, created_at, bundle_key)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (desk_id, kecamatan, token_hash(token), at, bundle_key(token).hex()),
                )
        except sqlite3.IntegrityError:
            raise HubError(f"desk {desk_id} is already enrolled") from None

    def desks(self) -> list[DeskRow]:
        rows = self._conn().execute(
            "SELECT desk_id, kecamatan, created_at, revoked_at FROM desks ORDER BY desk_id"
        )
        return [DeskRow(*r) for r in rows]

    def revoke_desk(self, desk_id: str, at: str) -> bool:
        conn = self._conn()
        with self._write(conn):
            cur = conn.execute(
                "UPDATE desks SET revoked_at = ? WHERE desk_id = ? AND revoked_at IS NULL",
                (at, desk_id),
            )
        return cur.rowcount == 1

    def desk_for_token(self, token: str) -> DeskRow | None:
        row = (
            self._conn()
            .execute(
                "SELECT desk_id, kecamatan, created_at, revoked_at FROM desks WHERE token_hash = ?",
                (token_hash(token),),
            )
            .fetchone()
        )
        return DeskRow(*row) if row else None

    def desk(self, desk_id: str) -> DeskRow | None:
        row = (
            self._conn()
            .execute(
                "SELECT desk_id, kecamatan, created_at, revoked_at FROM desks WHERE desk_id = ?",
                (desk_id,),
            )
            .fetchone()
        )
        return DeskRow(*row) if row else None

    def bundle_key(self, desk_id: str) -> bytes | None:
        row = (
            self._conn()
            .execute("SELECT bundle_key FROM desks WHERE desk_id = ?", (desk_id,))
            .fetchone()
        )
        return bytes.fromhex(row[0]) if row and row[0] else None

    def remember_bundle_key(self, desk_id: str, token: str) -> None:
        """For a desk enrolled before bundles: its key, learnt from the token it presented."""
        conn = self._conn()
        with self._write(conn):
            conn.execute(
                "UPDATE desks SET bundle_key = ? WHERE desk_id = ? AND bundle_key IS NULL",
                (bundle_key(token).hex(), desk_id),
            )

    def bundle_keys(self, desk_id: str) -> list[DeskBundleKey]:
        """The desk's current bundle key first, then those of its rotated tokens."""
        conn = self._conn()
        out = [DeskBundleKey(k) for k in [self.bundle_key(desk_id)] if k is not None]
        for key, retired_at in conn.execute(
            "SELECT bundle_key, retired_at FROM retired_bundle_keys WHERE desk_id = ?"
            " ORDER BY retired_at DESC",
            (desk_id,),
        ):
            out.append(DeskBundleKey(bytes.fromhex(key), str(retired_at)))
        return out

    def rotate_token(self, desk_id: str, token: str, at: str, *, keep_old_key: bool) -> None:
        """Give an active desk a new token; the old one stops working at once. With
        `keep_old_key`, bundles the desk signed with the old token before now still count."""
        conn = self._conn()
        with self._write(conn):
            row = conn.execute(
                "SELECT revoked_at, bundle_key FROM desks WHERE desk_id = ?", (desk_id,)
            ).fetchone()
            if row is None:
                raise HubError(f"no desk {desk_id} is enrolled")
            if row[0] is not None:
                raise HubError(
                    f"desk {desk_id} was revoked on {row[0]}; enrol it again with "
                    f"`ektp-hub desk add {desk_id} --reenroll`"
                )
            self._replace_token(conn, desk_id, token, at, row[1], keep_old_key, "rotate")

    def reenroll_desk(
        self, desk_id: str, token: str, at: str, *, keep_old_key: bool, kecamatan: str | None
    ) -> None:
        """Enrol a revoked desk again under its id, with a new token, keeping every record it
        sent. With `keep_old_key`, bundles it signed before its revocation still count."""
        conn = self._conn()
        with self._write(conn):
            row = conn.execute(
                "SELECT revoked_at, bundle_key, kecamatan FROM desks WHERE desk_id = ?",
                (desk_id,),
            ).fetchone()
            if row is None:
                raise HubError(f"no desk {desk_id} was ever enrolled; enrol it without --reenroll")
            if row[0] is None:
                raise HubError(
                    f"desk {desk_id} is active; give it a new token with "
                    f"`ektp-hub desk rotate {desk_id}`"
                )
            if kecamatan is not None and kecamatan != row[2]:
                raise HubError(
                    f"desk {desk_id} was enrolled for {row[2]}; a desk enrolled again keeps its "
                    "kecamatan (enrol a new desk id for another kecamatan)"
                )
            # Its old key vouches only for what was finalized before the revocation.
            self._replace_token(conn, desk_id, token, str(row[0]), row[1], keep_old_key, "reenroll")
            conn.execute("UPDATE desks SET revoked_at = NULL WHERE desk_id = ?", (desk_id,))

    @staticmethod
    def _replace_token(
        conn: sqlite3.Connection,
        desk_id: str,
        token: str,
        retired_at: str,
        old_key: str | None,
        keep_old_key: bool,
        reason: str,
    ) -> None:
        if old_key and keep_old_key:
            conn.execute(
                "INSERT INTO retired_bundle_keys (desk_id, bundle_key, retired_at, reason)"
                " VALUES (?, ?, ?, ?)",
                (desk_id, old_key, retired_at, reason),
            )
        elif not keep_old_key:
            conn.execute("DELETE FROM retired_bundle_keys WHERE desk_id = ?", (desk_id,))
        conn.execute(
            "UPDATE desks SET token_hash = ?, bundle_key = ? WHERE desk_id = ?",
            (token_hash(token), bundle_key(token).hex(), desk_id),
        )

    def held(self, record_id: str) -> HeldRecord | None:
        row = (
            self._conn()
            .execute(f"SELECT {_RECORD_COLUMNS} FROM records WHERE record_id = ?", (record_id,))
            .fetchone()
        )
        return HeldRecord(*row) if row else None

    def first_for_nik(self, nik: str) -> HeldRecord | None:
        row = (
            self._conn()
            .execute(
                f"SELECT {_RECORD_COLUMNS} FROM records WHERE nik = ?"
                " ORDER BY received_at, rowid LIMIT 1",
                (nik,),
            )
            .fetchone()
        )
        return HeldRecord(*row) if row else None

    def envelope(self, record_id: str) -> bytes | None:
        row = (
            self._conn()
            .execute("SELECT envelope FROM records WHERE record_id = ?", (record_id,))
            .fetchone()
        )
        return bytes(row[0]) if row else None

    def records(self, desk_id: str | None = None) -> Iterator[HeldRecord]:
        if desk_id is None:
            rows = self._conn().execute(f"SELECT {_RECORD_COLUMNS} FROM records ORDER BY rowid")
        else:
            rows = self._conn().execute(
                f"SELECT {_RECORD_COLUMNS} FROM records WHERE desk_id = ? ORDER BY rowid",
                (desk_id,),
            )
        for row in rows:
            yield HeldRecord(*row)

    def rejections(self, desk_id: str | None = None) -> list[Rejection]:
        sql = "SELECT record_id, desk_id, sha256, reason FROM rejections"
        args: tuple[str, ...] = ()
        if desk_id is not None:
            sql += " WHERE desk_id = ?"
            args = (desk_id,)
        return [Rejection(*r) for r in self._conn().execute(sql + " ORDER BY id", args)]

    def tally(self, day: str) -> list[tuple[str, str, str, int]]:
        """(kecamatan, desk_id, outcome, count) of records recorded on `day`."""
        rows = self._conn().execute(
            "SELECT kecamatan, desk_id, outcome, count(*) FROM records WHERE recorded_on = ?"
            " GROUP BY kecamatan, desk_id, outcome ORDER BY kecamatan, desk_id, outcome",
            (day,),
        )
        return [(str(a), str(b), str(c), int(d)) for a, b, c, d in rows]

    def ingest(
        self,
        *,
        batch_id: str,
        desk_id: str,
        at: str,
        new: list[NewRecord],
        rejected: list[Rejection],
        total_bytes: int,
    ) -> None:
        conn = self._conn()
        with self._write(conn):
            for item in new:
                r = item.record
                conn.execute(
                    f"INSERT INTO records ({_RECORD_COLUMNS}, batch_id, envelope)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        r.record_id, r.desk_id, r.nik, r.kecamatan, r.sha256, r.size,
                        r.finalized_at, r.recorded_on, r.received_at, r.outcome,
                        r.first_record_id, item.batch_id, item.envelope,
                    ),
                )  # fmt: skip
            for rej in rejected:
                conn.execute(
                    "INSERT INTO rejections (record_id, desk_id, sha256, reason, batch_id, at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (rej.record_id, rej.desk_id, rej.sha256, rej.reason, batch_id, at),
                )
            conn.execute(
                "INSERT INTO batches VALUES (?, ?, ?, ?, ?)",
                (batch_id, desk_id, at, len(new) + len(rejected), total_bytes),
            )

    # -- desks' audit heads -----------------------------------------------------------------

    def desk_audit(self, desk_id: str) -> DeskAudit | None:
        row = (
            self._conn()
            .execute(
                "SELECT count, hash, at, flagged_at, flag_reason, accept_next FROM desk_audit"
                " WHERE desk_id = ?",
                (desk_id,),
            )
            .fetchone()
        )
        if row is None:
            return None
        count, digest, at, flagged_at, reason, accept_next = row
        return DeskAudit(int(count), str(digest), str(at), flagged_at, reason, bool(accept_next))

    def _log_head(self, desk_id: str, count: int, digest: str, at: str, event: str) -> None:
        self._conn().execute(
            "INSERT INTO audit_heads (desk_id, count, hash, at, event) VALUES (?, ?, ?, ?, ?)",
            (desk_id, count, digest, at, event),
        )

    def hold_audit_head(
        self, desk_id: str, *, count: int, digest: str, at: str, event: str
    ) -> None:
        """Hold `count`/`digest` as the desk's confirmed head (the flag, if any, cleared)."""
        conn = self._conn()
        with self._write(conn):
            conn.execute(
                "INSERT INTO desk_audit (desk_id, count, hash, at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (desk_id) DO UPDATE SET count = excluded.count,"
                " hash = excluded.hash, at = excluded.at, flagged_at = NULL,"
                " flag_reason = NULL, accept_next = 0",
                (desk_id, count, digest, at),
            )
            self._log_head(desk_id, count, digest, at, event)

    def flag_audit(self, desk_id: str, *, count: int, digest: str, at: str, reason: str) -> None:
        """The desk sent a head that went back: keep the head held, flag the desk, and log
        the head it sent."""
        conn = self._conn()
        with self._write(conn):
            conn.execute(
                "UPDATE desk_audit SET flagged_at = coalesce(flagged_at, ?), flag_reason = ?,"
                " accept_next = 0 WHERE desk_id = ?",
                (at, reason, desk_id),
            )
            self._log_head(desk_id, count, digest, at, "refused: " + reason)

    def accept_rollback(self, desk_id: str, at: str) -> bool:
        """Let the desk's next head be held whatever it is (after a phone call that
        explained the rollback, a restore from backup for one)."""
        conn = self._conn()
        with self._write(conn):
            held = self.desk_audit(desk_id)
            if held is None:
                return False
            conn.execute("UPDATE desk_audit SET accept_next = 1 WHERE desk_id = ?", (desk_id,))
            self._log_head(desk_id, held.count, held.hash, at, "rollback accepted")
        return True

    def audit_heads(self, desk_id: str) -> list[tuple[int, str, str, str]]:
        """(count, hash, at, event) of every head the desk sent and what the hub did."""
        rows = self._conn().execute(
            "SELECT count, hash, at, event FROM audit_heads WHERE desk_id = ? ORDER BY id",
            (desk_id,),
        )
        return [(int(a), str(b), str(c), str(d)) for a, b, c, d in rows]
