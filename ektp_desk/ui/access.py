"""Inputs a screen reader can name and a keyboard can reach: each input takes its label as
buddy (Alt+letter moves to it) and as accessible name; an input with no label is named by
its placeholder or tooltip."""

from __future__ import annotations

import itertools
import re

import shiboken6
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


def is_input(widget: QWidget | None) -> bool:
    # The line edit inside an editable combo box or a spin box is the box's own part, and
    # Qt's own parts (the calendar's year box) are named by Qt.
    return (
        isinstance(widget, INPUTS)
        and not isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox)
        and not widget.objectName().startswith("qt_")
    )


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip(": ").strip()


def parts(item: QLayoutItem | None) -> tuple[QWidget | None, QLayout | None]:
    """The widget or layout a layout item holds, with the item's own wrapper let go.

    Qt deletes a layout's items without telling PySide (a widget removed or deleted takes
    its item with it), and the wrapper, held by its layout's, stays registered at that
    address: a QPushButton Qt later creates there came back to Python as that stale
    QWidgetItem. Invalidating the wrapper at once unregisters it; a layout is a QObject,
    whose deletion PySide sees, so it is kept.
    """
    if item is None:
        return None, None
    widget, layout = item.widget(), item.layout()
    if not isinstance(item, QLayout):
        shiboken6.invalidate(item)
    return widget, layout


def input_in(item: QLayoutItem | None) -> QWidget | None:
    """The input a form row's field holds: the widget itself, or the first input in it."""
    widget, layout = parts(item)
    if widget is not None:
        if is_input(widget):
            return widget
        found = [w for w in widget.findChildren(QWidget) if is_input(w)]
        return found[0] if found else None
    if layout is not None:
        for i in range(layout.count()):
            found_widget = input_in(layout.itemAt(i))
            if found_widget is not None:
                return found_widget
    return None


def _label_input(label: QWidget | None, target: QWidget | None) -> None:
    if not isinstance(label, QLabel) or target is None or not _plain(label.text()):
        return
    if not is_input(label.buddy()):
        label.setBuddy(target)
    if not target.accessibleName():
        target.setAccessibleName(_plain(label.text()))


def _form_rows(form: QFormLayout) -> None:
    for row in range(form.rowCount()):
        label, _ = parts(form.itemAt(row, QFormLayout.ItemRole.LabelRole))
        _label_input(label, input_in(form.itemAt(row, QFormLayout.ItemRole.FieldRole)))


def _box_rows(box: QBoxLayout) -> None:
    """A label just before an input in a row ("Dari [date] sampai [date]") names it."""
    widgets = [parts(box.itemAt(i))[0] for i in range(box.count())]
    for widget, after in itertools.pairwise(widgets):
        if is_input(after):
            _label_input(widget, after)


def name_inputs(top: QWidget) -> None:
    """Buddies and accessible names for every input under `top`."""
    for layout in top.findChildren(QLayout):
        if isinstance(layout, QFormLayout):
            _form_rows(layout)
        elif isinstance(layout, QBoxLayout):
            _box_rows(layout)
    for widget in top.findChildren(QWidget):
        if not is_input(widget) or widget.accessibleName():
            continue
        hint = widget.placeholderText() if isinstance(widget, QLineEdit) else ""
        if not hint and isinstance(widget, QComboBox) and widget.lineEdit() is not None:
            hint = widget.lineEdit().placeholderText()  # type: ignore[union-attr]
        name = _plain(hint or widget.toolTip())
        if name:
            widget.setAccessibleName(name)
