"""One truth for the kecamatan: a real hub, two desks of Palu Barat and one of another
kecamatan. What one desk records leaves the other's outreach list; a void and a correction
reach the hub and its tallies; a duplicate NIK becomes a case whose decision both desks
show."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.cli import main
from ektp_desk.desk import CityError, Desk
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, VALID
from tests.hubproc import HubProcess
from tests.integration.conftest import DeskMaker, hub_records

Make = Callable[..., dict[str, Any]]

# Three residents of Palu Barat on both desks' lists: Siti (the fixture's recording), Budi
# and Citra.
BUDI = {"nik": "7271020101900001", "nama": "BUDI SANTOSO", "tanggal_lahir": "1990-01-01",
        "jenis_kelamin": "LAKI-LAKI", "kelurahan": "72.71.02.1007"}  # fmt: skip
CITRA = {"nik": "7271024202910002", "nama": "CITRA DEWI", "tanggal_lahir": "1991-02-02",
         "jenis_kelamin": "PEREMPUAN", "kelurahan": "72.71.02.1007"}  # fmt: skip
SITI = str(VALID["nik"])


def listed(desk: Desk) -> Desk:
    desk.residents.add(
        [{k: VALID[k] for k in ("nik", "nama", "tanggal_lahir", "jenis_kelamin", "kelurahan")},
         BUDI, CITRA],
        source="daftar",
    )  # fmt: skip
    return desk


def person(make_recording: Make, who: dict[str, str]) -> dict[str, Any]:
    return make_recording(**who, status_perkawinan="KAWIN", pekerjaan="WIRASWASTA")


def sync(*desks: Desk) -> None:
    for desk in desks:
        report = desk.hub.engine().run()
        assert report.ok, (desk.desk_id, report.error)


def outreach(desk: Desk) -> set[str]:
    return {p["nik"] for people in desk.reports.outreach().values() for p in people}


def by_id(hub: HubProcess) -> dict[str, dict[str, Any]]:
    return {r["record_id"]: r for r in hub_records(hub)}


def other_kecamatan(hub: HubProcess, tmp_path: Path) -> Desk:
    desk = Desk.create(
        tmp_path / "PALU-TIMUR-1",
        kecamatan="72.71.01",
        desk_id="PALU-TIMUR-1",
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
        scrypt=FAST_SCRYPT,
    )
    desk.accounts.login("admin", ADMIN_PASSWORD)
    desk.hub.set(hub.url, hub.add_desk("PALU-TIMUR-1", "72.71.01"))
    return desk


def test_what_one_desk_records_leaves_the_others_outreach_list(
    hub: HubProcess, make_desk: DeskMaker, make_recording: Make, tmp_path: Path
) -> None:
    one, two = listed(make_desk("PALU-BARAT-1")), listed(make_desk("PALU-BARAT-2"))
    far = other_kecamatan(hub, tmp_path)
    try:
        siti = one.recordings.save(make_recording())
        budi = two.recordings.save(person(make_recording, BUDI))
        sync(one, two, one, far)
        assert outreach(one) == outreach(two) == {CITRA["nik"]}
        seen = two.city.recorded_at(SITI)
        assert seen is not None and seen.desk_id == "PALU-BARAT-1"
        # Another kecamatan's records, not on its list, never reach it.
        assert far.session.connection.execute("SELECT count(*) FROM city_status").fetchone()[0] == 0
        states = dict(one.session.connection.execute("SELECT record_id, state FROM city_status"))
        assert states == {siti.record_id: "accepted", budi.record_id: "accepted"}
    finally:
        far.close()


def test_a_void_and_a_correction_reach_the_hub_and_its_tally(
    hub: HubProcess, make_desk: DeskMaker, make_recording: Make
) -> None:
    one, two = listed(make_desk("PALU-BARAT-1")), listed(make_desk("PALU-BARAT-2"))
    siti = one.recordings.save(make_recording())
    sync(one, two)
    assert SITI not in outreach(two)

    one.recordings.void(siti.record_id, "foto tertukar")
    sync(one, two)
    assert by_id(hub)[siti.record_id]["state"] == "voided"
    assert SITI in outreach(two)  # the void reached the other desk through the hub
    assert one.status().to_json()["voids_unsent"] == 0

    fixed = one.recordings.correct(siti.record_id, make_recording())
    one.approvals.approve(fixed.record_id, reason="foto diulang")
    sync(one, two)
    held = by_id(hub)
    assert held[fixed.record_id]["state"] == "accepted"
    assert held[fixed.record_id]["replaces"] == siti.record_id
    assert SITI not in outreach(two)
    day = str(held[fixed.record_id]["recorded_on"])
    tally = json.loads(hub.cli("tally", "--date", day, "--json").stdout)["kecamatan"]
    states = tally["72.71.02"]["PALU-BARAT-1"]
    assert states.get("accepted") == 1  # the person counts once: voided and replaced apart
    assert "voided" not in states or states["voided"] == 1


def test_a_duplicate_nik_is_a_case_whose_decision_both_desks_show(
    hub: HubProcess, make_desk: DeskMaker, make_recording: Make
) -> None:
    one, two = listed(make_desk("PALU-BARAT-1")), listed(make_desk("PALU-BARAT-2"))
    first = two.recordings.save(person(make_recording, CITRA))
    sync(two)
    wrong = one.recordings.save(person(make_recording, CITRA))  # typed at the wrong desk
    sync(one, two)
    for desk in (one, two):
        assert desk.status().to_json()["cases"] == {"open": 1, "resolved": 0}
    status = one.city.record_status(wrong.record_id)
    assert status is not None and (status.state, status.case_state) == ("duplicate_nik", "open")
    case_id = status.case_id
    assert case_id is not None
    waiting = one.recordings.get(wrong.record_id)
    assert waiting is not None and waiting.sync_state == "case_open"  # "NIK ganda, menunggu…"

    hub.cli("case", "resolve", case_id, "--keep", first.record_id, "--reason", "salah desk")
    sync(one, two)
    for desk in (one, two):
        assert desk.status().to_json()["cases"] == {"open": 0, "resolved": 1}
    lost = one.city.record_status(wrong.record_id)
    assert lost is not None and lost.state == "voided" and "salah desk" in (lost.reason or "")
    kept = two.city.record_status(first.record_id)
    assert kept is not None and kept.state == "accepted"
    entry = one.recordings.get(wrong.record_id)
    assert entry is not None and entry.sync_state == "case_voided"
    assert CITRA["nik"] not in outreach(one)


def test_a_published_list_and_a_status_bundle_reach_the_desks(
    hub: HubProcess,
    make_desk: DeskMaker,
    make_recording: Make,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    one = listed(make_desk("PALU-BARAT-1"))
    offline = make_desk("PALU-BARAT-2", connect=False)  # no link: it gets a USB stick
    siti = one.recordings.save(make_recording())
    listing = tmp_path / "daftar.csv"
    listing.write_text(
        "nik,nama,tanggal_lahir,jenis_kelamin,kelurahan\n"
        + "".join(
            f"{p['nik']},{p['nama']},{p['tanggal_lahir']},{p['jenis_kelamin']},{p['kelurahan']}\n"
            for p in (BUDI, CITRA)
        )
        + f"{SITI},SITI LAMAKARATE,2005-07-05,PEREMPUAN,72.71.02.1007\n",
        encoding="utf-8",
    )
    hub.cli("residents", "publish", str(listing), "--kecamatan", "72.71.02")
    assert main(["--data-dir", str(one.data_dir), "sync", "--once"]) == 0
    said = capsys.readouterr().out
    assert "city status: 1 records" in said and "published resident list v1 applied" in said
    assert one.city.published_version() == 1 and one.residents.count() == 3
    own = tmp_path / "sendiri.csv"
    own.write_text(f"nik,nama\n{BUDI['nik']},BUDI\n", encoding="utf-8")
    with pytest.raises(CityError, match="--replace-published"):
        one.residents.import_file(own)

    bundle = tmp_path / "status-72.71.02.json.gz"
    hub.cli("bundle", "export-status", "--kecamatan", "72.71.02", "-o", str(bundle))
    offline.hub.pin(hub.url, offline.hub_token, *_hub_key(one))  # type: ignore[attr-defined]
    summary = offline.bundles.import_file(bundle)
    assert summary["kind"] == "ektp-status" and summary["rows"] == 1
    assert offline.city.published_version() == 1 and offline.residents.count() == 3
    seen = offline.city.recorded_at(SITI)
    assert seen is not None and seen.desk_id == "PALU-BARAT-1"
    assert outreach(offline) == {BUDI["nik"], CITRA["nik"]}
    assert siti.record_id in {r for (r,) in offline.session.connection.execute(
        "SELECT record_id FROM city_status")}  # fmt: skip


def _hub_key(desk: Desk) -> tuple[bytes, str]:
    """The hub's public key and its id, as a connected desk pinned them."""
    public = desk.hub.public_key()
    assert public is not None
    return public, desk.settings["hub_key_id"]
