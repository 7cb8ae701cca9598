"""What every group of the hub's tables stands on: the database (SQLite or PostgreSQL, see
`database`), brought to the current schema when opened, its meta values, and the
transaction that decides one desk's audit head at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ektp_desk.hub.store.database import Database
from ektp_desk.hub.store.schema import migrate


class StoreBase:
    def __init__(self, db: Database, *, migrate_now: bool = True) -> None:
        self._db = db
        if migrate_now:
            migrate(db)

    @property
    def database(self) -> Database:
        return self._db

    def _one(self, sql: str, args: Sequence[object] = ()) -> Any:
        with self._db.read() as conn:
            return conn.execute(sql, args).fetchone()

    @contextmanager
    def exclusive(self, desk_id: str | None = None) -> Iterator[None]:
        """One transaction for the decisions made under it, taken one at a time for the desk
        (the whole hub without one) in every process: SQLite's write lock, or the desk's row
        locked in PostgreSQL (`SELECT ... FOR UPDATE`)."""
        with self._db.write() as conn:
            self._db.lock_desk(conn, desk_id)
            yield

    def get_meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return str(row[0]) if row else None

    def put_meta(self, key: str, value: str) -> None:
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
                (key, value, value),
            )

    def close(self) -> None:
        self._db.close()
