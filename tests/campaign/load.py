"""The load campaign: many desks, thousands of recordings each, syncing to one hub at the same
time (each desk its own `ektp-desk sync --once` process). Every record acked once; the hub's
batch latency (p50, p99, as each desk measured its batches) and its ingest rate.

The load generator itself (`sync_at_once`, `batch_latencies`, `repoint`) is shared with the
hub's ingest benchmark (tests/bench/test_bench_hub_ingest.py), which runs the same desks
against several hubs."""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ektp_desk.desk import Desk
from tests.bench.bench_util import percentile
from tests.campaign.common import ROOT, CampaignFailure, Row, env
from tests.campaign.sites import make_desks, verify
from tests.conftest import ADMIN_PASSWORD
from tests.hubproc import HubProcess


@dataclass(frozen=True, slots=True)
class SyncRun:
    """What one load run took: its wall time and the CPU seconds of the desks' processes."""

    wall: float
    desks_cpu: float


def sync_at_once(dirs: list[Path], *, timeout: float = 1800) -> SyncRun:
    """Every desk's `ektp-desk sync --once`, all started at once; raises CampaignFailure
    when one fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ektp_desk", "sync", "--once"],
            env={
                **env(),
                "EKTP_DESK_DATA_DIR": str(data),
                "EKTP_DESK_USER": "admin",
                "EKTP_DESK_PASSWORD": ADMIN_PASSWORD,
            },
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for data in dirs
    ]
    failed = []
    for proc in procs:
        out, err = proc.communicate(timeout=timeout)
        if proc.returncode != 0:
            failed.append(f"{out.decode()} {err.decode()}")
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if failed:
        raise CampaignFailure(f"a desk's sync failed: {failed[0]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return SyncRun(wall, cpu)


def batch_times(dirs: list[Path]) -> list[tuple[datetime, datetime]]:
    """(started, finished) of every batch the desks sent with success, as each desk timed it."""
    times: list[tuple[datetime, datetime]] = []
    for data in dirs:
        with Desk.open(data) as desk:
            times += [
                (datetime.fromisoformat(started), datetime.fromisoformat(finished))
                for started, finished in desk.session.connection.execute(
                    "SELECT started_at, finished_at FROM sync_batches WHERE outcome = 'ok'"
                )
            ]
    return times


def batch_latencies(dirs: list[Path]) -> list[float]:
    """Every batch the desks sent with success, in ms."""
    return [(end - start).total_seconds() * 1000 for start, end in batch_times(dirs)]


def repoint(dirs: list[Path], hub: HubProcess, url: str | None = None) -> None:
    """Enrol copies of desks at another hub (which holds the same key: their envelopes
    are sealed to it) and point them there."""
    for data in dirs:
        with Desk.open(data) as desk:
            desk.accounts.login("admin", ADMIN_PASSWORD)
            desk_id = desk.session.desk_id
            kecamatan = desk.session.kecamatan
            desk.hub.set(url or hub.url, hub.add_desk(desk_id, kecamatan), allow_http=True)


def campaign(rounds: int, rng: random.Random, work: Path) -> Row:
    desks_count = rounds
    per_desk = 5000 if rounds >= 10 else 300
    row = Row(f"load: {desks_count} desks x {per_desk:,}")
    hub = HubProcess(work / "hub")
    hub.keygen()
    hub.start()
    try:
        t = time.monotonic()
        dirs = make_desks(work, hub, count=desks_count, recordings=per_desk, rng=rng)
        built = time.monotonic() - t
        wall = sync_at_once(dirs).wall
    finally:
        hub.stop()
    latencies = batch_latencies(dirs)
    row.rounds = 1
    row.checked, row.lost, row.duplicated = verify(dirs, hub)
    row.figures["desks built"] = f"{built:.0f} s"
    row.figures["batches"] = str(len(latencies))
    row.figures["batch latency p50"] = f"{percentile(latencies, 50):.0f} ms"
    row.figures["p99"] = f"{percentile(latencies, 99):.0f} ms"
    row.figures["ingest"] = f"{row.checked / wall:,.0f} records/s ({wall:.0f} s)"
    row.figures["cores"] = str(os.cpu_count())
    return row
