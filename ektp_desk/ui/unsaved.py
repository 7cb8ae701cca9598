"""The question before unsaved work is thrown away (closing the program, a change of
shift): it names the recording and what would be lost; nothing is lost without an answer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_to_discard(parent: QWidget, what: str, leaving: str, then: Callable[[], None]) -> None:
    """Ask whether `what` (the unsaved recording) may be discarded for `leaving`; `then`
    runs only on "discard". The question opens without a nested event loop, so the desk's
    timers and its sync go on meanwhile."""

    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("MainWindow", "Perekaman belum disimpan"),
        QCoreApplication.translate(
            "MainWindow",
            "{what} belum disimpan.\n\n{leaving} akan membuang biodata dan hasil "
            "perekaman yang belum disimpan.",
        ).format(what=what, leaving=leaving),
        parent=parent,
    )
    box.setObjectName("unsaved_box")
    roles = QMessageBox.ButtonRole
    back = box.addButton(
        QCoreApplication.translate("MainWindow", "Kembali ke perekaman"), roles.RejectRole
    )
    discard = box.addButton(
        QCoreApplication.translate("MainWindow", "Buang dan lanjutkan"), roles.DestructiveRole
    )
    box.setDefaultButton(back)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(_result: int) -> None:
        if box.clickedButton() is discard:
            then()

    box.finished.connect(answered)
    box.open()
