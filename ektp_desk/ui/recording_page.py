"""Perekaman: the biodata form with inline validation by the core, and the capture panel
for face, signature, ten fingers and two irises. Save finalizes through the core."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.capture import (
    CaptureDevice,
    CaptureError,
    CaptureJob,
    CaptureResult,
    DeviceTurns,
    ImageFileDevice,
    SimulatedDevice,
)
from ektp_desk.desk import Desk, DeskError, SavedRecording, ValidationFailed
from ektp_desk.domain import vocab
from ektp_desk.domain.eligibility import Eligibility, eligibility
from ektp_desk.domain.problems import Problem
from ektp_desk.domain.recording import BIOMETRIC_SLOTS
from ektp_desk.store import StoreError
from ektp_desk.store.queue import Ticket
from ektp_desk.ui.signature import PAD_HEIGHT, PAD_WIDTH, SignatureDialog
from ektp_desk.ui.style import repolish, show_message
from ektp_desk.ui.tasks import Task, start_task

TEXT_FIELDS = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "alamat", "rt", "rw")
CHOICE_FIELDS = {
    "jenis_kelamin": vocab.JENIS_KELAMIN,
    "golongan_darah": vocab.GOLONGAN_DARAH,
    "agama": vocab.AGAMA,
    "status_perkawinan": vocab.STATUS_PERKAWINAN,
    "pekerjaan": vocab.PEKERJAAN,
    "kewarganegaraan": vocab.KEWARGANEGARAAN,
}
FORM_ORDER = (
    "nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "golongan_darah",
    "alamat", "rt", "rw", "kelurahan", "agama", "status_perkawinan", "pekerjaan",
    "kewarganegaraan",
)  # fmt: skip
SLOT_NAMES = {
    "face": QT_TRANSLATE_NOOP("RecordingPage", "Wajah"),
    "signature": QT_TRANSLATE_NOOP("RecordingPage", "Tanda tangan"),
    "fingers.R1": QT_TRANSLATE_NOOP("RecordingPage", "Ibu jari kanan"),
    "fingers.R2": QT_TRANSLATE_NOOP("RecordingPage", "Telunjuk kanan"),
    "fingers.R3": QT_TRANSLATE_NOOP("RecordingPage", "Jari tengah kanan"),
    "fingers.R4": QT_TRANSLATE_NOOP("RecordingPage", "Jari manis kanan"),
    "fingers.R5": QT_TRANSLATE_NOOP("RecordingPage", "Kelingking kanan"),
    "fingers.L1": QT_TRANSLATE_NOOP("RecordingPage", "Ibu jari kiri"),
    "fingers.L2": QT_TRANSLATE_NOOP("RecordingPage", "Telunjuk kiri"),
    "fingers.L3": QT_TRANSLATE_NOOP("RecordingPage", "Jari tengah kiri"),
    "fingers.L4": QT_TRANSLATE_NOOP("RecordingPage", "Jari manis kiri"),
    "fingers.L5": QT_TRANSLATE_NOOP("RecordingPage", "Kelingking kiri"),
    "iris.R": QT_TRANSLATE_NOOP("RecordingPage", "Iris kanan"),
    "iris.L": QT_TRANSLATE_NOOP("RecordingPage", "Iris kiri"),
}


class SlotWidget(QFrame):
    changed = Signal()

    def __init__(self, slot: str, page: RecordingPage) -> None:
        super().__init__(page)
        self.slot = slot
        self.page = page
        self.result: CaptureResult | None = None
        self.exception: str | None = None
        self.exception_photo: CaptureResult | None = None
        self.pending = False
        self.job: CaptureJob | None = None
        self.setObjectName("slot")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.name = QLabel(QCoreApplication.translate("RecordingPage", str(SLOT_NAMES[slot])))
        self.name.setStyleSheet("font-weight: 600")
        self.status = QLabel()
        self.status.setObjectName(f"slot_status_{slot}")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        self.capture_button = QPushButton(page.tr("Ambil"))
        self.capture_button.setProperty("compact", True)
        self.capture_button.setObjectName(f"capture_{slot}")
        self.capture_button.clicked.connect(self.capture)
        self.file_button = QPushButton(page.tr("Berkas"))
        self.file_button.setProperty("compact", True)
        self.file_button.clicked.connect(self.from_file)
        row.addWidget(self.capture_button)
        row.addWidget(self.file_button)
        if slot == "face":
            self.camera_button = QPushButton(page.tr("Kamera"))
            self.camera_button.setObjectName("face_camera")
            self.camera_button.setProperty("compact", True)
            self.camera_button.clicked.connect(self.from_camera)
            row.addWidget(self.camera_button)
        if slot == "signature":
            self.pad_button = QPushButton(page.tr("Pad"))
            self.pad_button.setObjectName("signature_pad_open")
            self.pad_button.setProperty("compact", True)
            self.pad_button.clicked.connect(self.from_pad)
            row.addWidget(self.pad_button)
        if slot not in ("face", "signature"):
            self.except_button = QPushButton(page.tr("Kecuali"))
            self.except_button.setProperty("compact", True)
            self.except_button.setObjectName(f"except_{slot}")
            self.except_button.clicked.connect(self.ask_exception)
            row.addWidget(self.except_button)
        layout.addWidget(self.name)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.clear()

    def clear(self) -> None:
        # A capture still running belonged to the form being cleared: it must not land in
        # the next resident's.
        job, self.job = self.job, None
        if job is not None:
            self.pending = False
            job.cancel()
        self.result = None
        self.exception = None
        self.exception_photo = None
        self._show()

    def _show(self, problem: str | None = None) -> None:
        if self.result is not None:
            quality = self.result.quality
            self.status.setText(
                self.page.tr("Terekam, kualitas {q}").format(
                    q=quality if quality is not None else "-"
                )
            )
            state = "captured"
        elif self.exception is not None:
            self.status.setText(
                self.page.tr("Pengecualian: {reason}").format(reason=self.exception)
            )
            state = "exception"
        else:
            self.status.setText(problem or self.page.tr("Kosong"))
            state = "missing" if problem else "empty"
        self.setProperty("state", state)
        repolish(self)

    def show_problem(self, problem: str | None) -> None:
        if self.result is None and self.exception is None:
            self._show(problem)

    def set_result(self, result: CaptureResult) -> None:
        self.result, self.exception = result, None
        self._show()
        self.changed.emit()

    def capture(self) -> None:
        """Capture with the slot's device on a worker; pressed again while it works, cancel.
        With no device for the slot (a real desk before a scanner is found), the face takes
        the camera, the signature the pad, and a finger or iris says what to do."""
        if self.job is not None:
            self.cancel_capture()
            return
        device = self.page.device_for(self.slot)
        if device is None:
            if self.slot == "face":
                self.from_camera()
            elif self.slot == "signature":
                self.from_pad()
            else:
                self._show(self.page.no_scanner_text())
            return
        job = CaptureJob(
            device,
            self.slot,
            threshold=self.page.threshold(self.slot),
            retries=self.page.retries(),
            turns=self.page.turns,
        )
        self.job = job
        self.pending = True
        self.status.setText(self.page.tr("Mengambil… (tekan lagi untuk membatalkan)"))
        # Any error of a device driver is shown on the slot; it must not take the window down.
        self.page.run_capture(
            job,
            on_done=lambda result: self._captured(job, result),
            on_failed=lambda message: self._capture_failed(job, message),
        )

    def cancel_capture(self) -> None:
        """Abandon the capture in progress at once: the slot is free again, and whatever the
        device answers later is dropped."""
        job, self.job = self.job, None
        if job is None:
            return
        self.pending = False
        job.cancel()
        self._show(self.page.tr("Dibatalkan"))
        self.changed.emit()

    def _captured(self, job: CaptureJob, result: CaptureResult) -> None:
        if job is not self.job:
            return  # abandoned: cancelled while the device worked
        self.job = None
        self.pending = False
        self.set_result(result)
        threshold = self.page.threshold(self.slot)
        if result.quality is not None and result.quality < threshold:
            self.status.setText(
                self.page.tr("Terekam, kualitas {q} di bawah {min}; ambil ulang bila bisa").format(
                    q=result.quality, min=threshold
                )
            )

    def _capture_failed(self, job: CaptureJob, message: str) -> None:
        if job is not self.job:
            return
        self.job = None
        self.pending = False
        self._show(message)
        self.changed.emit()

    def from_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.page.tr("Pilih gambar"), "", self.page.tr("Gambar (*.png *.jpg *.jpeg)")
        )
        if name:
            try:
                self.set_result(ImageFileDevice(Path(name)).capture(self.slot))
            except CaptureError as exc:
                self._show(str(exc))

    def from_camera(self) -> None:
        from ektp_desk.ui import camera  # QtMultimedia loads only when a camera is wanted

        if camera.MULTIMEDIA_ERROR is not None:
            self._show(
                self.page.tr("Kamera tidak dapat dipakai: {e}").format(e=camera.MULTIMEDIA_ERROR)
            )
            return
        if not camera.cameras():
            self._show(self.page.tr("Tidak ada kamera terpasang; pakai Berkas."))
            return
        dialog = camera.CameraDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_capture is not None:
            self.set_result(dialog.result_capture)

    def from_pad(self, dialog: SignatureDialog | None = None) -> None:
        dialog = dialog or SignatureDialog(self)
        if (
            dialog.result() != QDialog.DialogCode.Accepted
            and dialog.exec() != QDialog.DialogCode.Accepted
        ):
            return
        png = dialog.pad.to_png()
        self.set_result(CaptureResult(self.slot, png, "png", PAD_WIDTH, PAD_HEIGHT, None, "pad"))

    def ask_exception(self) -> None:
        reason, ok = QInputDialog.getText(
            self, self.page.tr("Pengecualian"), self.page.tr("Alasan (mis. jari diamputasi):")
        )
        if not ok or not reason.strip():
            return
        # The exception's photo (the hand or eye as it is), with the face device if the desk
        # has one that needs no dialog (training); a real desk records the reason alone.
        photo: CaptureResult | None = None
        if self.page.device is not None:
            try:
                photo = self.page.device.capture("face")
            except CaptureError as exc:
                self._show(str(exc))
        self.set_exception(reason, photo)

    def set_exception(self, reason: str, photo: CaptureResult | None = None) -> None:
        if reason.strip():
            self.result, self.exception = None, " ".join(reason.split()).upper()
            self.exception_photo = photo
            self._show()
            self.changed.emit()

    def as_item(self) -> dict[str, object] | None:
        if self.result is not None:
            return {"file": self.slot, "quality": self.result.quality}
        if self.exception is not None:
            item: dict[str, object] = {"exception": self.exception}
            if self.exception_photo is not None:
                item["photo"] = {"file": f"{self.slot}.photo"}
            return item
        return None


class RecordingPage(QWidget):
    saved = Signal(object)  # SavedRecording

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.ticket: Ticket | None = None
        # Simulated captures on a training (or demo) desk only; a real desk has the camera,
        # the pad, files, and the SBI scanners once found (Perangkat).
        self.device: CaptureDevice | None = SimulatedDevice(seed=7) if desk.training else None
        self.scanner: CaptureDevice | None = None  # SBI finger and iris scanners, when chosen
        # Captures run each on a worker: one at a time per device (DeviceTurns), and enough
        # workers that a device which never answers holds up no other slot.
        self.capture_pool = QThreadPool(self)
        self.capture_pool.setMaxThreadCount(32)
        self.turns = DeviceTurns()
        self._running: set[Task] = set()
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
        form_box = QWidget()
        form = QFormLayout(form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        labels = {
            "nik": self.tr("NIK"), "no_kk": self.tr("Nomor KK"), "nama": self.tr("Nama"),
            "tempat_lahir": self.tr("Tempat lahir"),
            "tanggal_lahir": self.tr("Tanggal lahir (TTTT-BB-HH)"),
            "jenis_kelamin": self.tr("Jenis kelamin"), "golongan_darah": self.tr("Gol. darah"),
            "alamat": self.tr("Alamat"), "rt": self.tr("RT"), "rw": self.tr("RW"),
            "kelurahan": self.tr("Kelurahan/desa"), "agama": self.tr("Agama"),
            "status_perkawinan": self.tr("Status perkawinan"),
            "pekerjaan": self.tr("Pekerjaan"), "kewarganegaraan": self.tr("Kewarganegaraan"),
        }  # fmt: skip
        for name in FORM_ORDER:
            widget: QLineEdit | QComboBox
            if name in TEXT_FIELDS:
                widget = QLineEdit()
                widget.editingFinished.connect(self.schedule_check)
            else:
                widget = QComboBox()
                if name == "kelurahan":
                    for code, kel in desk.kelurahan_list():
                        widget.addItem(f"{kel} ({code})", code)
                    widget.setEditable(True)
                    widget.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                else:
                    widget.addItem("", "")
                    for value in CHOICE_FIELDS[name]:
                        widget.addItem(value, value)
                    widget.setEditable(name == "pekerjaan")
                widget.currentIndexChanged.connect(self.schedule_check)
            if isinstance(widget, QComboBox):
                widget.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                widget.setMinimumContentsLength(12)
            widget.setObjectName(f"field_{name}")
            widget.installEventFilter(self)
            error = QLabel()
            error.setObjectName(f"error_{name}")
            error.setProperty("role", "error")
            error.setWordWrap(True)
            error.setVisible(False)
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(1)
            cell_layout.addWidget(widget)
            cell_layout.addWidget(error)
            form.addRow(labels[name], cell)
            self.fields[name] = widget
            self.errors[name] = error
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form_box)
        body.addWidget(scroll, 4)

        captures = QWidget()
        grid = QGridLayout(captures)
        grid.setSpacing(6)
        self.slots: dict[str, SlotWidget] = {}
        for index, slot in enumerate(BIOMETRIC_SLOTS):
            widget_slot = SlotWidget(slot, self)
            widget_slot.changed.connect(self.schedule_check)
            self.slots[slot] = widget_slot
            grid.addWidget(widget_slot, index // 3, index % 3)
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
        right.addWidget(cap_scroll, 1)
        body.addLayout(right, 6)
        outer.addLayout(body, 1)

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
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.clear_button)
        bottom.addWidget(self.save_button)
        outer.addLayout(bottom)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(200)
        self._check_timer.timeout.connect(self.check)
        self._touched = False
        self.use_scanner(None)
        self.clear()

    # -- keyboard: Enter moves through the form ----------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                names = list(self.fields)
                for i, name in enumerate(names):
                    if self.fields[name] is watched and i + 1 < len(names):
                        self.fields[names[i + 1]].setFocus()
                        return True
        return super().eventFilter(watched, event)

    # -- filling -------------------------------------------------------------------------------

    def clear(self) -> None:
        self.ticket = None
        defaults = {"kewarganegaraan": "WNI", "golongan_darah": "-"}
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                widget.clear()
            else:
                index = widget.findData(defaults[name]) if name in defaults else 0
                widget.setCurrentIndex(max(index, 0))
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
        self.ticket = ticket
        self.title.setText(
            self.tr("Perekaman {label} — {name}").format(label=ticket.label, name=ticket.nama)
        )
        resident = self.desk.resident(ticket.nik) if ticket.nik else None
        values: dict[str, str | None] = {"nik": ticket.nik, "nama": ticket.nama}
        if resident is not None:
            values.update(resident.fields)
        for name, value in values.items():
            if value is None or name not in self.fields:
                continue
            widget = self.fields[name]
            if isinstance(widget, QLineEdit):
                widget.setText(value)
            else:
                index = widget.findData(value)
                if index >= 0:
                    widget.setCurrentIndex(index)
        self._touched = True
        self.check()
        first_empty = next(
            (w for n, w in self.fields.items() if isinstance(w, QLineEdit) and not w.text()),
            self.fields["nik"],
        )
        first_empty.setFocus()

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

    def captures_pending(self) -> bool:
        return any(slot.pending for slot in self.slots.values())

    def run_capture(
        self,
        job: CaptureJob,
        *,
        on_done: Callable[[CaptureResult], None],
        on_failed: Callable[[str], None],
    ) -> None:
        """`job` on the capture pool; its task is kept until it reports, even abandoned."""
        holder: list[Task] = []

        def finished(report: Callable[[Any], None], value: Any) -> None:
            self._running.discard(holder[0])
            report(value)

        task = start_task(
            self.capture_pool,
            job.run,
            on_done=lambda result: finished(on_done, result),
            on_failed=lambda message: finished(on_failed, message),
        )
        holder.append(task)
        self._running.add(task)

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
            return int(self.desk.settings.get("quality_finger_min", 40))
        if slot.startswith("iris."):
            return int(self.desk.settings.get("quality_iris_min", 60))
        return 0

    def retries(self) -> int:
        return int(self.desk.settings.get("capture_retries", 3))

    # -- validation through the core ---------------------------------------------------------

    def raw(self) -> dict[str, object]:
        raw: dict[str, object] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                value = widget.text()
            elif name == "kelurahan":
                value = str(widget.currentData() or widget.currentText())
            elif name == "pekerjaan":
                value = widget.currentText()
            else:
                value = str(widget.currentData() or "")
            if value.strip():
                raw[name] = value
        groups: dict[str, dict[str, object]] = {"fingers": {}, "iris": {}}
        biometrics: dict[str, object] = {}
        for slot, slot_widget in self.slots.items():
            item = slot_widget.as_item()
            if item is None:
                continue
            group, _, sub = slot.partition(".")
            if sub:
                groups[group][sub] = item
            else:
                biometrics[slot] = item
        biometrics.update({k: v for k, v in groups.items() if v})
        raw["biometrics"] = biometrics
        return raw

    def read_capture(self, name: str) -> bytes:
        if name.endswith(".photo"):
            photo = self.slots[name.removesuffix(".photo")].exception_photo
            if photo is None:
                raise OSError(f"no exception photo for {name}")
            return photo.image
        result = self.slots[name].result
        if result is None:
            raise OSError(f"no capture for {name}")
        return result.image

    def schedule_check(self) -> None:
        self._touched = True
        self._check_timer.start()

    def check(self) -> list[Problem]:
        recording, problems = self.desk.validate_recording(self.raw(), read_file=self.read_capture)
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
        raw = self.raw()
        try:
            birth = date.fromisoformat(str(raw.get("tanggal_lahir", "")))
        except ValueError:
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
        language = "en" if self.tr("Simpan (Ctrl+S)") != "Simpan (Ctrl+S)" else "id"
        for name, label in self.errors.items():
            found = by_field.get(name, [])
            widget = self.fields[name]
            invalid = any(p.is_error for p in found)
            label.setText("\n".join(p.message(language) for p in found))
            label.setProperty("role", "error" if invalid else "warning")
            label.setVisible(bool(found))
            repolish(label)
            widget.setProperty("invalid", invalid)
            repolish(widget)
        for slot, widget_slot in self.slots.items():
            found = by_field.get(f"biometrics.{slot}", [])
            widget_slot.show_problem(found[0].message(language) if found else None)

    def save(self) -> SavedRecording | None:
        self._check_timer.stop()
        try:
            saved = self.desk.save_recording(
                self.raw(),
                read_file=self.read_capture,
                ticket_id=self.ticket.id if self.ticket else None,
            )
        except ValidationFailed as exc:
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
            show_message(self.message, str(exc), "error")
            return None
        nama = self.fields["nama"].text() if isinstance(self.fields["nama"], QLineEdit) else ""
        self.clear()
        show_message(
            self.message,
            self.tr("Tersimpan: {name} ({record}). Tekan F5 untuk memanggil berikutnya.").format(
                name=nama.upper(), record=saved.record_id[:8]
            ),
            "ok",
        )
        self.saved.emit(saved)
        return saved
