"""Draws the app icon (an e-KTP card with a fingerprint arc) and writes ektp-desk.png and
ektp-desk.ico beside this file. Run: python resources/icons/make_icon.py

The .ico holds the icon drawn at each size Windows shows (16 px in a title bar to 256 px in
Explorer's large view), each one a PNG, so that none is a blurred scaling of another."""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f5fa8"))
    p.drawRoundedRect(QRectF(8 * s, 40 * s, 240 * s, 176 * s), 22 * s, 22 * s)
    p.setBrush(QColor("#e9f0f8"))
    p.drawRoundedRect(QRectF(28 * s, 72 * s, 72 * s, 92 * s), 8 * s, 8 * s)
    p.setBrush(QColor("#ffffff"))
    for i, width in enumerate((110, 90, 100)):
        p.drawRoundedRect(QRectF(116 * s, (80 + i * 28) * s, width * s, 12 * s), 6 * s, 6 * s)
    pen = QPen(QColor("#1f5fa8"), 5 * s)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    for r in (10, 20, 30):
        p.drawArc(QRectF((64 - r) * s, (120 - r) * s, 2 * r * s, 2 * r * s), 30 * 16, 300 * 16)
    p.end()
    return image


ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 96, 128, 256)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(sizes: tuple[int, ...] = ICO_SIZES) -> bytes:
    """An ICO file (header, one directory entry per image, then the images as PNG)."""
    images = [png_bytes(draw(size)) for size in sizes]
    out = [struct.pack("<HHH", 0, 1, len(images))]
    offset = 6 + 16 * len(images)
    for size, data in zip(sizes, images, strict=True):
        side = 0 if size >= 256 else size  # 0 stands for 256
        out.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset))
        offset += len(data)
    return b"".join(out + images)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    here = Path(__file__).resolve().parent
    if not draw(256).save(str(here / "ektp-desk.png")):
        return 1
    (here / "ektp-desk.ico").write_bytes(ico_bytes())
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
