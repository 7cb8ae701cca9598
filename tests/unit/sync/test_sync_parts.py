from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

from ektp_desk.sync import SyncError
from ektp_desk.sync.client import check_url, is_loopback
from ektp_desk.sync.pace import Backoff, BatchSizer


def test_backoff_is_full_jitter_and_capped() -> None:
    backoff = Backoff(base=1.0, cap=10.0, rng=random.Random(1))
    delays = [backoff.next_delay() for _ in range(12)]
    ceilings = [min(10.0, 2.0**n) for n in range(12)]
    assert all(0 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert max(delays[6:]) > 5  # it does reach toward the cap
    backoff.reset()
    assert backoff.next_delay() <= 1.0


def test_batch_sizer_grows_shrinks_and_respects_the_hub() -> None:
    sizer = BatchSizer(records=10, bytes=1_000_000)
    sizer.fit(max_records=40, max_bytes=2_000_000)
    sizer.grow()
    sizer.grow()
    sizer.grow()
    assert sizer.records == 40
    assert sizer.bytes <= 2_000_000 * 0.95
    sizer.shrink()
    assert sizer.records == 20
    for _ in range(20):
        sizer.shrink()
    assert sizer.records == 1 and sizer.bytes == sizer.min_bytes


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8080", True),
        ("http://127.5.5.5", True),
        ("http://localhost:1", True),
        ("http://[::1]:8080", True),
        ("http://10.0.0.1", False),
        ("https://hub.example.go.id", False),
    ],
)
def test_loopback(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback


def test_plain_http_only_to_loopback_unless_allowed() -> None:
    assert check_url("http://127.0.0.1:8080/", allow_http=False) == "http://127.0.0.1:8080"
    assert check_url("https://hub.example.go.id", allow_http=False)
    with pytest.raises(SyncError, match="plain http"):
        check_url("http://hub.example.go.id", allow_http=False)
    assert check_url("http://hub.example.go.id", allow_http=True)
    with pytest.raises(SyncError, match="not an http"):
        check_url("ftp://x", allow_http=True)


def dead_pid() -> str:
    """The process id of a process that has just ended."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def test_a_lease_of_a_process_that_died_is_taken_over_at_once(tmp_path: Path) -> None:
    import socket

    from ektp_desk.store import outbox
    from ektp_desk.store.db import connect
    from ektp_desk.sync.lease import owner_gone

    dead = dead_pid()
    host = socket.gethostname()
    conn = connect(tmp_path / "d.sqlite3")
    times = {"now": "2026-11-28T10:00:00", "expires": "2026-11-28T10:02:00"}
    assert outbox.take_lease(conn, owner=f"{host}:{os.getpid()}:1", **times)
    assert not outbox.take_lease(conn, owner="other", stale=owner_gone, **times)  # alive
    conn.execute("UPDATE sync_lease SET owner = ?", (f"{host}:{dead}:1",))
    assert owner_gone(f"{host}:{dead}:1") and not owner_gone(f"elsewhere:{dead}:1")
    assert not outbox.take_lease(conn, owner="other", **times)  # without the check: wait
    assert outbox.take_lease(conn, owner="other", stale=owner_gone, **times)
    conn.close()


def test_plain_copies_of_killed_backups_are_removed_and_running_ones_kept(tmp_path: Path) -> None:

    from ektp_desk.store.leftovers import private_temp, remove_stale_temps

    dead = dead_pid()
    left = tmp_path / f".backup-{dead}-abc.sqlite3"
    left.write_bytes(b"plain")
    journal = tmp_path / f".backup-{dead}-abc.sqlite3-journal"
    journal.write_bytes(b"pages")
    mine = private_temp(tmp_path)
    assert not left.exists() and not journal.exists() and mine.exists()
    assert remove_stale_temps(tmp_path) == 0 and mine.exists()


def test_sync_state_changes_do_not_write_the_payloads_again(tmp_path: Path) -> None:
    from ektp_desk.demo import BiometricDetail, seed
    from ektp_desk.store import outbox
    from tests.conftest import new_desk, pin_test_hub

    desk = new_desk(tmp_path / "desk")
    pin_test_hub(desk)
    seed(desk, recordings=40, detail=BiometricDetail.SMALL)
    conn = desk.session.connection
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    payload_bytes = conn.execute("SELECT sum(size) FROM outbox").fetchone()[0]
    batch = outbox.claim(conn, max_records=40, max_bytes=10**9, at="2026-11-28T10:00:00")
    outbox.settle(conn, [outbox.Settlement(p.record_id, "acked") for p in batch],
                  at="2026-11-28T10:00:01")  # fmt: skip
    written = (tmp_path / "desk" / "desk.sqlite3-wal").stat().st_size
    assert len(batch) == 40
    assert written < payload_bytes / 10  # metadata only: no payload written again
    desk.close()
