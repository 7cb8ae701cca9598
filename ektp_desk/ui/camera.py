"""The face camera (QtMultimedia): live preview with a guide frame, capture of the latest
frame, crop to the card's 3:4 portrait, at least 480x640, saved as JPEG."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ektp_desk.capture import CaptureError, CaptureResult
from ektp_desk.domain.captures import FACE_MIN_HEIGHT, FACE_MIN_WIDTH
from ektp_desk.ui.i18n import shown

try:  # QtMultimedia needs system audio libraries (libpulse) even for video
    from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices, QVideoSink

    MULTIMEDIA_ERROR: str | None = None
except ImportError as exc:  # pragma: no cover - depends on the machine
    MULTIMEDIA_ERROR = str(exc)


def cameras() -> list[str]:
    """Names of the cameras Qt sees (empty without QtMultimedia or without a camera)."""
    if MULTIMEDIA_ERROR is not None:
        return []
    return [d.description() for d in QMediaDevices.videoInputs()]


def crop_portrait(image: QImage) -> QImage:
    """The centre of `image` at the KTP-el portrait ratio 3:4; refuses a crop smaller than
    480x640, since a face photo cannot be sharper than its camera."""
    width, height = image.width(), image.height()
    if width * 4 > height * 3:  # too wide: keep the full height
        crop_h = height
        crop_w = height * 3 // 4
    else:
        crop_w = width
        crop_h = width * 4 // 3
    if crop_w < FACE_MIN_WIDTH or crop_h < FACE_MIN_HEIGHT:
        raise CaptureError(
            "camera_too_small",
            width=width,
            height=height,
            min_width=FACE_MIN_WIDTH,
            min_height=FACE_MIN_HEIGHT,
        )
    x, y = (width - crop_w) // 2, (height - crop_h) // 2
    return image.copy(QRect(x, y, crop_w, crop_h))


def to_jpeg(image: QImage, quality: int = 90) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_RGB888).save(buffer, "JPG", quality)  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


class CameraDialog(QDialog):
    """Preview and capture. Frames come through a QVideoSink: from a QCamera when there is
    one, or set on the sink directly (Qt's own hook, which the tests use)."""

    captured = Signal(object)  # CaptureResult

    def __init__(self, parent: QWidget | None = None, *, use_camera: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Foto wajah"))
        self.latest: QImage | None = None
        self.result_capture: CaptureResult | None = None
        layout = QVBoxLayout(self)
        self.preview = QLabel(self.tr("Menunggu gambar dari kamera…"))
        self.preview.setObjectName("camera_preview")
        self.preview.setFixedSize(360, 480)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.preview)
        self.message = QLabel(self.tr("Wajah di dalam bingkai, menghadap kamera."))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.capture_button = QPushButton(self.tr("Ambil foto (Spasi)"))
        self.capture_button.setObjectName("camera_capture")
        self.capture_button.setProperty("primary", True)
        self.capture_button.clicked.connect(self.take)
        cancel = QPushButton(self.tr("Batal"))
        cancel.clicked.connect(self.reject)
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.capture_button)
        layout.addLayout(row)
        self.camera: QCamera | None = None
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._frame)
        if use_camera and QMediaDevices.videoInputs():
            self.session = QMediaCaptureSession(self)
            self.camera = QCamera(QMediaDevices.defaultVideoInput(), self)
            self.camera.errorOccurred.connect(
                lambda _e, text: self.message.setText(self.tr("Kamera: {e}").format(e=text))
            )
            self.session.setCamera(self.camera)
            self.session.setVideoSink(self.sink)
            self.camera.start()

    def _frame(self, frame: object) -> None:
        image = frame.toImage()  # type: ignore[attr-defined]
        if image.isNull():
            return
        self.latest = image
        shown = QPixmap.fromImage(
            image.scaled(self.preview.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding)
        )
        painter = QPainter(shown)
        painter.setPen(QPen(QColor(40, 200, 90), 3))
        w, h = shown.width(), shown.height()
        guide_w = min(w, h * 3 // 4) * 0.62
        painter.drawEllipse(QRectF((w - guide_w) / 2, h * 0.12, guide_w, guide_w * 1.3))
        painter.end()
        self.preview.setPixmap(shown)

    def take(self) -> None:
        if self.latest is None:
            self.message.setText(self.tr("Belum ada gambar dari kamera."))
            return
        try:
            portrait = crop_portrait(self.latest)
        except CaptureError as exc:
            self.message.setText(shown(exc))
            return
        self.result_capture = CaptureResult(
            "face", to_jpeg(portrait), "jpeg", portrait.width(), portrait.height(), None, "kamera"
        )
        self.captured.emit(self.result_capture)
        self.accept()

    def done(self, code: int) -> None:
        if self.camera is not None:
            self.camera.stop()
        super().done(code)
