"""The log of finalized recordings and the outbox that carries each one to the hub."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

OUTBOX_STATES = ("queued", "sending", "acked", "rejected", "duplicate_nik")


@dataclass(frozen=True, slots=True)
class LogEntry:
    record_id: str
    nik: str
    nama: str
    kelurahan: str
    recorded_at: str
    local_date: str
    operator: str
    sync_state: str
    voided: bool


def insert(
    conn: sqlite3.Connection,
    *,
    row: dict[str, object],
    payload: bytes,
    payload_format: str,
    key_id: str | None,
    sha256: str,
    at: str,
) -> None:
    """The recording row and its outbox entry; call inside the save's transaction."""
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f"INSERT INTO recordings ({columns}) VALUES ({marks})", tuple(row.values()))
    conn.execute(
        "INSERT INTO outbox (record_id, state, payload_format, key_id, payload, sha256, size,"
        " updated_at) VALUES (?, 'queued', ?, ?, ?, ?, ?, ?)",
        (row["record_id"], payload_format, key_id, payload, sha256, len(payload), at),
    )


def active_for_nik(conn: sqlite3.Connection, nik: str) -> tuple[str, str] | None:
    """(record_id, local_date) of a recording of this NIK that was not voided."""
    row = conn.execute(
        "SELECT record_id, local_date FROM recordings WHERE nik = ? AND voided_at IS NULL"
        " ORDER BY id LIMIT 1",
        (nik,),
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else None


def get(conn: sqlite3.Connection, record_id: str) -> LogEntry | None:
    row = conn.execute(
        "SELECT r.record_id, r.nik, r.nama, r.kelurahan, r.recorded_at, r.local_date,"
        " r.operator, o.state, r.voided_at IS NOT NULL"
        " FROM recordings r JOIN outbox o ON o.record_id = r.record_id WHERE r.record_id = ?",
        (record_id,),
    ).fetchone()
    if row is None:
        return None
    record, nik, nama, kelurahan, recorded_at, local_date, operator, state, voided = row
    return LogEntry(
        record, nik, nama, kelurahan, recorded_at, local_date, operator, state, bool(voided)
    )


def counts(conn: sqlite3.Connection) -> dict[str, object]:
    total, voided = conn.execute("SELECT count(*), count(voided_at) FROM recordings").fetchone()
    outbox = dict.fromkeys(OUTBOX_STATES, 0)
    outbox.update(conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
    return {
        "recordings": {
            "total": total,
            "by_state": {"final": total - voided, "voided": voided},
        },
        "outbox": {"total": sum(outbox.values()), "by_state": outbox},
    }
