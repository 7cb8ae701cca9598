"""A 300-record sync over a 2 Mbit/s link of our own that drops several times, carried by
the background service with no one restarting it."""

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
from tests.netns import ShapedLink

pytestmark = pytest.mark.slow


def acked(desk: Desk) -> int:
    return int(
        desk.session.connection.execute(
            "SELECT count(*) FROM outbox WHERE state = 'acked'"
        ).fetchone()[0]
    )


def test_sync_survives_a_flapping_link(tmp_path: Path, link: ShapedLink) -> None:
    hub = HubProcess(tmp_path / "hub", host=link.ns_ip, port=8080)
    hub.keygen()
    token = hub.add_desk("PALU-BARAT-1")
    hub.start("--allow-http", netns=link.name)  # plain http on the namespace's address
    desk = new_desk(tmp_path / "desk")
    service: subprocess.Popen[bytes] | None = None
    try:
        desk.hub.set(hub.url, token, allow_http=True)
        seed(desk, recordings=300, seed_value=21, detail=BiometricDetail.SMALL)
        log = (tmp_path / "service.log").open("wb")
        service = subprocess.Popen(
            [sys.executable, "-m", "ektp_desk", "sync"],
            env={
                **os.environ,
                "EKTP_DESK_DATA_DIR": str(desk.data_dir),
                "XDG_STATE_HOME": str(tmp_path / "state"),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        flaps = 0
        deadline = time.monotonic() + 600
        while acked(desk) < 300 and time.monotonic() < deadline:
            time.sleep(4)
            if flaps < 4 and 0 < acked(desk) < 300:
                link.down()
                time.sleep(3 + flaps)
                link.up()
                flaps += 1
        assert flaps >= 3, "the link must go down and up several times during the sync"
        assert acked(desk) == 300, (tmp_path / "service.log").read_text()[-3000:]
        assert service.poll() is None, "the service must still be running"
        held = json.loads(hub.cli("records", "--json").stdout)
        assert len(held) == len({r["record_id"] for r in held}) == 300
    finally:
        if service is not None:
            service.send_signal(signal.SIGTERM)
            try:
                service.wait(timeout=40)
            except subprocess.TimeoutExpired:
                service.kill()
        hub.stop()
        desk.close()
