"""The outbox as the sync engine sees it: claiming batches, settling outcomes, the lease
that keeps one sync run per desk, and purging sealed payloads after the hub acked them."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ektp_desk.store import StoreError, audit
from ektp_desk.store.db import transaction

SEALED_FORMAT = "sealed-v1"  # sealed for the hub
HELD_FORMAT = "held-v1"  # sealed for the desk's holding key, until the hub's key is known
CLEAR_FORMAT = "zip"  # only in stores from before the holding key
WAITING_FOR_HUB_KEY = (HELD_FORMAT, CLEAR_FORMAT)


TABLES = ("outbox", "forwarded")  # this desk's recordings; other desks' brought in bundles


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


@dataclass(frozen=True, slots=True)
class Settlement:
    record_id: str
    state: str  # acked | rejected | duplicate_nik
    detail: dict[str, object] | None = None


def _table(table: str) -> str:
    if table not in TABLES:
        raise ValueError(f"no outbox table {table!r}")
    return table


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


# This desk's payloads are keyed by record id; a forwarded record's by its `payload_key`
# (record id and sha256), so that a forged copy never shares or replaces a payload.
_HAS_PAYLOAD = "EXISTS (SELECT 1 FROM payloads p WHERE p.record_id = {}.record_id)"
_HAS_FORWARDED_PAYLOAD = (
    "EXISTS (SELECT 1 FROM payloads p WHERE p.record_id = forwarded.payload_key)"
)
_CLAIM_SQL = {
    "outbox": "SELECT o.record_id, r.nik, r.finalized_at, r.local_date, o.sha256, o.size,"
    " NULL, NULL, o.id, o.record_id FROM outbox o JOIN recordings r ON r.record_id = o.record_id"
    f" WHERE o.state = 'queued' AND o.payload_format = '{SEALED_FORMAT}'"
    f" AND {_HAS_PAYLOAD.format('o')} ORDER BY o.id LIMIT ?",
    "forwarded": "SELECT record_id, nik, finalized_at, recorded_on, sha256, size, origin_desk,"
    f" mac, id, payload_key FROM forwarded WHERE state = 'queued' AND {_HAS_FORWARDED_PAYLOAD}"
    " ORDER BY id LIMIT ?",
}


def _payload(conn: sqlite3.Connection, record_id: str) -> bytes | None:
    row = conn.execute("SELECT payload FROM payloads WHERE record_id = ?", (record_id,)).fetchone()
    return bytes(row[0]) if row else None


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
    table = _table(table)
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
        for record_id, nik, finalized_at, recorded_on, sha256, _, origin, mac, row, key in chosen:
            payload = _payload(conn, key)
            assert payload is not None  # the claim's own transaction saw it
            if hashlib.sha256(payload).hexdigest() != sha256:
                rotten.append((table, record_id))
                continue
            conn.execute(
                f"UPDATE {table} SET state = 'sending', attempts = attempts + 1,"
                " updated_at = ? WHERE id = ?",
                (at, row),
            )
            out.append(
                Pending(record_id, nik, finalized_at, recorded_on, sha256, payload, origin, mac)
            )
        mark_rotten(conn, rotten, at=at)
    if rotten and not out:  # all it chose had rotted: the next ones
        return claim(conn, max_records=max_records, max_bytes=max_bytes, at=at, table=table)
    return out


# -- payloads that rotted on the desk's disk ------------------------------------------------

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
            payload = _payload(conn, key)
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
            f"UPDATE {_table(table)} SET state = 'rejected', rotten_at = ?, hub_detail = ?,"
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


def release(
    conn: sqlite3.Connection,
    record_ids: Iterable[str],
    *,
    error: str,
    at: str,
    table: str = "outbox",
) -> None:
    """Back to `queued` after a failed attempt, with the reason."""
    table = _table(table)
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
    table = _table(table)
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
        for t in ((_table(table),) if table else TABLES)
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


# -- bundles ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unsent:
    """A record not yet acked, as a bundle lists it."""

    table: str
    record_id: str
    origin: str | None
    nik: str
    finalized_at: str
    recorded_on: str
    sha256: str
    size: int
    mac: str | None
    payload_key: str | None = None  # where its payload is kept, when not under its id


def unsent(conn: sqlite3.Connection) -> list[Unsent]:
    """Every sealed record the hub has not acked yet, this desk's first, oldest first; of
    forwarded copies of one record id (other content), the oldest only."""
    own = conn.execute(
        "SELECT o.record_id, r.nik, r.finalized_at, r.local_date, o.sha256, o.size"
        " FROM outbox o JOIN recordings r ON r.record_id = o.record_id"
        " WHERE o.state IN ('queued', 'sending') AND o.payload_format = ?"
        f" AND {_HAS_PAYLOAD.format('o')} ORDER BY o.id",
        (SEALED_FORMAT,),
    ).fetchall()
    forwarded = conn.execute(
        "SELECT record_id, origin_desk, nik, finalized_at, recorded_on, sha256, size, mac,"
        " payload_key FROM forwarded WHERE state IN ('queued', 'sending')"
        f" AND {_HAS_FORWARDED_PAYLOAD}"
        " ORDER BY id"
    ).fetchall()
    listed = {r[0] for r in own}
    out = [
        Unsent("outbox", rid, None, nik, fin, day, sha, size, None)
        for rid, nik, fin, day, sha, size in own
    ]
    for rid, origin, nik, fin, day, sha, size, mac, key in forwarded:
        if rid not in listed:  # a bundle lists each record id once
            listed.add(rid)
            out.append(Unsent("forwarded", rid, origin, nik, fin, day, sha, size, mac, key))
    return out


def count_clear(conn: sqlite3.Connection) -> int:
    """Unsent payloads not yet sealed for the hub: saved before its key was pinned."""
    return int(
        conn.execute(
            "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')"
            f" AND payload_format IN (?, ?) AND {_HAS_PAYLOAD.format('outbox')}",
            WAITING_FOR_HUB_KEY,
        ).fetchone()[0]
    )


def payloads(conn: sqlite3.Connection, records: Iterable[Unsent]) -> Iterator[bytes]:
    """The sealed envelopes of `records`, one at a time."""
    for r in records:
        payload = _payload(conn, r.payload_key or r.record_id)
        if payload is None:
            raise StoreError(f"the envelope of record {r.record_id} is gone from the store")
        yield payload


def mark_bundled(
    conn: sqlite3.Connection, record_ids: Iterable[str], *, bundle_id: str, at: str
) -> None:
    conn.executemany(
        "INSERT INTO bundled (record_id, bundle_id, bundled_at) VALUES (?, ?, ?)"
        " ON CONFLICT (record_id) DO UPDATE SET bundle_id = excluded.bundle_id,"
        " bundled_at = excluded.bundled_at",
        [(rid, bundle_id, at) for rid in record_ids],
    )


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


def add_forwarded(
    conn: sqlite3.Connection,
    *,
    record_id: str,
    origin: str,
    bundle_id: str,
    nik: str,
    finalized_at: str,
    recorded_on: str,
    sha256: str,
    size: int,
    mac: str,
    key_id: str,
    envelope: bytes,
    at: str,
) -> bool:
    """Keep another desk's record to forward; False when it is here already (the same id
    with the same content). The same id with other content is kept too, apart: it is
    forwarded as well, and the hub, which knows the desk's key, tells which is genuine."""
    key = f"{record_id}:{sha256}"
    cur = conn.execute(
        "INSERT INTO forwarded (record_id, origin_desk, bundle_id, nik, finalized_at,"
        " recorded_on, sha256, size, mac, key_id, imported_at, updated_at, payload_key)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (record_id, sha256) DO NOTHING",
        (
            record_id, origin, bundle_id, nik, finalized_at, recorded_on, sha256, size, mac,
            key_id, at, at, key,
        ),
    )  # fmt: skip
    if cur.rowcount != 1:
        return False
    conn.execute(
        "INSERT INTO payloads (record_id, payload) VALUES (?, ?)"
        " ON CONFLICT (record_id) DO NOTHING",
        (key, envelope),
    )
    return True


@dataclass(frozen=True, slots=True)
class ForwardedBundle:
    bundle_id: str
    desk_id: str  # the desk that exported it ('' for bundles imported before this was kept)
    created_at: str
    file: str
    imported_at: str
    records: int  # listed in the bundle
    by_state: dict[str, int]  # of the records kept from it


def add_forwarded_bundle(
    conn: sqlite3.Connection,
    *,
    bundle_id: str,
    desk_id: str,
    kecamatan: str,
    created_at: str,
    file: str,
    records: int,
    at: str,
    by: str | None,
) -> None:
    conn.execute(
        "INSERT INTO forwarded_bundles (bundle_id, desk_id, kecamatan, created_at, file,"
        " records, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (bundle_id) DO NOTHING",
        (bundle_id, desk_id, kecamatan, created_at, file, records, at, by),
    )


def forwarded_bundles(conn: sqlite3.Connection) -> list[ForwardedBundle]:
    """Every bundle imported here, newest first, with the states of the records kept."""
    states: dict[str, dict[str, int]] = {}
    for bundle_id, state, count in conn.execute(
        "SELECT bundle_id, state, count(*) FROM forwarded GROUP BY bundle_id, state"
    ):
        states.setdefault(str(bundle_id), {})[str(state)] = int(count)
    return [
        ForwardedBundle(str(b), str(d), str(c), str(f), str(i), int(n), states.get(str(b), {}))
        for b, d, c, f, i, n in conn.execute(
            "SELECT bundle_id, desk_id, created_at, file, imported_at, records"
            " FROM forwarded_bundles ORDER BY imported_at DESC, bundle_id"
        )
    ]


def drop_forwarded_bundle(conn: sqlite3.Connection, bundle_id: str) -> dict[str, int] | None:
    """Forget a forwarded bundle: its records not yet sent and every payload kept for it.
    Returns the states of the records removed, or None when no such bundle was imported.
    Call inside a transaction."""
    known = conn.execute(
        "SELECT 1 FROM forwarded_bundles WHERE bundle_id = ?", (bundle_id,)
    ).fetchone()
    removed: dict[str, int] = {
        str(state): int(count)
        for state, count in conn.execute(
            "SELECT state, count(*) FROM forwarded WHERE bundle_id = ? GROUP BY state",
            (bundle_id,),
        )
    }
    if known is None and not removed:
        return None
    conn.execute(
        "DELETE FROM payloads WHERE record_id IN"
        " (SELECT payload_key FROM forwarded WHERE bundle_id = ?)",
        (bundle_id,),
    )
    conn.execute("DELETE FROM forwarded WHERE bundle_id = ?", (bundle_id,))
    conn.execute("DELETE FROM forwarded_bundles WHERE bundle_id = ?", (bundle_id,))
    return removed


def forwarded_summary(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """(origin desk, state, count) of forwarded records."""
    return [
        (str(a), str(b), int(c))
        for a, b, c in conn.execute(
            "SELECT origin_desk, state, count(*) FROM forwarded GROUP BY origin_desk, state"
            " ORDER BY origin_desk, state"
        )
    ]


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


def recent_batches(conn: sqlite3.Connection, limit: int = 50) -> list[tuple[object, ...]]:
    """(finished_at, records, bytes, outcome, detail), newest first."""
    return conn.execute(
        "SELECT finished_at, records, bytes, outcome, detail FROM sync_batches"
        " ORDER BY id DESC LIMIT ?",
        (limit,),
    ).fetchall()


def quarantine(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    """(record_id, nik, nama, state, hub_detail) of records the hub rejected or flagged;
    a forwarded record has its desk in place of the name, which this desk never saw."""
    own = conn.execute(
        "SELECT o.record_id, r.nik, r.nama, o.state, o.hub_detail FROM outbox o"
        " JOIN recordings r USING (record_id) WHERE o.state IN ('rejected', 'duplicate_nik')"
        " ORDER BY o.id DESC"
    ).fetchall()
    forwarded = conn.execute(
        "SELECT record_id, nik, '[' || origin_desk || ']', state, hub_detail FROM forwarded"
        " WHERE state IN ('rejected', 'duplicate_nik') ORDER BY id DESC"
    ).fetchall()
    return own + forwarded
