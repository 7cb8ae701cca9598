"""Pictures of the captures on the recording screen: a slot's thumbnail, the face shown
large at the card's 3:4 with the camera's guide frame, and a click that enlarges either,
so the clerk can check a photo before saving."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

THUMB_SIZE = QSize(64, 48)
FACE_SIZE = QSize(105, 140)  # 3:4, the card's portrait
ENLARGED_SIZE = QSize(600, 600)


def picture(data: bytes | None) -> QPixmap | None:
    """The image in `data` (PNG or JPEG), or None for no bytes or bytes Qt cannot read."""
    if not data:
        return None
    image = QImage.fromData(data)
    return None if image.isNull() else QPixmap.fromImage(image)


class Thumbnail(QLabel):
    """A capture's picture, small; a click opens it enlarged (when there is one)."""

    clicked = Signal()

    def __init__(self, size: QSize = THUMB_SIZE, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(size)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setObjectName("thumbnail")
        self.title = ""
        self.data: bytes | None = None
        self.pixmap_shown: QPixmap | None = None
        self.show_picture(None)

    def show_picture(self, data: bytes | None, title: str = "") -> None:
        self.data, self.title = data, title
        self.pixmap_shown = picture(data)
        if self.pixmap_shown is None:
            self.clear()
            self.setCursor(Qt.CursorShape.ArrowCursor)
            self.setToolTip("")
            return
        self.setPixmap(
            self.pixmap_shown.scaled(
                self.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # Named context: FacePreview inherits this, and tr() would look under its own name.
        self.setToolTip(QCoreApplication.translate("Thumbnail", "Klik untuk memperbesar"))

    def has_picture(self) -> bool:
        return self.pixmap_shown is not None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.has_picture():
            self.clicked.emit()
            self.enlarge()
        super().mouseReleaseEvent(event)

    def enlarge(self) -> PictureDialog | None:
        """The picture in its own window, as large as the screen allows."""
        if self.pixmap_shown is None:
            return None
        dialog = PictureDialog(self.pixmap_shown, self.title, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


class FacePreview(Thumbnail):
    """The face at the card's 3:4, with the guide frame of the camera over it: the head
    should fill the oval."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(FACE_SIZE, parent)
        self.setObjectName("face_preview")
        self.setFrameShape(QLabel.Shape.Box)

    def show_picture(self, data: bytes | None, title: str = "") -> None:
        super().show_picture(data, title)
        if not self.has_picture():
            self.setText(self.tr("Belum ada foto wajah"))
            self.setWordWrap(True)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(0, 180, 0, 200), 2, Qt.PenStyle.DashLine))
        w, h = self.width(), self.height()
        painter.drawEllipse(QRectF(w * 0.2, h * 0.12, w * 0.6, h * 0.6))
        painter.end()


class PictureDialog(QDialog):
    """One capture enlarged, with its slot's name as the title."""

    def __init__(self, pixmap: QPixmap, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Gambar"))
        layout = QVBoxLayout(self)
        self.image = QLabel()
        self.image.setObjectName("enlarged_picture")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        shown = pixmap
        if pixmap.width() > ENLARGED_SIZE.width() or pixmap.height() > ENLARGED_SIZE.height():
            shown = pixmap.scaled(
                ENLARGED_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        elif pixmap.width() < 300:  # a scanner's small image, made big enough to look at
            shown = pixmap.scaledToWidth(300, Qt.TransformationMode.FastTransformation)
        self.image.setPixmap(shown)
        layout.addWidget(self.image)
        buttons = QDialogButtonBox()
        close = buttons.addButton(self.tr("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
