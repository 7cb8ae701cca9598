"""The hub's SQLite file: its tables (created if missing, a column added where an older hub
lacked it), its pragmas, and the connection per thread with its write transaction that
every table's methods share."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ektp_desk.fsutil import private_file
from ektp_desk.hub import HubError

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


def _pragmas(conn: sqlite3.Connection) -> None:
    """The hub's SQLite file as the desk's: WAL, and a commit durable when it returns (the
    hub acknowledges a record only once it is on disk), foreign keys enforced."""
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


class SqliteFile:
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
