"""The Qt binding must not lose references to Python's singletons. PySide6 6.12.0 under
CPython 3.11 dropped one reference to None at every call of a Qt method returning nothing:
a clerk's day of clicks freed None and aborted the program (seen as "Fatal Python error:
bool_dealloc / none_dealloc" when the demo closed). pyproject.toml keeps such a release out;
this test fails on one."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

CALLS = 2_000


def test_qt_calls_that_return_nothing_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for n in range(CALLS):
        label.setText(str(n % 10))  # returns None
        label.setVisible(False)  # returns None, takes a bool
    lost_none = before_none - sys.getrefcount(None)
    lost_true = before_true - sys.getrefcount(True)
    # A few references may come and go with the interpreter's own work; one per call is
    # the binding's fault.
    assert lost_none < CALLS // 10, f"{lost_none} references to None lost in {CALLS} calls"
    assert lost_true < CALLS // 10, f"{lost_true} references to True lost in {CALLS} calls"
