"""The hash-chained audit log: every state-changing action, with its actor and time.

Each row's hash covers its own fields and the previous row's hash, so an edited, deleted
or reordered row breaks the chain at that point and `verify` names it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

GENESIS = "0" * 64


def _digest(
    seq: int, at: str, actor: str, action: str, subject: str, detail: str, prev_hash: str
) -> str:
    body = json.dumps(
        [seq, at, actor, action, subject, detail, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    conn: sqlite3.Connection,
    *,
    at: str,
    actor: str,
    action: str,
    subject: str = "",
    detail: Mapping[str, object] | None = None,
) -> int:
    """Add an entry; call inside the transaction of the change it records."""
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    detail_text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    digest = _digest(seq, at, actor, action, subject, detail_text, prev_hash)
    conn.execute(
        "INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, action, subject, detail_text, prev_hash, digest),
    )
    return seq


@dataclass(frozen=True, slots=True)
class AuditReport:
    entries: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(conn: sqlite3.Connection) -> AuditReport:
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    cursor = conn.execute(
        "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit ORDER BY seq"
    )
    for seq, at, actor, action, subject, detail, prev_hash, digest in cursor:
        if seq != expected_seq:
            return AuditReport(
                count, expected_seq, f"entry {expected_seq} is missing (next is {seq})"
            )
        if prev_hash != expected_prev:
            return AuditReport(count, seq, f"entry {seq} does not follow entry {seq - 1}")
        if _digest(seq, at, actor, action, subject, detail, prev_hash) != digest:
            return AuditReport(count, seq, f"entry {seq} was altered (its hash does not match)")
        expected_prev = digest
        expected_seq += 1
        count += 1
    return AuditReport(count)


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """(entry count, hash of the last entry): what the hub is told at each sync."""
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(last[0]), str(last[1])) if last else (0, GENESIS)


def hash_at(conn: sqlite3.Connection, seq: int) -> str | None:
    """The hash of entry `seq` (the genesis hash for 0); None when there is no such entry."""
    if seq == 0:
        return GENESIS
    row = conn.execute("SELECT hash FROM audit WHERE seq = ?", (seq,)).fetchone()
    return str(row[0]) if row else None


CONFIRMED_COUNT = "audit_confirmed_count"  # sync_meta: the last head the hub confirmed
CONFIRMED_HASH = "audit_confirmed_hash"


def against_confirmed(conn: sqlite3.Connection, count: int, digest: str) -> str | None:
    """What is wrong with the log against the head the hub confirmed (`count`, `digest`)."""
    entries, _ = head(conn)
    if entries < count:
        return f"audit log rolled back: it has {entries} entries, but the hub confirmed {count}"
    if hash_at(conn, count) != digest:
        return f"audit entry {count} is not the one the hub confirmed (the log was rewritten)"
    return None
