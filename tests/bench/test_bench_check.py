"""Benchmark of issue 13, item 20: what the check at each start of the window costs (SQLite's
quick_check, the audit chain, the replay of the log and the payloads to send) on a large
store, against a plain sequential read of the same file in the same run.

The store holds EKTP_BENCH_RECORDINGS recordings (default 1,000,000; see bigstore.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from ektp_desk.desk import Desk
from ektp_desk.store import audit, replay, rot
from tests.bench.bigstore import MILLION, build_million_store


def _read_file(path: Path) -> float:
    started = time.perf_counter()
    with path.open("rb") as f:
        while f.read(1024 * 1024):
            pass
    return time.perf_counter() - started


def test_start_up_check_on_a_large_store(tmp_path: Path) -> None:
    total = int(os.environ.get("EKTP_BENCH_RECORDINGS", MILLION))
    data_dir = tmp_path / "big"
    started = time.perf_counter()
    count = build_million_store(data_dir, total=total)
    path = data_dir / "desk.sqlite3"
    size_mb = path.stat().st_size / 2**20
    print(
        f"\n[bench] built a store of {count:,} recordings ({size_mb:.0f} MB)"
        f" in {time.perf_counter() - started:.0f} s"
    )
    _read_file(path)  # both measured with the file in the page cache, as after a first start
    baseline = min(_read_file(path) for _ in range(3))
    with Desk.open(data_dir) as desk:
        started = time.perf_counter()
        rows = desk.session.connection.execute("PRAGMA quick_check").fetchall()
        quick = time.perf_counter() - started
        assert rows == [("ok",)]
        started = time.perf_counter()
        result = desk.check(quick=True)
        start_check = time.perf_counter() - started
        assert result.ok, result.problems
        parts = {
            "audit chain": lambda: audit.verify(desk.session.connection),
            "replay of the log": lambda: replay.disagreements(desk.session.connection),
            "payloads to send": lambda: rot.find_rotten(desk.session.connection),
        }
        for name, part in parts.items():
            started = time.perf_counter()
            part()
            print(f"[bench]   of which {name}: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        full = desk.check()
        full_check = time.perf_counter() - started
        assert full.ok, full.problems
    print(
        f"[bench] quick_check alone: {quick:.2f} s"
        f"\n[bench] the window's start-up check (quick_check, audit chain, replay, payloads):"
        f" {start_check:.2f} s"
        f"\n[bench] `ektp-desk check` (integrity_check and the rest): {full_check:.2f} s"
        f"\n[bench]   baseline (sequential read of the {size_mb:.0f} MB file): {baseline:.2f} s"
        f"\n[bench]   ratio: quick_check {quick / baseline:.1f}x,"
        f" start-up check {start_check / baseline:.1f}x, full check {full_check / baseline:.1f}x"
    )
