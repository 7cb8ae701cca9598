"""Draws the app icon (an e-KTP card with a fingerprint arc) and writes ektp-desk.png and
ektp-desk.ico beside this file. Run: python resources/icons/make_icon.py"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
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


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    here = Path(__file__).resolve().parent
    if not draw(256).save(str(here / "ektp-desk.png")):
        return 1
    ok = draw(256).save(str(here / "ektp-desk.ico"))
    del app
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
