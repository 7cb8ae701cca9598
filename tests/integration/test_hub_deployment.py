"""The production deployment, whole, as the README's "Deploying the hub" sets it up: Debian's
nginx terminating TLS (the site printed by `ektp-hub nginx-config`, a self-signed
certificate) in front of `ektp-hub serve --workers 2` on loopback, on PostgreSQL (a
throwaway server, tests/pgproc.py). Desks sync through it as in production: every record
acked, a NIK recorded at two desks decided a duplicate naming the first, and `ektp-hub check`
finds the database clean."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from tests.conftest import new_desk
from tests.hubproc import HubProcess, free_port
from tests.integration.conftest import states
from tests.nginxproc import NginxProcess, hub_options, nginx_or_skip, self_signed


def worker_pids(hub: HubProcess) -> list[int]:
    assert hub.proc is not None
    children = Path(f"/proc/{hub.proc.pid}/task/{hub.proc.pid}/children").read_text()
    return [int(pid) for pid in children.split()]


@pytest.fixture
def deployment(tmp_path: Path, pg_url: str) -> Iterator[tuple[HubProcess, str, Path]]:
    """(the hub, the URL desks use: nginx's https, its certificate)."""
    nginx = nginx_or_skip()
    port, hub_port = free_port(), free_port()
    cert, key = self_signed(tmp_path / "tls")
    hub = HubProcess(tmp_path / "hub", port=hub_port, db=pg_url)
    site = hub.cli(
        "nginx-config", "--listen", f"127.0.0.1:{port}", "--upstream", f"127.0.0.1:{hub_port}",
        "--cert", str(cert), "--key", str(key),
    ).stdout  # fmt: skip
    hub.keygen()
    hub.start(*hub_options(site), "--workers", "2")
    front = NginxProcess(nginx, tmp_path / "nginx", site)
    try:
        front.start(port, verify=cert)
        yield hub, f"https://127.0.0.1:{port}", cert
    finally:
        front.stop()
        hub.stop()


def test_desks_sync_through_nginx_to_two_workers_on_postgresql(
    tmp_path: Path,
    deployment: tuple[HubProcess, str, Path],
    make_recording: Callable[..., dict[str, object]],
) -> None:
    hub, url, cert = deployment
    workers = worker_pids(hub)
    assert len(workers) == 2  # two processes serve, on one database
    desks: list[Desk] = []
    try:
        for desk_id in ("PALU-BARAT-1", "PALU-BARAT-2"):
            desk = new_desk(tmp_path / desk_id, desk_id)
            desk.hub.set(url, hub.add_desk(desk_id), ca_bundle=cert)  # TLS checked, by nginx
            desks.append(desk)
        first, second = desks
        seed(first, recordings=30, seed_value=7, detail=BiometricDetail.SMALL)
        a = first.recordings.save(make_recording())
        b = second.recordings.save(make_recording())  # the same resident, at the other desk

        report = first.hub.engine().run()
        assert report.ok and report.acked == 31, report.error
        report = second.hub.engine().run()
        assert report.ok and report.duplicates == 1, report.error
        assert states(first) == {"acked": 31}
        assert states(second) == {"duplicate_nik": 1}
        (detail,) = second.session.connection.execute(
            "SELECT hub_detail FROM outbox WHERE record_id = ?", (b.record_id,)
        ).fetchone()
        assert json.loads(detail)["first"] == json.loads(detail)["first"] | {
            "record_id": a.record_id,
            "desk_id": "PALU-BARAT-1",
        }
    finally:
        for desk in desks:
            desk.close()

    held = json.loads(hub.cli("records", "--json").stdout)
    assert len(held) == 32
    assert sorted(r["outcome"] for r in held).count("duplicate_nik") == 1
    checked = json.loads(hub.cli("check", "--json").stdout)  # exit 0, or cli() raises
    assert checked["faults"] == [] and checked["envelopes_checked"] == 32
    assert {(r["desk_id"], r["outcome"], r["count"]) for r in checked["records"]} == {
        ("PALU-BARAT-1", "accepted", 31),
        ("PALU-BARAT-2", "duplicate_nik", 1),
    }
    assert worker_pids(hub) == workers  # none died (and was replaced) on the way
