"""Supervisor approvals: the recordings held back from sync until a supervisor approves
them, and each approval (who, when, why) that travels with the record to the hub."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# What the outbox queries add so that a held recording is neither sent nor bundled.
NOT_HELD = (
    "NOT EXISTS (SELECT 1 FROM approvals a WHERE a.record_id = {0}.record_id"
    " AND a.approved_at IS NULL)"
)


@dataclass(frozen=True, slots=True)
class Approval:
    record_id: str
    rules: tuple[str, ...]
    held_at: str
    approved_by: str | None
    approved_at: str | None
    reason: str | None

    @property
    def approved(self) -> bool:
        return self.approved_at is not None

    def wire(self) -> dict[str, object]:
        """The approval as the manifest carries it to the hub."""
        return {
            "approved_by": self.approved_by,
            "approved_at": self.approved_at,
            "reason": self.reason or "",
            "rules": list(self.rules),
        }


_COLUMNS = "record_id, rules, held_at, approved_by, approved_at, reason"


def _approval(row: tuple[object, ...]) -> Approval:
    record_id, rules, held_at, by, at, reason = row
    return Approval(
        str(record_id),
        tuple(str(rules).split(",")),
        str(held_at),
        None if by is None else str(by),
        None if at is None else str(at),
        None if reason is None else str(reason),
    )


def hold(conn: sqlite3.Connection, record_id: str, rules: tuple[str, ...], *, at: str) -> None:
    conn.execute(
        "INSERT INTO approvals (record_id, rules, held_at) VALUES (?, ?, ?)",
        (record_id, ",".join(rules), at),
    )


def approve(conn: sqlite3.Connection, record_id: str, *, by: str, at: str, reason: str) -> bool:
    """Approve a held recording; False when it is not waiting (approved meanwhile)."""
    cur = conn.execute(
        "UPDATE approvals SET approved_by = ?, approved_at = ?, reason = ?"
        " WHERE record_id = ? AND approved_at IS NULL",
        (by, at, reason, record_id),
    )
    return cur.rowcount == 1


def get(conn: sqlite3.Connection, record_id: str) -> Approval | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM approvals WHERE record_id = ?", (record_id,)
    ).fetchone()
    return _approval(row) if row else None


def of_records(conn: sqlite3.Connection, record_ids: list[str]) -> dict[str, Approval]:
    """The approvals given for these records (those without one are not in the map)."""
    found: dict[str, Approval] = {}
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM approvals WHERE approved_at IS NOT NULL"
            f" AND record_id IN ({marks})",
            chunk,
        )
        found.update((a.record_id, a) for a in map(_approval, rows))
    return found


@dataclass(frozen=True, slots=True)
class Waiting:
    """A recording waiting for approval, as the supervisor's list shows it."""

    record_id: str
    nik: str
    nama: str
    operator: str
    finalized_at: str
    rules: tuple[str, ...]


def waiting(conn: sqlite3.Connection) -> list[Waiting]:
    """The recordings waiting for approval, oldest first (voided ones need none)."""
    rows = conn.execute(
        "SELECT r.record_id, r.nik, r.nama, r.operator, r.finalized_at, a.rules"
        " FROM approvals a JOIN recordings r ON r.record_id = a.record_id"
        " WHERE a.approved_at IS NULL AND r.voided_at IS NULL ORDER BY a.held_at, r.record_id"
    )
    return [
        Waiting(str(rid), str(nik), str(nama), str(op), str(fin), tuple(str(rules).split(",")))
        for rid, nik, nama, op, fin, rules in rows
    ]


def waiting_count(conn: sqlite3.Connection) -> int:
    (count,) = conn.execute(
        "SELECT count(*) FROM approvals a JOIN recordings r ON r.record_id = a.record_id"
        " WHERE a.approved_at IS NULL AND r.voided_at IS NULL"
    ).fetchone()
    return int(count)
