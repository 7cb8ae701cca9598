"""Ctrl+plus and Ctrl+minus make every text of the program larger or smaller, Ctrl+0 back
to the system's size: for a clerk who reads small type badly, or a small screen."""

from __future__ import annotations

import re

from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

STEP = 1.1  # each press: 10 % larger or smaller
SMALLEST, LARGEST = 0.7, 2.0  # of the system's size


POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")


def scaled_style(style: str, factor: float) -> str:
    """`style` with every size in points multiplied by `factor`."""
    return POINTS.sub(lambda m: f"{float(m.group(1)) * factor:.1f}pt", style)


class FontZoom:
    """The application's font as a factor of the system's, with shortcuts on `window`.
    The style sheet gives its sizes in points, which win over the application's font: those
    are scaled too."""

    def __init__(self, window: QWidget) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.app = app
        # Kept on the application: the window after a change of shift zooms from the
        # system's size too, and starts at the zoom left by the last one.
        if app.property("zoom_factor") in (None, 1.0):  # unzoomed: take the sizes as they are
            app.setProperty("unzoomed_font", QFont(app.font()))
            app.setProperty("unzoomed_style", app.styleSheet())
            app.setProperty("zoom_factor", 1.0)
        self.base = QFont(app.property("unzoomed_font"))
        self.style = str(app.property("unzoomed_style") or "")
        self.factor = float(app.property("zoom_factor"))
        self.shortcuts: list[QShortcut] = []
        keys = {
            QKeySequence(QKeySequence.StandardKey.ZoomIn): self.zoom_in,
            QKeySequence("Ctrl+="): self.zoom_in,  # Ctrl+plus where + needs Shift
            QKeySequence(QKeySequence.StandardKey.ZoomOut): self.zoom_out,
            QKeySequence("Ctrl+0"): self.reset,
        }
        for key, action in keys.items():
            shortcut = QShortcut(key, window)
            shortcut.activated.connect(action)
            self.shortcuts.append(shortcut)

    def zoom_in(self) -> None:
        self.set_factor(self.factor * STEP)

    def zoom_out(self) -> None:
        self.set_factor(self.factor / STEP)

    def reset(self) -> None:
        self.set_factor(1.0)

    def set_factor(self, factor: float) -> None:
        self.factor = min(LARGEST, max(SMALLEST, factor))
        self.app.setProperty("zoom_factor", self.factor)
        font = QFont(self.base)
        if self.base.pointSizeF() > 0:
            font.setPointSizeF(self.base.pointSizeF() * self.factor)
        else:  # a font sized in pixels
            font.setPixelSize(max(6, round(self.base.pixelSize() * self.factor)))
        self.app.setFont(font)
        if self.style:
            self.app.setStyleSheet(scaled_style(self.style, self.factor))
