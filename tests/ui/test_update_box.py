"""The update box of the Sinkronisasi page, driven through its buttons: hidden from a clerk,
"Unduh" downloads and checks the release the hub offered at sync, "Pasang" asks, then
closes the desk and starts the installer; a release altered on the hub is refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from ektp_desk.domain.accounts import Role
from ektp_desk.hub.lite import LiteHub
from ektp_desk.hub.releases import add_release, create_release_key
from ektp_desk.ui.sync_page import SyncController
from ektp_desk.ui.update_box import UpdateBox
from tests.conftest import FAST_SCRYPT, new_desk

DATA = os.urandom(150_000)


def offered_desk(tmp_path: Path, lite: LiteHub, data: bytes = DATA):  # type: ignore[no-untyped-def]
    key = create_release_key(tmp_path / "release.pem", b"passphrase-1", lite.store)
    source = tmp_path / "setup.exe"
    source.write_bytes(DATA)
    add_release(lite.store, key, source, version="99.3.0", notes="", at="2026-11-27",
                folder=tmp_path / "hub" / "releases")  # fmt: skip
    if data != DATA:
        (tmp_path / "hub" / "releases" / "ektp-desk-99.3.0-setup.exe").write_bytes(data)
    desk = new_desk(tmp_path / "desk")
    desk.hub.set(lite.url, lite.enroll(desk.desk_id, "72.71.02", "2026-11-27"))
    desk.hub.engine().run()
    return desk


@pytest.fixture
def lite(tmp_path: Path):  # type: ignore[no-untyped-def]
    hub = LiteHub(tmp_path / "hub")
    hub.start()
    yield hub
    hub.stop()


def test_download_then_install_after_confirmation(
    qtbot: QtBot, tmp_path: Path, lite: LiteHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = offered_desk(tmp_path, lite)
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    desk.accounts.login("ani", "kata-sandi-ani")
    box = UpdateBox(desk)
    qtbot.addWidget(box)
    assert box.isHidden()  # a clerk does not update the program
    desk.accounts.login("admin", "rahasia-admin")
    box.refresh()
    assert not box.isHidden() and "Versi baru 99.3.0 tersedia" in box.message.text()
    assert box.install_button.isHidden()
    qtbot.mouseClick(box.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.install_button.isHidden(), timeout=20_000)
    assert "siap dipasang" in box.message.text() and box.download_button.isHidden()

    ran: list[Path] = []
    box.runner = ran.append
    stopped: list[bool] = []
    box.before_install = lambda: stopped.append(True)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    qtbot.mouseClick(box.install_button, Qt.MouseButton.LeftButton)  # "No"
    assert ran == [] and not desk.closed
    qtbot.mouseClick(box.install_button, Qt.MouseButton.LeftButton)  # "Yes"
    assert stopped == [True] and desk.closed
    assert [p.read_bytes() for p in ran] == [DATA]


def test_a_release_altered_on_the_hub_is_refused(
    qtbot: QtBot, tmp_path: Path, lite: LiteHub
) -> None:
    desk = offered_desk(tmp_path, lite, DATA[:-3] + b"!!!")
    box = UpdateBox(desk)
    qtbot.addWidget(box)
    qtbot.mouseClick(box.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.message.property("role") == "error", timeout=20_000)
    assert "pembaruan 99.3.0 ditolak dan berkasnya dihapus" in box.message.text()
    assert box.install_button.isHidden() and box.download_button.isEnabled()
    desk.close()


def test_an_installer_windows_will_not_start_leaves_the_window_usable(
    qtbot: QtBot, tmp_path: Path, lite: LiteHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = offered_desk(tmp_path, lite)
    box = UpdateBox(desk)
    qtbot.addWidget(box)
    qtbot.mouseClick(box.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.install_button.isHidden(), timeout=20_000)

    def elevation_required(path: Path) -> None:
        exc = OSError(22, "The requested operation requires elevation")
        exc.winerror = 740  # type: ignore[attr-defined]
        raise exc

    box.runner = elevation_required
    sync: list[str] = []
    box.before_install = lambda: sync.append("stopped")
    box.after_failed_install = lambda: sync.append("started again")
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda *_a: quits.append(True))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.assertNotEmitted(box.installing):
        qtbot.mouseClick(box.install_button, Qt.MouseButton.LeftButton)
    assert not desk.closed and quits == []
    assert sync == ["stopped", "started again"]
    assert box.message.property("role") == "error"
    assert "tidak dapat dijalankan: Windows meminta hak administrator" in box.message.text()
    assert "meja tetap terbuka" in box.message.text()
    assert not box.install_button.isHidden()  # another try, once the reason is dealt with
    box.runner = lambda path: None
    qtbot.mouseClick(box.install_button, Qt.MouseButton.LeftButton)
    assert desk.closed and quits == [True]


def test_the_sync_stopped_for_an_installer_that_did_not_start_runs_again(
    qtbot: QtBot, tmp_path: Path
) -> None:
    desk = new_desk(tmp_path / "desk")  # no hub yet: the worker says so every idle interval
    controller = SyncController(desk.data_dir, idle_interval=0.05)
    controller.resume()
    assert not controller.running  # never started (no window's sync): nothing to resume
    with qtbot.waitSignal(controller.report, timeout=10_000):
        controller.start()
    controller.stop()
    assert controller.worker.stop_event.is_set()
    with qtbot.waitSignal(controller.report, timeout=10_000):
        controller.resume()
    assert not controller.worker.stop_event.is_set()
    controller.stop()
    desk.close()
