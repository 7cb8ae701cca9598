"""The bundle and backup boxes of the Sinkronisasi page, driven through their widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.sync.pace import Backoff
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.sync_page import SyncController
from ektp_desk.ui.transfer import BackupBox, BundleBox
from tests.conftest import new_desk, pin_test_hub
from tests.heldopen import refuse_replace
from tests.ui.conftest import activate, save_under_another_name

PASS = "frasa-sandi-cadangan"


def test_a_bundle_goes_out_of_one_desk_and_into_another(qtbot: QtBot, tmp_path: Path) -> None:
    laptop = new_desk(tmp_path / "laptop", "LAPTOP-1")
    office = new_desk(tmp_path / "office", "PALU-BARAT-1")
    hub_key = pin_test_hub(laptop)
    pin_test_hub(office, hub_key)
    seed(laptop, recordings=5, seed_value=3, detail=BiometricDetail.NONE)
    out_box, in_box = BundleBox(laptop), BundleBox(office)
    qtbot.addWidget(out_box)
    qtbot.addWidget(in_box)
    bundle = tmp_path / "usb" / "laptop.ektpbundle"
    bundle.parent.mkdir()

    with qtbot.waitSignal(out_box.finished, timeout=20_000):
        out_box.export_bundle(bundle)
    assert "Bundel tersimpan" in out_box.message.text() and "5 perekaman" in out_box.message.text()
    assert out_box.message.property("role") == "ok" and bundle.is_file()
    assert all(b.isEnabled() for b in out_box.buttons)

    with qtbot.waitSignal(in_box.finished, timeout=20_000):
        in_box.import_bundle(bundle)
    assert "5 perekaman baru" in in_box.message.text()
    assert in_box.forwarded.text().startswith("5 menunggu dikirim")

    damaged = tmp_path / "usb" / "damaged.ektpbundle"
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 1
    damaged.write_bytes(bytes(data))
    with qtbot.waitSignal(in_box.finished, timeout=20_000):
        in_box.import_bundle(damaged)
    assert in_box.message.property("role") == "error"
    assert "checksum does not match" in in_box.message.text()
    laptop.close()
    office.close()


def test_the_backup_box_sets_up_the_daily_backup_and_runs_it(qtbot: QtBot, tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    seed(desk, recordings=3, seed_value=4, detail=BiometricDetail.NONE)
    box = BackupBox(desk)
    qtbot.addWidget(box)
    assert box.last.text().startswith("belum pernah")
    assert not box.backup_if_due()  # nothing set up: nothing runs by itself
    box.choose_folder(tmp_path / "usb")
    box.set_passphrase("pendek")
    assert box.message.property("role") == "error" and "paling sedikit 10" in box.message.text()
    box.set_passphrase(PASS)
    assert box.automatic.text().startswith("aktif")
    with qtbot.waitSignal(box.finished, timeout=30_000):
        assert box.backup_if_due()
    made = list((tmp_path / "usb").glob("*.ektpbak"))
    assert len(made) == 1 and made[0].read_bytes().startswith(b"EKTPBAK2")
    assert not box.backup_if_due()  # done for today
    assert not box.last.text().startswith("belum pernah")
    assert box.last.property("role") == "ok"
    desk.settings["last_backup_at"] = "2020-01-01T00:00:00+00:00"  # long ago
    box.refresh()
    assert "jam, buat cadangan baru" in box.last.text()
    assert box.last.property("role") == "warning"
    Desk.restore(made[0], tmp_path / "restored", PASS).close()
    desk.close()


def test_the_window_makes_the_days_backup_by_itself(qtbot: QtBot, tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    desk.change_setting("backup_folder", str(tmp_path / "usb"))
    desk.backups.set_passphrase(PASS)
    sync = SyncController(desk.data_dir, backoff=Backoff(base=60), idle_interval=60)
    win = MainWindow(desk, sync)
    qtbot.addWidget(win)
    activate(qtbot, win)
    qtbot.waitUntil(lambda: any((tmp_path / "usb").glob("*.ektpbak")), timeout=30_000)
    qtbot.waitUntil(lambda: "belum pernah" not in win.sync_page.backup_box.last.text())
    sync.stop()
    win.close()
    desk.close()


def test_the_status_bar_warns_in_the_windows_language(qtbot: QtBot, tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    win = MainWindow(desk, SyncController(desk.data_dir))
    qtbot.addWidget(win)
    assert win.warnings(desk.status()) == ["Belum ada cadangan"]
    desk.change_setting("disk_warn_mb", "10000000")  # 10 TB: more than the disk has free
    assert any(w.startswith("Sisa disk") for w in win.warnings(desk.status()))
    desk.change_setting("disk_floor_mb", "9999999")
    assert any(w.startswith("Disk penuh") for w in win.warnings(desk.status()))
    desk.settings["last_backup_at"] = "2020-01-01T00:00:00+00:00"
    assert any(w.startswith("Cadangan terakhir") for w in win.warnings(desk.status()))
    win.refresh_status()
    assert "Disk penuh" in win.status_clock.text()
    win.close()
    desk.close()


def test_a_forwarded_bundle_is_listed_and_dropped(qtbot: QtBot, tmp_path: Path) -> None:
    laptop = new_desk(tmp_path / "laptop", "LAPTOP-1")
    office = new_desk(tmp_path / "office", "PALU-BARAT-1")
    hub_key = pin_test_hub(laptop)
    pin_test_hub(office, hub_key)
    seed(laptop, recordings=3, seed_value=3, detail=BiometricDetail.NONE)
    bundle = tmp_path / "laptop.ektpbundle"
    laptop.bundles.export(bundle)
    box = BundleBox(office)
    qtbot.addWidget(box)
    assert box.bundles.count() == 0
    with qtbot.waitSignal(box.finished, timeout=20_000):
        box.import_bundle(bundle)
    assert box.bundles.count() == 1
    assert "laptop.ektpbundle dari LAPTOP-1" in box.bundles.itemText(0)
    assert "3 menunggu dari 3" in box.bundles.itemText(0)
    with qtbot.waitSignal(box.finished, timeout=20_000):
        box.drop_bundle(confirm=False)
    assert "3 perekaman dibuang" in box.message.text()
    assert box.bundles.count() == 0 and office.bundles.forwarded_summary() == []
    laptop.close()
    office.close()


def test_a_bundle_onto_a_file_still_open_offers_another_name(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Explorer still copying yesterday's bundle to the stick holds it open: the box says so
    in the window's language, nothing is left behind, and the next name is asked for."""
    desk = new_desk(tmp_path / "desk")
    pin_test_hub(desk)
    seed(desk, recordings=3, seed_value=3, detail=BiometricDetail.NONE)
    box = BundleBox(desk)
    qtbot.addWidget(box)
    usb = tmp_path / "usb"
    usb.mkdir()
    held = usb / "bundel.ektpbundle"
    held.write_bytes(b"yesterday's bundle")
    refuse_replace(monkeypatch, held)
    with qtbot.waitSignal(box.finished, timeout=20_000):
        box.export_bundle(held)
    assert box.message.property("role") == "error"
    assert box.message.text().startswith(f"Berkas {held} sedang dibuka di program lain")
    assert [p.name for p in usb.iterdir()] == ["bundel.ektpbundle"]
    assert held.read_bytes() == b"yesterday's bundle"
    assert all(b.isEnabled() for b in box.buttons)
    other = usb / "bundel-2.ektpbundle"
    monkeypatch.setattr(box.folders, "save_path", lambda *_a, **_k: other)
    save_under_another_name(qtbot, box.in_use_box, box.finished)
    assert "Bundel tersimpan" in box.message.text() and "3 perekaman" in box.message.text()
    assert other.is_file()
    desk.close()


def test_a_backup_onto_a_file_still_open_offers_another_name(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = new_desk(tmp_path / "desk")
    desk.backups.set_passphrase(PASS)  # no backup folder: the person names each backup
    box = BackupBox(desk)
    qtbot.addWidget(box)
    held = tmp_path / "cadangan.ektpbak"
    held.write_bytes(b"being copied")
    refuse_replace(monkeypatch, held)
    names = iter([held, tmp_path / "cadangan-2.ektpbak"])
    monkeypatch.setattr(box.folders, "save_path", lambda *_a, **_k: next(names))
    with qtbot.waitSignal(box.finished, timeout=20_000):
        box.backup_now()
    assert box.message.text().startswith(f"Berkas {held} sedang dibuka di program lain")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cadangan.ektpbak", "desk"]
    save_under_another_name(qtbot, box.in_use_box, box.finished)
    assert box.message.text().startswith("Cadangan tersimpan")
    Desk.restore(tmp_path / "cadangan-2.ektpbak", tmp_path / "restored", PASS).close()
    desk.close()
