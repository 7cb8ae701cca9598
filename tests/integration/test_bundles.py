"""Bundles on a USB stick when the link is down: through a real `ektp-hub` (CLI and server)
and the `ektp-desk` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk, DeskError
from ektp_desk.protocol.bundle import BundleReader, bundle_key, sign_entry, write_bundle
from tests.conftest import ADMIN_PASSWORD
from tests.hubproc import HubProcess
from tests.integration.conftest import DeskMaker, hub_records, states


def desk_cli(desk: Desk, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "EKTP_DESK_DATA_DIR": str(desk.data_dir),
        "EKTP_DESK_USER": "admin",
        "EKTP_DESK_PASSWORD": ADMIN_PASSWORD,
        "XDG_STATE_HOME": str(desk.data_dir.parent / "state"),
    }
    return subprocess.run(
        [sys.executable, "-m", "ektp_desk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def hub_import(hub: HubProcess, bundle: Path) -> subprocess.CompletedProcess[str]:
    return hub.cli("bundle", "import", str(bundle), "--json", check=False)


def test_a_bundle_reaches_the_hub_and_the_desk_settles_without_sending_again(
    hub: HubProcess, make_desk: DeskMaker, tmp_path: Path
) -> None:
    desk = make_desk("LAPTOP-1")
    seed(desk, recordings=30, seed_value=5, detail=BiometricDetail.SMALL)
    stick = tmp_path / "usb"
    stick.mkdir()

    done = desk_cli(desk, "bundle", "export", "-o", str(stick / "jemput-bola"), "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    bundle = Path(summary["file"])
    assert bundle.name == "jemput-bola.ektpbundle" and summary["records"] == 30
    assert [p.name for p in stick.iterdir()] == [bundle.name]  # no temporary file left
    assert states(desk) == {"queued": 30}  # the file is not the hub's word

    done = hub_import(hub, bundle)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcomes"]["accepted"] == 30
    again = json.loads(hub_import(hub, bundle).stdout)  # the stick is plugged in twice
    assert again["outcomes"]["already_received"] == 30 and again["outcomes"]["accepted"] == 0
    held = hub_records(hub)
    assert len(held) == 30 and {r["desk_id"] for r in held} == {"LAPTOP-1"}

    report = desk.hub.engine().run()  # the link is back
    assert report.ok, report.error
    assert report.settled_by_query == 30 and report.acked == 30
    assert report.sent == 0 and report.bytes_sent == 0  # asked, not sent again
    assert states(desk) == {"acked": 30}
    assert len(hub_records(hub)) == 30

    done = desk_cli(desk, "bundle", "export", "-o", str(stick / "empty.ektpbundle"))
    assert done.returncode == 2 and "nothing to export" in done.stderr


def test_records_recorded_after_the_bundle_and_not_yet_imported_are_sent_as_usual(
    hub: HubProcess, make_desk: DeskMaker, tmp_path: Path
) -> None:
    desk = make_desk("LAPTOP-1")
    seed(desk, recordings=6, seed_value=6, detail=BiometricDetail.NONE)
    desk.bundles.export(tmp_path / "b.ektpbundle")  # never reaches the hub
    report = desk.hub.engine().run()
    assert report.ok and report.settled_by_query == 0 and report.sent == 6
    assert states(desk) == {"acked": 6}
    assert len(hub_records(hub)) == 6


def _corrupt(source: Path, target: Path, offset: int) -> Path:
    data = bytearray(source.read_bytes())
    data[offset] ^= 0x01
    target.write_bytes(bytes(data))
    return target


def test_damaged_foreign_and_forged_bundles_are_refused_whole(
    hub: HubProcess, make_desk: DeskMaker, tmp_path: Path
) -> None:
    desk = make_desk("LAPTOP-1")
    seed(desk, recordings=8, seed_value=7, detail=BiometricDetail.SMALL)
    good = tmp_path / "good.ektpbundle"
    desk.bundles.export(good)
    size = good.stat().st_size

    damaged = _corrupt(good, tmp_path / "damaged.ektpbundle", size // 2)
    done = hub_import(hub, damaged)
    assert done.returncode == 2 and "damaged: its checksum does not match" in done.stderr

    cut = tmp_path / "cut.ektpbundle"
    cut.write_bytes(good.read_bytes()[: size - 100])
    done = hub_import(hub, cut)
    assert done.returncode == 2 and "cut.ektpbundle" in done.stderr

    other = tmp_path / "photo.jpg"
    other.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(2000))
    done = hub_import(hub, other)
    assert done.returncode == 2 and "is not an ektp-desk bundle" in done.stderr

    # Signed with a key that is not the desk's: whoever made it does not hold its token.
    reader = BundleReader(good)
    forged_header = reader.header.__class__(
        **{
            **{f: getattr(reader.header, f) for f in ("bundle_id", "desk_id", "kecamatan")},
            "created_at": reader.header.created_at,
            "key_id": reader.header.key_id,
            "entries": tuple(sign_entry(bundle_key("a guess"), e) for e in reader.header.entries),
        }
    )
    forged = tmp_path / "forged.ektpbundle"
    write_bundle(forged, forged_header, (data for _, data in reader.envelopes()))
    done = hub_import(hub, forged)
    assert done.returncode == 2 and "is not signed by desk LAPTOP-1" in done.stderr
    assert "refused whole" in done.stderr

    # Sealed for another hub: a second hub with its own key refuses it.
    elsewhere = HubProcess(tmp_path / "hub-b")
    elsewhere.keygen()
    elsewhere.add_desk("LAPTOP-1")
    done = hub_import(elsewhere, good)
    assert done.returncode == 2 and "not for this hub" in done.stderr
    assert json.loads(elsewhere.cli("records", "--json").stdout) == []

    assert hub_records(hub) == []  # nothing of the refused files was taken in
    assert json.loads(hub_import(hub, good).stdout)["outcomes"]["accepted"] == 8


def test_an_office_desk_forwards_a_laptops_bundle(
    hub: HubProcess, make_desk: DeskMaker, tmp_path: Path
) -> None:
    laptop = make_desk("LAPTOP-1")
    office = make_desk("PALU-BARAT-1")
    seed(laptop, recordings=12, seed_value=8, detail=BiometricDetail.SMALL)
    bundle = tmp_path / "laptop.ektpbundle"
    laptop.bundles.export(bundle)

    done = desk_cli(office, "bundle", "import", str(bundle), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"] == 12
    again = office.bundles.import_file(bundle)
    assert again["new"] == 0 and again["already_here"] == 12
    # The office's own log and tallies stay its own.
    assert office.session.connection.execute("SELECT count(*) FROM recordings").fetchone()[0] == 0
    assert office.status().outbox.total == 0
    assert office.bundles.forwarded_summary() == [("LAPTOP-1", "queued", 12)]

    # One record's index entry altered on the way: the hub refuses it, not the others.
    victim = office.session.connection.execute(
        "SELECT record_id FROM forwarded LIMIT 1"
    ).fetchone()[0]
    office.session.connection.execute(
        "UPDATE forwarded SET recorded_on = '2020-01-01' WHERE record_id = ?", (victim,)
    )
    report = office.hub.engine().run()
    assert report.ok, report.error
    assert (report.acked, report.rejected) == (11, 1)
    assert office.bundles.forwarded_summary() == [
        ("LAPTOP-1", "acked", 11),
        ("LAPTOP-1", "rejected", 1),
    ]
    quarantined = office.hub.overview().quarantine
    assert len(quarantined) == 1 and "not signed by desk LAPTOP-1" in str(quarantined[0].detail)
    held = hub_records(hub)
    assert len(held) == 11 and {r["desk_id"] for r in held} == {"LAPTOP-1"}

    # The laptop, back online, learns that 11 arrived and sends only the one that did not.
    report = laptop.hub.engine().run()
    assert report.ok, report.error
    assert report.settled_by_query == 11 and report.sent == 1
    assert states(laptop) == {"acked": 12}
    assert len(hub_records(hub)) == 12


def test_the_desk_refuses_its_own_a_foreign_and_a_damaged_bundle(
    hub: HubProcess, make_desk: DeskMaker, tmp_path: Path
) -> None:
    laptop = make_desk("LAPTOP-1")
    office = make_desk("PALU-BARAT-1")
    seed(laptop, recordings=3, seed_value=9, detail=BiometricDetail.NONE)
    bundle = tmp_path / "laptop.ektpbundle"
    laptop.bundles.export(bundle)

    with pytest.raises(DeskError, match="exported by this desk"):
        laptop.bundles.import_file(bundle)
    damaged = _corrupt(bundle, tmp_path / "d.ektpbundle", 40)
    with pytest.raises(DeskError, match="checksum does not match"):
        office.bundles.import_file(damaged)
    office.settings["hub_key_id"] = "0123456789abcdef"  # as if it sent to another hub
    with pytest.raises(DeskError, match="not for this desk's hub"):
        office.bundles.import_file(bundle)
    assert office.bundles.forwarded_summary() == []

    offline = make_desk("LAPTOP-2", connect=False)
    seed(offline, recordings=2, seed_value=10, detail=BiometricDetail.NONE)
    with pytest.raises(DeskError, match="no hub is set"):
        offline.bundles.export(tmp_path / "x.ektpbundle")
    assert not (tmp_path / "x.ektpbundle").exists()
