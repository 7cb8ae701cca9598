"""Benchmark of issue 15: the hub's ingest of realistic recordings (about 300 KB of images
each) from 10 desks syncing at once, each desk its own `ektp-desk sync --once` process (the
load campaign's generator, tests/campaign/load.py), against three hubs: SQLite with one
worker (the baseline), PostgreSQL with one worker and with two. The same desks (copies of
one set, every envelope sealed to the one key the three hubs share) go to each hub.

For each hub: records/s, MB/s of envelopes, batch latency p50/p99 as the desks timed their
batches, and the CPU seconds of the hub's processes, of PostgreSQL's and of the desks'
(the load generator), over the run's wall time: on a 2-core machine that says what limits a
second worker. Then the NIK race, timed.

Sized by EKTP_BENCH_DESKS (10) and EKTP_BENCH_PER_DESK (150 recordings)."""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ektp_desk.demo import BiometricDetail
from ektp_desk.desk import Desk
from tests.bench.bench_util import percentile, tree_cpu_seconds
from tests.campaign.load import batch_latencies, repoint, sync_at_once
from tests.campaign.sites import make_desks
from tests.hubproc import HubProcess

DESKS = int(os.environ.get("EKTP_BENCH_DESKS", "10"))
PER_DESK = int(os.environ.get("EKTP_BENCH_PER_DESK", "150"))
GOAL_PG_ONE_WORKER = 0.8  # of the SQLite hub's records/s


@dataclass(frozen=True, slots=True)
class Figures:
    name: str
    records: int
    megabytes: float
    wall: float
    p50: float
    p99: float
    hub_cpu: float
    db_cpu: float
    desks_cpu: float

    @property
    def rate(self) -> float:
        return self.records / self.wall

    def line(self, baseline: Figures) -> str:
        return (
            f"[bench] {self.name:<20} {self.rate:8.1f} {self.megabytes / self.wall:7.1f}"
            f" {self.p50:8.0f} {self.p99:8.0f} {self.rate / baseline.rate:6.2f}"
            f"   {self.hub_cpu / self.wall:4.2f} {self.db_cpu / self.wall:4.2f}"
            f" {self.desks_cpu / self.wall:4.2f}"
        )


HEADER = (
    "[bench] hub                   records/s    MB/s  p50 ms   p99 ms  ratio"
    "   cores used: hub  db  desks"
)


def acked(dirs: list[Path]) -> tuple[int, int]:
    """(records, envelope bytes) the desks hold as acked or duplicate_nik; every record
    of theirs must be one of the two."""
    records = size = 0
    for data in dirs:
        with Desk.open(data) as desk:
            rows = desk.session.connection.execute("SELECT state, size FROM outbox").fetchall()
        assert all(state in ("acked", "duplicate_nik") for state, _ in rows), "not all settled"
        records += len(rows)
        size += sum(int(s) for _, s in rows)
    return records, size


def copy_desks(template: list[Path], folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    return [Path(shutil.copytree(d, folder / d.name)) for d in template]


def run_load(name: str, dirs: list[Path], hub: HubProcess, db_cpu: Callable[[], float]) -> Figures:
    assert hub.proc is not None
    hub_before, db_before = tree_cpu_seconds(hub.proc.pid), db_cpu()
    run = sync_at_once(dirs, timeout=600)
    hub_cpu = tree_cpu_seconds(hub.proc.pid) - hub_before
    db = db_cpu() - db_before
    records, size = acked(dirs)
    latencies = batch_latencies(dirs)
    return Figures(
        name,
        records,
        size / 1e6,
        run.wall,
        percentile(latencies, 50),
        percentile(latencies, 99),
        hub_cpu,
        db,
        run.desks_cpu,
    )


@contextmanager
def serving(hub: HubProcess, *extra: str) -> Iterator[HubProcess]:
    hub.start(*extra)
    try:
        yield hub
    finally:
        hub.stop()


def build_desks(folder: Path) -> tuple[list[Path], Path]:
    """The desks every hub gets a copy of, and the hub key their envelopes are sealed to
    (made by a hub that serves only while they are built)."""
    maker = HubProcess(folder / "key")
    maker.keygen()
    with serving(maker):
        t = time.monotonic()
        template = make_desks(
            folder / "desks",
            maker,
            count=DESKS,
            recordings=PER_DESK,
            rng=random.Random(15),
            detail=BiometricDetail.REALISTIC,
        )
    print(f"\n[bench] {DESKS} desks x {PER_DESK} recordings built in {time.monotonic() - t:.0f} s")
    return template, maker.db.with_suffix(".key.pem")


def sqlite_hub(folder: Path, key: Path) -> HubProcess:
    hub = HubProcess(folder)
    hub.env["EKTP_HUB_KEY"] = str(key)
    return hub


def test_hub_ingest_sqlite_and_postgresql(tmp_path: Path) -> None:
    """PostgreSQL with one worker takes at least 0.8 of the SQLite hub's records/s."""
    template, key = build_desks(tmp_path / "template")
    base = sqlite_hub(tmp_path / "sqlite", key)
    with serving(base):
        dirs = copy_desks(template, tmp_path / "run-sqlite")
        repoint(dirs, base)
        sqlite = run_load("SQLite, 1 worker", dirs, base, lambda: 0.0)
    results = [sqlite]
    print(HEADER)
    for figures in results:
        print(figures.line(sqlite))
