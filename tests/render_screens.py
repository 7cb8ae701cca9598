"""Render every page, dialog, wizard step and the lock offscreen to PNG files, for review
(not committed): in both languages, at 1366x768 and at 1024x768, as
OUT_DIR/<id|en>/<width>x<height>/NN-name.png; and print each text that does not fit.

Usage: python tests/render_screens.py OUT_DIR [--lang id|en] [--size 1024x768]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ektp_desk.capture import SimulatedDevice
from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.ui import i18n
from ektp_desk.ui.camera import CameraDialog
from ektp_desk.ui.crash_offer import CrashReport
from ektp_desk.ui.dialogs import FirstRunWizard, LoginDialog
from ektp_desk.ui.help import GUIDES, AboutDialog, HelpDialog
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.recording.exception_dialog import ExceptionDialog
from ektp_desk.ui.recording.pictures import PictureDialog
from ektp_desk.ui.signature import SignatureDialog
from ektp_desk.ui.style import STYLE
from ektp_desk.ui.sync_page import SyncController
from ektp_desk.ui.users_page import AddUserDialog
from ektp_desk.ui.void_dialog import VoidDialog
from tests.conftest import new_desk
from tests.ui.fit import clipped_texts

SIZES = ((1366, 768), (1024, 768))


class Shots:
    """Numbered PNGs in one folder, and what did not fit in each."""

    def __init__(self, app: QApplication, folder: Path) -> None:
        self.app, self.folder, self.number = app, folder, 0
        self.clipped: dict[str, list[str]] = {}
        folder.mkdir(parents=True, exist_ok=True)

    def take(self, name: str, widget: QWidget) -> None:
        self.app.processEvents()
        file_name = f"{self.number:02d}-{name}.png"
        widget.grab().save(str(self.folder / file_name))
        found = clipped_texts(widget)
        if found:
            self.clipped[file_name] = found
        self.number += 1


def pages(window: MainWindow, shots: Shots) -> None:
    names = ("antrian", "perekaman", "log", "sinkronisasi", "laporan", "pengguna", "perangkat")
    for row, name in enumerate(names):
        window.nav.setCurrentRow(row)
        page = window.stack.currentWidget()
        if page is window.log_page:
            window.log_page.table.selectRow(0)
        shots.take(name, window)
    queue = window.queue_page
    window.show_page(queue)
    waiting = window.desk.session.connection.execute(
        "SELECT nik FROM residents WHERE nik NOT IN (SELECT nik FROM recordings) LIMIT 3"
    ).fetchall()
    for (nik,) in waiting:
        queue.search.setText(nik)
        queue.refresh_matches()
        queue.add_selected()
    queue.search.setText("siti")
    queue.refresh_matches()
    shots.take("antrian-cari", window)
    queue.call_next()
    page = window.recording_page
    page.device = SimulatedDevice(seed=7)
    page.capture_missing()
    while page.captures_pending():
        QApplication.processEvents()
    page.slots["fingers.R5"].set_exception("AMPUTASI", SimulatedDevice(seed=2).capture("face"))
    shots.take("perekaman-terisi", window)
    page.fields["no_kk"].setText("123")  # type: ignore[union-attr]
    page.save()  # with a mistake: the problem under its field
    shots.take("perekaman-salah", window)


def dialogs(desk: Desk, work: Path, window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    yield "masuk", LoginDialog(desk)
    yield "kunci-dialog", LoginDialog(desk, locked_user="admin")
    yield "tambah-pengguna", AddUserDialog()
    yield "tentang", AboutDialog(desk.data_dir)
    for key in GUIDES:
        yield f"bantuan-{key}", HelpDialog(key, desk.data_dir)
    yield "tanda-tangan", SignatureDialog()
    yield "kamera", CameraDialog(use_camera=False)
    yield "pengecualian", ExceptionDialog(window.recording_page.slots["fingers.R1"].name.text())
    face = window.recording_page.face_preview.pixmap_shown
    yield "gambar", PictureDialog(face or QPixmap(300, 400), window.recording_page.title.text())
    (record_id,) = desk.session.connection.execute(
        "SELECT record_id FROM recordings LIMIT 1"
    ).fetchone()
    yield "batalkan", VoidDialog(desk, record_id)
    yield "laporan-galat", CrashReport([work / "crash-1.txt"])
    window.ask_discard(window.tr("Ganti pengguna"), lambda: None)  # the recording is unsaved
    box = window.findChild(QMessageBox, "unsaved_box")
    assert box is not None
    yield "belum-disimpan", box


def wizard_steps(work: Path, shots: Shots) -> None:
    wizard = FirstRunWizard(work / "new")
    wizard.show()
    wizard.desk_id.setText("PALU-BARAT-9")
    for step in range(4):
        shots.take(f"wizard-{step + 1}", wizard)
        if wizard.currentId() == wizard.pageIds()[-1]:
            break
        wizard.next()
    wizard.close()


def render(
    app: QApplication, out: Path, language: str, size: tuple[int, int]
) -> dict[str, list[str]]:
    i18n.install(language)
    work = Path(tempfile.mkdtemp())
    (work / "crash-1.txt").write_text("Traceback …", encoding="utf-8")
    shots = Shots(app, out / language / f"{size[0]}x{size[1]}")
    wizard_steps(work, shots)
    desk = new_desk(work / "desk", training=True)
    seed(desk, recordings=40, days=5, detail=BiometricDetail.NONE)
    window = MainWindow(desk, SyncController(work / "desk"))
    window.resize(*size)
    window.show()
    pages(window, shots)
    for name, dialog in dialogs(desk, work, window):
        dialog.show()
        shots.take(name, dialog)
        dialog.close()
    window.lock()
    shots.take("terkunci", window)
    window.force_close = True
    window.close()
    desk.close()
    return shots.clipped


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", choices=("id", "en"), action="append")
    parser.add_argument("--size", action="append", help="WIDTHxHEIGHT")
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in s.split("x")) for s in args.size] if args.size else SIZES
    app = QApplication([])
    app.setStyleSheet(STYLE)
    clipped_anywhere = False
    for language in args.lang or ("id", "en"):
        for width, height in sizes:
            clipped = render(app, args.out, language, (width, height))
            for shot, found in clipped.items():
                clipped_anywhere = True
                for text in found:
                    print(f"{language} {width}x{height} {shot}: {text}")
    print(f"screens written to {args.out}")
    return 1 if clipped_anywhere else 0


if __name__ == "__main__":
    raise SystemExit(main())
