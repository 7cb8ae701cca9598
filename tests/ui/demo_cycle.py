"""One life of `ektp-desk --demo` as a person lives it, run as its own process by
test_demo_cycles: the window opens, the first demo account logs in, the sync worker runs
against the in-process hub, then the window is closed as a person closes it."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ektp_desk.demo_site import DEMO_ACCOUNTS
from ektp_desk.ui.app import run
from ektp_desk.ui.dialogs import LoginDialog
from ektp_desk.ui.main_window import MainWindow


def _log_in() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, LoginDialog) and widget.isVisible():
            name, _, password = DEMO_ACCOUNTS[0]
            widget.user.setText(name)
            widget.password.setText(password)
            widget.submit()
            return
    QTimer.singleShot(50, _log_in)


def _close(seconds_left: float) -> None:
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    if windows and windows[0].isVisible():
        windows[0].close()  # as the title bar's close button does
        return
    if seconds_left <= 0:
        print("the main window never opened", file=sys.stderr)
        QApplication.exit(3)
        return
    QTimer.singleShot(100, lambda: _close(seconds_left - 0.1))


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QTimer.singleShot(0, _log_in)
    QTimer.singleShot(int(float(sys.argv[1]) * 1000), lambda: _close(20.0))
    del app
    return run(Path(sys.argv[2]), demo=True)


if __name__ == "__main__":
    sys.exit(main())
