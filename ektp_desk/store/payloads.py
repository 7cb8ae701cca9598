"""Sealed payloads in the store: their formats, where each table keeps them, reading one,
and sealing for the hub those kept for the holding key (or in clear, from before it)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable

from ektp_desk.store.db import transaction

SEALED_FORMAT = "sealed-v1"  # sealed for the hub

HELD_FORMAT = "held-v1"  # sealed for the desk's holding key, until the hub's key is known

CLEAR_FORMAT = "zip"  # only in stores from before the holding key

WAITING_FOR_HUB_KEY = (HELD_FORMAT, CLEAR_FORMAT)

TABLES = ("outbox", "forwarded")  # this desk's recordings; other desks' brought in bundles


def table_name(table: str) -> str:
    if table not in TABLES:
        raise ValueError(f"no outbox table {table!r}")
    return table


# This desk's payloads are keyed by record id; a forwarded record's by its `payload_key`
# (record id and sha256), so that a forged copy never shares or replaces a payload.
HAS_PAYLOAD = "EXISTS (SELECT 1 FROM payloads p WHERE p.record_id = {}.record_id)"

HAS_FORWARDED_PAYLOAD = (
    "EXISTS (SELECT 1 FROM payloads p WHERE p.record_id = forwarded.payload_key)"
)


def read_payload(conn: sqlite3.Connection, record_id: str) -> bytes | None:
    row = conn.execute("SELECT payload FROM payloads WHERE record_id = ?", (record_id,)).fetchone()
    return bytes(row[0]) if row else None


def count_clear(conn: sqlite3.Connection) -> int:
    """Unsent payloads not yet sealed for the hub: saved before its key was pinned."""
    return int(
        conn.execute(
            "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')"
            f" AND payload_format IN (?, ?) AND {HAS_PAYLOAD.format('outbox')}",
            WAITING_FOR_HUB_KEY,
        ).fetchone()[0]
    )


def seal_clear_payloads(
    conn: sqlite3.Connection,
    seal: Callable[[str, bytes, str], bytes],
    *,
    key_id: str,
    at: str,
    chunk: int = 200,
) -> int:
    """Seal for the hub every payload saved before its key was known; `seal` gets the
    record id, the payload and its format (held for the desk's holding key, or clear)."""
    sealed = 0
    while True:
        with transaction(conn):
            rows = conn.execute(
                "SELECT o.record_id, p.payload, o.payload_format FROM outbox o"
                " JOIN payloads p ON p.record_id = o.record_id"
                " WHERE o.payload_format IN (?, ?) LIMIT ?",
                (*WAITING_FOR_HUB_KEY, chunk),
            ).fetchall()
            for record_id, payload, fmt in rows:
                envelope = seal(record_id, bytes(payload), fmt)
                conn.execute(
                    "UPDATE payloads SET payload = ? WHERE record_id = ?", (envelope, record_id)
                )
                conn.execute(
                    "UPDATE outbox SET payload_format = ?, key_id = ?, sha256 = ?,"
                    " size = ?, updated_at = ? WHERE record_id = ?",
                    (
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
