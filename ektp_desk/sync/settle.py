"""Settling queued records on the hub's word: what it answered for a batch, what it says it
holds when asked, and a record it refuses for good, set aside. A record is settled only
here, and only on what the hub said."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime

from ektp_desk.domain.moments import iso
from ektp_desk.protocol.wire import Outcome, RecordOutcome
from ektp_desk.store import outbox
from ektp_desk.sync.client import BatchResult
from ektp_desk.sync.report import RunReport

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def settle_answered(
    conn: sqlite3.Connection,
    batch: list[outbox.Pending],
    result: BatchResult,
    report: RunReport,
    *,
    clock: Clock,
    table: str,
) -> None:
    """Settle a batch on the hub's answer; a record it did not answer for goes back."""
    settlements: list[outbox.Settlement] = []
    missing: list[str] = []
    for p in batch:
        r = result.results.get(p.record_id)
        if r is None:
            missing.append(p.record_id)
            continue
        report.sent += 1
        if r.outcome in (Outcome.ACCEPTED, Outcome.ALREADY_RECEIVED):
            settlements.append(outbox.Settlement(p.record_id, "acked"))
            report.acked += 1
        elif r.outcome is Outcome.DUPLICATE_NIK:
            settlements.append(outbox.Settlement(p.record_id, "duplicate_nik", {"first": r.first}))
            report.duplicates += 1
        else:
            settlements.append(outbox.Settlement(p.record_id, "rejected", {"reason": r.reason}))
            report.rejected += 1
    now = iso(clock())
    outbox.settle(conn, settlements, at=now, table=table)
    if missing:
        outbox.release(conn, missing, error="the hub did not answer for it", at=now, table=table)


def settle_known(
    conn: sqlite3.Connection,
    known: dict[str, RecordOutcome],
    report: RunReport,
    *,
    clock: Clock,
    table: str,
) -> None:
    """Settle records on the hub's word that it holds them (asked, not sent)."""
    settlements: list[outbox.Settlement] = []
    for result in known.values():
        if result.outcome is Outcome.DUPLICATE_NIK:
            settlements.append(
                outbox.Settlement(result.record_id, "duplicate_nik", {"first": result.first})
            )
            report.duplicates += 1
        else:
            settlements.append(outbox.Settlement(result.record_id, "acked"))
            report.acked += 1
    outbox.settle(conn, settlements, at=iso(clock()), table=table)
    report.settled_by_query += len(known)


def set_aside(
    conn: sqlite3.Connection,
    pending: outbox.Pending,
    reason: str,
    report: RunReport,
    *,
    clock: Clock,
    table: str,
) -> None:
    """A record the hub refuses for good: set aside for the supervisor, never blocking."""
    log.warning("record %s set aside: %s", pending.record_id, reason)
    outbox.settle(
        conn,
        [outbox.Settlement(pending.record_id, "rejected", {"reason": reason})],
        at=iso(clock()),
        table=table,
    )
    report.sent += 1
    report.rejected += 1
