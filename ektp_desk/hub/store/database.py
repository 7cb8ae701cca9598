"""The two databases a hub can keep its tables in, behind one small interface: a SQLite file
(the demo, one small office) and PostgreSQL (Disdukcapil, several workers).

The tables' methods write their SQL once, with `?` placeholders, and run it through
`read()` (a connection, or the transaction in progress on this thread) and `write()` (a
transaction: SQLite's `BEGIN IMMEDIATE`, PostgreSQL's at READ COMMITTED, which the
ingest's `INSERT ... ON CONFLICT DO NOTHING` makes wait for a concurrent insert of the same
key and then see it). A `write()` inside another joins it, so `exclusive()` covers the
writes made under it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from ektp_desk.fsutil import private_file
from ektp_desk.hub import HubError

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(db: str) -> bool:
    return db.startswith(POSTGRES_SCHEMES)


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    def execute(self, sql: str, args: Sequence[object] = ()) -> Cursor: ...


class Database(Protocol):
    dialect: str  # "sqlite" or "postgresql": the schema's SQL is picked by it
    retryable: tuple[type[BaseException], ...]  # a transaction that failed so may run again

    def read(self) -> Any: ...  # a context manager giving a Connection
    def write(self) -> Any: ...  # likewise, inside a transaction
    def stream(
        self, sql: str, args: Sequence[object] = (), *, itersize: int = 1000
    ) -> Iterator[tuple[Any, ...]]: ...
    def lock_desk(self, conn: Connection, desk_id: str | None) -> None: ...
    def describe(self) -> str: ...
    def close(self) -> None: ...


def _pragmas(conn: sqlite3.Connection) -> None:
    """The hub's SQLite file as the desk's: WAL, and a commit durable when it returns (the
    hub acknowledges a record only once it is on disk), foreign keys enforced."""
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


class SqliteDatabase:
    """One SQLite file; a connection per thread; a write is `BEGIN IMMEDIATE`, which
    serialises writers across threads and processes alike."""

    dialect = "sqlite"
    retryable: tuple[type[BaseException], ...] = ()

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        # Threads of one process queue here for the file's write lock rather than poll for
        # it; the guarantee itself is BEGIN IMMEDIATE's, across processes as well.
        self._lock = threading.RLock()
        private_file(path, folder=False)  # the hub's folder may be shared; its file is not

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, isolation_level=None)
                _pragmas(conn)
            except sqlite3.DatabaseError as exc:
                raise HubError(f"{self.path} is not a usable hub database ({exc})") from exc
            self._local.conn = conn
        return conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        yield self.connection()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        conn = self.connection()
        if conn.in_transaction:  # inside another write: its transaction covers this one
            yield conn
            return
        with self._lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def stream(
        self, sql: str, args: Sequence[object] = (), *, itersize: int = 1000
    ) -> Iterator[tuple[Any, ...]]:
        yield from self.connection().execute(sql, args)  # SQLite steps row by row

    def lock_desk(self, conn: Connection, desk_id: str | None) -> None:
        """Nothing to add: `BEGIN IMMEDIATE` already holds the file's write lock."""

    def describe(self) -> str:
        return str(self.path)

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


class _PgConnection:
    """A psycopg connection taking the tables' `?` placeholders."""

    def __init__(self, conn: Any) -> None:
        self.raw = conn

    def execute(self, sql: str, args: Sequence[object] = ()) -> Cursor:
        cursor: Cursor = self.raw.execute(sql.replace("?", "%s"), args)
        return cursor


class PostgresDatabase:
    """A PostgreSQL database through a pool of connections (psycopg 3), opened lazily so
    that `serve --workers` forks before any connection or pool thread exists."""

    dialect = "postgresql"

    def __init__(self, url: str, *, pool_size: int = 8) -> None:
        try:
            import psycopg
            import psycopg_pool  # noqa: F401
        except ImportError as exc:
            raise HubError(
                f"a PostgreSQL hub needs the hub extra ({exc.name} is missing): "
                "pip install 'ektp-desk[hub]'"
            ) from None
        self.url = url
        self.pool_size = pool_size
        self._pool: Any = None
        self._lock = threading.Lock()
        self._local = threading.local()
        self.retryable: tuple[type[BaseException], ...] = (
            psycopg.errors.DeadlockDetected,
            psycopg.errors.SerializationFailure,
        )

    def _get_pool(self) -> Any:
        with self._lock:
            if self._pool is None:
                import psycopg
                from psycopg_pool import ConnectionPool, PoolTimeout

                try:  # once directly: a database it cannot reach is one line, not retries
                    psycopg.connect(self.url, connect_timeout=10).close()
                except psycopg.Error as exc:
                    reason = " ".join(str(exc).split())
                    raise HubError(
                        f"cannot connect to the hub database {self.describe()}: {reason}"
                    ) from None
                pool = ConnectionPool(
                    self.url,
                    min_size=1,
                    max_size=self.pool_size,
                    kwargs={"autocommit": True},
                    open=False,
                )
                try:
                    pool.open(wait=True, timeout=15)
                except (PoolTimeout, psycopg.Error) as exc:
                    pool.close()
                    raise HubError(
                        f"cannot connect to the hub database {self.describe()}: {exc}"
                    ) from None
                self._pool = pool
            return self._pool

    @contextmanager
    def read(self) -> Iterator[Connection]:
        current: _PgConnection | None = getattr(self._local, "tx", None)
        if current is not None:
            yield current
            return
        with self._get_pool().connection() as conn:
            yield _PgConnection(conn)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        current: _PgConnection | None = getattr(self._local, "tx", None)
        if current is not None:
            yield current
            return
        with self._get_pool().connection() as conn, conn.transaction():
            wrapped = _PgConnection(conn)
            self._local.tx = wrapped
            try:
                yield wrapped
            finally:
                self._local.tx = None

    def stream(
        self, sql: str, args: Sequence[object] = (), *, itersize: int = 1000
    ) -> Iterator[tuple[Any, ...]]:
        """Rows read through a server-side cursor, `itersize` at a time, not all at once."""
        pool = self._get_pool()
        with pool.connection() as conn, conn.transaction(), conn.cursor(name="stream") as cursor:
            cursor.itersize = itersize
            cursor.execute(sql.replace("?", "%s"), args)
            yield from cursor

    def lock_desk(self, conn: Connection, desk_id: str | None) -> None:
        """Decisions on one desk (its audit head) one at a time across every worker: the
        desk's row locked until the transaction ends; without a desk, the whole hub."""
        if desk_id is None:
            conn.execute("SELECT pg_advisory_xact_lock(7271)")
        else:
            conn.execute("SELECT 1 FROM desks WHERE desk_id = ? FOR UPDATE", (desk_id,))

    def describe(self) -> str:
        """The URL without its password, for messages."""
        from psycopg.conninfo import conninfo_to_dict

        try:
            parts = conninfo_to_dict(self.url)
        except Exception:  # a URL it cannot parse is shown as "postgresql"
            return "postgresql"
        host = parts.get("host", "")
        port = f":{parts['port']}" if parts.get("port") else ""
        return f"postgresql://{host}{port}/{parts.get('dbname', '')}"

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
