"""Render each main screen offscreen at 1366x768 to PNG files, for review (not committed).

Usage: python tests/render_screens.py OUTPUT_DIR [--lang en]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.ui import i18n
from ektp_desk.ui.dialogs import FirstRunWizard, LoginDialog
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.style import STYLE
from ektp_desk.ui.sync_page import SyncController
from tests.conftest import new_desk


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="id")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    app.setStyleSheet(STYLE)
    i18n.install(args.lang)
    work = Path(tempfile.mkdtemp())

    wizard = FirstRunWizard(work / "new")
    wizard.resize(620, 420)
    wizard.show()
    app.processEvents()
    wizard.grab().save(str(args.out / "00-wizard.png"))

    desk = new_desk(work / "desk")
    seed(desk, recordings=120, days=5, detail=BiometricDetail.NONE)
    login = LoginDialog(desk)
    login.show()
    app.processEvents()
    login.grab().save(str(args.out / "01-login.png"))

    window = MainWindow(desk, SyncController(work / "desk"))
    window.resize(1366, 768)
    window.show()
    queue = window.queue_page
    waiting = desk.session.connection.execute(
        "SELECT nik FROM residents WHERE nik NOT IN (SELECT nik FROM recordings) LIMIT 3"
    ).fetchall()
    for (nik,) in waiting:
        queue.search.setText(nik)
        queue.refresh_matches()
        queue.add_selected()
    queue.search.setText("siti")
    queue.refresh_matches()
    app.processEvents()
    window.grab().save(str(args.out / "02-antrian.png"))
    queue.call_next()
    # Captures as the scanners would give them (this desk is a real one: no simulator).
    from ektp_desk.capture import SimulatedDevice

    window.recording_page.device = SimulatedDevice(seed=7)
    window.recording_page.capture_missing()
    while window.recording_page.captures_pending():
        app.processEvents()
    window.recording_page.fields["no_kk"].setText("123")  # type: ignore[union-attr]
    window.recording_page.check()
    app.processEvents()
    window.grab().save(str(args.out / "03-perekaman.png"))
    pages = (
        ("04-log", window.log_page),
        ("05-sinkronisasi", window.sync_page),
        ("06-pengguna", window.users_page),
        ("08-laporan", window.report_page),
    )
    for name, page in pages:
        window.show_page(page)
        if page is window.log_page:
            window.log_page.table.selectRow(0)
        app.processEvents()
        window.grab().save(str(args.out / f"{name}.png"))
    window.lock()
    app.processEvents()
    window.grab().save(str(args.out / "07-terkunci.png"))
    print(f"screens written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
