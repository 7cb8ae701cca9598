"""Desk to hub over real HTTP: a real `ektp-hub serve` process on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk, DeskError
from ektp_desk.hub.ingest import open_record
from ektp_desk.hub.store import open_store
from ektp_desk.protocol.envelope import private_key_from_pem
from ektp_desk.protocol.wire import Manifest, ManifestEntry
from ektp_desk.store import outbox
from ektp_desk.sync.client import HubClient
from ektp_desk.sync.pace import Backoff
from ektp_desk.sync.service import SyncService
from tests.conftest import new_desk
from tests.hubproc import PASSPHRASE, HubProcess, free_port
from tests.integration.conftest import DeskMaker, hub_records, states
from tests.nginxproc import self_signed


def test_recordings_reach_the_hub_exactly_once_and_open(
    hub: HubProcess, make_desk: DeskMaker
) -> None:
    desk = make_desk(connect=False)
    seed(desk, recordings=40, seed_value=2, detail=BiometricDetail.SMALL)
    assert states(desk) == {"queued": 40}
    formats = {f for (f,) in desk.session.connection.execute("SELECT payload_format FROM outbox")}
    assert formats == {"held-v1"}  # no hub key yet: sealed for the desk's holding key

    key, sealed = desk.hub.set(hub.url, desk.hub_token)  # type: ignore[attr-defined]
    assert sealed == 40 and len(key) == 16
    formats = {f for (f,) in desk.session.connection.execute("SELECT payload_format FROM outbox")}
    assert formats == {"sealed-v1"}

    report = desk.hub.engine().run()
    assert report.ok, report.error
    assert (report.acked, report.waiting) == (40, 0)
    assert states(desk) == {"acked": 40}

    held = hub_records(hub)
    desk_ids = {r for (r,) in desk.session.connection.execute("SELECT record_id FROM recordings")}
    assert sorted(r["record_id"] for r in held) == sorted(desk_ids)
    assert {r["outcome"] for r in held} == {"accepted"}

    private = private_key_from_pem(hub.key_path.read_bytes(), PASSPHRASE.encode())
    store = open_store(hub.db)
    rows = desk.session.connection.execute("SELECT record_id, biodata, captures FROM recordings")
    for record_id, biodata, captures in rows:
        opened = open_record(
            store.envelope(record_id) or b"", private_key=private, record_id=record_id,
            desk_id="PALU-BARAT-1",
        )  # fmt: skip
        assert opened.biodata == json.loads(biodata)
        images = [slot for slot, v in json.loads(captures).items() if not isinstance(v, dict)]
        assert sorted(opened.files) == sorted(slot.replace(".", "/") + ".png" for slot in images)
    shown = hub.cli("open", held[0]["record_id"], "--json")
    assert json.loads(shown.stdout)["biodata"]["nik"] == held[0]["nik"]


def test_resending_an_acked_batch_changes_nothing(hub: HubProcess, make_desk: DeskMaker) -> None:
    desk = make_desk()
    seed(desk, recordings=10, seed_value=3, detail=BiometricDetail.NONE)
    assert desk.hub.engine().run().acked == 10
    rows = desk.session.connection.execute(
        "SELECT o.record_id, r.nik, r.finalized_at, r.local_date, o.sha256, p.payload"
        " FROM outbox o JOIN recordings r USING (record_id) JOIN payloads p USING (record_id)"
    ).fetchall()
    manifest = Manifest(
        "resend-1",
        "PALU-BARAT-1",
        tuple(ManifestEntry(r[0], r[1], r[2], r[3], r[4], len(r[5])) for r in rows),
    )
    result = desk.hub.client().send_batch(manifest, [(r[0], bytes(r[5])) for r in rows])
    assert {r.outcome.value for r in result.results.values()} == {"already_received"}
    assert len(hub_records(hub)) == 10
    again = desk.hub.engine().run()
    assert (again.sent, again.acked) == (0, 0)
    assert states(desk) == {"acked": 10}


def test_the_same_id_with_other_content_is_refused_and_never_overwrites(
    hub: HubProcess, make_desk: DeskMaker
) -> None:
    desk = make_desk()
    seed(desk, recordings=2, seed_value=4, detail=BiometricDetail.NONE)
    desk.hub.engine().run()
    (r1, nik1, fin1, day1, _, env1), (_, *_rest, env2) = desk.session.connection.execute(
        "SELECT o.record_id, r.nik, r.finalized_at, r.local_date, o.sha256, p.payload"
        " FROM outbox o JOIN recordings r USING (record_id) JOIN payloads p USING (record_id)"
        " ORDER BY o.id"
    ).fetchall()
    import hashlib

    forged = bytes(env2)
    manifest = Manifest(
        "forge", "PALU-BARAT-1",
        (ManifestEntry(r1, nik1, fin1, day1, hashlib.sha256(forged).hexdigest(), len(forged)),),
    )  # fmt: skip
    result = desk.hub.client().send_batch(manifest, [(r1, forged)])
    assert result.results[r1].outcome.value == "rejected"
    assert "conflict" in (result.results[r1].reason or "")
    store = open_store(hub.db)
    assert store.envelope(r1) == bytes(env1)


def test_the_hub_killed_mid_sync_then_restarted_gets_everything_once(
    hub: HubProcess, make_desk: DeskMaker
) -> None:
    desk = make_desk()
    seed(desk, recordings=150, seed_value=5, detail=BiometricDetail.SMALL)
    store = open_store(hub.db)
    outcome: dict[str, object] = {}

    def sync() -> None:
        worker = Desk.open(desk.data_dir)
        try:
            outcome["report"] = worker.hub.engine().run()
        finally:
            worker.close()

    thread = threading.Thread(target=sync)
    thread.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        held = sum(count for _, _, count in store.counts())
        if held > 0:
            break
        time.sleep(0.005)
    hub.kill()
    thread.join(timeout=60)
    first = outcome["report"]
    assert not first.ok and first.error_kind == "network"  # type: ignore[attr-defined]
    assert states(desk).get("sending", 0) == 0
    # Whatever the kill interrupted (the hub may have stored a batch whose answer never
    # reached the desk), those records wait, queued, for the next run.
    assert states(desk).get("queued", 0) > 0

    hub.start()
    report = desk.hub.engine().run()
    assert report.ok, report.error
    assert states(desk) == {"acked": 150}
    held = hub_records(hub)
    assert len(held) == len({r["record_id"] for r in held}) == 150


class StubHub(BaseHTTPRequestHandler):
    """A hub that misbehaves in one chosen way."""

    mode = "500"

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.mode == "hang":
            time.sleep(3)
        if self.mode == "garbage":
            self._send(200, b"<html>captive portal</html>", "text/html")
            return
        if self.path.endswith("/audit/head"):  # a hub from before audit heads
            self._send(404, b'{"error": "not_found", "message": "stub"}')
            return
        limits = {"max_batch_bytes": 16_000_000, "max_batch_records": 500}
        self._send(200, json.dumps({"status": "ok", "limits": limits}).encode())

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        if self.mode == "hang":
            time.sleep(3)
            return
        status = {"500": 500, "401": 401, "413": 413}.get(self.mode, 200)
        body = b'{"error": "x", "message": "stub"}' if status != 200 else b"\x00\xffnot json"
        self._send(status, body)


@pytest.mark.parametrize(
    ("mode", "kind"),
    [
        ("500", "server"),
        ("garbage", "protocol"),
        ("401", "auth"),
        ("413", "other"),
        ("hang", "network"),
    ],
)
def test_a_misbehaving_hub_loses_nothing_and_the_real_one_then_gets_it_all(
    hub: HubProcess, make_desk: DeskMaker, mode: str, kind: str
) -> None:
    desk = make_desk()
    seed(desk, recordings=12, seed_value=6, detail=BiometricDetail.NONE)
    handler = type("Stub", (StubHub,), {"mode": mode})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        stub = HubClient(
            f"http://127.0.0.1:{server.server_address[1]}",
            "token",
            read_timeout=1.0,
        )
        report = desk.hub.engine(stub).run()
    finally:
        server.shutdown()
        server.server_close()
    assert not report.ok and report.error_kind == kind, report.error
    assert report.acked == 0
    assert states(desk) == {"queued": 12}
    assert desk.status().sync.last_error

    report = desk.hub.engine().run()
    assert report.ok and report.acked == 12
    assert len(hub_records(hub)) == 12


def test_the_service_backs_off_and_syncs_when_the_hub_comes_back(
    tmp_path: Path, hub: HubProcess, make_desk: DeskMaker
) -> None:
    desk = make_desk()
    seed(desk, recordings=20, seed_value=7, detail=BiometricDetail.NONE)
    hub.stop()
    reports = []
    stop = threading.Event()

    def make_engine():  # type: ignore[no-untyped-def]
        worker = Desk.open(desk.data_dir)
        engine = worker.hub.engine()
        engine.client.timeout = (0.5, 2.0)
        return engine

    service = SyncService(
        make_engine,
        backoff=Backoff(base=0.2, cap=1.0),
        probe_interval=0.2,
        idle_interval=0.2,
        on_report=reports.append,
    )
    thread = threading.Thread(target=service.run_forever, args=(stop,))
    thread.start()
    try:
        time.sleep(1.5)
        assert all(r.error_kind == "network" for r in reports) and len(reports) >= 2
        hub.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and states(desk) != {"acked": 20}:
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert states(desk) == {"acked": 20}
    assert len(hub_records(hub)) == 20


def test_the_same_nik_from_two_desks_is_a_duplicate_on_the_second(
    hub: HubProcess, make_desk: DeskMaker, make_recording: Callable[..., dict[str, object]]
) -> None:
    first, second = make_desk("DESK-A"), make_desk("DESK-B")
    a = first.recordings.save(make_recording())
    b = second.recordings.save(make_recording())
    assert first.hub.engine().run().acked == 1
    report = second.hub.engine().run()
    assert report.duplicates == 1 and report.ok
    status = second.status()
    assert status.outbox.by_state["duplicate_nik"] == 1
    (detail,) = second.session.connection.execute(
        "SELECT hub_detail FROM outbox WHERE record_id = ?", (b.record_id,)
    ).fetchone()
    assert json.loads(detail)["first"]["desk_id"] == "DESK-A"
    assert json.loads(detail)["first"]["record_id"] == a.record_id
    assert {r["outcome"] for r in hub_records(hub)} == {"accepted", "duplicate_nik"}


def test_hub_set_checks_the_token_and_the_desk(hub: HubProcess, make_desk: DeskMaker) -> None:
    desk = make_desk(connect=False)
    other = hub.add_desk("DESK-OTHER")
    with pytest.raises(DeskError, match="belongs to desk DESK-OTHER"):
        desk.hub.set(hub.url, other)
    with pytest.raises(DeskError, match="refused this desk's token"):
        desk.hub.set(hub.url, "not-a-token")
    with pytest.raises(DeskError, match="could not be used"):
        desk.hub.set(f"http://127.0.0.1:{free_port()}", desk.hub_token)  # type: ignore[attr-defined]
    assert "hub_url" not in desk.settings


def test_the_hub_refuses_bad_batches_with_json(hub: HubProcess, make_desk: DeskMaker) -> None:
    desk = make_desk()
    token = desk.hub_token  # type: ignore[attr-defined]
    url = hub.url + "/api/v1/batches"
    r = requests.post(url, data=b"x", timeout=5)
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"
    auth = {"Authorization": f"Bearer {token}"}
    r = requests.post(url, data=b"x" * 20_000_000, headers=auth, timeout=30)
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    r = requests.post(url, files={"manifest": (None, "{nope")}, headers=auth, timeout=5)
    assert r.status_code == 400 and "manifest" in r.json()["message"]
    hub.cli("desk", "revoke", "PALU-BARAT-1")
    r = requests.get(hub.url + "/api/v1/desk", headers=auth, timeout=5)
    assert r.status_code == 401 and r.json()["error"] == "revoked"
    health = requests.get(hub.url + "/api/v1/health", timeout=5)
    assert health.json()["limits"]["max_batch_bytes"] > 0 and "date" in health.headers
    assert "/api/v1/batches" in requests.get(hub.url + "/openapi.json", timeout=5).json()["paths"]


def test_sync_once_command_and_status(
    hub: HubProcess, make_desk: DeskMaker, tmp_path: Path
) -> None:
    desk = make_desk()
    seed(desk, recordings=5, seed_value=8, detail=BiometricDetail.NONE)
    env = {"EKTP_DESK_DATA_DIR": str(desk.data_dir), "XDG_STATE_HOME": str(tmp_path / "s")}
    done = subprocess.run(
        [sys.executable, "-m", "ektp_desk", "sync", "--once", "--json"],
        capture_output=True, text=True, env={**hub.env, **env}, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["acked"] == 5
    status = subprocess.run(
        [sys.executable, "-m", "ektp_desk", "status", "--json"],
        capture_output=True, text=True, env={**hub.env, **env}, timeout=60, check=False,
    )  # fmt: skip
    sync = json.loads(status.stdout)["sync"]
    assert sync["last_success"] and sync["key_id"] and sync["clock_warning"] is None
    hub.stop()
    seed(desk, recordings=1, seed_value=9, detail=BiometricDetail.NONE)
    done = subprocess.run(
        [sys.executable, "-m", "ektp_desk", "sync", "--once"],
        capture_output=True, text=True, env={**hub.env, **env}, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and "does not answer" in done.stderr


def test_one_sync_run_at_a_time(hub: HubProcess, make_desk: DeskMaker) -> None:
    desk = make_desk()
    other = Desk.open(desk.data_dir)
    try:
        now = "2026-01-01T00:00:00.000+00:00"
        assert outbox.take_lease(
            other.session.connection, owner="elsewhere", now=now, expires="9999"
        )
        report = desk.hub.engine().run()
        assert report.error_kind == "busy"
        outbox.drop_lease(other.session.connection, owner="elsewhere")
        assert desk.hub.engine().run().ok
    finally:
        other.close()


def test_clock_warning_and_purge_after_acknowledgement(
    tmp_path: Path, hub: HubProcess, make_recording: Callable[..., dict[str, object]]
) -> None:
    from datetime import UTC, datetime, timedelta

    from tests.conftest import FakeClock

    clock = FakeClock(datetime.now(UTC) - timedelta(minutes=20))  # a desk 20 minutes slow
    desk = new_desk(tmp_path / "slow", "SLOW-1", clock=clock)
    try:
        desk.hub.set(hub.url, hub.add_desk("SLOW-1"))
        saved = desk.recordings.save(make_recording(recorded_at=None))
        assert desk.hub.engine().run().acked == 1
        sync = desk.status().sync
        assert sync.clock_skew_seconds is not None and sync.clock_skew_seconds < -1100
        assert "differs from the hub's" in (sync.clock_warning or "")

        def payload() -> bytes | None:
            row = desk.session.connection.execute(
                "SELECT payload FROM payloads WHERE record_id = ?", (saved.record_id,)
            ).fetchone()
            return row[0] if row else None  # type: ignore[no-any-return]

        clock.advance(days=6)
        desk.hub.engine().run()
        assert payload() is not None
        clock.advance(days=1, minutes=1)
        desk.hub.engine().run()
        assert payload() is None  # purged 7 days after the ack
        assert desk.recordings.get(saved.record_id) is not None  # the metadata stays
    finally:
        desk.close()


def test_https_with_verification_and_a_custom_ca_bundle(
    tmp_path: Path, make_recording: Callable[..., dict[str, object]]
) -> None:
    cert, key = self_signed(tmp_path)
    hub = HubProcess(tmp_path / "tls-hub", tls=(cert, key))
    hub.keygen()
    token = hub.add_desk("TLS-1")
    hub.start()
    url = hub.url
    desk = new_desk(tmp_path / "desk", "TLS-1")
    try:
        with pytest.raises(DeskError, match="TLS"):
            desk.hub.set(url, token)  # the system CAs do not know this certificate
        desk.hub.set(url, token, ca_bundle=cert)
        desk.recordings.save(make_recording())
        report = desk.hub.engine().run()
        assert report.ok and report.acked == 1
        day = json.loads(hub.cli("records", "--json").stdout)[0]["recorded_on"]
        tally = json.loads(hub.cli("tally", "--date", day, "--json").stdout)
        assert tally["kecamatan"] == {"72.71.02": {"TLS-1": {"accepted": 1}}}
    finally:
        desk.close()
        hub.stop()
