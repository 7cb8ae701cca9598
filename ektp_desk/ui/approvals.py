"""Supervisor approval in the window: the dialog offered right after a save that needs
one (a supervisor types their name and password over the clerk's session, or it waits
for later), and the list of recordings waiting for approval on the Sinkronisasi page."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.desk import Desk, DeskError, StoreError, WaitingApproval
from ektp_desk.domain.accounts import Permission, may
from ektp_desk.domain.approval import rules_text
from ektp_desk.ui.i18n import language, local, shown
from ektp_desk.ui.style import list_table, show_message, title_label


class ApprovalDialog(QDialog):
    """Approve one held recording. A supervisor or admin at the desk approves as
    themselves; for anyone else a supervisor types their name and password."""

    approved = Signal(str)  # the record id

    def __init__(
        self, desk: Desk, record_id: str, rules: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("approval_dialog")
        self.setWindowTitle(self.tr("Persetujuan supervisor"))
        self.desk = desk
        self.record_id = record_id
        user = desk.user
        self.as_self = user is not None and may(user.role, Permission.APPROVE_RECORDING)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Rekaman ini tersimpan, tetapi baru dikirim ke Disdukcapil setelah disetujui "
                "supervisor: {rules}."
            ).format(rules=rules_text(rules).get(language()))
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow(self.tr("ID rekaman"), QLabel(record_id))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("approval_name")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("approval_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        if not self.as_self:
            form.addRow(self.tr("Nama supervisor"), self.name_edit)
            form.addRow(self.tr("Kata sandi"), self.password_edit)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("approval_reason")
        form.addRow(self.tr("Alasan"), self.reason_edit)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("approval_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.approve_button = buttons.addButton(
            self.tr("Setujui"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.approve_button.setObjectName("approval_approve")
        later = buttons.addButton(self.tr("Nanti"), QDialogButtonBox.ButtonRole.RejectRole)
        later.setObjectName("approval_later")
        buttons.accepted.connect(self.approve)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def approve(self) -> None:
        supervisor = None
        if not self.as_self:
            supervisor = (self.name_edit.text().strip(), self.password_edit.text())
        try:
            self.desk.approvals.approve(
                self.record_id, reason=self.reason_edit.text(), supervisor=supervisor
            )
        except (DeskError, StoreError) as exc:
            self.password_edit.clear()
            show_message(self.message, shown(exc), "error")
            return
        self.approved.emit(self.record_id)
        self.accept()


class ApprovalList(QWidget):
    """The recordings waiting for a supervisor's approval, oldest first."""

    changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title_label(self.tr("Menunggu persetujuan supervisor")))
        self.table = list_table(
            "approval_table",
            [
                self.tr("Waktu"),
                self.tr("NIK"),
                self.tr("Nama"),
                self.tr("Petugas"),
                self.tr("Alasan"),
            ],
            stretch=4,
        )
        self.table.setMaximumHeight(180)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("Setujui…"))
        self.approve_button.setObjectName("approval_open")
        self.approve_button.clicked.connect(self.open_selected)
        row.addWidget(self.approve_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.waiting: list[WaitingApproval] = []
        self.dialog: ApprovalDialog | None = None

    def refresh(self) -> None:
        user = self.desk.user
        allowed = user is not None and may(user.role, Permission.APPROVE_RECORDING)
        self.waiting = self.desk.approvals.waiting() if allowed else []
        self.setVisible(bool(self.waiting))
        self.table.setRowCount(len(self.waiting))
        for r, w in enumerate(self.waiting):
            cells = (
                local(w.finalized_at, self.desk.timezone),
                w.nik,
                w.nama,
                w.operator,
                rules_text(w.rules).get(language()),
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if self.waiting and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def open_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.waiting):
            return
        chosen = self.waiting[row]
        self.dialog = ApprovalDialog(self.desk, chosen.record_id, chosen.rules, self)
        self.dialog.approved.connect(self._approved)
        self.dialog.open()

    def _approved(self, _record_id: str) -> None:
        self.refresh()
        self.changed.emit()
