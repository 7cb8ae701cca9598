"""Perekaman: the biodata form with inline validation by the core, and the capture panel
for face, signature, ten fingers and two irises. Save finalizes through the core, and then
the resident's receipt is offered (Cetak tanda bukti)."""

# Long because the page runs the whole recording: the form's checks by the core, every
# capture slot and its device, the save and what follows it (receipt, approval).

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.capture import (
    CaptureDevice,
    CaptureJob,
    CaptureResult,
    DeviceTurns,
    SimulatedDevice,
)
from ektp_desk.desk import Desk, DeskError, SavedRecording, StoreError, Ticket, ValidationFailed
from ektp_desk.domain.captures import BIOMETRIC_SLOTS
from ektp_desk.domain.eligibility import Eligibility, eligibility
from ektp_desk.domain.problems import Problem
from ektp_desk.domain.recording import RecordingDraft
from ektp_desk.ui import i18n
from ektp_desk.ui.approvals import ApprovalDialog
from ektp_desk.ui.files import FileFolders
from ektp_desk.ui.i18n import shown
from ektp_desk.ui.paper import PaperPrinter
from ektp_desk.ui.recording.form import BiodataForm
from ektp_desk.ui.recording.pictures import FacePreview
from ektp_desk.ui.recording.slot import SlotGrid, SlotWidget
from ektp_desk.ui.style import repolish, show_message
from ektp_desk.ui.tasks import TaskRunner

# Captures run each on a worker: one at a time per device (DeviceTurns), and enough workers
# that a device which never answers holds up no other slot.
CAPTURE_THREADS = 32


class RecordingPage(QWidget):
    saved = Signal(object)  # SavedRecording

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.ticket: Ticket | None = None
        self.replaces: str | None = None  # a correction's: the recording it replaces
        # Simulated captures on a training (or demo) desk only; a real desk has the camera,
        # the pad, files, and the SBI scanners once found (Perangkat).
        self.device: CaptureDevice | None = SimulatedDevice(seed=7) if desk.training else None
        self.scanner: CaptureDevice | None = None  # SBI finger and iris scanners, when chosen
        self.tasks = TaskRunner(self, threads=CAPTURE_THREADS)
        self.turns = DeviceTurns()
        self.folders = FileFolders(desk.data_dir)
        outer = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel(self.tr("Perekaman"))
        self.title.setObjectName("title")
        header.addWidget(self.title, 1)
        self.eligibility = QLabel()
        self.eligibility.setObjectName("eligibility")
        header.addWidget(self.eligibility)
        outer.addLayout(header)

        body = QHBoxLayout()
        self.form = BiodataForm(desk.kelurahan_list(), today=desk.today)
        self.form.edited.connect(self.schedule_check)
        self.fields = self.form.fields
        self.errors = self.form.errors
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        scroll.viewport().installEventFilter(self.form)
        # The captures take the larger share: three columns of slots at 1366 px.
        body.addWidget(scroll, 7)
        body.addLayout(self._face_column())
        body.addLayout(self._capture_panel(), 13)
        outer.addLayout(body, 1)
        outer.addLayout(self._bottom_row())

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(200)
        self._check_timer.timeout.connect(self.check)
        self._touched = False
        self.use_scanner(None)
        self.clear()

    def _face_column(self) -> QVBoxLayout:
        """The face as it will be on the card, beside the form; a click enlarges it."""
        column = QVBoxLayout()
        self.face_preview = FacePreview()
        column.addWidget(self.face_preview)
        column.addStretch(1)
        return column

    def _capture_panel(self) -> QVBoxLayout:
        self.slots: dict[str, SlotWidget] = {}
        for slot in BIOMETRIC_SLOTS:
            widget_slot = SlotWidget(slot, self)
            widget_slot.changed.connect(self.schedule_check)
            self.slots[slot] = widget_slot
            if slot == "face":
                widget_slot.pictured.connect(
                    lambda data, w=widget_slot: self.face_preview.show_picture(data, w.name.text())
                )
        captures = SlotGrid(list(self.slots.values()))
        right = QVBoxLayout()
        capture_row = QHBoxLayout()
        self.capture_all = QPushButton(self.tr("Ambil semua yang kosong (Ctrl+Shift+A)"))
        self.capture_all.setObjectName("capture_all")
        self.capture_all.clicked.connect(self.capture_missing)
        self.device_label = QLabel()
        self.device_label.setObjectName("device_label")
        self.device_label.setWordWrap(True)
        capture_row.addWidget(self.device_label, 1)
        capture_row.addStretch(1)
        capture_row.addWidget(self.capture_all)
        right.addLayout(capture_row)
        cap_scroll = QScrollArea()
        cap_scroll.setWidgetResizable(True)
        cap_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        cap_scroll.setWidget(captures)
        cap_scroll.viewport().installEventFilter(captures)
        right.addWidget(cap_scroll, 1)
        return right

    def _bottom_row(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        self.message = QLabel()
        self.message.setObjectName("record_message")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Simpan (Ctrl+S)"))
        self.save_button.setObjectName("record_save")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.clear_button = QPushButton(self.tr("Kosongkan"))
        self.clear_button.clicked.connect(self.clear)
        self.last_saved: SavedRecording | None = None
        self.approval_dialog: ApprovalDialog | None = None
        self.paper_printer = PaperPrinter(self)
        self.receipt_button = QPushButton(self.tr("Cetak tanda bukti…"))
        self.receipt_button.setObjectName("record_receipt")
        self.receipt_button.setVisible(False)
        self.receipt_button.clicked.connect(self.print_receipt)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.receipt_button)
        bottom.addWidget(self.clear_button)
        bottom.addWidget(self.save_button)
        return bottom

    # -- filling -------------------------------------------------------------------------------

    def clear(self) -> None:
        self.ticket = None
        self.replaces = None
        self.form.clear()
        for slot in self.slots.values():
            slot.clear()
        self._touched = False
        self._show_problems([])
        self.title.setText(self.tr("Perekaman"))
        self.eligibility.clear()
        self.message.clear()

    def load_ticket(self, ticket: Ticket) -> None:
        """Open the form for a called ticket, with the biodata from the reference list."""
        self.clear()
        self.receipt_button.setVisible(False)  # the receipt was the previous resident's
        self.ticket = ticket
        self.title.setText(
            self.tr("Perekaman {label} — {name}").format(label=ticket.label, name=ticket.nama)
        )
        resident = self.desk.residents.get(ticket.nik) if ticket.nik else None
        values: dict[str, str | None] = {"nik": ticket.nik, "nama": ticket.nama}
        if resident is not None:
            values.update(resident.fields)
        self.form.fill(values)
        self._touched = True
        self.check()
        self.form.focus_first_empty()

    def load_correction(self, record_id: str) -> None:
        """Open the form to correct a rejected, voided or duplicate recording: its biodata
        filled in (the captures are sealed for Disdukcapil, so they are taken anew); the
        save then names the recording it replaces."""
        detail = self.desk.recordings.detail(record_id)
        if detail is None:
            return
        self.clear()
        self.receipt_button.setVisible(False)
        self.replaces = record_id
        self.title.setText(
            self.tr("Koreksi rekaman {record} — {name}").format(
                record=record_id[:8], name=detail.biodata.get("nama", "")
            )
        )
        self.form.fill({k: None if v is None else str(v) for k, v in detail.biodata.items()})
        self._touched = True
        self.check()
        self.form.focus_first_empty()

    def capture_missing(self) -> None:
        """Ctrl+Shift+A: every empty slot that has a device needing no dialog (the SBI
        scanners; on a training desk the simulator). A real desk with no scanner found says
        so and captures nothing."""
        started = 0
        for slot in self.slots.values():
            empty = slot.result is None and slot.exception is None and not slot.pending
            if empty and self.device_for(slot.slot) is not None:
                slot.capture()
                started += 1
        if not started and self.scanner is None and self.device is None:
            show_message(self.message, self.no_scanner_text(), "error")

    def has_unsaved_work(self) -> bool:
        """A called ticket, a typed field or a capture not yet saved."""
        if self.ticket is not None or self.captures_pending():
            return True
        if any(s.result is not None or s.exception is not None for s in self.slots.values()):
            return True
        return self.form.has_input()

    def unsaved_title(self) -> str:
        """What the unsaved work is, for the question before it is discarded."""
        if self.ticket is not None:
            return self.tr("Perekaman {label} — {name}").format(
                label=self.ticket.label, name=self.ticket.nama
            )
        return self.tr("Perekaman yang sedang diisi")

    def captures_pending(self) -> bool:
        return any(slot.pending for slot in self.slots.values())

    def run_capture(
        self,
        job: CaptureJob,
        *,
        on_done: Callable[[CaptureResult], None],
        on_failed: Callable[[BaseException], None],
    ) -> None:
        """`job` on the capture workers; its task is kept until it reports, even abandoned."""
        self.tasks.start(job.run, on_done=on_done, on_failed=on_failed)

    def no_scanner_text(self) -> str:
        return self.tr(
            "Pemindai jari dan iris belum ditemukan. Pasang pemindai dan jalankan layanan SBI-nya, "
            "lalu buka Perangkat (Ctrl+7) dan tekan Cari pemindai SBI; atau pakai Berkas."
        )

    def use_scanner(self, scanner: CaptureDevice | None) -> None:
        """Fingers and irises from SBI scanners (None: none found; the simulator on a
        training desk)."""
        self.scanner = scanner
        if scanner is not None:
            text = self.tr("Perangkat: pemindai SBI untuk jari dan iris")
        elif self.device is not None:
            text = self.tr("Perangkat: simulasi (desk latihan)")
        else:
            text = self.tr(
                "Perangkat: pemindai belum ditemukan — buka Perangkat (Ctrl+7). "
                "Wajah: Kamera atau Berkas; tanda tangan: Pad atau Berkas."
            )
        self.device_label.setText(text)
        self.device_label.setProperty(
            "role", "warning" if scanner is None and self.device is None else ""
        )
        repolish(self.device_label)

    def device_for(self, slot: str) -> CaptureDevice | None:
        """The device that captures `slot` with no dialog, if there is one."""
        if self.scanner is not None and slot.startswith(("fingers.", "iris.")):
            return self.scanner
        return self.device

    def threshold(self, slot: str) -> int:
        if slot.startswith("fingers."):
            return self.desk.setting("quality_finger_min")
        if slot.startswith("iris."):
            return self.desk.setting("quality_iris_min")
        return 0

    def retries(self) -> int:
        return self.desk.setting("capture_retries")

    # -- validation through the core ---------------------------------------------------------

    def draft(self) -> RecordingDraft:
        """The fields typed and the captures held, bytes and all, as one draft."""
        captures = {slot: d for slot, w in self.slots.items() if (d := w.draft()) is not None}
        return RecordingDraft(fields=self.form.values(), captures=captures)

    def schedule_check(self) -> None:
        self._touched = True
        self._check_timer.start()

    def check(self) -> list[Problem]:
        recording, problems = self.desk.recordings.validate(self.draft())
        self._show_problems(problems)
        if recording is not None:
            if recording.eligibility is Eligibility.EARLY:
                self.eligibility.setText(
                    self.tr("Perekaman awal (umur {age})").format(age=recording.age)
                )
                self.eligibility.setProperty("role", "warning")
            else:
                self.eligibility.setText(
                    self.tr("Wajib KTP (umur {age})").format(age=recording.age)
                )
                self.eligibility.setProperty("role", "ok")
        elif any(p.code == "not_eligible" for p in problems):
            self.eligibility.setText(self.tr("Belum wajib KTP"))
            self.eligibility.setProperty("role", "error")
        else:
            self._preview_eligibility()
        repolish(self.eligibility)
        return problems

    def _preview_eligibility(self) -> None:
        """Eligibility from the date of birth and marital status alone, while other fields
        still have problems."""
        raw = self.form.values()
        try:
            birth = date.fromisoformat(str(raw.get("tanggal_lahir", "")))
        except ValueError:
            self.eligibility.clear()
            return
        if birth > self.desk.today():  # an error under the field, not an age below zero
            self.eligibility.clear()
            return
        status, age = eligibility(
            birth, str(raw.get("status_perkawinan") or "BELUM KAWIN"), self.desk.today()
        )
        texts = {
            Eligibility.ELIGIBLE: (self.tr("Wajib KTP (umur {age})"), "ok"),
            Eligibility.EARLY: (self.tr("Perekaman awal (umur {age})"), "warning"),
            Eligibility.NOT_ELIGIBLE: (self.tr("Belum wajib KTP (umur {age})"), "error"),
        }
        text, role = texts[status]
        self.eligibility.setText(text.format(age=age))
        self.eligibility.setProperty("role", role)

    def _show_problems(self, problems: list[Problem]) -> None:
        by_field: dict[str, list[Problem]] = {}
        for p in problems:
            by_field.setdefault(p.field, []).append(p)
        language = i18n.language()
        self.form.show_problems(by_field, language)
        for slot, widget_slot in self.slots.items():
            found = by_field.get(f"biometrics.{slot}", []) if self.form.reveal_all else []
            widget_slot.show_problem(found[0].message(language) if found else None)

    def save(self) -> SavedRecording | None:
        self._check_timer.stop()
        try:
            if self.replaces is not None:
                saved = self.desk.recordings.correct(self.replaces, self.draft())
            else:
                saved = self.desk.recordings.save(
                    self.draft(), ticket_id=self.ticket.id if self.ticket else None
                )
        except ValidationFailed as exc:
            self.form.reveal_all = True
            self._show_problems(exc.problems)
            errors = [p for p in exc.problems if p.is_error]
            show_message(
                self.message,
                self.tr("Belum dapat disimpan: {n} hal perlu diperbaiki.").format(n=len(errors)),
                "error",
            )
            first = next((p.field for p in errors if p.field in self.fields), None)
            if first:
                self.fields[first].setFocus()
            return None
        except (DeskError, StoreError) as exc:
            show_message(self.message, shown(exc), "error")
            return None
        nama = self.fields["nama"].text() if isinstance(self.fields["nama"], QLineEdit) else ""
        self.clear()
        show_message(
            self.message,
            self.tr(
                "Tersimpan: {name} ({record}). Cetak tanda buktinya, atau tekan F5 untuk"
                " memanggil berikutnya."
            ).format(name=nama.upper(), record=saved.record_id[:8]),
            "ok",
        )
        self.last_saved = saved
        self.receipt_button.setVisible(True)
        if saved.needs_approval:
            self.ask_approval(saved)
        self.saved.emit(saved)
        return saved

    def ask_approval(self, saved: SavedRecording) -> None:
        """A recording that needs a supervisor: asked for at once, or left waiting in the
        list on the Sinkronisasi page."""
        self.approval_dialog = ApprovalDialog(
            self.desk, saved.record_id, saved.needs_approval, self
        )
        self.approval_dialog.open()

    def print_receipt(self) -> bool:
        """The receipt of the last recording saved here, through the print dialog."""
        if self.last_saved is None:
            return False
        record_id = self.last_saved.record_id
        try:
            where = self.paper_printer.send(self.desk.paper.receipt(record_id), ask=True)
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
            return False
        if where is None:
            return False
        self.desk.paper.printed("receipt", where, record=record_id)
        show_message(self.message, self.tr("Tanda bukti dicetak."), "ok")
        return True
