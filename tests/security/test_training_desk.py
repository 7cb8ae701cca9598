"""Issue 13, item 12: a real desk never records with the simulator.

Simulated devices exist only on a training desk (`ektp-desk init --training`, and the
demo); a training desk's recordings are marked in the sealed manifest and refused by a
hub not started with --training. A real desk's recording and device pages say that no
scanner was found and what to do, and Ctrl+Shift+A captures nothing there.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from ektp_desk.capture.jws import fingerprint
from ektp_desk.capture.sbi_simulator import SbiSimulator
from ektp_desk.desk import Desk, iso, utc_now
from ektp_desk.hub.cli import build_parser as hub_parser
from ektp_desk.hub.lite import LiteHub
from ektp_desk.ui.app import DeskApp
from ektp_desk.ui.dialogs import LoginDialog
from tests.conftest import ADMIN_PASSWORD, held_payload, new_desk
from tests.hubproc import free_port
from tests.ui.conftest import activate


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    import gc

    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


def through_the_wizard(qtbot: QtBot, data_dir: Path, *, training: bool) -> DeskApp:
    """A desk set up as a person does on a new PC: the first-run wizard, then the window."""
    flow = DeskApp(data_dir)
    flow.start()
    wizard = flow.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    qtbot.keyClicks(wizard.desk_id, "PALU-BARAT-9")
    assert not wizard.training.isChecked()  # a real desk unless asked
    wizard.training.setChecked(training)
    wizard.next()
    wizard.next()
    qtbot.keyClicks(wizard.password, ADMIN_PASSWORD)
    qtbot.keyClicks(wizard.password2, ADMIN_PASSWORD)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: flow.window is not None and flow.window.isVisible())
    assert flow.window is not None
    qtbot.addWidget(flow.window)
    return flow


def test_a_real_desk_has_no_simulator_and_says_what_to_do(qtbot: QtBot, tmp_path: Path) -> None:
    flow = through_the_wizard(qtbot, tmp_path / "desk", training=False)
    try:
        window, desk = flow.window, flow.desk
        assert window is not None and desk is not None and not desk.training
        page = window.recording_page
        assert page.device is None and page.scanner is None
        assert "simulasi" not in page.device_label.text()
        assert "pemindai belum ditemukan" in page.device_label.text()
        assert "Ctrl+7" in page.device_label.text()
        devices = window.devices_page
        assert "Belum ada pemindai" in devices.message.text()
        assert "Cari pemindai SBI" in devices.message.text()
        assert not devices.simulated_button.isVisibleTo(devices)
        assert "LATIHAN" not in window.windowTitle() and window.menuWidget() is None

        activate(qtbot, window)
        window.show_page(page)
        qtbot.keyClick(
            window,
            Qt.Key.Key_A,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert not page.captures_pending()
        assert all(s.result is None for s in page.slots.values())
        assert "belum ditemukan" in page.message.text()
        finger = page.slots["fingers.R1"]
        finger.capture_button.click()
        assert finger.result is None and not finger.pending
        assert "Cari pemindai SBI" in finger.status.text()
        devices.use_simulated()  # on a real desk: still no simulator
        assert page.device is None and page.device_for("iris.L") is None
        # Nor the SBI simulator, even with its certificate trusted.
        sim = SbiSimulator(port=free_port()).start()
        try:
            desk.change_setting("sbi_trusted", fingerprint(sim.cert))
            devices.ports = range(sim.port, sim.port + 1)
            devices.find_devices()
            qtbot.waitUntil(lambda: "simulator" in devices.message.text(), timeout=10000)
            assert devices.devices == [] and devices.table.rowCount() == 0
        finally:
            sim.stop()
    finally:
        flow.shutdown()


def test_a_training_desk_says_so_on_every_screen(qtbot: QtBot, tmp_path: Path) -> None:
    flow = through_the_wizard(qtbot, tmp_path / "desk", training=True)
    try:
        window, desk = flow.window, flow.desk
        assert window is not None and desk is not None
        assert desk.training and desk.status().desk.training is True
        assert "LATIHAN" in window.windowTitle()
        banner = window.menuWidget()
        assert banner is not None and banner.objectName() == "training_banner"
        for page in window.visible_pages():
            window.show_page(page)
            assert banner.isVisible()
        assert "simulasi" in window.recording_page.device_label.text()
        login = LoginDialog(desk)
        qtbot.addWidget(login)
        assert login.findChild(type(login.error), "training_banner") is not None
    finally:
        flow.shutdown()


def sealed_manifest(desk: Desk, record_id: str) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(held_payload(desk, record_id))) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert isinstance(manifest, dict)
    return manifest


def send(desk: Desk, hub: LiteHub) -> tuple[str, str | None]:
    token = hub.enroll(desk.desk_id, desk.kecamatan, iso(utc_now()))
    desk.hub.set(hub.url, token)
    desk.hub.engine().run()
    state, detail = desk.session.connection.execute(
        "SELECT state, hub_detail FROM outbox"
    ).fetchone()
    return str(state), detail


def test_training_records_are_marked_and_only_a_training_hub_takes_them(
    tmp_path: Path, make_recording: Callable[..., dict[str, Any]]
) -> None:
    normal = LiteHub(tmp_path / "hub")
    trainer = LiteHub(tmp_path / "training-hub", training=True)
    for hub in (normal, trainer):
        hub.start()
    try:
        for name, hub, expected in (("a", normal, "rejected"), ("b", trainer, "acked")):
            desk = new_desk(tmp_path / name, desk_id=f"LATIH-{name.upper()}", training=True)
            try:
                saved = desk.recordings.save(make_recording())
                assert sealed_manifest(desk, saved.record_id)["training"] is True
                state, error = send(desk, hub)
                assert state == expected, error
                if expected == "rejected":
                    assert "training" in (error or "")
                    assert normal.store.held(saved.record_id) is None
            finally:
                desk.close()
        # A real desk's records carry no mark, and a normal hub takes them.
        real = new_desk(tmp_path / "real", desk_id="NYATA-1")
        try:
            saved = real.recordings.save(make_recording())
            assert "training" not in sealed_manifest(real, saved.record_id)
            assert send(real, normal)[0] == "acked"
        finally:
            real.close()
    finally:
        normal.stop()
        trainer.stop()


def test_init_training_and_hub_training_options(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "ektp_desk", "--data-dir", str(tmp_path / "d")]
    made = subprocess.run(
        [*run, "init", "--kecamatan", "72.71.02", "--desk", "LATIH-1", "--admin", "admin",
         "--training", "--password-stdin"],
        input=ADMIN_PASSWORD + "\n", capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "TRAINING" in made.stdout
    with Desk.open(tmp_path / "d") as desk:
        assert desk.training
    assert hub_parser().parse_args(["serve", "--training"]).training is True
    assert hub_parser().parse_args(["serve"]).training is False
