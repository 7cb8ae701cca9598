"""Capture in the window: the signature pad, quality thresholds with retries, SBI scanners
found and tested in the devices screen, and a scanner that goes away mid-capture."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from ektp_desk.capture import CaptureResult, SimulatedDevice
from ektp_desk.capture.jws import fingerprint, make_device_identity
from ektp_desk.capture.sbi_simulator import SbiSimulator
from ektp_desk.desk import Desk
from ektp_desk.domain.images import sniff
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.signature import SignatureDialog, SignaturePad
from ektp_desk.ui.sync_page import SyncController
from tests.conftest import held_payload, new_desk
from tests.hubproc import free_port

IDENTITY = make_device_identity("ui test simulator")


@pytest.fixture
def desk(training_desk: Desk) -> Desk:
    return training_desk  # the simulator where no scanner is chosen


@pytest.fixture
def window(training_window: MainWindow) -> MainWindow:
    return training_window


def test_signature_pad_with_the_mouse(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.show()
    assert pad.is_empty
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(50, 100))
    for x in range(60, 300, 20):
        qtbot.mouseMove(pad, QPoint(x, 100 + (x % 40)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 120))
    assert not pad.is_empty and pad.strokes == 1
    png = pad.to_png()
    info = sniff(png)
    assert (info.format, info.width, info.height) == ("png", 600, 200)
    image = QImage.fromData(png)
    assert image.hasAlphaChannel()
    assert image.pixelColor(5, 5).alpha() == 0  # transparent background
    assert image.pixelColor(50, 100).alpha() > 0  # ink where the pen went
    pad.clear()
    assert pad.is_empty and QImage.fromData(pad.to_png()).pixelColor(50, 100).alpha() == 0


def test_the_signature_slot_takes_the_pad(qtbot: QtBot, window: MainWindow) -> None:
    slot = window.recording_page.slots["signature"]
    dialog = SignatureDialog(slot)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mousePress(dialog.pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 90))
    qtbot.mouseMove(dialog.pad, QPoint(200, 120))
    qtbot.mouseRelease(dialog.pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 120))
    dialog.accept()
    slot.from_pad(dialog)
    assert slot.result is not None and slot.result.device == "pad"
    assert slot.property("state") == "captured"


class Scripted:
    """A device whose quality scores follow a script."""

    name = "scripted"

    def __init__(self, qualities: list[int]) -> None:
        self.qualities = qualities
        self.calls = 0
        self.inner = SimulatedDevice(seed=3)

    def capture(self, slot: str) -> CaptureResult:
        result = self.inner.capture(slot)
        quality = self.qualities[min(self.calls, len(self.qualities) - 1)]
        self.calls += 1
        return CaptureResult(
            slot, result.image, result.format, result.width, result.height, quality, self.name
        )


def test_retries_keep_the_best_and_stop_at_the_threshold(qtbot: QtBot, window: MainWindow) -> None:
    page = window.recording_page
    device = Scripted([20, 55, 30])
    page.device = device
    slot = page.slots["fingers.R1"]
    slot.capture()
    qtbot.waitUntil(lambda: not slot.pending)
    assert device.calls == 2 and slot.result is not None and slot.result.quality == 55
    low = Scripted([10, 35, 25])
    page.device = low
    page.slots["fingers.R2"].capture()
    qtbot.waitUntil(lambda: not page.slots["fingers.R2"].pending)
    assert low.calls == 3
    assert page.slots["fingers.R2"].result.quality == 35  # type: ignore[union-attr]
    assert "di bawah 40" in page.slots["fingers.R2"].status.text()


def test_scanners_found_tested_and_used(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    sim = SbiSimulator(port=free_port(), identity=IDENTITY, quality=81).start()
    try:
        desk.change_setting("sbi_trusted", fingerprint(IDENTITY[1]))
        devices = window.devices_page
        devices.ports = range(sim.port - 3, sim.port + 3)
        devices.find_devices()
        qtbot.waitUntil(lambda: devices.table.rowCount() == 2, timeout=10000)
        devices.test_selected()
        qtbot.waitUntil(lambda: "Uji berhasil" in devices.message.text(), timeout=10000)
        assert "81" in devices.message.text()
        devices.use()
        page = window.recording_page
        slot = page.slots["iris.L"]
        slot.capture()
        qtbot.waitUntil(lambda: not slot.pending, timeout=10000)
        assert slot.result is not None and slot.result.quality == 81
        assert "Simulator" in slot.result.device
        sim.stop()  # the scanner goes away
        finger = page.slots["fingers.L1"]
        finger.capture()
        qtbot.waitUntil(lambda: not finger.pending, timeout=10000)
        assert finger.result is None and "hilang" in finger.status.text()  # the window's language
        assert window.isEnabled()
    finally:
        sim.server.server_close()


def test_an_untrusted_scanner_is_not_offered(qtbot: QtBot, window: MainWindow) -> None:
    sim = SbiSimulator(port=free_port(), identity=IDENTITY).start()
    try:
        devices = window.devices_page
        devices.ports = range(sim.port, sim.port + 1)
        devices.find_devices()
        qtbot.waitUntil(lambda: "Tidak ada pemindai" in devices.message.text(), timeout=10000)
        assert devices.table.rowCount() == 0
    finally:
        sim.stop()


def test_camera_crop_and_capture_through_the_video_sink(qtbot: QtBot) -> None:
    from ektp_desk.ui import camera

    if camera.MULTIMEDIA_ERROR is not None and os.environ.get("EKTP_REQUIRE_WINDOW_LIBS") != "1":
        pytest.skip(f"QtMultimedia cannot load here ({camera.MULTIMEDIA_ERROR}): install libpulse0")
    from PySide6.QtGui import QColor
    from PySide6.QtMultimedia import QVideoFrame

    from ektp_desk.capture import CaptureError
    from ektp_desk.ui.camera import CameraDialog, crop_portrait

    wide = QImage(1280, 720, QImage.Format.Format_RGB32)
    wide.fill(QColor(120, 90, 60))
    assert (crop_portrait(wide).width(), crop_portrait(wide).height()) == (540, 720)
    tall = QImage(600, 1000, QImage.Format.Format_RGB32)
    assert (crop_portrait(tall).width(), crop_portrait(tall).height()) == (600, 800)
    with pytest.raises(CaptureError, match="at least 480x640"):
        crop_portrait(QImage(640, 480, QImage.Format.Format_RGB32))

    # No camera here: frames go into the dialog's QVideoSink directly, as a camera's would.
    dialog = CameraDialog(use_camera=False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.take()
    assert "Belum ada gambar" in dialog.message.text()
    dialog.sink.setVideoFrame(QVideoFrame(QImage(640, 480, QImage.Format.Format_RGB32)))
    dialog.take()
    assert "paling kecil 480x640" in dialog.message.text()
    with qtbot.waitSignal(dialog.captured) as got:
        dialog.sink.setVideoFrame(QVideoFrame(wide))
        assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
        dialog.take()
    result = got.args[0]
    info = sniff(result.image)
    assert (info.format, info.width, info.height) == ("jpeg", 540, 720)


def test_the_face_slot_says_when_there_is_no_camera(qtbot: QtBot, window: MainWindow) -> None:
    from ektp_desk.ui import camera

    slot = window.recording_page.slots["face"]
    if camera.cameras():
        pytest.skip("this machine has a camera; the no-camera message cannot show")
    slot.camera_button.click()
    assert "kamera" in slot.status.text().lower() and slot.result is None


def test_an_exception_with_its_photo_is_saved(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    import io
    import zipfile

    from tests.conftest import VALID

    desk.residents.add([dict(VALID)], source="test")
    ticket = desk.queue.enqueue(nik=VALID["nik"])
    page = window.recording_page
    page.load_ticket(ticket)
    slot = page.slots["fingers.L5"]
    slot.set_exception("jari diamputasi", SimulatedDevice(seed=2).capture("face"))
    page.capture_missing()
    qtbot.waitUntil(lambda: not page.captures_pending())
    with qtbot.waitSignal(page.saved) as saved:
        page.save()
    with zipfile.ZipFile(io.BytesIO(held_payload(desk, saved.args[0].record_id))) as zf:
        assert "exceptions/fingers_L5.png" in zf.namelist()
        assert "fingers/L5.png" not in zf.namelist()


def test_an_admins_scanner_choice_is_kept_for_the_next_start(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    sim = SbiSimulator(port=free_port(), identity=IDENTITY, quality=90).start()
    try:
        desk.change_setting("sbi_trusted", fingerprint(IDENTITY[1]))
        first = MainWindow(desk, SyncController(desk.data_dir))
        qtbot.addWidget(first)
        first.devices_page.ports = range(sim.port, sim.port + 1)
        first.devices_page.find_devices()
        qtbot.waitUntil(lambda: first.devices_page.table.rowCount() == 2, timeout=10000)
        first.devices_page.use()
        assert desk.settings["capture_device"] == "sbi"
        # The next start finds the scanners again by itself (default ports hold none here,
        # so point the new window's search at the simulator before it runs).
        window = MainWindow(desk, SyncController(desk.data_dir))
        qtbot.addWidget(window)
        window.devices_page.ports = range(sim.port, sim.port + 1)
        window.devices_page.restore()
        qtbot.waitUntil(lambda: window.recording_page.scanner is not None, timeout=10000)
        window.devices_page.use_simulated()
        assert desk.settings["capture_device"] == "simulated"
    finally:
        sim.stop()


def test_a_damaged_store_is_told_at_start_and_refuses_writes(qtbot: QtBot, tmp_path: Path) -> None:
    from ektp_desk.demo import BiometricDetail, seed
    from ektp_desk.desk import DeskError

    desk = new_desk(tmp_path / "bad")
    seed(desk, recordings=60, detail=BiometricDetail.NONE)
    desk.session.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    desk.close()
    path = tmp_path / "bad" / "desk.sqlite3"
    data = bytearray(path.read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 4096 * 3, 7):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    from ektp_desk.ui.app import DeskApp

    flow = DeskApp(tmp_path / "bad")
    flow.start()
    assert flow.login is not None
    qtbot.addWidget(flow.login)
    flow.login.user.setText("admin")
    flow.login.password.setText("rahasia-admin")
    flow.login.submit()
    try:
        qtbot.waitUntil(
            lambda: (
                flow.damage_box is not None
                or (flow.window is not None and flow.window.damage_box is not None)
            ),
            timeout=10000,
        )
        assert flow.desk is not None and flow.desk.damaged is not None
        with pytest.raises(DeskError, match="damaged"):
            flow.desk.queue.enqueue(nik="7271024507050001")
    finally:
        flow.shutdown()
