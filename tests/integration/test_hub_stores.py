"""The hub's commands on either store (SQLite file, PostgreSQL database), the same answers:
records, tally, open after a sync, `migrate` and `check` (which exits 1 naming a record
whose envelope no longer matches its checksum); and what `--db` / `--key` / `--workers`
refuse, in one line."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest
import requests

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.hub.store import open_store
from ektp_desk.hub.store.schema import VERSION
from ektp_desk.hub.workers import CRASH_WINDOW
from tests.hubproc import HubProcess
from tests.integration.conftest import DeskMaker, hub_records


def test_every_command_answers_the_same_on_either_store(
    hub: HubProcess, make_desk: DeskMaker
) -> None:
    desk = make_desk()
    seed(desk, recordings=4, seed_value=11, detail=BiometricDetail.NONE)
    assert desk.hub.engine().run().acked == 4
    held = hub_records(hub)
    assert len(held) == 4 and {r["outcome"] for r in held} == {"accepted"}
    day = held[0]["recorded_on"]
    tally = json.loads(hub.cli("tally", "--date", day, "--json").stdout)
    assert tally["kecamatan"]["72.71.02"]["PALU-BARAT-1"]["accepted"] == sum(
        r["recorded_on"] == day for r in held
    )
    shown = json.loads(hub.cli("open", held[0]["record_id"], "--json").stdout)
    assert shown["biodata"]["nik"] == held[0]["nik"]

    migrated = hub.cli("migrate")
    assert f"schema version {VERSION}, up to date" in migrated.stdout
    checked = json.loads(hub.cli("check", "--json").stdout)
    assert checked["schema_version"] == VERSION
    assert checked["envelopes_checked"] == 4 and checked["faults"] == []
    assert checked["records"] == [{"desk_id": "PALU-BARAT-1", "outcome": "accepted", "count": 4}]

    victim = held[2]["record_id"]
    store = open_store(hub.db)
    try:
        with store.database.write() as conn:
            conn.execute("UPDATE records SET envelope = ? WHERE record_id = ?", (b"rot", victim))
    finally:
        store.close()
    bad = hub.cli("check", check=False)
    assert bad.returncode == 1
    assert f"FAULT: record {victim} of desk PALU-BARAT-1" in bad.stdout
    assert "envelopes checked: 4, faults: 1" in bad.stdout


def test_check_of_a_file_that_is_not_there_creates_none(tmp_path: Path) -> None:
    process = HubProcess(tmp_path / "hub")
    done = process.cli("check", check=False)
    assert done.returncode == 2
    assert done.stderr.strip() == f"ektp-hub: error: no hub database at {process.db}"
    assert not Path(process.db).exists()


def test_migrate_creates_an_empty_database_and_check_then_passes(
    hub_db: str, tmp_path: Path
) -> None:
    process = HubProcess(tmp_path / "hub", db=hub_db)
    done = process.cli("migrate")
    assert f"schema version 0 -> {VERSION}" in done.stdout
    again = process.cli("check")
    assert f"schema version {VERSION} (this ektp-hub: {VERSION})" in again.stdout
    assert "envelopes checked: 0, faults: 0" in again.stdout


def test_a_url_needs_the_key_given_and_sqlite_serves_with_one_worker(
    tmp_path: Path, pg_url: str
) -> None:
    on_pg = HubProcess(tmp_path / "pg", db=pg_url)
    on_pg.env.pop("EKTP_HUB_KEY")
    done = on_pg.cli("keygen", check=False)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "ektp-hub: error: the hub database is a postgresql:// URL, with no folder for the key"
        " beside it: give the key file with --key or EKTP_HUB_KEY"
    ]
    on_sqlite = HubProcess(tmp_path / "sqlite")
    on_sqlite.keygen()
    refused = on_sqlite.cli("serve", "--workers", "2", check=False)
    assert refused.returncode == 2
    assert "--workers 2 needs a postgresql:// --db" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_database_it_cannot_reach_is_one_line(tmp_path: Path) -> None:
    process = HubProcess(tmp_path / "hub", db="postgresql://nobody@127.0.0.1:9/none")
    done = process.cli("desk", "list", check=False)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "ektp-hub: error: cannot connect to the hub database postgresql://127.0.0.1:9/none"
    )


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for whoever adopted it to reap it is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _gone(pids: set[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_workers_serve_on_one_port_are_replaced_and_stop_with_the_hub(
    tmp_path: Path, pg_url: str
) -> None:
    hub = HubProcess(tmp_path / "hub", db=pg_url)
    hub.keygen()
    token = hub.add_desk("PALU-BARAT-1")
    hub.start("--workers", "3")
    assert hub.proc is not None
    try:
        first_workers = _children(hub.proc.pid)
        hub.kill()  # as a power cut: the next start finds the port free and no worker left
        assert _gone(first_workers)
        hub.start("--workers", "3")
        started = time.monotonic()
        assert hub.proc is not None
        workers = _children(hub.proc.pid)
        assert len(workers) == 3
        for _ in range(30):
            answer = requests.get(
                hub.url + "/api/v1/desk", headers={"Authorization": f"Bearer {token}"}, timeout=5
            )
            assert answer.status_code == 200
        # A worker that dies after its start is replaced (one dying as it starts stops the
        # hub instead: a fault a new one would repeat).
        time.sleep(max(0.0, CRASH_WINDOW - (time.monotonic() - started)) + 0.5)
        dead = min(workers)
        os.kill(dead, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while len(_children(hub.proc.pid) - {dead}) < 3 or _alive(dead):
            assert time.monotonic() < deadline, "the dead worker was not replaced"
            time.sleep(0.05)
        workers = _children(hub.proc.pid)
        assert requests.get(hub.url + "/api/v1/health", timeout=5).status_code == 200
        hub.proc.send_signal(signal.SIGTERM)
        assert hub.proc.wait(timeout=20) == 0
        assert _gone(workers), "a worker outlived its hub"
    finally:
        hub.kill()
