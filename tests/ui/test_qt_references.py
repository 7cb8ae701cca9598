"""The Qt binding must not lose references to Python's singletons. PySide6 6.12.0 under
CPython 3.11 dropped one reference to None at every call of a Qt method returning nothing:
a clerk's day of clicks freed None and aborted the program (seen as "Fatal Python error:
bool_dealloc / none_dealloc" when the demo closed). pyproject.toml keeps such a release out;
this test fails on one.

Qt also deletes a layout's items behind PySide's back; a wrapper of such an item left
registered came back for a new button created at the same address (`addButton` returned a
QWidgetItem and the lock dialog failed to open)."""

from __future__ import annotations

import gc
import sys

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from ektp_desk.ui.access import name_inputs

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


def test_naming_inputs_leaves_no_layout_item_wrapper_behind(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    row = QHBoxLayout()
    fields = [QLineEdit() for _ in range(6)]
    for n, field in enumerate(fields[:3]):
        form.addRow(f"Kolom {n}:", field)
    for field in fields[3:]:
        row.addWidget(QLabel("Dari"))
        row.addWidget(field)
    form.addRow(row)
    before = {id(w) for w in _item_wrappers()}  # other tests' windows may hold some
    name_inputs(dialog)
    assert all(field.accessibleName() for field in fields)  # it did walk the items
    for widget in dialog.findChildren(QWidget):
        widget.deleteLater()  # Qt deletes their layout items with them
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    left = [w for w in _item_wrappers() if id(w) not in before]
    assert left == [], f"{len(left)} wrappers of deleted layout items still registered"


def _item_wrappers() -> list[object]:
    return [
        w
        for w in shiboken6.getAllValidWrappers()
        if type(w).__name__ in ("QWidgetItem", "QSpacerItem")
    ]
