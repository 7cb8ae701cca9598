"""The log of finalized recordings and the outbox that carries each one to the hub."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from ektp_desk.domain.scancodes import record_id_of
from ektp_desk.store.city import LIVE_HERE

OUTBOX_STATES = ("queued", "sending", "acked", "rejected", "duplicate_nik")
# What the log shows of a recording queued but held for a supervisor's approval
# (store/approvals.py): the outbox row stays `queued`, the log says why it is not sent.
AWAITING_APPROVAL = "awaiting_approval"
HELD_STATE = (
    "CASE WHEN o.state = 'queued' AND EXISTS (SELECT 1 FROM approvals a"
    " WHERE a.record_id = r.record_id AND a.approved_at IS NULL)"
    f" THEN '{AWAITING_APPROVAL}' ELSE o.state END"
)
# What the log shows once the hub has a word on the recording beyond its answer (the
# status feed, store/city.py): replaced by a correction, voided by a case decision, or a
# duplicate whose case is still open; else the sync state above.
SHOWN_STATE = (
    "CASE WHEN EXISTS (SELECT 1 FROM recordings n WHERE n.replaces = r.record_id)"
    " THEN 'replaced' ELSE coalesce((SELECT CASE"
    " WHEN s.state = 'replaced' THEN 'replaced'"
    " WHEN s.state = 'voided' AND r.voided_at IS NULL THEN 'case_voided'"
    " WHEN s.state = 'duplicate_nik' AND coalesce((SELECT c.state FROM city_cases c"
    " WHERE c.case_id = s.case_id), 'open') = 'open' THEN 'case_open' END"
    f" FROM city_status s WHERE s.record_id = r.record_id), {HELD_STATE}) END"
)


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
        "INSERT INTO outbox (record_id, state, payload_format, key_id, sha256, size,"
        " updated_at, local_date) VALUES (?, 'queued', ?, ?, ?, ?, ?, ?)",
        (row["record_id"], payload_format, key_id, sha256, len(payload), at, row["local_date"]),
    )
    conn.execute(
        "INSERT INTO payloads (record_id, payload) VALUES (?, ?)", (row["record_id"], payload)
    )


def active_for_nik(
    conn: sqlite3.Connection, nik: str, *, besides: str | None = None
) -> tuple[str, str] | None:
    """(record_id, local_date) of a recording of this NIK that still stands (not voided
    here or by the hub, not replaced by a correction); `besides` (the one a correction
    replaces) left out."""
    row = conn.execute(
        "SELECT record_id, local_date FROM recordings r WHERE nik = ? AND record_id IS NOT ?"
        f" AND {LIVE_HERE} ORDER BY id LIMIT 1",
        (nik, besides),
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else None


def get(conn: sqlite3.Connection, record_id: str) -> LogEntry | None:
    row = conn.execute(
        "SELECT r.record_id, r.nik, r.nama, r.kelurahan, r.recorded_at, r.local_date,"
        f" r.operator, {SHOWN_STATE}, r.voided_at IS NOT NULL"
        " FROM recordings r JOIN outbox o ON o.record_id = r.record_id WHERE r.record_id = ?",
        (record_id,),
    ).fetchone()
    if row is None:
        return None
    record, nik, nama, kelurahan, recorded_at, local_date, operator, state, voided = row
    return LogEntry(
        record, nik, nama, kelurahan, recorded_at, local_date, operator, state, bool(voided)
    )


@dataclass(frozen=True, slots=True)
class StateCounts:
    """How many, in all and by state."""

    total: int
    by_state: dict[str, int]


def counts(conn: sqlite3.Connection) -> tuple[StateCounts, StateCounts]:
    """The recordings (final, voided) and the outbox (by sync state)."""
    total, voided = conn.execute("SELECT count(*), count(voided_at) FROM recordings").fetchone()
    outbox = dict.fromkeys(OUTBOX_STATES, 0)
    outbox.update(conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
    return (
        StateCounts(total, {"final": total - voided, "voided": voided}),
        StateCounts(sum(outbox.values()), outbox),
    )


@dataclass(frozen=True, slots=True)
class LogFilter:
    date_from: str | None = None
    date_to: str | None = None
    sync_state: str | None = None
    kelurahan: str | None = None
    operator: str | None = None
    text: str = ""
    include_voided: bool = True


def _where(f: LogFilter) -> tuple[str, list[object]]:
    clauses: list[str] = []
    args: list[object] = []
    for value, clause in (
        (f.date_from, "r.local_date >= ?"),
        (f.date_to, "r.local_date <= ?"),
        (f.sync_state, "o.state = ?"),
        (f.kelurahan, "r.kelurahan = ?"),
        (f.operator, "r.operator = ?"),
    ):
        if value:
            clauses.append(clause)
            args.append(value)
    if not f.include_voided:
        clauses.append("r.voided_at IS NULL")
    text = " ".join(f.text.split()).upper()
    scanned = record_id_of(text)  # a receipt's QR, typed in by a barcode scanner
    if scanned is not None:
        clauses.append("r.record_id = ?")
        args.append(scanned)
    elif text:
        column = "r.nik" if text.isdigit() else "r.nama"
        clauses.append(f"{column} >= ? AND {column} < ?")
        args += [text, text[:-1] + chr(ord(text[-1]) + 1)]
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


_LOG_SELECT = (
    "SELECT r.record_id, r.nik, r.nama, r.kelurahan, r.recorded_at, r.local_date,"
    f" r.operator, {SHOWN_STATE}, r.voided_at IS NOT NULL"
    " FROM recordings r JOIN outbox o ON o.record_id = r.record_id"
)


def log_count(conn: sqlite3.Connection, f: LogFilter) -> int:
    where, args = _where(f)
    if not where:
        return int(conn.execute("SELECT count(*) FROM recordings").fetchone()[0])
    sql = "SELECT count(*) FROM recordings r JOIN outbox o ON o.record_id = r.record_id" + where
    return int(conn.execute(sql, args).fetchone()[0])


def dense_top(conn: sqlite3.Connection) -> int | None:
    """The newest id when ids run 1..N without gaps (rows are never deleted), else None:
    then row k of the unfiltered log, newest first, is simply id N - k."""
    top, total = conn.execute("SELECT max(id), count(*) FROM recordings").fetchone()
    return int(top) if top is not None and top == total else None


def log_page(
    conn: sqlite3.Connection,
    f: LogFilter,
    *,
    offset: int,
    limit: int,
    top_id: int | None = None,
) -> list[LogEntry]:
    """Newest first. With `top_id` from `dense_top` and no filter, a page deep in the log
    is found by its id instead of by skipping `offset` rows."""
    where, args = _where(f)
    if top_id is not None and not where:
        rows = conn.execute(
            _LOG_SELECT + " WHERE r.id <= ? ORDER BY r.id DESC LIMIT ?", (top_id - offset, limit)
        ).fetchall()
    else:
        rows = conn.execute(
            _LOG_SELECT + where + " ORDER BY r.id DESC LIMIT ? OFFSET ?", [*args, limit, offset]
        ).fetchall()
    return [LogEntry(a, b, c, d, e, g, h, i, bool(j)) for a, b, c, d, e, g, h, i, j in rows]


@dataclass(frozen=True, slots=True)
class RecordingDetail:
    """One recording as the log's detail pane shows it: its row, its outbox state."""

    record_id: str
    biodata: dict[str, Any]
    captures: dict[str, Any]
    recorded_at: str
    local_date: str
    age: int
    early: int
    on_list: int
    operator: str
    finalized_at: str
    voided_at: str | None
    voided_by: str | None
    void_reason: str | None
    sync_state: str
    attempts: int
    last_error: str | None
    hub_detail: dict[str, Any] | None
    acked_at: str | None
    envelope_size: int | None
    hub_reason: str | None = None  # the hub's: a case decision's, or the void's
    replaces: str | None = None  # the recording this one corrects


# The detail's columns, named as RecordingDetail's fields after record_id.
_DETAIL_SELECT = (
    "SELECT r.biodata, r.captures, r.recorded_at, r.local_date, r.age, r.early, r.on_list,"
    " r.operator, r.finalized_at, r.voided_at, r.voided_by, r.void_reason,"
    f" {SHOWN_STATE} AS sync_state,"
    " o.attempts, o.last_error, o.hub_detail, o.acked_at, o.size AS envelope_size,"
    " (SELECT s.reason FROM city_status s WHERE s.record_id = r.record_id) AS hub_reason,"
    " r.replaces"
    " FROM recordings r JOIN outbox o ON o.record_id = r.record_id WHERE r.record_id = ?"
)


def detail(conn: sqlite3.Connection, record_id: str) -> RecordingDetail | None:
    cursor = conn.execute(_DETAIL_SELECT, (record_id,))
    row = cursor.fetchone()
    if row is None:
        return None
    values: dict[str, Any] = {c[0]: v for c, v in zip(cursor.description, row, strict=True)}
    for name in ("biodata", "captures"):
        values[name] = json.loads(values[name]) if values[name] else {}
    values["hub_detail"] = json.loads(values["hub_detail"]) if values["hub_detail"] else None
    return RecordingDetail(record_id=record_id, **values)


def void(conn: sqlite3.Connection, record_id: str, *, at: str, by: str, reason: str) -> None:
    conn.execute(
        "UPDATE recordings SET voided_at = ?, voided_by = ?, void_reason = ? WHERE record_id = ?",
        (at, by, reason, record_id),
    )


def correction_of(conn: sqlite3.Connection, record_id: str) -> str | None:
    """The recording that corrects (replaces) `record_id`, if one does."""
    row = conn.execute(
        "SELECT record_id FROM recordings WHERE replaces = ? LIMIT 1", (record_id,)
    ).fetchone()
    return str(row[0]) if row else None
