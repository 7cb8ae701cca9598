"""Opening the desk database: durable pragmas, explicit transactions, `user_version` migrations.

Every connection is for one thread. With WAL, `synchronous=FULL` makes a commit survive a
power cut (with NORMAL a committed transaction can vanish), which kecamatan offices need.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ektp_desk.fsutil import private_file
from ektp_desk.store import ForeignSchema, SchemaTooNew, StoreError
from ektp_desk.store.integrity import foreign_objects
from ektp_desk.store.schema import MIGRATIONS

log = logging.getLogger(__name__)

DB_FILE = "desk.sqlite3"
BUSY_TIMEOUT_MS = 10_000
SCHEMA_VERSION = len(MIGRATIONS)


def apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError("no_wal", mode=mode)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def connect(path: Path, *, migrate: bool = True, upto: int | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the database at `path` and bring its schema up to date.

    `upto` stops the migrations at that version; tests use it to build older schemas.
    """
    private_file(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=True)
    except sqlite3.Error as exc:
        raise StoreError("cannot_open", path=path, detail=exc) from exc
    try:
        apply_pragmas(conn)
        for companion in ("-wal", "-shm"):  # SQLite gives them the database's mode
            private_file(path.with_name(path.name + companion), create=False)
        refuse_foreign_schema(conn, path)
        if migrate:
            migrate_schema(conn, upto=SCHEMA_VERSION if upto is None else upto)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        conn.close()
        raise StoreError("not_a_database", path=path, detail=exc) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def refuse_foreign_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a store holding a trigger, view, table or index that this program's
    migrations did not make (one would run its own SQL on our next write)."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        return  # migrate_schema says the program is too old
    foreign = foreign_objects(conn, version)
    if foreign:
        objects = ", ".join(foreign[:10]) + (
            f" and {len(foreign) - 10} more" if len(foreign) > 10 else ""
        )
        raise ForeignSchema("foreign_schema", path=path, objects=objects)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate_schema(conn: sqlite3.Connection, *, upto: int = SCHEMA_VERSION) -> None:
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise SchemaTooNew("schema_too_new", current=current, known=SCHEMA_VERSION)
    for version in range(current + 1, upto + 1):
        log.info("migrating desk database to schema version %d", version)
        with transaction(conn):
            for statement in MIGRATIONS[version - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")


@contextmanager
def transaction(conn: sqlite3.Connection, *, immediate: bool = True) -> Iterator[None]:
    """BEGIN (IMMEDIATE by default, so the write lock is taken up front); COMMIT when the
    block ends; ROLLBACK when an exception escapes it."""
    conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


@contextmanager
def unless_disk_full(conn: sqlite3.Connection, what: str) -> Iterator[None]:
    """A log-in's own bookkeeping: on a full disk the log-in still works, unrecorded (so an
    admin can log in to free space or take a bundle away), and the log says so."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode != sqlite3.SQLITE_FULL:
            raise
        if conn.in_transaction:  # a COMMIT that failed leaves it open
            conn.execute("ROLLBACK")
        log.warning("the disk is full: %s", what)
