"""The load campaign: many desks, thousands of recordings each, syncing to one hub at the same
time (each desk its own `ektp-desk sync --once` process). Every record acked once; the hub's
batch latency (p50, p99, as each desk measured its batches) and its ingest rate."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from ektp_desk.desk import Desk
from tests.bench.bench_util import percentile
from tests.campaign.common import ROOT, CampaignFailure, Row, env
from tests.campaign.sites import make_desks, verify
from tests.conftest import ADMIN_PASSWORD
from tests.hubproc import HubProcess


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
        for proc in procs:
            out, err = proc.communicate(timeout=1800)
            if proc.returncode != 0:
                raise CampaignFailure(f"a desk's sync failed: {out.decode()} {err.decode()}")
        wall = time.monotonic() - t
    finally:
        hub.stop()
    latencies: list[float] = []
    for data in dirs:
        with Desk.open(data) as desk:
            for started, finished in desk.session.connection.execute(
                "SELECT started_at, finished_at FROM sync_batches WHERE outcome = 'ok'"
            ):
                latencies.append(
                    (
                        datetime.fromisoformat(finished) - datetime.fromisoformat(started)
                    ).total_seconds()
                    * 1000
                )
    row.rounds = 1
    row.checked, row.lost, row.duplicated = verify(dirs, hub)
    row.figures["desks built"] = f"{built:.0f} s"
    row.figures["batches"] = str(len(latencies))
    row.figures["batch latency p50"] = f"{percentile(latencies, 50):.0f} ms"
    row.figures["p99"] = f"{percentile(latencies, 99):.0f} ms"
    row.figures["ingest"] = f"{row.checked / wall:,.0f} records/s ({wall:.0f} s)"
    row.figures["cores"] = str(os.cpu_count())
    return row
