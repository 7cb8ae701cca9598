"""Python's cycle collector, run on the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate at the moment,
such as the sync worker or an export on the thread pool; when the garbage it finds holds a
Qt widget (a closed dialog in a reference cycle through a connected lambda), the widget is
deleted on that thread, and Qt crashes the process. So the window turns automatic collection
off and collects from a timer on its own thread instead."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

YOUNG_MS = 2_000
FULL_EVERY = 30  # young collections per full one (about a minute)


class GcGuard(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticks = 0
        self.timer = QTimer(self)
        self.timer.setInterval(YOUNG_MS)
        self.timer.timeout.connect(self.collect)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        gc.collect()
        gc.enable()

    def collect(self) -> None:
        self._ticks += 1
        if self._ticks % FULL_EVERY == 0:
            gc.collect()
        else:
            gc.collect(1)
