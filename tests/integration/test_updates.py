"""Updates over the hub's link, against a real `ektp-hub serve` (on SQLite and on
PostgreSQL): a release added and signed, offered in the sync's own answer, downloaded in
ranges, checked against the release key the desk pinned, and installed on confirmation;
a file altered on the hub refused and deleted; and the download over a 2 Mbit/s link
that drops, resumed where it broke off."""

from __future__ import annotations

import hashlib
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ektp_desk.desk import DeskError
from ektp_desk.sync.client import HubClient
from tests.conftest import new_desk
from tests.hubproc import HubProcess
from tests.netns import ShapedLink

INSTALLER = os.urandom(300_000)


def release_hub(folder: Path, db: str | None = None, **kwargs: object) -> HubProcess:
    hub = HubProcess(folder, db=db, **kwargs)  # type: ignore[arg-type]
    hub.env["EKTP_HUB_RELEASES"] = str(folder / "releases")
    hub.keygen()
    return hub


def add(hub: HubProcess, tmp_path: Path, version: str, data: bytes = INSTALLER) -> str:
    source = tmp_path / f"setup-{version}.exe"
    source.write_bytes(data)
    return hub.cli("release", "add", str(source), "--version", version, "--notes", "fixes").stdout


@pytest.fixture
def hub(tmp_path: Path, hub_db: str) -> Iterator[HubProcess]:
    process = release_hub(tmp_path / "hub", hub_db)
    yield process
    process.stop()


def test_a_release_is_signed_offered_at_sync_downloaded_and_installed(
    tmp_path: Path, hub: HubProcess
) -> None:
    said = add(hub, tmp_path, "99.10.0")
    assert "release key written" in said and "release 99.10.0 added: 300000 bytes" in said
    add(hub, tmp_path, "99.9.0", b"older")  # added later, but an older version
    again = hub.cli("release", "add", str(tmp_path / "setup-99.10.0.exe"), "--version",
                    "99.10.0", check=False)  # fmt: skip
    assert again.returncode == 2 and "already added" in again.stderr
    bad = hub.cli("release", "add", str(tmp_path / "setup-99.10.0.exe"), "--version", "next",
                  check=False)  # fmt: skip
    assert bad.returncode == 2 and "not a version" in bad.stderr
    listed = hub.cli("release", "list").stdout.splitlines()
    assert listed[1].startswith("99.10.0") and listed[2].startswith("99.9.0")
    kid = listed[0].split()[-1]
    key_file = hub.key_path.with_suffix("").with_suffix(".release.pem")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert b"ENCRYPTED" in key_file.read_bytes()

    hub.start()
    token = hub.add_desk("PALU-BARAT-1")
    url = hub.url + "/api/v1/release"
    assert requests.get(url, timeout=10).status_code == 401
    auth = {"Authorization": f"Bearer {token}"}
    offer = requests.get(url, headers=auth, timeout=10).json()
    assert (offer["version"], offer["size"], offer["key_id"]) == ("99.10.0", 300000, kid)
    assert offer["sha256"] == hashlib.sha256(INSTALLER).hexdigest()
    whole = requests.get(url + "/download", headers=auth, timeout=10)
    assert whole.status_code == 200 and whole.content == INSTALLER
    rest = requests.get(url + "/download", headers={**auth, "Range": "bytes=100000-"}, timeout=10)
    assert rest.status_code == 206 and rest.content == INSTALLER[100000:]
    assert rest.headers["content-range"] == "bytes 100000-299999/300000"
    past = requests.get(url + "/download", headers={**auth, "Range": "bytes=300000-"}, timeout=10)
    assert past.status_code == 416

    desk = new_desk(tmp_path / "desk")
    try:
        desk.hub.set(hub.url, token)
        assert desk.settings["hub_release_key_id"] == kid
        assert desk.updates.offered() is None  # no sync yet
        assert desk.hub.engine().run().ok
        offered = desk.updates.offered()
        assert offered is not None and offered.version == "99.10.0"
        path = desk.updates.download()
        assert path.read_bytes() == INSTALLER and not path.with_name(path.name + ".part").exists()
        ran: list[Path] = []
        with pytest.raises(DeskError, match="confirm"):
            desk.updates.install(confirmed=False, runner=ran.append)
        assert ran == [] and not desk.closed
        desk.updates.install(confirmed=True, runner=ran.append)
        assert ran == [path] and desk.closed
    finally:
        if not desk.closed:
            desk.close()


@pytest.mark.parametrize("hub_db", ["sqlite"], indirect=True)
def test_a_file_altered_on_the_hub_is_refused_and_deleted(tmp_path: Path, hub: HubProcess) -> None:
    add(hub, tmp_path, "99.0.0")
    served = tmp_path / "hub" / "releases" / "ektp-desk-99.0.0-setup.exe"
    served.write_bytes(INSTALLER[:-1] + bytes([INSTALLER[-1] ^ 1]))  # one bit, same size
    hub.start()
    desk = new_desk(tmp_path / "desk")
    try:
        desk.hub.set(hub.url, hub.add_desk("PALU-BARAT-1"))
        desk.hub.engine().run()
        with pytest.raises(DeskError, match=r"refused and its file deleted.*SHA-256"):
            desk.updates.download()
        assert list((desk.data_dir / "updates").iterdir()) == []
        assert desk.updates.ready() is None
        actions = [r[0] for r in desk.session.connection.execute("SELECT action FROM audit")]
        assert "update.refused" in actions and "update.downloaded" not in actions
    finally:
        desk.close()


@pytest.mark.slow
def test_the_download_resumes_after_the_2_mbit_link_drops(tmp_path: Path, link: ShapedLink) -> None:
    data = os.urandom(1_500_000)  # 6 s at 2 Mbit/s
    hub = release_hub(tmp_path / "hub", host=link.ns_ip, port=8080)
    add(hub, tmp_path, "99.1.0", data)
    token = hub.add_desk("PALU-BARAT-1")
    hub.start("--allow-http", netns=link.name)
    desk = new_desk(tmp_path / "desk")
    try:
        desk.hub.set(hub.url, token, allow_http=True)
        desk.hub.engine().run()
        client = HubClient(hub.url, token, read_timeout=3)
        seen: list[int] = []
        failed: list[BaseException] = []

        def first_try() -> None:
            try:
                plan.run(progress=lambda held, size: seen.append(held), stream_timeout=3)
            except DeskError as exc:
                failed.append(exc)

        plan = desk.updates.plan_download(client)
        worker = threading.Thread(target=first_try)
        worker.start()
        while not seen or seen[-1] < 400_000:
            time.sleep(0.1)
        link.down()
        worker.join(30)
        assert failed and "broke off" in str(failed[0]), failed
        kept = plan.part.stat().st_size
        assert 400_000 <= kept < len(data)
        link.up()
        received_before = link.rx_bytes()
        started = time.monotonic()
        path = desk.updates.download(client, stream_timeout=10)
        seconds = time.monotonic() - started
        assert path.read_bytes() == data
        print(
            f"\nresumed at {kept} of {len(data)} bytes; the rest ({len(data) - kept} bytes) took "
            f"{seconds:.1f} s and {link.rx_bytes() - received_before} bytes on the link"
        )
        # Only the rest crossed the link again (frames and headers add a few per cent).
        assert link.rx_bytes() - received_before < (len(data) - kept) * 1.1
    finally:
        desk.close()
        hub.stop()
