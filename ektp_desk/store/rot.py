"""Payloads that rotted on the desk's disk: found by their SHA-256, set aside (never sent)
for the supervisors, and the residents to invite back ("perlu direkam ulang")."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable

from ektp_desk.store import audit
from ektp_desk.store.payloads import TABLES, read_payload, table_name

ROTTEN_REASON = (
    "perlu direkam ulang: the sealed payload rotted on this desk's disk (its SHA-256 is no "
    "longer the one kept when it was sealed); it is never sent. Invite the resident back to "
    "record again"
)


def find_rotten(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(table, record_id) of every payload still to send whose SHA-256 differs from the one
    kept when it was sealed; read one payload at a time."""
    found: list[tuple[str, str]] = []
    for table in TABLES:
        rows = conn.execute(
            f"SELECT t.record_id, t.sha256, {_PAYLOAD_KEY[table]} FROM {table} t"
            " WHERE t.state IN ('queued', 'sending') AND t.rotten_at IS NULL ORDER BY t.id"
        ).fetchall()
        for record_id, sha256, key in rows:
            payload = read_payload(conn, key)
            if payload is not None and hashlib.sha256(payload).hexdigest() != sha256:
                found.append((table, str(record_id)))
    return found


# Where each table's sealed payload is kept in `payloads`: this desk's own under the record
# id, a forwarded one under its record id and content (two copies may share an id).
_PAYLOAD_KEY = {"outbox": "t.record_id", "forwarded": "t.payload_key"}


def size_disagreements(conn: sqlite3.Connection) -> list[str]:
    """Records whose kept size is not their sealed payload's: a damaged row (the payload
    itself is checked by its SHA-256). SQLite reads a blob's length from its row header."""
    found = []
    for table in TABLES:
        for record_id, size, actual in conn.execute(
            f"SELECT t.record_id, t.size, length(p.payload) FROM {table} t"
            f" JOIN payloads p ON p.record_id = {_PAYLOAD_KEY[table]}"
            " WHERE t.size IS NOT length(p.payload) ORDER BY t.id"
        ):
            found.append(
                f"{table} row of recording {record_id} says {size} bytes, its sealed payload"
                f" holds {actual}: the row is damaged"
            )
    return found


def mark_rotten(conn: sqlite3.Connection, rotten: Iterable[tuple[str, str]], *, at: str) -> None:
    """Set rotten records aside for the supervisors (out of the queue: `rejected` with the
    reason, and `rotten_at`), each with an audit entry; inside the caller's transaction."""
    detail = json.dumps({"reason": ROTTEN_REASON, "rerecord": True}, sort_keys=True)
    for table, record_id in rotten:
        conn.execute(
            f"UPDATE {table_name(table)} SET state = 'rejected', rotten_at = ?, hub_detail = ?,"
            " last_error = ?, updated_at = ? WHERE record_id = ?",
            (at, detail, ROTTEN_REASON, at, record_id),
        )
        audit.append(
            conn,
            at=at,
            actor="system",
            action="recording.rotten",
            subject=record_id,
            detail={"table": table},
        )


def rerecord(conn: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    """(record_id, nik, name, rotten_at) of recordings whose payload rotted: the residents
    to invite back. A forwarded record has its desk in place of the name."""
    own = conn.execute(
        "SELECT o.record_id, r.nik, r.nama, o.rotten_at FROM outbox o"
        " JOIN recordings r USING (record_id) WHERE o.rotten_at IS NOT NULL ORDER BY o.id"
    ).fetchall()
    forwarded = conn.execute(
        "SELECT record_id, nik, '[' || origin_desk || ']', rotten_at FROM forwarded"
        " WHERE rotten_at IS NOT NULL ORDER BY id"
    ).fetchall()
    return [(str(a), str(b), str(c), str(d)) for a, b, c, d in own + forwarded]
