"""Slow, far and bloated links (a shared 4G modem): one `sync --once` finishes what it
starts, every byte crosses once, and the service stops at once when asked.

The link is a loopback proxy that paces and delays each direction (tests/linkproxy.py);
the baseline is a raw TCP stream of the same bytes through a link of the same shape,
measured in the same test.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from tests.conftest import new_desk
from tests.hubproc import HubProcess
from tests.integration.conftest import hub_records, states
from tests.linkproxy import SlowLink, raw_stream_seconds

pytestmark = pytest.mark.slow

# (name, link shape, recordings, least goodput against the raw stream)
LINKS = [
    ("2 Mbit/s, 300 ms RTT", {"rate_bits": 2_000_000, "rtt": 0.3}, 12, 0.9),
    ("512 kbit/s, 500 ms RTT", {"rate_bits": 512_000, "rtt": 0.5}, 5, 0.9),
    (
        "256 kbit/s, 1 s RTT, 2 MB buffer",
        {"rate_bits": 256_000, "rtt": 1.0, "buffer": 2 * 1024 * 1024},
        3,
        0.85,
    ),
]


def envelope_bytes(desk: Desk) -> int:
    return int(desk.session.connection.execute("SELECT sum(size) FROM outbox").fetchone()[0])


def desk_env(desk: Desk, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "EKTP_DESK_DATA_DIR": str(desk.data_dir),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }


def slow_desk(tmp_path: Path, hub: HubProcess, link: SlowLink, recordings: int) -> Desk:
    desk = new_desk(tmp_path / "desk")
    desk.hub.set(link.url, hub.add_desk("PALU-BARAT-1"))
    seed(desk, recordings=recordings, seed_value=31, detail=BiometricDetail.REALISTIC)
    return desk


def sync_once_over(
    tmp_path: Path, shape: dict[str, object], recordings: int
) -> tuple[dict[str, object], int, int, float]:
    """(the run's JSON report, envelope bytes, bytes sent toward the hub, raw seconds)."""
    hub = HubProcess(tmp_path / "hub")
    hub.keygen()
    hub.start()
    try:
        with SlowLink(upstream=("127.0.0.1", hub.port), **shape) as link:  # type: ignore[arg-type]
            desk = slow_desk(tmp_path, hub, link, recordings)
            try:
                envelopes = envelope_bytes(desk)
                before = link.bytes_up  # what `hub set` sent
                done = subprocess.run(
                    [sys.executable, "-m", "ektp_desk", "sync", "--once", "--json"],
                    env=desk_env(desk, tmp_path),
                    capture_output=True,
                    text=True,
                    timeout=900,
                    check=False,
                )
                sent = link.bytes_up - before
                assert done.returncode == 0, done.stdout + done.stderr
                report = json.loads(done.stdout)
                assert states(desk) == {"acked": recordings}
            finally:
                desk.close()
        held = hub_records(hub)
        assert len(held) == len({r["record_id"] for r in held}) == recordings
    finally:
        hub.stop()
    return report, envelopes, sent, raw_stream_seconds(shape, envelopes)


@pytest.mark.parametrize(
    ("shape", "recordings", "least"),
    [pytest.param(shape, n, least, id=name) for name, shape, n, least in LINKS],
)
def test_one_sync_once_finishes_on_a_slow_far_link(
    tmp_path: Path, shape: dict[str, object], recordings: int, least: float
) -> None:
    report, envelopes, sent, raw = sync_once_over(tmp_path, shape, recordings)
    goodput = envelopes / float(report["seconds"])  # type: ignore[arg-type]
    ratio = goodput / (envelopes / raw)
    assert report["acked"] == recordings and report["error"] is None
    assert ratio >= least, f"goodput {ratio:.3f} of the raw stream ({report})"
    assert sent <= 1.05 * envelopes, f"{sent} bytes sent for {envelopes} of envelopes"


def test_the_service_stops_within_two_seconds_mid_upload(tmp_path: Path) -> None:
    hub = HubProcess(tmp_path / "hub")
    hub.keygen()
    hub.start()
    shape = {"rate_bits": 256_000, "rtt": 1.0, "buffer": 2 * 1024 * 1024}
    try:
        with SlowLink(upstream=("127.0.0.1", hub.port), **shape) as link:  # type: ignore[arg-type]
            desk = slow_desk(tmp_path, hub, link, 3)
            try:
                for signum in (signal.SIGTERM, signal.SIGINT):
                    service = subprocess.Popen(
                        [sys.executable, "-m", "ektp_desk", "sync"],
                        env=desk_env(desk, tmp_path),
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                    )
                    deadline = time.monotonic() + 60
                    while "sending" not in states(desk) and time.monotonic() < deadline:
                        time.sleep(0.05)
                    assert "sending" in states(desk), "no upload started"
                    time.sleep(1.0)  # well into the upload
                    asked = time.monotonic()
                    service.send_signal(signum)
                    service.wait(timeout=30)
                    took = time.monotonic() - asked
                    assert took < 2.0, f"the service took {took:.1f} s to stop"
                    assert "sending" not in states(desk)
                    lease = desk.session.connection.execute(
                        "SELECT count(*) FROM sync_lease"
                    ).fetchone()
                    assert lease[0] == 0, "the lease was not released"
            finally:
                desk.close()
    finally:
        hub.stop()
