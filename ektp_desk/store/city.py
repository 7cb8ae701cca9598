"""What the desk knows of the city beyond its own recordings: the hub's status of every
record of its kecamatan and list (`city_status`), the duplicate cases they are in
(`city_cases`), and the one "recorded anywhere" query that outreach, the queue and
progress share. Also the voids this desk still owes the hub."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The feed's columns and a case's fields, as protocol/status.py names them.
STATUS_COLUMNS = (
    "record_id", "nik", "desk_id", "recorded_on", "state", "case_id", "reason", "replaces",
)  # fmt: skip
CASE_COLUMNS = ("case_id", "nik", "state", "decision", "kept_record_id", "reason", "decided_at")
CURSOR_META = "status_cursor"
PUBLISHED_META = "published_version"

# A recording of this desk that still stands: not voided, not replaced by a correction, and
# not voided or replaced by the hub (a case decision).
LIVE_HERE = (
    "r.voided_at IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM city_status c WHERE c.record_id = r.record_id"
    " AND c.state IN ('voided', 'replaced'))"
    " AND NOT EXISTS (SELECT 1 FROM recordings n WHERE n.replaces = r.record_id)"
)
# The NIKs recorded anywhere: at any desk as the hub says (accepted, or a duplicate still
# in its case), or here (LIVE_HERE).
RECORDED_ANYWHERE = (
    "SELECT nik FROM city_status WHERE state IN ('accepted', 'duplicate_nik')"
    f" UNION SELECT r.nik FROM recordings r WHERE {LIVE_HERE}"
)

_UPSERT_STATUS = (
    f"INSERT INTO city_status ({', '.join(STATUS_COLUMNS)})"
    f" VALUES ({', '.join('?' for _ in STATUS_COLUMNS)})"
    " ON CONFLICT (record_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in STATUS_COLUMNS[1:])
)
_UPSERT_CASE = (
    f"INSERT INTO city_cases ({', '.join(CASE_COLUMNS)})"
    f" VALUES ({', '.join('?' for _ in CASE_COLUMNS)})"
    " ON CONFLICT (case_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in CASE_COLUMNS[1:])
)


def apply_page(
    conn: sqlite3.Connection,
    rows: Sequence[tuple[str | None, ...]],
    cases: Sequence[tuple[str | None, ...]],
    *,
    cursor: int | None,
) -> None:
    """One checked page's rows (in STATUS_COLUMNS order) and cases (CASE_COLUMNS); call
    inside a transaction, so that the rows and the cursor after them are kept together or
    not at all."""
    conn.executemany(_UPSERT_STATUS, rows)
    conn.executemany(_UPSERT_CASE, cases)
    if cursor is not None:
        conn.execute(
            "INSERT INTO sync_meta VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (CURSOR_META, str(cursor)),
        )


def cursor(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM sync_meta WHERE key = ?", (CURSOR_META,)).fetchone()
    return int(row[0]) if row else 0


def published_version(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT value FROM sync_meta WHERE key = ?", (PUBLISHED_META,)).fetchone()
    return int(row[0]) if row else None


def set_published_version(conn: sqlite3.Connection, version: int) -> None:
    conn.execute(
        "INSERT INTO sync_meta VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (PUBLISHED_META, str(version)),
    )


@dataclass(frozen=True, slots=True)
class RecordedAt:
    """Where and when a NIK was recorded: this desk's id for a recording of its own."""

    desk_id: str
    recorded_on: str | None


def recorded_anywhere(conn: sqlite3.Connection, nik: str, *, desk_id: str) -> RecordedAt | None:
    """The one answer to "is this NIK recorded?" for a single NIK (see RECORDED_ANYWHERE)."""
    row = conn.execute(
        f"SELECT r.local_date FROM recordings r WHERE r.nik = ? AND {LIVE_HERE}"
        " ORDER BY r.id LIMIT 1",
        (nik,),
    ).fetchone()
    if row is not None:
        return RecordedAt(desk_id, str(row[0]))
    row = conn.execute(
        "SELECT desk_id, recorded_on FROM city_status WHERE nik = ?"
        " AND state IN ('accepted', 'duplicate_nik') ORDER BY recorded_on, record_id LIMIT 1",
        (nik,),
    ).fetchone()
    return RecordedAt(str(row[0]), row[1]) if row else None


def case_counts(conn: sqlite3.Connection, *, desk_id: str) -> dict[str, int]:
    """Cases naming this desk's records, open and resolved."""
    counts = {"open": 0, "resolved": 0}
    for state, n in conn.execute(
        "SELECT state, count(*) FROM city_cases WHERE case_id IN"
        " (SELECT case_id FROM city_status WHERE desk_id = ? AND case_id IS NOT NULL)"
        " GROUP BY state",
        (desk_id,),
    ):
        counts[str(state)] = int(n)
    return counts


@dataclass(frozen=True, slots=True)
class RecordStatus:
    """The hub's word on one record: its state, and the case it is in, if any."""

    state: str
    reason: str | None
    case_id: str | None
    case_state: str | None


def record_status(conn: sqlite3.Connection, record_id: str) -> RecordStatus | None:
    row = conn.execute(
        "SELECT s.state, s.reason, s.case_id, c.state FROM city_status s"
        " LEFT JOIN city_cases c ON c.case_id = s.case_id WHERE s.record_id = ?",
        (record_id,),
    ).fetchone()
    return RecordStatus(*row) if row else None


# -- voids owed to the hub ----------------------------------------------------------------


def voids_to_send(conn: sqlite3.Connection, *, limit: int) -> list[tuple[str, str, str]]:
    """(record_id, reason, voided_at) of voided recordings the hub holds (acked or a
    duplicate) that it has not been told of yet. A recording voided before it was sent
    waits until it is acked."""
    return conn.execute(
        "SELECT r.record_id, r.void_reason, r.voided_at FROM recordings r"
        " INDEXED BY recordings_void_unsent JOIN outbox o ON o.record_id = r.record_id"
        " WHERE r.voided_at IS NOT NULL AND r.void_sent_at IS NULL"
        " AND o.state IN ('acked', 'duplicate_nik') ORDER BY r.record_id LIMIT ?",
        (limit,),
    ).fetchall()


def voids_sent(conn: sqlite3.Connection, record_ids: Iterable[str], *, at: str) -> None:
    conn.executemany(
        "UPDATE recordings SET void_sent_at = ? WHERE record_id = ?",
        [(at, r) for r in record_ids],
    )


def voids_waiting(conn: sqlite3.Connection) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM recordings INDEXED BY recordings_void_unsent"
            " WHERE voided_at IS NOT NULL AND void_sent_at IS NULL"
        ).fetchone()[0]
    )
