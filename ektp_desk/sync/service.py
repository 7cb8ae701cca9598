"""The sync service: runs the engine whenever there is work and the link answers, and
backs off while it does not (the CLI's `sync --service` and the window's worker)."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from ektp_desk.sync import SyncError
from ektp_desk.sync.client import HubClient
from ektp_desk.sync.pace import Backoff
from ektp_desk.sync.report import RunReport

if TYPE_CHECKING:
    from ektp_desk.sync.engine import SyncEngine

log = logging.getLogger(__name__)


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
