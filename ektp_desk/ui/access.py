"""Inputs a screen reader can name and a keyboard can reach: each input takes its label as
buddy (Alt+letter moves to it) and as accessible name; an input with no label is named by
its placeholder or tooltip."""

from __future__ import annotations

import re

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


def input_in(item: QLayoutItem | None) -> QWidget | None:
    """The input a form row's field holds: the widget itself, or the first input in it."""
    if item is None:
        return None
    widget = item.widget()
    if widget is not None:
        if is_input(widget):
            return widget
        found = [w for w in widget.findChildren(QWidget) if is_input(w)]
        return found[0] if found else None
    layout = item.layout()
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
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        _label_input(label.widget() if label else None, input_in(field))


def _box_rows(box: QBoxLayout) -> None:
    """A label just before an input in a row ("Dari [date] sampai [date]") names it."""
    for i in range(box.count() - 1):
        item, after = box.itemAt(i), box.itemAt(i + 1)
        if item is not None and after is not None and is_input(after.widget()):
            _label_input(item.widget(), after.widget())


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
