"""Pictures on the recording screen: each slot's thumbnail, the face large beside the form,
a click that enlarges, and the exception's photo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ektp_desk.capture import SimulatedDevice
from ektp_desk.desk import Desk
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.recording.pictures import FACE_SIZE, PictureDialog
from ektp_desk.ui.sync_page import SyncController
from tests.conftest import new_desk


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = new_desk(tmp_path / "desk", training=True)
    yield d
    d.close()


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> MainWindow:
    win = MainWindow(desk, SyncController(desk.data_dir))
    qtbot.addWidget(win)
    win.show()
    return win


def open_pictures() -> list[PictureDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, PictureDialog) and w.isVisible()
    ]


def test_each_capture_shows_its_thumbnail_and_the_face_large(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.recording_page
    device = SimulatedDevice(seed=3)
    assert not page.slots["face"].thumbnail.has_picture()
    assert not page.face_preview.has_picture()
    page.slots["face"].set_result(device.capture("face"))
    page.slots["fingers.R2"].set_result(device.capture("fingers.R2"))
    assert page.slots["face"].thumbnail.has_picture()
    assert page.slots["fingers.R2"].thumbnail.has_picture()
    assert not page.slots["iris.L"].thumbnail.has_picture()
    # The face beside the form, at the card's 3:4.
    assert page.face_preview.has_picture()
    assert page.face_preview.size() == FACE_SIZE
    assert FACE_SIZE.width() * 4 == FACE_SIZE.height() * 3
    window.show_page(page)
    assert page.face_preview.isVisible()
    page.clear()
    assert not page.face_preview.has_picture()
    assert not page.slots["face"].thumbnail.has_picture()


def test_a_click_enlarges_the_picture(qtbot: QtBot, window: MainWindow) -> None:
    page = window.recording_page
    capture = SimulatedDevice(seed=3).capture("fingers.L1")
    page.slots["fingers.L1"].set_result(capture)
    qtbot.mouseClick(page.slots["fingers.L1"].thumbnail, Qt.MouseButton.LeftButton)
    dialogs = open_pictures()
    assert len(dialogs) == 1
    enlarged = dialogs[0].image.pixmap()
    assert enlarged.width() > page.slots["fingers.L1"].thumbnail.width()
    assert dialogs[0].windowTitle() == page.slots["fingers.L1"].name.text()
    dialogs[0].reject()
    page.slots["face"].set_result(SimulatedDevice(seed=3).capture("face"))
    qtbot.mouseClick(page.face_preview, Qt.MouseButton.LeftButton)
    assert len(open_pictures()) == 1
    open_pictures()[0].reject()


def test_an_empty_slot_has_nothing_to_enlarge(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.recording_page.slots["iris.R"].thumbnail, Qt.MouseButton.LeftButton)
    assert open_pictures() == []


def test_the_exception_photo_is_shown(qtbot: QtBot, window: MainWindow) -> None:
    slot = window.recording_page.slots["fingers.R5"]
    slot.set_exception("amputasi", SimulatedDevice(seed=3).capture("face"))
    assert slot.thumbnail.has_picture()
    slot.set_exception("amputasi", None)
    assert not slot.thumbnail.has_picture()
