"""UI tests run as the window does (ektp_desk.ui.gcguard): no automatic cycle collection,
which could delete a Qt object on a worker thread; the garbage of each test is collected
on the GUI thread after it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.domain.accounts import Role
from ektp_desk.ui import i18n
from ektp_desk.ui.file_in_use import BOX_NAME
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.sync_page import SyncController
from tests.conftest import FAST_SCRYPT, new_desk


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


@pytest.fixture
def training_desk(tmp_path: Path) -> Iterator[Desk]:
    """A training desk: captures come from the simulator."""
    d = new_desk(tmp_path / "desk", training=True)
    yield d
    d.close()


def shown_window(qtbot: QtBot, desk: Desk) -> MainWindow:
    """The main window on `desk`, shown, closed with the test."""
    win = MainWindow(desk, SyncController(desk.data_dir))
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def training_window(qtbot: QtBot, training_desk: Desk) -> MainWindow:
    return shown_window(qtbot, training_desk)


@pytest.fixture(params=["id", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    assert i18n.install(request.param)
    yield request.param
    i18n.install("id")


@pytest.fixture
def busy_desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk with recordings in every state a page shows, users of every role."""
    desk = new_desk(tmp_path / "desk", training=True)
    seed(desk, recordings=12, seed_value=7, detail=BiometricDetail.NONE)
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    desk.accounts.add("kasi", Role.SUPERVISOR, "kata-sandi-kasi", scrypt=FAST_SCRYPT)
    conn = desk.session.connection
    ids = [r[0] for r in conn.execute("SELECT record_id FROM outbox ORDER BY record_id")]
    for record_id, state in zip(ids, ("acked", "rejected", "duplicate_nik"), strict=False):
        conn.execute("UPDATE outbox SET state = ? WHERE record_id = ?", (state, record_id))
    yield desk
    desk.close()


@pytest.fixture
def listed_desk(tmp_path: Path) -> Iterator[Desk]:
    desk = new_desk(tmp_path / "desk", training=True)  # Ctrl+Shift+A with the simulator
    desk.residents.add(
        [
            {"nik": "7271024507050001", "nama": "Siti Lamakarate", "no_kk": "7271020101200003",
             "tempat_lahir": "Palu", "alamat": "Jl. Kartini 3", "rt": "1", "rw": "2",
             "kelurahan": "72.71.02.1007", "agama": "ISLAM", "status_perkawinan": "BELUM KAWIN",
             "pekerjaan": "PELAJAR/MAHASISWA", "kewarganegaraan": "WNI", "golongan_darah": "O"},
            {"nik": "7271020312880042", "nama": "Budi Santoso"},
        ],
        source="test",
    )  # fmt: skip
    yield desk
    desk.close()


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Show and activate a window; under the offscreen platform activation can lag behind a
    window of the previous test that is still going away, so ask again."""
    widget.show()
    for _ in range(5):
        widget.raise_()
        widget.activateWindow()
        try:
            qtbot.waitUntil(widget.isActiveWindow, timeout=1000)
            return
        except TimeoutError:
            QApplication.processEvents()
    assert widget.isActiveWindow(), "the window could not be activated"


def save_under_another_name(qtbot: QtBot, box: QMessageBox | None, ended: SignalInstance) -> None:
    """Answer the file-in-use question (ektp_desk/ui/file_in_use.py) with its way on, and
    wait for the save under the new name to end."""
    assert box is not None and box.isVisible()
    with qtbot.waitSignal(ended, timeout=20_000):
        box.findChild(QPushButton, f"{BOX_NAME}_on").click()


@pytest.fixture
def window(qtbot: QtBot, listed_desk: Desk) -> Iterator[MainWindow]:
    sync = SyncController(listed_desk.data_dir, idle_interval=0.2)
    win = MainWindow(listed_desk, sync)
    qtbot.addWidget(win)
    activate(qtbot, win)
    yield win
    sync.stop()
