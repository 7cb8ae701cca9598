"""Pictures on the recording screen: each slot's thumbnail, the face large beside the form,
a click that enlarges, and the exception's photo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ektp_desk.capture import SimulatedDevice
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.recording.pictures import FACE_SIZE, PictureDialog


def open_pictures() -> list[PictureDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, PictureDialog) and w.isVisible()
    ]


def test_each_capture_shows_its_thumbnail_and_the_face_large(
    qtbot: QtBot, training_window: MainWindow
) -> None:
    page = training_window.recording_page
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
    training_window.show_page(page)
    assert page.face_preview.isVisible()
    page.clear()
    assert not page.face_preview.has_picture()
    assert not page.slots["face"].thumbnail.has_picture()


def test_a_click_enlarges_the_picture(qtbot: QtBot, training_window: MainWindow) -> None:
    page = training_window.recording_page
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


def test_an_empty_slot_has_nothing_to_enlarge(qtbot: QtBot, training_window: MainWindow) -> None:
    qtbot.mouseClick(
        training_window.recording_page.slots["iris.R"].thumbnail, Qt.MouseButton.LeftButton
    )
    assert open_pictures() == []


def test_the_exception_photo_is_shown(qtbot: QtBot, training_window: MainWindow) -> None:
    slot = training_window.recording_page.slots["fingers.R5"]
    slot.set_exception("amputasi", SimulatedDevice(seed=3).capture("face"))
    assert slot.thumbnail.has_picture()
    slot.set_exception("amputasi", None)
    assert not slot.thumbnail.has_picture()
