"""The question before a resident another desk already recorded joins the queue: a second
recording of the NIK would open a duplicate case at Disdukcapil."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_recorded_elsewhere(
    parent: QWidget, nik: str, where: str, then: Callable[[], None]
) -> QMessageBox:
    """Ask whether `nik`, recorded `where` ("sudah direkam di PALU-BARAT-2, 28 November
    2026"), is added anyway; `then` runs only on "add anyway". No nested event loop."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("QueuePage", "Sudah direkam di desk lain"),
        QCoreApplication.translate(
            "QueuePage",
            "NIK {nik} {where}.\n\nMerekamnya lagi akan membuka kasus NIK ganda di "
            "Disdukcapil. Tetap tambahkan ke antrian?",
        ).format(nik=nik, where=where),
        parent=parent,
    )
    box.setObjectName("recorded_elsewhere_box")
    roles = QMessageBox.ButtonRole
    back = box.addButton(QCoreApplication.translate("QueuePage", "Batal"), roles.RejectRole)
    add = box.addButton(
        QCoreApplication.translate("QueuePage", "Tetap tambahkan"), roles.AcceptRole
    )
    box.setDefaultButton(back)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(_result: int) -> None:
        if box.clickedButton() is add:
            then()

    box.finished.connect(answered)
    box.open()
    return box
