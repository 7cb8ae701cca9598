"""The reason a finger or an iris cannot be captured, picked from the usual ones (or
"lainnya" with the reason typed), so that the same case reads the same on every record."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

OTHER = "LAINNYA"
# The reason as it is recorded (Indonesian, as on the paper), and its label in the window.
REASONS = (
    ("AMPUTASI", QT_TRANSLATE_NOOP("ExceptionDialog", "Amputasi")),
    ("CACAT SEJAK LAHIR", QT_TRANSLATE_NOOP("ExceptionDialog", "Cacat sejak lahir")),
    ("LUKA ATAU PERBAN", QT_TRANSLATE_NOOP("ExceptionDialog", "Luka atau perban")),
    (
        "MATA TIDAK DAPAT DIPINDAI",
        QT_TRANSLATE_NOOP("ExceptionDialog", "Mata tidak dapat dipindai"),
    ),
    (OTHER, QT_TRANSLATE_NOOP("ExceptionDialog", "Lainnya (tulis alasannya)")),
)


class ExceptionDialog(QDialog):
    """Pick a reason; "lainnya" needs the reason typed before OK is possible."""

    def __init__(self, slot_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pengecualian: {slot}").format(slot=slot_name))
        self.setMinimumWidth(380)  # the title names the slot: room for it in the title bar
        form = QFormLayout(self)
        self.choice = QComboBox()
        self.choice.setObjectName("exception_reason")
        for value, text in REASONS:
            self.choice.addItem(QCoreApplication.translate("ExceptionDialog", str(text)), value)
        self.other = QLineEdit()
        self.other.setObjectName("exception_other")
        self.other.setPlaceholderText(self.tr("Alasan lain"))
        reason_label = QLabel(self.tr("&Alasan:"))
        reason_label.setBuddy(self.choice)
        other_label = QLabel(self.tr("Alasan &lain:"))
        other_label.setBuddy(self.other)
        self.choice.setAccessibleName(self.tr("Alasan"))
        self.other.setAccessibleName(self.tr("Alasan lain"))
        form.addRow(reason_label, self.choice)
        form.addRow(other_label, self.other)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(self.tr("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        form.addRow(self.buttons)
        self.choice.currentIndexChanged.connect(self._update)
        self.other.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        other = self.choice.currentData() == OTHER
        self.other.setEnabled(other)
        self.ok.setEnabled(bool(self.reason()))
        if other:
            self.other.setFocus()

    def reason(self) -> str:
        """The reason as recorded, or "" while "lainnya" has no text."""
        value = str(self.choice.currentData())
        if value == OTHER:
            return " ".join(self.other.text().split())
        return value
