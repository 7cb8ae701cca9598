"""`ektp-desk sync`: send recordings to the hub, in one run (--once) or as a service."""

from __future__ import annotations

import argparse
from typing import Any

from ektp_desk.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    STOP_POLL_S,
    data_dir_of,
    fail,
    open_desk,
    print_json,
    stop_on_signals,
)
from ektp_desk.cli.credentials import Credentials
from ektp_desk.desk import Desk
from ektp_desk.sync.engine import RunReport, SyncEngine

STOP_GRACE_SECONDS = 1.0  # a stopped sync service waits this long for its run to end


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sync", parents=[common], help="send recordings to the hub")
    p.add_argument(
        "--once", action="store_true", help="one run: until the outbox is empty or the hub fails"
    )
    p.add_argument("--json", action="store_true", help="with --once: the run's report as JSON")
    p.set_defaults(handler=cmd_sync)


def cmd_sync(args: argparse.Namespace, creds: Credentials) -> int:
    if args.once:
        return _sync_once(args)
    return _sync_service(args)


def _sync_once(args: argparse.Namespace) -> int:
    import dataclasses

    with open_desk(args) as desk:
        report = desk.hub.engine().run()
        unsealed = desk.hub.waiting_to_seal()
    if args.json:
        print_json(dataclasses.asdict(report))
    else:
        print(
            f"sent {report.sent} in {report.batches} batches: {report.acked} acked,"
            f" {report.rejected} rejected, {report.duplicates} duplicate NIK;"
            f" {report.waiting} waiting"
        )
        if report.status_pages or report.voids_sent:
            print(
                f"city status: {report.status_rows} records in {report.status_pages} pages"
                f" ({report.status_bytes:,} bytes of JSON); {report.voids_sent} voids taken"
                + (
                    f"; published resident list v{report.published_version} applied"
                    if report.published_version is not None
                    else ""
                )
            )
        if unsealed:
            print(f"{unsealed} recordings wait for the hub's key (ektp-desk hub set)")
    if report.error:
        fail(f"sync stopped: {report.error}")
    return EXIT_OK if report.ok and report.waiting == 0 else EXIT_PROBLEMS


def _sync_service(args: argparse.Namespace) -> int:
    import threading

    from ektp_desk.sync.engine import SyncService

    data_dir = data_dir_of(args)
    Desk.open(data_dir).close()  # fail now, with a clear message, if there is no desk
    stop = stop_on_signals()
    desks: list[Desk] = []

    def make_engine() -> SyncEngine:
        desk = Desk.open(data_dir)
        desks.append(desk)
        return desk.hub.engine()

    def on_report(report: RunReport) -> None:
        if report.sent or report.error:
            print(
                f"sync: {report.acked} acked, {report.rejected} rejected,"
                f" {report.duplicates} duplicate NIK, {report.waiting} waiting"
                + (f"; stopped: {report.error}" if report.error else ""),
                flush=True,
            )

    print(f"sync service for {data_dir}; stop with Ctrl+C or Ctrl+Break", flush=True)
    # The service works on a thread of its own, so that a stop is obeyed at once even while
    # an upload is in flight on a slow link: the run is given a moment to end by itself,
    # and otherwise its lease and its batch are released from here as the process exits.
    service = SyncService(make_engine, on_report=on_report)
    worker = threading.Thread(target=service.run_forever, args=(stop,), daemon=True)
    worker.start()
    while worker.is_alive() and not stop.is_set():
        worker.join(STOP_POLL_S)  # a join with a timeout, so that Ctrl+C is heard
    worker.join(STOP_GRACE_SECONDS)
    if worker.is_alive():
        with Desk.open(data_dir) as desk:
            desk.hub.abandon_runs()
        print("sync service stopped; the batch in flight goes again next time", flush=True)
        return EXIT_OK
    for desk in desks:
        desk.close()
    return EXIT_OK
