"""Bundles in the store: the records a bundle carries out of this desk, and the records of
other desks' bundles kept here to forward to the hub (with the bundles they came in)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ektp_desk.store import StoreError, approvals
from ektp_desk.store.approvals import NOT_HELD
from ektp_desk.store.payloads import HAS_FORWARDED_PAYLOAD, HAS_PAYLOAD, SEALED_FORMAT, read_payload


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
    approval: dict[str, object] | None = None  # a supervisor's, when it needed one
    replaces: str | None = None  # the record a correction replaces


def unsent(conn: sqlite3.Connection) -> list[Unsent]:
    """Every sealed record the hub has not acked yet, this desk's first, oldest first; of
    forwarded copies of one record id (other content), the oldest only."""
    own = conn.execute(
        "SELECT o.record_id, r.nik, r.finalized_at, r.local_date, o.sha256, o.size, r.replaces"
        " FROM outbox o JOIN recordings r ON r.record_id = o.record_id"
        " WHERE o.state IN ('queued', 'sending') AND o.payload_format = ?"
        f" AND {HAS_PAYLOAD.format('o')} AND {NOT_HELD.format('o')} ORDER BY o.id",
        (SEALED_FORMAT,),
    ).fetchall()
    forwarded = conn.execute(
        "SELECT record_id, origin_desk, nik, finalized_at, recorded_on, sha256, size, mac,"
        " payload_key, approval, replaces FROM forwarded WHERE state IN ('queued', 'sending')"
        f" AND {HAS_FORWARDED_PAYLOAD}"
        " ORDER BY id"
    ).fetchall()
    listed = {r[0] for r in own}
    given = approvals.of_records(conn, [r[0] for r in own])
    out = [
        Unsent(
            "outbox", rid, None, nik, fin, day, sha, size, None,
            approval=given[rid].wire() if rid in given else None, replaces=replaces,
        )
        for rid, nik, fin, day, sha, size, replaces in own
    ]  # fmt: skip
    for rid, origin, nik, fin, day, sha, size, mac, key, approval, replaces in forwarded:
        if rid not in listed:  # a bundle lists each record id once
            listed.add(rid)
            out.append(
                Unsent(
                    "forwarded", rid, origin, nik, fin, day, sha, size, mac, key,
                    approval=approval_from_text(approval), replaces=replaces,
                )
            )  # fmt: skip
    return out


def approval_from_text(text: str | None) -> dict[str, object] | None:
    """A forwarded record's approval as kept (the JSON its bundle entry carried, checked
    when the bundle was read; anything else would fail the MAC at the hub)."""
    if text is None:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else None


def payloads(conn: sqlite3.Connection, records: Iterable[Unsent]) -> Iterator[bytes]:
    """The sealed envelopes of `records`, one at a time."""
    for r in records:
        payload = read_payload(conn, r.payload_key or r.record_id)
        if payload is None:
            raise StoreError("envelope_gone", record_id=r.record_id)
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
    approval: dict[str, object] | None = None,
    replaces: str | None = None,
) -> bool:
    """Keep another desk's record to forward; False when it is here already (the same id
    with the same content). The same id with other content is kept too, apart: it is
    forwarded as well, and the hub, which knows the desk's key, tells which is genuine."""
    key = f"{record_id}:{sha256}"
    cur = conn.execute(
        "INSERT INTO forwarded (record_id, origin_desk, bundle_id, nik, finalized_at,"
        " recorded_on, sha256, size, mac, key_id, imported_at, updated_at, payload_key,"
        " approval, replaces) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (record_id, sha256) DO NOTHING",
        (
            record_id, origin, bundle_id, nik, finalized_at, recorded_on, sha256, size, mac,
            key_id, at, at, key, None if approval is None else json.dumps(approval), replaces,
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
