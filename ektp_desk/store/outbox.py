"""The outbox as the sync engine sees it: claiming batches, settling outcomes, the lease
that keeps one sync run per desk, and purging sealed payloads after the hub acked them."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ektp_desk.store.db import transaction

SEALED_FORMAT = "sealed-v1"
CLEAR_FORMAT = "zip"


@dataclass(frozen=True, slots=True)
class Pending:
    record_id: str
    nik: str
    finalized_at: str
    recorded_on: str
    sha256: str
    envelope: bytes


@dataclass(frozen=True, slots=True)
class Settlement:
    record_id: str
    state: str  # acked | rejected | duplicate_nik
    detail: dict[str, object] | None = None


def reset_sending(conn: sqlite3.Connection, *, at: str) -> int:
    """Rows left `sending` by a run that died go back to `queued`."""
    with transaction(conn):
        cur = conn.execute(
            "UPDATE outbox SET state = 'queued', updated_at = ? WHERE state = 'sending'", (at,)
        )
    return cur.rowcount


def claim(conn: sqlite3.Connection, *, max_records: int, max_bytes: int, at: str) -> list[Pending]:
    """The oldest queued sealed envelopes that fit the limits (at least one), now `sending`."""
    with transaction(conn):
        rows = conn.execute(
            "SELECT o.record_id, r.nik, r.finalized_at, r.local_date, o.sha256, o.size"
            " FROM outbox o JOIN recordings r ON r.record_id = o.record_id"
            " WHERE o.state = 'queued' AND o.payload_format = ? AND o.payload IS NOT NULL"
            " ORDER BY o.id LIMIT ?",
            (SEALED_FORMAT, max_records),
        ).fetchall()
        chosen: list[tuple[str, str, str, str, str, int]] = []
        total = 0
        for row in rows:
            if chosen and total + row[5] > max_bytes:
                break
            chosen.append(row)
            total += row[5]
        out = []
        for record_id, nik, finalized_at, local_date, sha256, _ in chosen:
            (payload,) = conn.execute(
                "SELECT payload FROM outbox WHERE record_id = ?", (record_id,)
            ).fetchone()
            conn.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?"
                " WHERE record_id = ?",
                (at, record_id),
            )
            out.append(Pending(record_id, nik, finalized_at, local_date, sha256, bytes(payload)))
    return out


def release(conn: sqlite3.Connection, record_ids: Iterable[str], *, error: str, at: str) -> None:
    """Back to `queued` after a failed attempt, with the reason."""
    with transaction(conn):
        conn.executemany(
            "UPDATE outbox SET state = 'queued', last_error = ?, updated_at = ?"
            " WHERE record_id = ? AND state = 'sending'",
            [(error, at, rid) for rid in record_ids],
        )


def settle(conn: sqlite3.Connection, settlements: Iterable[Settlement], *, at: str) -> None:
    with transaction(conn):
        for s in settlements:
            conn.execute(
                "UPDATE outbox SET state = ?, hub_detail = ?, last_error = NULL, updated_at = ?,"
                " acked_at = CASE WHEN ? IN ('acked', 'duplicate_nik') THEN ? ELSE acked_at END"
                " WHERE record_id = ?",
                (
                    s.state,
                    json.dumps(s.detail, sort_keys=True) if s.detail else None,
                    at,
                    s.state,
                    at,
                    s.record_id,
                ),
            )


def count_waiting(conn: sqlite3.Connection) -> int:
    return int(
        conn.execute("SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')").fetchone()[
            0
        ]
    )


def purge(conn: sqlite3.Connection, *, acked_before: str) -> int:
    """Drop sealed payloads the hub has held since before `acked_before`; metadata stays."""
    with transaction(conn):
        cur = conn.execute(
            "UPDATE outbox SET payload = NULL WHERE payload IS NOT NULL"
            " AND state IN ('acked', 'duplicate_nik') AND acked_at < ?",
            (acked_before,),
        )
    return cur.rowcount


def seal_clear_payloads(
    conn: sqlite3.Connection,
    seal: Callable[[str, bytes], bytes],
    *,
    key_id: str,
    at: str,
    chunk: int = 200,
) -> int:
    """Seal every payload still kept in clear (saved before the hub key was known)."""
    sealed = 0
    while True:
        with transaction(conn):
            rows = conn.execute(
                "SELECT record_id, payload FROM outbox WHERE payload_format = ?"
                " AND payload IS NOT NULL LIMIT ?",
                (CLEAR_FORMAT, chunk),
            ).fetchall()
            for record_id, payload in rows:
                envelope = seal(record_id, bytes(payload))
                conn.execute(
                    "UPDATE outbox SET payload = ?, payload_format = ?, key_id = ?, sha256 = ?,"
                    " size = ?, updated_at = ? WHERE record_id = ?",
                    (
                        envelope,
                        SEALED_FORMAT,
                        key_id,
                        hashlib.sha256(envelope).hexdigest(),
                        len(envelope),
                        at,
                        record_id,
                    ),
                )
        sealed += len(rows)
        if len(rows) < chunk:
            return sealed


def unsent_for_other_key(conn: sqlite3.Connection, key_id: str) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')"
            " AND payload_format = ? AND key_id IS NOT ?",
            (SEALED_FORMAT, key_id),
        ).fetchone()[0]
    )


# -- the lease: one sync run per desk, across processes -------------------------------------


def take_lease(conn: sqlite3.Connection, *, owner: str, now: str, expires: str) -> bool:
    with transaction(conn):
        row = conn.execute("SELECT owner, expires_at FROM sync_lease WHERE id = 1").fetchone()
        if row is not None and row[0] != owner and row[1] > now:
            return False
        conn.execute(
            "INSERT INTO sync_lease (id, owner, expires_at) VALUES (1, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET owner = excluded.owner,"
            " expires_at = excluded.expires_at",
            (owner, expires),
        )
    return True


def drop_lease(conn: sqlite3.Connection, *, owner: str) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM sync_lease WHERE id = 1 AND owner = ?", (owner,))


# -- sync bookkeeping -------------------------------------------------------------------------


def meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM sync_meta").fetchall())


def put_meta(conn: sqlite3.Connection, values: dict[str, str | None]) -> None:
    with transaction(conn):
        for key, value in values.items():
            if value is None:
                conn.execute("DELETE FROM sync_meta WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO sync_meta VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )


def log_batch(
    conn: sqlite3.Connection,
    *,
    batch_id: str,
    started_at: str,
    finished_at: str,
    records: int,
    size: int,
    outcome: str,
    detail: str | None,
) -> None:
    with transaction(conn):
        conn.execute(
            "INSERT INTO sync_batches (batch_id, started_at, finished_at, records, bytes,"
            " outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (batch_id, started_at, finished_at, records, size, outcome, detail),
        )


def recent_batches(conn: sqlite3.Connection, limit: int = 50) -> list[tuple[object, ...]]:
    """(finished_at, records, bytes, outcome, detail), newest first."""
    return conn.execute(
        "SELECT finished_at, records, bytes, outcome, detail FROM sync_batches"
        " ORDER BY id DESC LIMIT ?",
        (limit,),
    ).fetchall()


def quarantine(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    """(record_id, nik, nama, state, hub_detail) of records the hub rejected or flagged."""
    return conn.execute(
        "SELECT o.record_id, r.nik, r.nama, o.state, o.hub_detail FROM outbox o"
        " JOIN recordings r USING (record_id) WHERE o.state IN ('rejected', 'duplicate_nik')"
        " ORDER BY o.id DESC"
    ).fetchall()
