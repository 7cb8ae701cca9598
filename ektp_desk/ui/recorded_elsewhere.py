"""The question before a resident another desk already recorded joins the queue: a second
recording of the NIK would open a duplicate case at Disdukcapil."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ektp_desk.ui.question import ask_then


def ask_recorded_elsewhere(
    parent: QWidget, nik: str, where: str, then: Callable[[], None]
) -> QMessageBox:
    """Ask whether `nik`, recorded `where` ("sudah direkam di PALU-BARAT-2, 28 November
    2026"), is added anyway; `then` runs only on "add anyway". No nested event loop."""
    return ask_then(
        parent,
        icon=QMessageBox.Icon.Question,
        title=QCoreApplication.translate("QueuePage", "Sudah direkam di desk lain"),
        text=QCoreApplication.translate(
            "QueuePage",
            "NIK {nik} {where}.\n\nMerekamnya lagi akan membuka kasus NIK ganda di "
            "Disdukcapil. Tetap tambahkan ke antrian?",
        ).format(nik=nik, where=where),
        name="recorded_elsewhere_box",
        back=QCoreApplication.translate("QueuePage", "Batal"),
        on=QCoreApplication.translate("QueuePage", "Tetap tambahkan"),
        on_role=QMessageBox.ButtonRole.AcceptRole,
        then=then,
    )
