"""The day's queue (antrian): tickets numbered per local day, called, skipped, recalled,
cancelled, and done once the resident's recording is saved."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

WAITING, CALLED, SKIPPED, DONE, CANCELLED = "waiting", "called", "skipped", "done", "cancelled"


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    day: str
    number: int
    nik: str | None
    nama: str
    walk_in: bool
    state: str
    created_at: str
    called_at: str | None
    finished_at: str | None

    @property
    def label(self) -> str:
        return f"A{self.number:03d}"


_COLUMNS = "id, day, ticket, nik, nama, walk_in, state, created_at, called_at, finished_at"


def _ticket(row: tuple[object, ...]) -> Ticket:
    id_, day, number, nik, nama, walk_in, state, created, called, finished = row
    return Ticket(
        int(id_),  # type: ignore[call-overload]
        str(day),
        int(number),  # type: ignore[call-overload]
        nik if nik is None else str(nik),
        str(nama),
        bool(walk_in),
        str(state),
        str(created),
        called if called is None else str(called),
        finished if finished is None else str(finished),
    )


def add(
    conn: sqlite3.Connection, *, day: str, nik: str | None, nama: str, walk_in: bool, at: str
) -> Ticket:
    (last,) = conn.execute(
        "SELECT coalesce(max(ticket), 0) FROM queue WHERE day = ?", (day,)
    ).fetchone()
    cur = conn.execute(
        "INSERT INTO queue (day, ticket, nik, nama, walk_in, state, created_at)"
        " VALUES (?, ?, ?, ?, ?, 'waiting', ?)",
        (day, last + 1, nik, nama, int(walk_in), at),
    )
    return get(conn, int(cur.lastrowid or 0))  # type: ignore[return-value]


def get(conn: sqlite3.Connection, ticket_id: int) -> Ticket | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM queue WHERE id = ?", (ticket_id,)).fetchone()
    return _ticket(row) if row else None


def for_day(conn: sqlite3.Connection, day: str) -> list[Ticket]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM queue WHERE day = ? ORDER BY ticket", (day,))
    return [_ticket(r) for r in rows]


def open_for_nik(conn: sqlite3.Connection, day: str, nik: str) -> Ticket | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM queue WHERE day = ? AND nik = ?"
        " AND state IN ('waiting', 'called', 'skipped') LIMIT 1",
        (day, nik),
    ).fetchone()
    return _ticket(row) if row else None


def done_for_nik(conn: sqlite3.Connection, day: str, nik: str) -> Ticket | None:
    """The ticket under which `nik` was recorded on `day` (the last one done)."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM queue WHERE day = ? AND nik = ? AND state = 'done'"
        " ORDER BY ticket DESC LIMIT 1",
        (day, nik),
    ).fetchone()
    return _ticket(row) if row else None


def next_waiting(conn: sqlite3.Connection, day: str) -> Ticket | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM queue WHERE day = ? AND state = 'waiting' ORDER BY ticket LIMIT 1",
        (day,),
    ).fetchone()
    return _ticket(row) if row else None


def set_state(
    conn: sqlite3.Connection,
    ticket_id: int,
    state: str,
    *,
    at: str,
    called: bool = False,
    finished: bool = False,
) -> None:
    conn.execute(
        "UPDATE queue SET state = ?,"
        " called_at = CASE WHEN ? THEN ? ELSE called_at END,"
        " finished_at = CASE WHEN ? THEN ? ELSE finished_at END WHERE id = ?",
        (state, int(called), at, int(finished), at, ticket_id),
    )


def counts(conn: sqlite3.Connection, day: str) -> tuple[int, int]:
    """(tickets ever, tickets of `day`)."""
    total, of_day = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE day = ?) FROM queue", (day,)
    ).fetchone()
    return int(total), int(of_day)


@dataclass(frozen=True, slots=True)
class Board:
    """What the waiting room's screen shows: numbers only, no names or NIKs. `called` is
    the ticket being called (its label and when it was last called, so a recall is told
    apart from the call before it), `recent` the labels called before it, newest first."""

    called: str | None
    called_at: str | None
    recent: tuple[str, ...]
    waiting: int


def board(conn: sqlite3.Connection, day: str, *, recent: int = 5) -> Board:
    rows = conn.execute(
        "SELECT ticket, state, called_at FROM queue WHERE day = ? AND called_at IS NOT NULL"
        " ORDER BY called_at DESC, ticket DESC LIMIT ?",
        (day, recent + 1),
    ).fetchall()
    (waiting,) = conn.execute(
        "SELECT count(*) FROM queue WHERE day = ? AND state = 'waiting'", (day,)
    ).fetchone()
    called = rows[0] if rows and rows[0][1] == CALLED else None
    before = rows[1:] if called is not None else rows[:recent]
    return Board(
        called=f"A{int(called[0]):03d}" if called else None,
        called_at=str(called[2]) if called else None,
        recent=tuple(f"A{int(r[0]):03d}" for r in before),
        waiting=int(waiting),
    )


def data_version(conn: sqlite3.Connection) -> int:
    """SQLite's count of commits made by other connections: a cheap "anything new?"."""
    (version,) = conn.execute("PRAGMA data_version").fetchone()
    return int(version)
