"""The question before unsaved work is thrown away (closing the program, a change of
shift): it names the recording and what would be lost; nothing is lost without an answer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ektp_desk.ui.question import ask_then


def ask_to_discard(parent: QWidget, what: str, leaving: str, then: Callable[[], None]) -> None:
    """Ask whether `what` (the unsaved recording) may be discarded for `leaving`; `then`
    runs only on "discard"; the desk's timers and its sync go on meanwhile."""
    ask_then(
        parent,
        icon=QMessageBox.Icon.Warning,
        title=QCoreApplication.translate("MainWindow", "Perekaman belum disimpan"),
        text=QCoreApplication.translate(
            "MainWindow",
            "{what} belum disimpan.\n\n{leaving} akan membuang biodata dan hasil "
            "perekaman yang belum disimpan.",
        ).format(what=what, leaving=leaving),
        name="unsaved_box",
        back=QCoreApplication.translate("MainWindow", "Kembali ke perekaman"),
        on=QCoreApplication.translate("MainWindow", "Buang dan lanjutkan"),
        on_role=QMessageBox.ButtonRole.DestructiveRole,
        then=then,
    )
