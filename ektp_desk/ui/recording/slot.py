"""One capture slot of the recording screen (the face, the signature, a finger or an
iris): what it holds, how it is captured (device, file, camera, pad) and its exception."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.capture import CaptureError, CaptureJob, CaptureResult, ImageFileDevice
from ektp_desk.domain.captures import CaptureDraft
from ektp_desk.ui.i18n import shown
from ektp_desk.ui.recording.exception_dialog import ExceptionDialog
from ektp_desk.ui.recording.pictures import Thumbnail
from ektp_desk.ui.signature import PAD_HEIGHT, PAD_WIDTH, SignatureDialog
from ektp_desk.ui.style import repolish

if TYPE_CHECKING:
    from ektp_desk.ui.recording.page import RecordingPage

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
    pictured = Signal(object)  # the picture now shown (bytes), or None

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
        layout.setContentsMargins(4, 4, 4, 4)
        self.name = QLabel(QCoreApplication.translate("RecordingPage", str(SLOT_NAMES[slot])))
        self.name.setStyleSheet("font-weight: 600")
        self.status = QLabel()
        self.status.setObjectName(f"slot_status_{slot}")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.setSpacing(3)
        self.capture_button = QPushButton(self.tr("Ambil"))
        self.capture_button.setProperty("compact", True)
        self.capture_button.setObjectName(f"capture_{slot}")
        self.capture_button.clicked.connect(self.capture)
        self.file_button = QPushButton(self.tr("Berkas"))
        self.file_button.setProperty("compact", True)
        self.file_button.clicked.connect(self.from_file)
        row.addWidget(self.capture_button)
        row.addWidget(self.file_button)
        if slot == "face":
            self.camera_button = QPushButton(self.tr("Kamera"))
            self.camera_button.setObjectName("face_camera")
            self.camera_button.setProperty("compact", True)
            self.camera_button.clicked.connect(self.from_camera)
            row.addWidget(self.camera_button)
        if slot == "signature":
            self.pad_button = QPushButton(self.tr("Pad"))
            self.pad_button.setObjectName("signature_pad_open")
            self.pad_button.setProperty("compact", True)
            self.pad_button.clicked.connect(self.from_pad)
            row.addWidget(self.pad_button)
        if slot not in ("face", "signature"):
            self.except_button = QPushButton(self.tr("Kecuali"))
            self.except_button.setProperty("compact", True)
            self.except_button.setObjectName(f"except_{slot}")
            self.except_button.clicked.connect(self.ask_exception)
            row.addWidget(self.except_button)
        self.thumbnail = Thumbnail(parent=self)
        self.thumbnail.setObjectName(f"thumbnail_{slot}")
        top = QHBoxLayout()
        texts = QVBoxLayout()
        texts.addWidget(self.name)
        texts.addWidget(self.status)
        top.addLayout(texts, 1)
        top.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
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
                self.tr("Terekam, kualitas {q}").format(q=quality if quality is not None else "-")
            )
            state = "captured"
        elif self.exception is not None:
            self.status.setText(self.tr("Pengecualian: {reason}").format(reason=self.exception))
            state = "exception"
        else:
            self.status.setText(problem or self.tr("Kosong"))
            state = "missing" if problem else "empty"
        self.setProperty("state", state)
        repolish(self)
        self.thumbnail.show_picture(self.picture(), self.name.text())
        self.pictured.emit(self.picture())

    def picture(self) -> bytes | None:
        """The capture's image, or the exception's photo."""
        if self.result is not None:
            return self.result.image
        if self.exception_photo is not None:
            return self.exception_photo.image
        return None

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
        self.status.setText(self.tr("Mengambil… (tekan lagi untuk membatalkan)"))
        # Any error of a device driver is shown on the slot; it must not take the window down.
        self.page.run_capture(
            job,
            on_done=lambda result: self._captured(job, result),
            on_failed=lambda error: self._capture_failed(job, error),
        )

    def cancel_capture(self) -> None:
        """Abandon the capture in progress at once: the slot is free again, and whatever the
        device answers later is dropped."""
        job, self.job = self.job, None
        if job is None:
            return
        self.pending = False
        job.cancel()
        self._show(self.tr("Dibatalkan"))
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
                self.tr("Terekam, kualitas {q} di bawah {min}; ambil ulang bila bisa").format(
                    q=result.quality, min=threshold
                )
            )

    def _capture_failed(self, job: CaptureJob, error: BaseException) -> None:
        if job is not self.job:
            return
        self.job = None
        self.pending = False
        self._show(shown(error))
        self.changed.emit()

    def from_file(self) -> None:
        chosen = self.page.folders.open_path(
            self,
            "images",
            title=self.tr("Pilih gambar"),
            pattern=self.tr("Gambar (*.png *.jpg *.jpeg)"),
        )
        if chosen is not None:
            try:
                self.set_result(ImageFileDevice(chosen).capture(self.slot))
            except CaptureError as exc:
                self._show(shown(exc))

    def from_camera(self) -> None:
        from ektp_desk.ui import camera  # QtMultimedia loads only when a camera is wanted

        if camera.MULTIMEDIA_ERROR is not None:
            self._show(self.tr("Kamera tidak dapat dipakai: {e}").format(e=camera.MULTIMEDIA_ERROR))
            return
        if not camera.cameras():
            self._show(self.tr("Tidak ada kamera terpasang; pakai Berkas."))
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

    def ask_exception(self, dialog: ExceptionDialog | None = None) -> None:
        dialog = dialog or ExceptionDialog(self.name.text(), self)
        if (
            dialog.result() != QDialog.DialogCode.Accepted
            and dialog.exec() != QDialog.DialogCode.Accepted
        ):
            return
        reason = dialog.reason()
        if not reason:
            return
        # The exception's photo (the hand or eye as it is), with the face device if the desk
        # has one that needs no dialog (training); a real desk records the reason alone.
        photo: CaptureResult | None = None
        if self.page.device is not None:
            try:
                photo = self.page.device.capture("face")
            except CaptureError as exc:
                self._show(shown(exc))
        self.set_exception(reason, photo)

    def set_exception(self, reason: str, photo: CaptureResult | None = None) -> None:
        if reason.strip():
            self.result, self.exception = None, " ".join(reason.split()).upper()
            self.exception_photo = photo
            self._show()
            self.changed.emit()

    def draft(self) -> CaptureDraft | None:
        """What the slot holds, its bytes included, for the recording's draft."""
        if self.result is not None:
            return CaptureDraft(image=self.result.image, quality=self.result.quality)
        if self.exception is not None:
            photo = self.exception_photo.image if self.exception_photo is not None else None
            return CaptureDraft(exception=self.exception, exception_photo=photo)
        return None


class SlotGrid(QWidget):
    """The slots in as many columns (up to three) as the width shown allows, so that no
    slot is cut at the side on a narrow screen; it follows the viewport it is watching."""

    MAX_COLUMNS = 3

    def __init__(self, slots: list[SlotWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slots = slots
        self.grid = QGridLayout(self)
        self.grid.setSpacing(6)
        self.columns = 0
        self.arrange(self.MAX_COLUMNS)

    def arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for slot in self.slots:
            self.grid.removeWidget(slot)
        for index, slot in enumerate(self.slots):
            self.grid.addWidget(slot, index // columns, index % columns)

    def columns_for(self, width: int) -> int:
        margins = self.grid.contentsMargins()
        room = width - margins.left() - margins.right()
        slot_width = max(s.minimumSizeHint().width() for s in self.slots)
        spacing = self.grid.spacing()
        return max(1, min(self.MAX_COLUMNS, (room + spacing) // (slot_width + spacing)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.arrange(self.columns_for(watched.width()))
        return super().eventFilter(watched, event)
