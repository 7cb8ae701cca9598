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
"""

from __future__ import annotations

import logging
import os
import random
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ektp_desk.protocol.wire import AuditHeadReport, Manifest, ManifestEntry, Outcome
from ektp_desk.store import audit, outbox
from ektp_desk.sync import SyncError
from ektp_desk.sync.client import (
    BatchResult,
    HubAuthError,
    HubClient,
    HubConflict,
    HubProtocolError,
    HubRefused,
    HubServerError,
    HubTooLarge,
    HubUnreachable,
    RecordResult,
)

log = logging.getLogger(__name__)

CLOCK_WARNING_SECONDS = 300
LEASE_SECONDS = 120
STATUS_CHUNK = 500
DEFAULT_PURGE_DAYS = 7
TARGET_BATCH_SECONDS = 10.0
UNKNOWN_LINK_RATE = 32 * 1024  # bytes/s assumed before a batch was measured: a slow modem
RATE_META = "link_rate_bytes_per_s"
MAX_LOST_ANSWERS = 3  # lost answers in a row, the hub still answering its probe, end a run
AUDIT_REFUSED = "audit_refused"  # sync_meta: why the hub refused the audit head
AUDIT_RESTORED = "audit_restored"  # sync_meta: a restore whose rollback the hub must accept


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass
class BatchSizer:
    """Batch limits that grow after a success and shrink after a timeout or a 413."""

    records: int = 25
    bytes: int = 4 * 1024 * 1024
    max_records: int = 500
    max_bytes: int = 16 * 1024 * 1024
    min_bytes: int = 64 * 1024
    link_aware: bool = False  # sized by the link's measured rate (the engine's own sizer)
    ceiling: int | None = None  # growth stops here: a few targets' worth at that rate

    def aim(self, rate: float) -> None:
        """Batches that cross a link of `rate` bytes/s in about `TARGET_BATCH_SECONDS`."""
        target = int(rate * TARGET_BATCH_SECONDS)
        self.ceiling = max(self.min_bytes, min(self.max_bytes, 3 * target))
        self.bytes = max(self.min_bytes, min(self.bytes, self.ceiling, target))

    def fit(self, *, max_records: int, max_bytes: int) -> None:
        # Leave room for the multipart framing and the manifest.
        self.max_records = max_records
        self.max_bytes = max(self.min_bytes, int(max_bytes * 0.95) - 64 * 1024)
        self.records = min(self.records, self.max_records)
        self.bytes = min(self.bytes, self.max_bytes)

    def grow(self, *, at_least: int = 0) -> None:
        """Double, or jump to `at_least` (a target the link's measured rate gives)."""
        self.records = min(self.max_records, self.records * 2)
        self.bytes = min(
            self.max_bytes, self.ceiling or self.max_bytes, max(self.bytes * 2, at_least)
        )

    def shrink(self) -> None:
        self.records = max(1, self.records // 2)
        self.bytes = max(self.min_bytes, self.bytes // 2)


def forwardable_record_bytes() -> int:
    """The largest envelope the engine can send to a hub with the default batch limit
    (16 MiB) in a batch of its own: room is left for the manifest and the framing."""
    sizer = BatchSizer()
    sizer.fit(max_records=1, max_bytes=sizer.max_bytes)
    return sizer.max_bytes


class Backoff:
    """Exponential backoff with full jitter, capped: 0..min(cap, base * 2**n) seconds."""

    def __init__(
        self, *, base: float = 2.0, cap: float = 300.0, rng: random.Random | None = None
    ) -> None:
        self.base = base
        self.cap = cap
        self.failures = 0
        self.rng = rng or random.Random()

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.base * 2**self.failures)
        self.failures += 1
        return self.rng.uniform(0, ceiling)

    def reset(self) -> None:
        self.failures = 0


@dataclass
class RunReport:
    batches: int = 0
    sent: int = 0
    acked: int = 0
    rejected: int = 0
    duplicates: int = 0
    waiting: int = 0
    bytes_sent: int = 0
    settled_by_query: int = 0  # records the hub already had (a bundle, a lost answer)
    lost_answers: int = 0  # batches whose answer did not come in time
    seconds: float = 0.0
    link_rate: float | None = None  # bytes/s, as measured by this run's batches
    error: str | None = None
    error_kind: str | None = None  # network | auth | server | protocol | busy | audit
    clock_skew: float | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _positive(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and number > 0 else None


def this_process() -> str:
    """The start of every lease owner of this process."""
    return f"{socket.gethostname()}:{os.getpid()}:"


def default_owner() -> str:
    return f"{this_process()}{threading.get_ident()}"


def owner_gone(owner: str) -> bool:
    """The lease's owner was a process of this machine that no longer runs (it crashed or
    was killed): its lease need not be waited out. Unknown cases count as alive."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit() or os.name != "posix":
        return False
    if int(pid) == os.getpid():
        return False  # another thread of this process: alive
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


class SyncEngine:
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
            self.rate = _positive(outbox.meta(self.conn).get(RATE_META))
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
        try:
            health = self.client.health()
        except SyncError as exc:
            self._fail(report, exc)
            return
        self._check_clock(health.server_time, report)
        self.sizer.fit(max_records=health.max_batch_records, max_bytes=health.max_batch_bytes)
        if self.sizer.link_aware:
            self.sizer.aim(self.rate or UNKNOWN_LINK_RATE)
        if not self._send_audit_head(report):
            return
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
        acked_before = iso(self.clock() - timedelta(days=self.purge_days))
        purged = outbox.purge(self.conn, acked_before=acked_before)
        if purged:
            log.info(
                "purged %d sealed payloads acked more than %d days ago", purged, self.purge_days
            )

    def _send_audit_head(self, report: RunReport) -> bool:
        """Tell the hub the audit log's head, with the entry at the count it holds, so a log
        cut short or rewritten is found; keep the head it confirms. False ends the run.

        The count the hub holds is the one it confirmed last, kept here: one round trip on a
        far link. Should the two differ (a store restored, or its bookkeeping altered), the
        hub asks for its own count (409 `audit_resend`) and the desk asks which it is."""
        count, digest = audit.head(self.conn)

        def send(held: int) -> tuple[int, str]:
            return self.client.send_audit_head(
                AuditHeadReport(count, digest, held, audit.hash_at(self.conn, held) or "")
            )

        kept = outbox.meta(self.conn).get(audit.CONFIRMED_COUNT, "0")
        try:
            try:
                confirmed = send(int(kept) if kept.isdigit() else 0)
            except HubConflict as exc:
                if exc.code != "audit_resend":
                    raise
                confirmed = send(self.client.audit_held())
        except HubConflict as exc:
            if exc.code != "audit_rolled_back":
                self._fail(report, exc)
                return False
            report.error, report.error_kind = str(exc), "audit"
            outbox.put_meta(self.conn, {AUDIT_REFUSED: str(exc)})
            log.error("the hub refused the audit head: %s", exc)
            return False
        except HubProtocolError as exc:
            if exc.status == 404:  # a hub from before audit heads
                log.warning("the hub does not take audit heads; syncing without")
                return True
            self._fail(report, exc)
            return False
        except SyncError as exc:
            self._fail(report, exc)
            return False
        outbox.put_meta(
            self.conn,
            {
                audit.CONFIRMED_COUNT: str(confirmed[0]),
                audit.CONFIRMED_HASH: confirmed[1],
                AUDIT_REFUSED: None,
                AUDIT_RESTORED: None,
            },
        )
        return True

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
            self._settle_known(known, report, "outbox")
            outbox.forget_bundled(self.conn, [r for r, _ in asked])

    def _settle_known(self, known: dict[str, RecordResult], report: RunReport, table: str) -> None:
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
        outbox.settle(self.conn, settlements, at=iso(self.clock()), table=table)
        report.settled_by_query += len(known)

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
            if len(batch) == 1 and table == "forwarded":
                # Another desk's record, sent alone and still too large: it can never go, so
                # it must not block the records behind it. Set aside, as the hub's refusal.
                self._log_batch(batch_id, started, 1, size, "too_large", str(exc))
                reason = f"larger than the hub accepts ({size:,} bytes): {exc}"
                self._refuse_alone(batch[0], reason, report, table)
                return True
            outbox.release(self.conn, ids, error=str(exc), at=iso(self.clock()), table=table)
            self._log_batch(batch_id, started, len(batch), size, "too_large", str(exc))
            if len(batch) == 1:
                self._fail(
                    report, SyncError(f"a single record is larger than the hub accepts: {exc}")
                )
                return False
            self.sizer.records = max(1, min(self.sizer.records, len(batch)) // 2)
            self.sizer.shrink()
            return True
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
        self._settle(batch, result, report, table)
        self._log_batch(batch_id, started, len(batch), size, "ok", None)
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
        self._settle_known(known, report, table)
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
            self._refuse_alone(batch[0], f"refused by the hub: {exc}", report, "forwarded")
            return True
        ids = [p.record_id for p in batch]
        outbox.release(self.conn, ids, error=str(exc), at=iso(self.clock()), table="forwarded")
        self.sizer.records = max(1, min(self.sizer.records, len(batch)) // 2)
        return True

    def _refuse_alone(
        self, pending: outbox.Pending, reason: str, report: RunReport, table: str
    ) -> None:
        log.warning("record %s set aside: %s", pending.record_id, reason)
        outbox.settle(
            self.conn,
            [outbox.Settlement(pending.record_id, "rejected", {"reason": reason})],
            at=iso(self.clock()),
            table=table,
        )
        report.sent += 1
        report.rejected += 1

    def _settle(
        self, batch: list[outbox.Pending], result: BatchResult, report: RunReport, table: str
    ) -> None:
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
                settlements.append(
                    outbox.Settlement(p.record_id, "duplicate_nik", {"first": r.first})
                )
                report.duplicates += 1
            else:
                settlements.append(outbox.Settlement(p.record_id, "rejected", {"reason": r.reason}))
                report.rejected += 1
        now = iso(self.clock())
        outbox.settle(self.conn, settlements, at=now, table=table)
        if missing:
            outbox.release(
                self.conn, missing, error="the hub did not answer for it", at=now, table=table
            )

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
        if isinstance(exc, HubUnreachable):
            report.error_kind = "network"
        elif isinstance(exc, HubAuthError):
            report.error_kind = "auth"
        elif isinstance(exc, HubServerError):
            report.error_kind = "server"
        elif isinstance(exc, HubProtocolError):
            report.error_kind = "protocol"
        else:
            report.error_kind = "other"
        log.warning("sync run ended: %s", exc)


class SyncService:
    """Runs the engine whenever there is work and the link answers; backs off while it does
    not, probing the hub so that the link coming back starts a run at once."""

    def __init__(
        self,
        make_engine: Callable[[], SyncEngine],
        *,
        backoff: Backoff | None = None,
        probe_interval: float = 5.0,
        idle_interval: float = 10.0,
        on_report: Callable[[RunReport], None] | None = None,
    ) -> None:
        self.make_engine = make_engine
        self.backoff = backoff or Backoff()
        self.probe_interval = probe_interval
        self.idle_interval = idle_interval
        self.on_report = on_report
        self.wake = threading.Event()

    def run_forever(self, stop: threading.Event) -> None:
        engine = self.make_engine()
        engine.stop = stop
        while not stop.is_set():
            try:
                report = engine.run()
            except sqlite3.Error as exc:
                report = RunReport(error=f"database error: {exc}", error_kind="other")
                log.exception("sync run failed on the database")
            if self.on_report is not None:
                self.on_report(report)
            if report.ok:
                self.backoff.reset()
                if report.waiting and report.sent:
                    continue
                self._sleep(stop, self.idle_interval)
                continue
            delay = self.backoff.next_delay()
            log.info("next sync attempt in %.1f s (%s)", delay, report.error_kind)
            if report.error_kind == "network":
                self._wait_for_link(stop, engine.client, delay)
            else:
                self._sleep(stop, delay)

    def _sleep(self, stop: threading.Event, seconds: float) -> None:
        deadline = datetime.now(UTC) + timedelta(seconds=seconds)
        while not stop.is_set() and not self.wake.is_set():
            left = (deadline - datetime.now(UTC)).total_seconds()
            if left <= 0:
                break
            stop.wait(min(left, 0.5))
        self.wake.clear()

    def _wait_for_link(self, stop: threading.Event, client: HubClient, seconds: float) -> None:
        deadline = datetime.now(UTC) + timedelta(seconds=seconds)
        while not stop.is_set():
            left = (deadline - datetime.now(UTC)).total_seconds()
            if left <= 0:
                return
            self._sleep(stop, min(self.probe_interval, left))
            try:
                client.health()
            except SyncError:
                continue
            log.info("the hub answers again: syncing now")
            return
