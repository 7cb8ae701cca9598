"""The signature pad: a tablet pen (pressure-aware) or the mouse draws on a transparent
canvas; clear and redo; the result is a PNG with a transparent background."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QTabletEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PAD_WIDTH, PAD_HEIGHT = 600, 200
MOUSE_WIDTH = 2.5


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setFixedSize(PAD_WIDTH, PAD_HEIGHT)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.image = QImage(PAD_WIDTH, PAD_HEIGHT, QImage.Format.Format_ARGB32)
        self._last: QPointF | None = None
        self.strokes = 0
        self.clear()

    def clear(self) -> None:
        self.image.fill(Qt.GlobalColor.transparent)
        self._last = None
        self.strokes = 0
        self.update()
        self.changed.emit()

    @property
    def is_empty(self) -> bool:
        return self.strokes == 0

    def _draw_to(self, point: QPointF, width: float) -> None:
        painter = QPainter(self.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(10, 20, 60), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        if self._last is None:
            painter.drawPoint(point)
        else:
            painter.drawLine(self._last, point)
        painter.end()
        self._last = point
        self.update()

    def _start(self, point: QPointF, width: float) -> None:
        self._last = None
        self.strokes += 1
        self._draw_to(point, width)

    def _finish(self) -> None:
        self._last = None
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._start(event.position(), MOUSE_WIDTH)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and self._last is not None:
            self._draw_to(event.position(), MOUSE_WIDTH)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._finish()

    def tabletEvent(self, event: QTabletEvent) -> None:
        width = 1.0 + 5.0 * max(0.0, min(1.0, event.pressure()))
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._start(event.position(), width)
        elif kind == QTabletEvent.Type.TabletMove and self._last is not None:
            self._draw_to(event.position(), width)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._finish()
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#c0c6cf"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(20, PAD_HEIGHT - 40, PAD_WIDTH - 20, PAD_HEIGHT - 40)
        painter.drawImage(QRectF(0, 0, PAD_WIDTH, PAD_HEIGHT), self.image)
        painter.end()

    def to_png(self) -> bytes:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 wants str
        buffer.close()
        return bytes(data.data())


class SignatureDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tanda tangan"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Tanda tangan di atas garis dengan pena atau tetikus.")))
        self.pad = SignaturePad(self)
        layout.addWidget(self.pad)
        row = QHBoxLayout()
        self.clear_button = QPushButton(self.tr("Ulangi"))
        self.clear_button.setObjectName("signature_clear")
        self.clear_button.clicked.connect(self.pad.clear)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.pad.changed.connect(lambda: ok.setEnabled(not self.pad.is_empty))
        row.addWidget(self.buttons)
        layout.addLayout(row)
