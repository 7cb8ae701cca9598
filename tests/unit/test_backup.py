from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk, DeskError
from ektp_desk.store import AlreadyInitialized
from ektp_desk.store.backup import BackupError, rotate
from tests.conftest import ADMIN_PASSWORD, FakeClock, new_desk

PASS = "frasa-sandi-cadangan"


def record_ids(desk: Desk) -> set[str]:
    return {r for (r,) in desk.session.connection.execute("SELECT record_id FROM recordings")}


def test_backup_then_restore(desk: Desk, tmp_path: Path) -> None:
    seed(desk, recordings=30, seed_value=2, detail=BiometricDetail.SMALL)
    size = desk.backups.write(tmp_path / "b.ektpbak", PASS)
    data = (tmp_path / "b.ektpbak").read_bytes()
    assert size == len(data) and data.startswith(b"EKTPBAK1")
    assert b"SITI" not in data and b"PALU-BARAT-1" not in data  # encrypted
    restored = Desk.restore(tmp_path / "b.ektpbak", tmp_path / "again", PASS)
    try:
        assert record_ids(restored) == record_ids(desk)
        assert restored.check().ok
        assert restored.accounts.login("admin", ADMIN_PASSWORD).name == "admin"
        actions = [a for (a,) in restored.session.connection.execute("SELECT action FROM audit")]
        assert actions[-2:] == ["restore", "login"]
    finally:
        restored.close()
    assert desk.status().backup.warning is None


def test_wrong_passphrase_damage_and_foreign_files_are_refused(desk: Desk, tmp_path: Path) -> None:
    seed(desk, recordings=5, seed_value=3, detail=BiometricDetail.NONE)
    backup = tmp_path / "b.ektpbak"
    desk.backups.write(backup, PASS)
    with pytest.raises(BackupError, match="wrong passphrase"):
        Desk.restore(backup, tmp_path / "r1", "bukan-frasa-ini")
    data = bytearray(backup.read_bytes())
    (tmp_path / "cut.ektpbak").write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(BackupError, match="truncated"):
        Desk.restore(tmp_path / "cut.ektpbak", tmp_path / "r2", PASS)
    data[200] ^= 0x40
    (tmp_path / "bent.ektpbak").write_bytes(bytes(data))
    with pytest.raises(BackupError, match="damaged"):
        Desk.restore(tmp_path / "bent.ektpbak", tmp_path / "r3", PASS)
    (tmp_path / "foreign.ektpbak").write_bytes(b"PK\x03\x04 a zip, not a backup" * 10)
    with pytest.raises(BackupError, match="not an ektp-desk backup"):
        Desk.restore(tmp_path / "foreign.ektpbak", tmp_path / "r4", PASS)
    for name in ("r1", "r2", "r3", "r4"):
        assert not (tmp_path / name / "desk.sqlite3").exists()
    with pytest.raises(AlreadyInitialized):
        Desk.restore(backup, desk.data_dir, PASS)
    with pytest.raises(DeskError, match="at least 10"):
        desk.backups.write(tmp_path / "short.ektpbak", "pendek")


def test_a_backup_during_concurrent_writes_restores_consistently(
    tmp_path: Path, make_recording: Callable[..., dict[str, Any]]
) -> None:
    desk = new_desk(tmp_path / "desk")
    seed(desk, recordings=50, seed_value=4, detail=BiometricDetail.SMALL)
    before = record_ids(desk)
    saved_during: list[str] = []
    stop = threading.Event()

    def writer() -> None:
        other = Desk.open(desk.data_dir)
        other.accounts.login("admin", ADMIN_PASSWORD)
        try:
            serial = 1
            while not stop.is_set() and serial < 400:
                nik = f"727102450705{serial:04d}"
                saved_during.append(other.recordings.save(make_recording(nik=nik)).record_id)
                serial += 1
        finally:
            other.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while len(saved_during) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(saved_during) >= 5, "the writer did not get going"
        desk.backups.write(tmp_path / "live.ektpbak", PASS)
    finally:
        stop.set()
        thread.join()
    restored = Desk.restore(tmp_path / "live.ektpbak", tmp_path / "restored", PASS)
    try:
        held = record_ids(restored)
        assert before <= held  # everything committed before the backup began
        assert held - before <= set(saved_during)  # and only whole recordings written during it
        assert restored.check().ok  # integrity and the audit chain
        orphans = restored.session.connection.execute(
            "SELECT count(*) FROM recordings r LEFT JOIN outbox o USING (record_id)"
            " WHERE o.record_id IS NULL"
        ).fetchone()[0]
        assert orphans == 0
    finally:
        restored.close()
        desk.close()


def test_automatic_backups_rotate(desk: Desk, clock: FakeClock, tmp_path: Path) -> None:
    with pytest.raises(DeskError, match="backup folder"):
        desk.backups.auto(PASS)
    desk.change_setting("backup_folder", str(tmp_path / "usb"))
    desk.change_setting("backup_keep", "3")
    assert (desk.status().backup.warning or "").startswith("no backup")
    made = []
    for _ in range(5):
        made.append(desk.backups.auto(PASS))
        clock.advance(days=1)
    kept = sorted(p.name for p in (tmp_path / "usb").iterdir())
    assert kept == sorted(p.name for p in made[-3:])
    clock.advance(hours=40)
    assert "hours old" in (desk.status().backup.warning or "")
    assert rotate(tmp_path / "usb", keep=1) and len(list((tmp_path / "usb").iterdir())) == 1


def test_a_damaged_database_is_found_and_refuses_writes(
    tmp_path: Path, make_recording: Callable[..., dict[str, Any]]
) -> None:
    desk = new_desk(tmp_path / "desk")
    seed(desk, recordings=60, seed_value=6, detail=BiometricDetail.NONE)
    desk.change_setting("backup_folder", str(tmp_path / "usb"))
    made = desk.backups.auto(PASS)
    desk.session.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    desk.close()
    path = tmp_path / "desk" / "desk.sqlite3"
    data = bytearray(path.read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 4096 * 3, 7):
        data[offset] ^= 0x5A  # a damaged sector in the middle of the file
    path.write_bytes(bytes(data))
    with Desk.open(tmp_path / "desk") as damaged:
        result = damaged.check()
        assert not result.ok
        message = damaged.health.mark_damaged(result.problems)
        assert "damaged" in message and made.name in message
        damaged.session.act_as(None)
        with pytest.raises(DeskError, match="damaged"):
            damaged.recordings.save(make_recording())
        with pytest.raises(DeskError, match="damaged"):
            damaged.change_setting("target", "5")
    restored = Desk.restore(made, tmp_path / "new", PASS)
    assert restored.check().ok
    restored.close()


def test_backups_with_a_backup_key_need_no_passphrase_until_restored(
    desk: Desk, clock: FakeClock, tmp_path: Path
) -> None:
    seed(desk, recordings=12, seed_value=4, detail=BiometricDetail.SMALL)
    with pytest.raises(DeskError, match="no backup passphrase is set"):
        desk.backups.write(tmp_path / "x.ektpbak")
    desk.change_setting("backup_folder", str(tmp_path / "usb"))
    assert not desk.backups.due()  # no key yet: nothing can run by itself
    desk.backups.set_passphrase(PASS)
    stored = " ".join(
        v for _, v in desk.session.connection.execute("SELECT key, value FROM settings")
    )
    assert PASS not in stored
    assert desk.backups.due()
    made = desk.backups.auto()
    assert made.read_bytes().startswith(b"EKTPBAK2")
    assert not desk.backups.due()
    clock.advance(days=1)
    assert desk.backups.due()

    with pytest.raises(BackupError, match="wrong passphrase"):
        Desk.restore(made, tmp_path / "r0", "bukan-frasa-ini")
    restored = Desk.restore(made, tmp_path / "again", PASS)
    try:
        assert record_ids(restored) == record_ids(desk)
        assert restored.check().ok
    finally:
        restored.close()
    data = bytearray(made.read_bytes())
    data[8 + 50] ^= 0x01  # inside the wrapped key
    (tmp_path / "bent.ektpbak").write_bytes(bytes(data))
    with pytest.raises(BackupError, match="wrong passphrase, or the backup's header is damaged"):
        Desk.restore(tmp_path / "bent.ektpbak", tmp_path / "r1", PASS)
    data = bytearray(made.read_bytes())
    data[-20] ^= 0x01  # inside the last chunk
    (tmp_path / "bent2.ektpbak").write_bytes(bytes(data))
    with pytest.raises(BackupError, match="damaged"):
        Desk.restore(tmp_path / "bent2.ektpbak", tmp_path / "r2", PASS)

    # A new passphrase replaces the key; older backups still open with the old one.
    desk.backups.set_passphrase("frasa-sandi-baru-2")
    newer = desk.backups.auto()
    with pytest.raises(BackupError, match="wrong passphrase"):
        Desk.restore(newer, tmp_path / "r3", PASS)
    Desk.restore(newer, tmp_path / "r4", "frasa-sandi-baru-2").close()
    Desk.restore(made, tmp_path / "r5", PASS).close()
