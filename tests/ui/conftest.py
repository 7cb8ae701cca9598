"""UI tests run as the window does (ektp_desk.ui.gcguard): no automatic cycle collection,
which could delete a Qt object on a worker thread; the garbage of each test is collected
on the GUI thread after it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.sync_page import SyncController
from tests.conftest import new_desk


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


@pytest.fixture
def training_window(qtbot: QtBot, training_desk: Desk) -> MainWindow:
    win = MainWindow(training_desk, SyncController(training_desk.data_dir))
    qtbot.addWidget(win)
    win.show()
    return win
