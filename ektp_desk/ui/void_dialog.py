"""Voiding a recording: the dialog names the record (ticket, NIK, name, time), asks for
the reason, and says what Disdukcapil will be told, before anything is changed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.desk import Desk
from ektp_desk.ui.access import name_inputs
from ektp_desk.ui.i18n import local


class VoidDialog(QDialog):
    """Asks before a recording is voided; `reason()` once accepted."""

    def __init__(self, desk: Desk, record_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("void_dialog")
        self.setWindowTitle(self.tr("Batalkan rekaman"))
        detail = desk.recordings.detail(record_id)
        if detail is None:
            raise LookupError(record_id)
        nik = str(detail.biodata.get("nik", ""))
        ticket = desk.queue.ticket_of_recording(detail.local_date, nik)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Rekaman ini akan dibatalkan:")))
        facts = QFormLayout()
        facts.addRow(self.tr("Nomor antrian"), QLabel(ticket.label if ticket else "—"))
        facts.addRow(self.tr("NIK"), QLabel(nik))
        facts.addRow(self.tr("Nama"), QLabel(str(detail.biodata.get("nama", ""))))
        facts.addRow(self.tr("Waktu rekam"), QLabel(local(detail.recorded_at, desk.timezone)))
        facts.addRow(self.tr("ID rekaman"), QLabel(record_id))
        layout.addLayout(facts)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("void_reason")
        self.reason_edit.setPlaceholderText(self.tr("wajib diisi"))
        label = QLabel(self.tr("Alasan pembatalan:"))
        label.setBuddy(self.reason_edit)
        layout.addWidget(label)
        layout.addWidget(self.reason_edit)
        self.hub_note = QLabel(hub_text(detail.sync_state))
        self.hub_note.setObjectName("void_hub_note")
        self.hub_note.setWordWrap(True)
        layout.addWidget(self.hub_note)
        buttons = QDialogButtonBox()
        self.confirm = buttons.addButton(
            self.tr("Batalkan rekaman"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Kembali"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.confirm.setEnabled(False)
        self.reason_edit.textChanged.connect(
            lambda text: self.confirm.setEnabled(bool(text.strip()))
        )
        name_inputs(self)

    def reason(self) -> str:
        return " ".join(self.reason_edit.text().split())


def hub_text(sync_state: str) -> str:
    """What Disdukcapil will be told of a void, by where the record stands: a void of a
    record the hub holds is sent to it at the next sync (sync/city.py)."""
    kept = QCoreApplication.translate(
        "VoidDialog",
        "Rekaman tetap tersimpan dan tercatat di audit, tetapi tidak lagi dihitung di "
        "rekap desk ini.",
    )
    if sync_state in ("acked", "final", "duplicate_nik", "case_open"):
        hub = QCoreApplication.translate(
            "VoidDialog",
            "Disdukcapil sudah menerima rekaman ini; pembatalan ini dikirim ke Disdukcapil "
            "pada sinkronisasi berikutnya, lalu rekaman tidak lagi dihitung di sana.",
        )
    elif sync_state == "awaiting_approval":
        hub = QCoreApplication.translate(
            "VoidDialog",
            "Rekaman ini menunggu persetujuan supervisor dan belum terkirim; setelah "
            "dibatalkan, rekaman ini tidak akan dikirim.",
        )
    elif sync_state in ("rejected", "case_voided", "replaced"):
        hub = QCoreApplication.translate(
            "VoidDialog", "Disdukcapil tidak menghitung rekaman ini; tidak ada yang dikirim lagi."
        )
    else:
        hub = QCoreApplication.translate(
            "VoidDialog",
            "Rekaman ini belum terkirim: rekaman dikirim pada sinkronisasi berikutnya dan "
            "pembatalan ini dikirim ke Disdukcapil sesudahnya, sehingga tidak dihitung di sana.",
        )
    return f"{kept} {hub}"
