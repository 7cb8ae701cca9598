"""What changes a record after it is stored, inside the caller's transaction: its place in
the change sequence the desks' status feed reads from, its state, the duplicate-NIK case it
is in, and the hub's audit of each decision.

The change sequence must never let a desk skip a row: a desk that read up to N must find
every later change above N. So numbers are taken at the very end of a transaction and in
commit order: in PostgreSQL under `pg_advisory_xact_lock(7273)`, held until the commit,
from a sequence; in SQLite as `max(change_seq) + 1` under the write lock. Taken last, after
every row lock the transaction needs, the advisory lock never waits in a cycle.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ektp_desk.hub.store.database import Connection

LIVE_STATES = ("accepted", "duplicate_nik")  # a voided or replaced record never counts
_SEQUENCE_LOCK = 7273


def bump(conn: Connection, dialect: str, record_ids: Iterable[str]) -> dict[str, int]:
    """Give each record (once, in the order given) the next number of the change sequence;
    their numbers by id."""
    ids = list(dict.fromkeys(record_ids))
    if not ids:
        return {}
    numbers: dict[str, int] = {}
    if dialect == "postgresql":
        # One statement for the whole batch, not one per record: the lock is held from
        # here to the commit, so every round trip under it is every other batch's wait.
        conn.execute(f"SELECT pg_advisory_xact_lock({_SEQUENCE_LOCK})")
        rows = conn.execute(
            "UPDATE records AS r SET change_seq = n.seq FROM ("
            " SELECT t.id, nextval('record_change_seq') AS seq"
            " FROM unnest(?::text[]) WITH ORDINALITY AS t(id, ord) ORDER BY t.ord"
            ") AS n WHERE r.record_id = n.id RETURNING r.record_id, r.change_seq",
            (ids,),
        ).fetchall()
        numbers = {str(record_id): int(seq) for record_id, seq in rows}
        return {record_id: numbers[record_id] for record_id in ids if record_id in numbers}
    last = int(conn.execute("SELECT coalesce(max(change_seq), 0) FROM records").fetchone()[0])
    for record_id in ids:
        cur = conn.execute(
            "UPDATE records SET change_seq = ? WHERE record_id = ?", (last + 1, record_id)
        )
        if cur.rowcount == 1:
            last += 1
            numbers[record_id] = last
    return numbers


def audit(
    conn: Connection, *, at: str, actor: str, action: str, subject: str, detail: dict[str, object]
) -> None:
    conn.execute(
        "INSERT INTO hub_audit (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
        (at, actor, action, subject, json.dumps(detail, sort_keys=True, ensure_ascii=False)),
    )


def set_state(conn: Connection, record_id: str, state: str, *, at: str, reason: str | None) -> None:
    conn.execute(
        "UPDATE records SET state = ?, state_at = ?, reason = ? WHERE record_id = ?",
        (state, at, reason, record_id),
    )


def lock_case(conn: Connection, dialect: str, case_id: str) -> None:
    """Decisions on one case one at a time (an operator's, a void settling it, a record
    joining it): its row locked until the transaction ends in PostgreSQL; SQLite's write
    lock already holds every other writer off."""
    if dialect == "postgresql":
        conn.execute("SELECT 1 FROM cases WHERE case_id = ? FOR UPDATE", (case_id,))


def case_id_of(number: int) -> str:
    return f"C{number:06d}"


def open_or_join_case(
    conn: Connection, dialect: str, *, nik: str, kecamatan: str, at: str, record_ids: list[str]
) -> str:
    """The NIK's open case (opened now when there is none), its id set on the records given.
    Two transactions opening one at once end with one: the unique index on open cases makes
    the second wait for the first and then join it."""
    for _ in range(8):
        row = conn.execute(
            "SELECT case_id FROM cases WHERE nik = ? AND state = 'open'"
            + (" FOR UPDATE" if dialect == "postgresql" else ""),
            (nik,),
        ).fetchone()
        if row is not None:
            case_id = str(row[0])
            break
        if dialect == "postgresql":
            number = int(conn.execute("SELECT nextval('case_serial')").fetchone()[0])
        else:
            number = int(conn.execute("SELECT count(*) FROM cases").fetchone()[0]) + 1
        case_id = case_id_of(number)
        cur = conn.execute(
            "INSERT INTO cases (case_id, nik, kecamatan, state, opened_at)"
            " VALUES (?, ?, ?, 'open', ?) ON CONFLICT DO NOTHING",
            (case_id, nik, kecamatan, at),
        )
        if cur.rowcount == 1:
            audit(
                conn, at=at, actor="hub", action="case_opened", subject=case_id,
                detail={"nik": nik, "records": record_ids},
            )  # fmt: skip
            break
    else:
        raise RuntimeError(f"no case could be opened for a NIK of kecamatan {kecamatan}")
    for record_id in record_ids:
        conn.execute("UPDATE records SET case_id = ? WHERE record_id = ?", (case_id, record_id))
    return case_id


def settle_case(conn: Connection, case_id: str, *, by: str, at: str, changed: list[str]) -> None:
    """An open case whose records were voided or replaced down to one resolves itself,
    keeping that one (`keep`); down to none, it closes as `void_all`. The records whose
    state changes are added to `changed`."""
    case = conn.execute("SELECT state FROM cases WHERE case_id = ?", (case_id,)).fetchone()
    if case is None or case[0] != "open":
        return
    live = conn.execute(
        "SELECT record_id, state FROM records WHERE case_id = ? AND state IN (?, ?)",
        (case_id, *LIVE_STATES),
    ).fetchall()
    if len(live) > 1:
        return
    reason = "the other records of the case were voided or replaced"
    kept = str(live[0][0]) if live else None
    if kept is not None and live[0][1] != "accepted":
        set_state(conn, kept, "accepted", at=at, reason=None)
        changed.append(kept)
    conn.execute(
        "UPDATE cases SET state = 'resolved', decision = ?, kept_record_id = ?, reason = ?,"
        " decided_by = ?, decided_at = ? WHERE case_id = ?",
        ("keep" if kept else "void_all", kept, reason, by, at, case_id),
    )
    audit(
        conn, at=at, actor=by, action="case_resolved", subject=case_id,
        detail={"decision": "keep" if kept else "void_all", "kept_record_id": kept,
                "reason": reason},
    )  # fmt: skip
