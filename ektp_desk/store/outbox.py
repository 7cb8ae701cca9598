"""The outbox as the sync engine sees it: claiming batches, settling outcomes, the lease
that keeps one sync run per desk, and purging sealed payloads after the hub acked them."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from ektp_desk.store import approvals, payloads
from ektp_desk.store.approvals import NOT_HELD
from ektp_desk.store.bundles import approval_from_text
from ektp_desk.store.db import transaction
from ektp_desk.store.payloads import (
    HAS_FORWARDED_PAYLOAD,
    HAS_PAYLOAD,
    SEALED_FORMAT,
    read_payload,
    table_name,
)
from ektp_desk.store.rot import mark_rotten

TABLES = payloads.TABLES  # this desk's recordings; other desks' brought in bundles


@dataclass(frozen=True, slots=True)
class Pending:
    record_id: str
    nik: str
    finalized_at: str
    recorded_on: str
    sha256: str
    envelope: bytes
    origin: str | None = None  # the desk that recorded it, when it is not this one
    mac: str | None = None  # that desk's signature over the entry (see sync.bundle)
    approval: dict[str, object] | None = None  # a supervisor's, when it needed one
    replaces: str | None = None  # the record a correction replaces


@dataclass(frozen=True, slots=True)
class Settlement:
    record_id: str
    state: str  # acked | rejected | duplicate_nik
    detail: dict[str, object] | None = None


def reset_sending(conn: sqlite3.Connection, *, at: str) -> int:
    """Rows left `sending` by a run that died go back to `queued`."""
    count = 0
    with transaction(conn):
        for table in TABLES:
            cur = conn.execute(
                f"UPDATE {table} SET state = 'queued', updated_at = ? WHERE state = 'sending'",
                (at,),
            )
            count += cur.rowcount
    return count


_CLAIM_SQL = {
    "outbox": "SELECT o.record_id, r.nik, r.finalized_at, r.local_date, o.sha256, o.size,"
    " NULL, NULL, o.id, o.record_id, r.replaces, NULL"
    " FROM outbox o JOIN recordings r ON r.record_id = o.record_id"
    f" WHERE o.state = 'queued' AND o.payload_format = '{SEALED_FORMAT}'"
    f" AND {HAS_PAYLOAD.format('o')} AND {NOT_HELD.format('o')} ORDER BY o.id LIMIT ?",
    "forwarded": "SELECT record_id, nik, finalized_at, recorded_on, sha256, size, origin_desk,"
    " mac, id, payload_key, replaces, approval FROM forwarded"
    f" WHERE state = 'queued' AND {HAS_FORWARDED_PAYLOAD}"
    " ORDER BY id LIMIT ?",
}


def claim(
    conn: sqlite3.Connection,
    *,
    max_records: int,
    max_bytes: int,
    at: str,
    table: str = "outbox",
) -> list[Pending]:
    """The oldest queued sealed envelopes that fit the limits (at least one), now `sending`.
    An envelope whose SHA-256 is no longer the one kept when it was sealed is set aside as
    rotten (see `mark_rotten`) and never sent."""
    table = table_name(table)
    rotten: list[tuple[str, str]] = []
    with transaction(conn):
        rows = conn.execute(_CLAIM_SQL[table], (max_records,)).fetchall()
        chosen: list[tuple[Any, ...]] = []
        ids: set[str] = set()
        total = 0
        for row in rows:
            if chosen and total + row[5] > max_bytes:
                break
            if row[0] in ids:
                continue  # two forwarded copies of one id: one per batch, the hub decides
            chosen.append(row)
            ids.add(row[0])
            total += row[5]
        out = []
        for (record_id, nik, finalized_at, recorded_on, sha256, _, origin, mac, row, key,
             replaces, approval) in chosen:  # fmt: skip
            payload = read_payload(conn, key)
            assert payload is not None  # the claim's own transaction saw it
            if hashlib.sha256(payload).hexdigest() != sha256:
                rotten.append((table, record_id))
                continue
            conn.execute(
                f"UPDATE {table} SET state = 'sending', attempts = attempts + 1,"
                " updated_at = ? WHERE id = ?",
                (at, row),
            )
            pending = Pending(record_id, nik, finalized_at, recorded_on, sha256, payload, origin)
            out.append(
                replace(pending, mac=mac, replaces=replaces, approval=approval_from_text(approval))
            )
        mark_rotten(conn, rotten, at=at)
        if table == "outbox":
            given = approvals.of_records(conn, [p.record_id for p in out])
            out = [
                replace(p, approval=given[p.record_id].wire()) if p.record_id in given else p
                for p in out
            ]
    if rotten and not out:  # all it chose had rotted: the next ones
        return claim(conn, max_records=max_records, max_bytes=max_bytes, at=at, table=table)
    return out


def release(
    conn: sqlite3.Connection,
    record_ids: Iterable[str],
    *,
    error: str,
    at: str,
    table: str = "outbox",
) -> None:
    """Back to `queued` after a failed attempt, with the reason."""
    table = table_name(table)
    with transaction(conn):
        conn.executemany(
            f"UPDATE {table} SET state = 'queued', last_error = ?, updated_at = ?"
            " WHERE record_id = ? AND state = 'sending'",
            [(error, at, rid) for rid in record_ids],
        )


def settle(
    conn: sqlite3.Connection,
    settlements: Iterable[Settlement],
    *,
    at: str,
    table: str = "outbox",
) -> None:
    table = table_name(table)
    # Forwarded copies of one id are told apart by state: only the one sent is settled.
    sent_only = " AND state = 'sending'" if table == "forwarded" else ""
    with transaction(conn):
        for s in settlements:
            conn.execute(
                f"UPDATE {table} SET state = ?, hub_detail = ?, last_error = NULL,"
                " updated_at = ?,"
                " acked_at = CASE WHEN ? IN ('acked', 'duplicate_nik') THEN ? ELSE acked_at END"
                f" WHERE record_id = ?{sent_only}",
                (
                    s.state,
                    json.dumps(s.detail, sort_keys=True) if s.detail else None,
                    at,
                    s.state,
                    at,
                    s.record_id,
                ),
            )


def count_waiting(conn: sqlite3.Connection, table: str | None = None) -> int:
    """Records still to send: this desk's and forwarded ones, or those of one table."""
    return sum(
        int(
            conn.execute(
                f"SELECT count(*) FROM {t} WHERE state IN ('queued', 'sending')"
            ).fetchone()[0]
        )
        for t in ((table_name(table),) if table else TABLES)
    )


def purge(conn: sqlite3.Connection, *, acked_before: str) -> int:
    """Drop sealed payloads the hub has held since before `acked_before`; metadata stays."""
    count = 0
    with transaction(conn):
        for table, key in (("outbox", "record_id"), ("forwarded", "payload_key")):
            cur = conn.execute(
                f"DELETE FROM payloads WHERE record_id IN (SELECT {key} FROM"
                f" {table} WHERE state IN ('acked', 'duplicate_nik') AND acked_at < ?)",
                (acked_before,),
            )
            count += cur.rowcount
    return count


# -- bundles (the records and bundles themselves: store/bundles.py) -------------------------


def bundled_outstanding(conn: sqlite3.Connection, *, limit: int) -> list[tuple[str, str]]:
    """(record_id, sha256) of queued records that left in a bundle: ask the hub about them."""
    return [
        (str(a), str(b))
        for a, b in conn.execute(
            "SELECT o.record_id, o.sha256 FROM bundled b JOIN outbox o USING (record_id)"
            " WHERE o.state = 'queued' ORDER BY o.id LIMIT ?",
            (limit,),
        )
    ]


def forget_bundled(conn: sqlite3.Connection, record_ids: Iterable[str]) -> None:
    """The hub was asked about these: settled, or to be sent as usual without asking again."""
    with transaction(conn):
        conn.executemany("DELETE FROM bundled WHERE record_id = ?", [(r,) for r in record_ids])


# -- the lease: one sync run per desk, across processes -------------------------------------


def take_lease(
    conn: sqlite3.Connection,
    *,
    owner: str,
    now: str,
    expires: str,
    stale: Callable[[str], bool] = lambda owner: False,
) -> bool:
    """The lease for `owner`, unless another holds it unexpired and is not `stale` (gone)."""
    with transaction(conn):
        row = conn.execute("SELECT owner, expires_at FROM sync_lease WHERE id = 1").fetchone()
        if row is not None and row[0] != owner and row[1] > now and not stale(row[0]):
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


def abandon_runs(conn: sqlite3.Connection, *, owner_prefix: str, at: str) -> bool:
    """Release a lease held by any run of one process (its owner starts with the prefix)
    and put what that run was sending back in the queue. False when it held none."""
    with transaction(conn):
        row = conn.execute("SELECT owner FROM sync_lease WHERE id = 1").fetchone()
        if row is None or not str(row[0]).startswith(owner_prefix):
            return False
        conn.execute("DELETE FROM sync_lease WHERE id = 1")
        for table in TABLES:
            conn.execute(
                f"UPDATE {table} SET state = 'queued', updated_at = ? WHERE state = 'sending'",
                (at,),
            )
    return True


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


@dataclass(frozen=True, slots=True)
class SentBatch:
    """One batch a sync run sent: when it finished, its records and bytes, the outcome."""

    finished_at: str | None
    records: int
    bytes: int
    outcome: str | None
    detail: str | None


@dataclass(frozen=True, slots=True)
class Quarantined:
    """A record the hub rejected or flagged as a duplicate NIK, with the hub's word. A
    forwarded record has its desk, in brackets, in place of the name this desk never saw."""

    record_id: str
    nik: str
    nama: str
    state: str
    detail: str | None


def recent_batches(conn: sqlite3.Connection, limit: int = 50) -> list[SentBatch]:
    """Newest first."""
    return [
        SentBatch(*row)
        for row in conn.execute(
            "SELECT finished_at, records, bytes, outcome, detail FROM sync_batches"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        )
    ]


def quarantine(conn: sqlite3.Connection) -> list[Quarantined]:
    """Records the hub rejected or flagged, this desk's first, newest first."""
    own = conn.execute(
        "SELECT o.record_id, r.nik, r.nama, o.state, o.hub_detail FROM outbox o"
        " JOIN recordings r USING (record_id) WHERE o.state IN ('rejected', 'duplicate_nik')"
        " ORDER BY o.id DESC"
    ).fetchall()
    forwarded = conn.execute(
        "SELECT record_id, nik, '[' || origin_desk || ']', state, hub_detail FROM forwarded"
        " WHERE state IN ('rejected', 'duplicate_nik') ORDER BY id DESC"
    ).fetchall()
    return [Quarantined(*row) for row in own + forwarded]
