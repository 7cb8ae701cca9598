"""F1 and About: a guide for every screen, in Indonesian and English."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ektp_desk import __version__
from ektp_desk.paths import log_file
from ektp_desk.ui import i18n
from ektp_desk.ui.help import GUIDES, AboutDialog, guide_html
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.sync_page import SyncController
from tests.conftest import new_desk
from tests.ui.conftest import activate


def test_f1_opens_the_guide_of_the_screen_in_front(qtbot: QtBot, tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    try:
        window = MainWindow(desk, SyncController(desk.data_dir))
        qtbot.addWidget(window)
        activate(qtbot, window)
        seen = {}
        for page in window.visible_pages():
            window.show_page(page)
            qtbot.keyClick(window, Qt.Key.Key_F1)
            dialog = window.help_dialog
            assert dialog is not None and dialog.isVisible()
            seen[window.current_page_key()] = dialog.text.toPlainText()
            dialog.close()
        assert set(seen) == set(GUIDES)  # the admin sees every screen, each has a guide
        assert "F2" in seen["queue"] and "Ctrl+S" in seen["recording"]
        assert "bundel" in seen["sync"].lower()
        assert len(set(seen.values())) == len(seen)
    finally:
        desk.close()


def test_the_guides_read_in_english_too() -> None:
    try:
        assert i18n.install("en")
        assert "today's queue" in guide_html("queue")
        assert "USB" in guide_html("sync") and "Backups" in guide_html("sync")
    finally:
        i18n.install("id")
    assert "antrian hari ini" in guide_html("queue")


def test_about_names_the_version_the_data_dir_the_log_and_the_credits(
    qtbot: QtBot, tmp_path: Path
) -> None:
    about = AboutDialog(tmp_path / "data")
    qtbot.addWidget(about)
    text = about.text.text()
    assert __version__ in text and str(tmp_path / "data") in text
    assert str(log_file()) in text
    assert "cahyadsn/wilayah" in text and "MIT" in text


def test_the_window_collects_garbage_on_its_own_thread_only() -> None:
    import gc
    import weakref

    from ektp_desk.ui.gcguard import FULL_EVERY, GcGuard

    class Node:
        other: object = None

    guard = GcGuard()
    guard.start()
    try:
        assert not gc.isenabled() and guard.timer.isActive()
        node = Node()
        node.other = node  # a cycle: only the cycle collector frees it
        alive = weakref.ref(node)
        del node
        for _ in range(200):
            [object() for _ in range(1000)]  # allocations no longer set off a collection
        assert alive() is not None
        for _ in range(FULL_EVERY):
            guard.collect()  # what the timer does, on the GUI thread
        assert alive() is None
    finally:
        guard.stop()
    assert gc.isenabled()
