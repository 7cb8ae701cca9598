"""A question that does not block: a way back (the default) and a way on, opened without a
nested event loop, so the desk's timers and its sync go on while it waits for an answer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_then(
    parent: QWidget,
    *,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    name: str,
    back: str,
    on: str,
    on_role: QMessageBox.ButtonRole,
    then: Callable[[], None],
) -> QMessageBox:
    """Open the question named `name`; `then` runs only when the way on (`on`) is chosen.
    The box deletes itself once answered; its way-on button is named `name` + "_on"."""
    box = QMessageBox(icon, title, text, parent=parent)
    box.setObjectName(name)
    back_button = box.addButton(back, QMessageBox.ButtonRole.RejectRole)
    on_button = box.addButton(on, on_role)
    on_button.setObjectName(f"{name}_on")
    box.setDefaultButton(back_button)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(_result: int) -> None:
        if box.clickedButton() is on_button:
            then()

    box.finished.connect(answered)
    box.open()
    return box
