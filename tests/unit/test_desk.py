from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.desk import (
    Desk,
    DeskError,
)
from ektp_desk.store import AlreadyInitialized, NotInitialized
from ektp_desk.store.recordings import StateCounts
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, FakeClock

Make = Callable[..., dict[str, Any]]


def count(desk: Desk, table: str) -> int:
    return int(desk.session.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_create_then_open(tmp_path: Path, clock: FakeClock) -> None:
    data_dir = tmp_path / "d"
    Desk.create(
        data_dir,
        kecamatan="72.71.02",
        desk_id="PALU-BARAT-1",
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
        target=1200,
        clock=clock,
        scrypt=FAST_SCRYPT,
    ).close()
    with Desk.open(data_dir, clock=clock) as desk:
        assert desk.timezone.key == "Asia/Makassar"
        status = desk.status()
        assert status.desk.target == 1200
        assert status.desk.kecamatan_name == "Palu Barat"
    with pytest.raises(AlreadyInitialized):
        Desk.create(
            data_dir,
            kecamatan="72.71.02",
            desk_id="X",
            admin_name="admin",
            admin_password=ADMIN_PASSWORD,
            scrypt=FAST_SCRYPT,
        )
    with Desk.open(data_dir, clock=clock) as desk:
        assert desk.desk_id == "PALU-BARAT-1"


def test_open_of_an_empty_dir_says_to_init(tmp_path: Path) -> None:
    with pytest.raises(NotInitialized, match="ektp-desk init"):
        Desk.open(tmp_path)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kecamatan": "72.71"}, "not a kecamatan code"),
        ({"kecamatan": "72.71.99"}, "not a kecamatan code"),
        ({"desk_id": "desk one!"}, "desk id"),
        ({"admin_password": "short"}, "at least 8"),
        ({"admin_name": "a b"}, "user name"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
    ],
)
def test_create_refuses_bad_settings(tmp_path: Path, changes: dict[str, str], message: str) -> None:
    args: dict[str, Any] = {
        "kecamatan": "72.71.02",
        "desk_id": "PALU-BARAT-1",
        "admin_name": "admin",
        "admin_password": ADMIN_PASSWORD,
        "scrypt": FAST_SCRYPT,
    }
    args.update(changes)
    with pytest.raises(DeskError, match=message):
        Desk.create(tmp_path / "d", **args)
    assert not (tmp_path / "d").exists()


def test_time_zone_defaults_to_the_provinces(tmp_path: Path) -> None:
    with Desk.create(
        tmp_path / "d",
        kecamatan="31.71.01",
        desk_id="JKT-1",
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
        scrypt=FAST_SCRYPT,
    ) as desk:
        assert desk.timezone.key == "Asia/Jakarta"


def test_audit_chain_detects_edit_and_delete(desk: Desk, make_recording: Make) -> None:
    for nik in ("7271024507050001", "7271024507050002", "7271024507050003"):
        desk.recordings.save(make_recording(nik=nik))
    report = desk.health.verify_audit()
    assert report.ok and report.entries == count(desk, "audit")
    conn = desk.session.connection
    conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 4")
    report = desk.health.verify_audit()
    assert (report.ok, report.broken_at) == (False, 4)
    assert "altered" in report.reason
    assert not desk.check().ok


def test_audit_chain_detects_a_deleted_entry(desk: Desk, make_recording: Make) -> None:
    desk.recordings.save(make_recording())
    desk.session.connection.execute("DELETE FROM audit WHERE seq = 2")
    report = desk.health.verify_audit()
    assert report.broken_at == 2 and "missing" in report.reason


def test_status_counts(desk: Desk, make_recording: Make) -> None:
    desk.recordings.save(make_recording())
    status = desk.status()
    assert status.recordings == StateCounts(1, {"final": 1, "voided": 0})
    assert status.outbox == StateCounts(
        1, {"queued": 1, "sending": 0, "acked": 0, "rejected": 0, "duplicate_nik": 0}
    )
    assert status.residents == 0
