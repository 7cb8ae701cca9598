"""Item 13: the lock holds. Closing the lock window in any way leaves the desk locked; while
locked no page content is shown and no shortcut acts; unlocking restores it and the idle
lock re-arms."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.sync_page import SyncController
from tests.conftest import ADMIN_PASSWORD, new_desk
from tests.ui.conftest import (
    activate,
    collect_on_the_gui_thread,  # noqa: F401 (an autouse fixture)
)

NIK = "7271024507050001"
NAME = "Siti Lamakarate"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    desk = new_desk(tmp_path / "desk")
    desk.residents.add([{"nik": NIK, "nama": NAME, "alamat": "Jl. Kartini 3"}], source="test")
    desk.queue.enqueue(nik=NIK)
    sync = SyncController(desk.data_dir, idle_interval=0.2)
    win = MainWindow(desk, sync)
    qtbot.addWidget(win)
    activate(qtbot, win)
    yield win
    sync.stop()
    win.close()
    desk.close()


def shown_texts() -> str:
    """Every text a visible widget shows (labels, fields, and the cells of visible views)."""
    out = []
    for w in QApplication.allWidgets():
        if not w.isVisible():
            continue
        if isinstance(w, QLabel | QLineEdit):
            out.append(w.text())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            root = w.rootIndex()
            for r in range(min(model.rowCount(root), 50)):
                for c in range(30):
                    index = model.index(r, c, root)
                    if not index.isValid():
                        break
                    out.append(str(index.data() or ""))
    return "\n".join(out)


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key, ctrl: bool = True) -> None:
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(widget, key, modifier)


def test_the_lock_survives_escape_and_a_close_and_shortcuts_do_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_page(window.queue_page)
    window.queue_page.refresh()
    qtbot.waitUntil(lambda: NIK in shown_texts() or NAME.upper() in shown_texts().upper())
    press(qtbot, window, Qt.Key.Key_L)
    dialog = window.lock_dialog
    assert dialog is not None and dialog.isVisible()

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    QApplication.sendEvent(dialog, QCloseEvent())  # as a window manager's close (Alt+F4)
    dialog.close()
    QApplication.processEvents()
    assert window.lock_dialog is dialog and dialog.isVisible()
    dialog.done(QDialog.DialogCode.Rejected)  # ended any other way, it comes back
    QApplication.processEvents()
    assert window.lock_dialog is dialog and dialog.isVisible()

    # Even with the main window active (a click on it, a window manager's focus), the
    # shortcuts do nothing while locked.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    assert not any(s.isEnabled() for s in window.shortcuts)
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_6, Qt.Key.Key_7):
        press(qtbot, window, key)
        QApplication.processEvents()
        assert window.lock_dialog is dialog
        assert not window.stack.isVisible() and not window.nav.isVisible()
        assert window.locked_screen.isVisible()
        texts = shown_texts()
        assert NIK not in texts and NAME.upper() not in texts.upper()
    press(qtbot, window, Qt.Key.Key_L)
    assert window.lock_dialog is dialog and not window.idle.isActive()

    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert window.lock_dialog is None and not dialog.isVisible()
    assert window.stack.isVisible() and not window.locked_screen.isVisible()
    assert window.idle.isActive()
    activate(qtbot, window)
    press(qtbot, window, Qt.Key.Key_3)
    assert window.stack.currentWidget() is window.log_page

    # The idle lock re-armed: it locks again by itself.
    window.idle.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: window.lock_dialog is not None, timeout=3000)
    assert window.locked_screen.isVisible() and not window.stack.isVisible()


def test_other_windows_of_the_desk_hide_while_locked(qtbot: QtBot, window: MainWindow) -> None:
    window.show_help()
    help_dialog = window.help_dialog
    assert help_dialog is not None and help_dialog.isVisible()
    window.lock()
    assert not help_dialog.isVisible()
    dialog = window.lock_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert help_dialog.isVisible()
