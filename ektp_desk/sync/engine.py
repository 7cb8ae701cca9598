"""The sync engine: pushes sealed envelopes to the hub in batches and settles each record
only on the hub's word. Qt-free; the CLI service and the window's worker both drive it.

A record the hub rejects is set aside for the supervisor and never blocks the rest. A
network, server or auth failure ends the run, puts the batch back in the queue, and leaves
the next attempt to the caller's backoff.

Slow, far links: batches are sized from the upload rate measured on earlier runs (kept in
the store) to cross in about `TARGET_BATCH_SECONDS`; the wait for the hub's answer covers
the time the bytes still need to cross at that rate, since the operating system's and a
modem's buffers take them long before they arrive. A batch whose answer does not come in
time is not simply sent again: the hub is probed, asked which of its records it holds, and
only the rest go again, in smaller batches; the run ends only when the probe fails too.

Beside it: settling on the hub's word (`settle`), the audit head sent first (`audit_head`),
the batch sizer and the backoff (`pace`), the lease's owner (`lease`), the run's report
(`report`) and the service that runs the engine while the link answers (`service`).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from ektp_desk.domain.moments import iso
from ektp_desk.protocol.wire import Manifest, ManifestEntry
from ektp_desk.store import outbox
from ektp_desk.sync import AUDIT_REFUSED, CLOCK_WARNING_SECONDS, DEFAULT_PURGE_DAYS, SyncError
from ektp_desk.sync.audit_head import send_audit_head
from ektp_desk.sync.city import PublishedApplier, exchange
from ektp_desk.sync.client import (
    BatchResult,
    Health,
    HubClient,
    HubConflict,
    HubProtocolError,
    HubRefused,
    HubTooLarge,
    HubUnreachable,
)
from ektp_desk.sync.lease import LEASE_SECONDS, default_owner, owner_gone, this_process
from ektp_desk.sync.pace import (
    TARGET_BATCH_SECONDS,
    UNKNOWN_LINK_RATE,
    Backoff,
    BatchSizer,
    forwardable_record_bytes,
    kept_rate,
)
from ektp_desk.sync.report import RunReport, failure_kind
from ektp_desk.sync.service import SyncService
from ektp_desk.sync.settle import set_aside, settle_answered, settle_known

# The engine's neighbours (sizer, lease, report, service) are read from here by the desk
# and the CLI: the sync's one way in.
__all__ = [
    "RATE_META",
    "Backoff",
    "RunReport",
    "SyncEngine",
    "SyncService",
    "forwardable_record_bytes",
    "this_process",
]

log = logging.getLogger(__name__)

STATUS_CHUNK = 500
RATE_META = "link_rate_bytes_per_s"
MAX_LOST_ANSWERS = 3  # lost answers in a row, the hub still answering its probe, end a run


class SyncEngine:
    published: PublishedApplier | None = None  # applies a published resident list (desk.city)

    def __init__(
        self,
        conn: sqlite3.Connection,
        client: HubClient,
        *,
        desk_id: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        owner: str | None = None,
        sizer: BatchSizer | None = None,
        purge_days: int = DEFAULT_PURGE_DAYS,
    ) -> None:
        self.conn = conn
        self.client = client
        self.desk_id = desk_id
        self.clock = clock
        self.owner = owner or default_owner()
        self.sizer = sizer or BatchSizer(link_aware=True)
        self.purge_days = purge_days
        self.stop: threading.Event | None = None  # set to end a run between batches
        self.rate: float | None = None
        self._lost_in_a_row = 0

    def _lease(self) -> bool:
        now = self.clock()
        return outbox.take_lease(
            self.conn,
            owner=self.owner,
            now=iso(now),
            expires=iso(now + timedelta(seconds=LEASE_SECONDS)),
            stale=owner_gone,
        )

    def run(self) -> RunReport:
        """One run: send until the outbox is empty or a failure ends it."""
        report = RunReport()
        started = self.clock()
        began = time.monotonic()
        try:
            if not self._lease():
                report.error, report.error_kind = "another sync run is in progress", "busy"
                return report
        except sqlite3.OperationalError as exc:
            report.error, report.error_kind = f"database busy: {exc}", "busy"
            return report
        try:
            outbox.reset_sending(self.conn, at=iso(started))
            self.client.waiting = outbox.count_waiting(self.conn)  # told to the hub
            self.rate = kept_rate(outbox.meta(self.conn).get(RATE_META))
            self._lost_in_a_row = 0
            self._run(report)
        finally:
            outbox.drop_lease(self.conn, owner=self.owner)
            report.waiting = outbox.count_waiting(self.conn)
            report.seconds = time.monotonic() - began
            values: dict[str, str | None] = {"last_attempt": iso(started)}
            if self.rate is not None:
                values[RATE_META] = f"{self.rate:.0f}"
            if report.ok:
                values["last_success"] = iso(self.clock())
                values["last_error"] = None
            else:
                values["last_error"] = report.error
            if report.clock_skew is not None:
                values["clock_skew_seconds"] = f"{report.clock_skew:.0f}"
            outbox.put_meta(self.conn, values)
        return report

    def _check_clock(self, server_time: datetime | None, report: RunReport) -> None:
        if server_time is None:
            return
        report.clock_skew = (self.clock() - server_time).total_seconds()
        if abs(report.clock_skew) > CLOCK_WARNING_SECONDS:
            log.warning("desk clock differs from the hub's by %.0f s", report.clock_skew)

    def _run(self, report: RunReport) -> None:
        health = self._start(report)
        if health is None:
            return
        self._check_clock(health.server_time, report)
        self.sizer.fit(max_records=health.max_batch_records, max_bytes=health.max_batch_bytes)
        if self.sizer.link_aware:
            self.sizer.aim(self.rate or UNKNOWN_LINK_RATE)
        if not self._ask_about_bundled(report):
            return
        for table in outbox.TABLES:  # this desk's own recordings first, then forwarded ones
            while True:
                if self.stop is not None and self.stop.is_set():
                    return
                now = self.clock()
                batch = outbox.claim(
                    self.conn,
                    max_records=self.sizer.records,
                    max_bytes=self.sizer.bytes,
                    at=iso(now),
                    table=table,
                )
                if not batch:
                    break
                self._lease()
                if not self._send(batch, report, table):
                    return
        exchange(self.conn, self.client, report, clock=self.clock, published=self.published)
        acked_before = iso(self.clock() - timedelta(days=self.purge_days))
        purged = outbox.purge(self.conn, acked_before=acked_before)
        if purged:
            log.info(
                "purged %d sealed payloads acked more than %d days ago", purged, self.purge_days
            )

    def _start(self, report: RunReport) -> Health | None:
        """The audit head first (see `audit_head`): the hub's answer brings its limits and
        clock, so a far link spends no round trip on `/health`, asked only of a hub that
        sends none. None ends the run."""
        try:
            return send_audit_head(self.conn, self.client) or self.client.health()
        except HubConflict as exc:
            if exc.code != "audit_rolled_back":
                self._fail(report, exc)
                return None
            report.error, report.error_kind = str(exc), "audit"
            outbox.put_meta(self.conn, {AUDIT_REFUSED: str(exc)})
            log.error("the hub refused the audit head: %s", exc)
            return None
        except SyncError as exc:
            self._fail(report, exc)
            return None

    def _ask_about_bundled(self, report: RunReport) -> bool:
        """Records that left on a USB stick: settle those the hub already holds, so they are
        not sent twice; the rest go out as usual. False when the link failed."""
        while True:
            asked = outbox.bundled_outstanding(self.conn, limit=STATUS_CHUNK)
            if not asked:
                return True
            self._lease()
            try:
                known = self.client.record_states(asked)
            except HubProtocolError as exc:
                log.warning("the hub cannot say what it holds (%s); sending bundled records", exc)
                known = {}
            except SyncError as exc:
                self._fail(report, exc)
                return False
            settle_known(self.conn, known, report, clock=self.clock, table="outbox")
            outbox.forget_bundled(self.conn, [r for r, _ in asked])

    def _send(self, batch: list[outbox.Pending], report: RunReport, table: str) -> bool:
        batch_id = str(uuid.uuid4())
        started = self.clock()
        manifest = Manifest(
            batch_id=batch_id,
            desk_id=self.desk_id,
            records=tuple(
                ManifestEntry(
                    record_id=p.record_id,
                    nik=p.nik,
                    finalized_at=p.finalized_at,
                    recorded_on=p.recorded_on,
                    sha256=p.sha256,
                    size=len(p.envelope),
                    origin=p.origin,
                    mac=p.mac,
                    approval=p.approval,
                    replaces=p.replaces,
                )
                for p in batch
            ),
        )
        ids = [p.record_id for p in batch]
        size = sum(len(p.envelope) for p in batch)
        # The answer can only come once the bytes have crossed: give them the time they
        # need at half the measured rate, on top of the hub's own allowance.
        crossing = size / (0.5 * (self.rate or UNKNOWN_LINK_RATE))
        try:
            result = self.client.send_batch(
                manifest,
                [(p.record_id, p.envelope) for p in batch],
                answer_within=self.client.answer_allowance + crossing,
            )
        except HubTooLarge as exc:
            return self._too_large(batch, batch_id, started, size, exc, report, table)
        except HubUnreachable as exc:
            self._log_batch(batch_id, started, len(batch), size, "failed", str(exc))
            return self._after_lost_answer(batch, report, table, exc)
        except SyncError as exc:
            if isinstance(exc, HubRefused) and table == "forwarded":
                return self._narrow_refused(batch, batch_id, started, size, exc, report)
            outbox.release(self.conn, ids, error=str(exc), at=iso(self.clock()), table=table)
            self._log_batch(batch_id, started, len(batch), size, "failed", str(exc))
            self._fail(report, exc)
            return False
        settle_answered(self.conn, batch, result, report, clock=self.clock, table=table)
        self._log_batch(batch_id, started, len(batch), size, "ok", None)
        self._measured(result, report)
        return True

    def _measured(self, result: BatchResult, report: RunReport) -> None:
        """A batch crossed: count it, take its rate into the link's, grow the batches."""
        report.batches += 1
        report.bytes_sent += result.request_bytes
        self._lost_in_a_row = 0
        sample = result.request_bytes / max(result.seconds, 1e-3)
        self.rate = sample if self.rate is None else 0.5 * (self.rate + sample)
        report.link_rate = self.rate
        if self.sizer.link_aware:
            target = int(self.rate * TARGET_BATCH_SECONDS)
            self.sizer.ceiling = max(self.sizer.min_bytes, min(self.sizer.max_bytes, 3 * target))
            self.sizer.grow(at_least=target)
        else:
            self.sizer.grow()

    def _too_large(
        self,
        batch: list[outbox.Pending],
        batch_id: str,
        started: datetime,
        size: int,
        exc: HubTooLarge,
        report: RunReport,
        table: str,
    ) -> bool:
        """The hub refused the batch as too large: halve it; a record too large alone ends
        the run, or is set aside when it is another desk's (it could never go)."""
        if len(batch) == 1 and table == "forwarded":
            # Another desk's record, sent alone and still too large: it can never go, so
            # it must not block the records behind it. Set aside, as the hub's refusal.
            self._log_batch(batch_id, started, 1, size, "too_large", str(exc))
            reason = f"larger than the hub accepts ({size:,} bytes): {exc}"
            set_aside(self.conn, batch[0], reason, report, clock=self.clock, table=table)
            return True
        ids = [p.record_id for p in batch]
        outbox.release(self.conn, ids, error=str(exc), at=iso(self.clock()), table=table)
        self._log_batch(batch_id, started, len(batch), size, "too_large", str(exc))
        if len(batch) == 1:
            self._fail(report, SyncError(f"a single record is larger than the hub accepts: {exc}"))
            return False
        self.sizer.records = max(1, min(self.sizer.records, len(batch)) // 2)
        self.sizer.shrink()
        return True

    def _after_lost_answer(
        self, batch: list[outbox.Pending], report: RunReport, table: str, exc: HubUnreachable
    ) -> bool:
        """The batch's answer did not come. If the hub still answers its probe, the link is
        up but slower than measured: settle what the hub says it received, send the rest
        again in smaller batches, and go on. False (the run ends) when the link is down."""
        ids = [p.record_id for p in batch]
        report.lost_answers += 1
        self._lost_in_a_row += 1
        self.sizer.shrink()
        self.rate = (self.rate or UNKNOWN_LINK_RATE) / 2
        try:
            self.client.health()
            known = self.client.record_states([(p.record_id, p.sha256) for p in batch])
        except SyncError as probe:
            outbox.release(self.conn, ids, error=str(exc), at=iso(self.clock()), table=table)
            self._fail(report, HubUnreachable(f"{exc}; the link is down ({probe})"))
            return False
        settle_known(self.conn, known, report, clock=self.clock, table=table)
        rest = [r for r in ids if r not in known]
        outbox.release(self.conn, rest, error=str(exc), at=iso(self.clock()), table=table)
        log.info(
            "a batch's answer was lost (%s): %d of %d records had arrived; sending the rest"
            " in smaller batches",
            exc,
            len(known),
            len(ids),
        )
        if self._lost_in_a_row >= MAX_LOST_ANSWERS:
            self._fail(report, exc)
            return False
        return True

    def _narrow_refused(
        self,
        batch: list[outbox.Pending],
        batch_id: str,
        started: datetime,
        size: int,
        exc: HubRefused,
        report: RunReport,
    ) -> bool:
        """Other desks' records the hub refused as malformed, batch and all: halve the batch
        until the record is alone, then set it aside, so that it never blocks the others."""
        self._log_batch(batch_id, started, len(batch), size, "refused", str(exc))
        if len(batch) == 1:
            reason = f"refused by the hub: {exc}"
            set_aside(self.conn, batch[0], reason, report, clock=self.clock, table="forwarded")
            return True
        ids = [p.record_id for p in batch]
        outbox.release(self.conn, ids, error=str(exc), at=iso(self.clock()), table="forwarded")
        self.sizer.records = max(1, min(self.sizer.records, len(batch)) // 2)
        return True

    def _log_batch(
        self,
        batch_id: str,
        started: datetime,
        records: int,
        size: int,
        outcome: str,
        detail: str | None,
    ) -> None:
        outbox.log_batch(
            self.conn,
            batch_id=batch_id,
            started_at=iso(started),
            finished_at=iso(self.clock()),
            records=records,
            size=size,
            outcome=outcome,
            detail=detail,
        )

    def _fail(self, report: RunReport, exc: Exception) -> None:
        report.error = str(exc)
        report.error_kind = failure_kind(exc)
        log.warning("sync run ended: %s", exc)
