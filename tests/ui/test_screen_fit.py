"""The window on the screens it runs on: every page at 1366x768 and at 1024x768, in both
languages, with no label, button, tab, column header, field or title cut; a minimum width
that a 1024 px screen holds; and Ctrl+plus / Ctrl+minus to zoom the font."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ektp_desk.capture import SimulatedDevice
from ektp_desk.desk import Desk
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.style import STYLE
from ektp_desk.ui.sync_page import SyncController
from tests.ui.conftest import activate
from tests.ui.fit import clipped_texts

SIZES = ((1366, 768), (1024, 768))


@pytest.fixture
def styled() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE)
    yield app
    app.setStyleSheet("")


@pytest.fixture
def window(qtbot: QtBot, styled: QApplication, busy_desk: Desk) -> MainWindow:
    win = MainWindow(busy_desk, SyncController(busy_desk.data_dir))
    qtbot.addWidget(win)
    activate(qtbot, win)
    return win


def open_a_recording(window: MainWindow) -> None:
    """The recording page as a clerk has it mid-way: a ticket, captures, a mistake."""
    desk = window.desk
    (nik,) = desk.session.connection.execute(
        "SELECT nik FROM residents WHERE nik NOT IN (SELECT nik FROM recordings) LIMIT 1"
    ).fetchone()
    desk.queue.enqueue(nik=nik)
    window.queue_page.call_next()
    page = window.recording_page
    page.slots["face"].set_result(SimulatedDevice(seed=1).capture("face"))
    page.slots["fingers.L5"].set_exception("AMPUTASI")
    page.fields["no_kk"].setText("123")  # type: ignore[union-attr]
    page.save()


def test_every_page_fits_at_1366_and_1024(window: MainWindow, language: str) -> None:
    open_a_recording(window)
    window.queue_page.search.setText("a")
    found: dict[str, list[str]] = {}
    for width, height in SIZES:
        window.resize(width, height)
        assert window.size().toTuple() == (width, height)
        for row in range(window.nav.count()):
            window.nav.setCurrentRow(row)
            QApplication.processEvents()
            clipped = clipped_texts(window)
            if clipped:
                found[f"{width}x{height} {window.nav.item(row).text()}"] = clipped
    assert window.nav.count() == 7
    assert found == {}


def test_the_check_sees_a_cut_text(qtbot: QtBot) -> None:
    label = QLabel("Sinkron terakhir: belum pernah")
    qtbot.addWidget(label)
    label.show()
    label.resize(label.sizeHint())
    assert clipped_texts(label) == []
    label.resize(label.sizeHint().width() // 2, label.height())
    assert clipped_texts(label)


def test_a_1024_screen_holds_the_window(window: MainWindow, language: str) -> None:
    open_a_recording(window)
    # The frame of a Windows window takes about 16 px of the screen's width.
    assert window.minimumSizeHint().width() <= 1024 - 16
    assert window.minimumSizeHint().height() <= 768 - 40  # and the taskbar its height


def test_ctrl_plus_and_minus_zoom_the_font(qtbot: QtBot, window: MainWindow) -> None:
    label = window.queue_page.current
    normal = label.fontInfo().pointSizeF()
    try:
        qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        QApplication.processEvents()
        larger = label.fontInfo().pointSizeF()
        assert larger > normal
        qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
        QApplication.processEvents()
        assert label.fontInfo().pointSizeF() < normal
        qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        QApplication.processEvents()
        assert label.fontInfo().pointSizeF() == pytest.approx(normal)
    finally:
        window.zoom.reset()
