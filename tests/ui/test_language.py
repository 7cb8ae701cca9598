"""One language at a time: every page, dialog and wizard step of the window, in Indonesian
and in English, shows no word of the other language; Qt's own buttons and file dialog
included. The check reads every text a person sees (labels, buttons, titles, tabs, lists,
table headers and cells, placeholders, the wizard's buttons) and looks for words that only
the other language has."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk, LogFilter
from ektp_desk.domain.approval import RULES as APPROVAL_RULES
from ektp_desk.ui import i18n
from ektp_desk.ui.approvals import ApprovalDialog
from ektp_desk.ui.crash_offer import CrashReport
from ektp_desk.ui.dialogs import FirstRunWizard, LoginDialog
from ektp_desk.ui.help import GUIDES, AboutDialog, HelpDialog
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.recording.exception_dialog import ExceptionDialog
from ektp_desk.ui.recording.pictures import PictureDialog
from ektp_desk.ui.signature import SignatureDialog
from ektp_desk.ui.sync_page import SyncController
from ektp_desk.ui.users_page import AddUserDialog
from ektp_desk.ui.void_dialog import VoidDialog

# Words of one language that the other never uses (names of people and places, NIK, RT/RW,
# kelurahan and the like are the same in both and are not listed).
ENGLISH_ONLY = {
    "the", "and", "of", "to", "is", "are", "was", "not", "with", "for", "from", "this", "that",
    "has", "have", "never", "none", "wrong", "refused", "unknown", "user", "users", "password",
    "recording", "recordings", "waiting", "sent", "received", "rejected", "duplicate", "next",
    "back", "finish", "cancel", "close", "yes", "save", "open", "name", "size", "type", "queued",
    "acked", "sending", "clerk", "search", "log-in", "file", "files", "look", "today", "total",
}  # fmt: skip
INDONESIAN_ONLY = {
    "yang", "dan", "di", "ke", "dari", "untuk", "tidak", "belum", "sudah", "dengan", "atau",
    "ini", "itu", "simpan", "batal", "tutup", "lanjut", "kembali", "selesai", "menunggu",
    "ditolak", "diterima", "petugas", "pengguna", "kata", "sandi", "rekaman", "perekaman",
    "antrian", "antrean", "cari", "tampilkan", "pernah", "jumlah", "laporan", "berkas", "nama",
    "ukuran", "jenis", "hari", "dikirim", "masuk", "keluar", "pilih",
}  # fmt: skip
FOREIGN = {"id": ENGLISH_ONLY, "en": INDONESIAN_ONLY}


def visible_texts(top: QWidget) -> Iterator[str]:
    yield top.windowTitle()
    for w in [top, *top.findChildren(QWidget)]:
        if not w.isVisibleTo(top) and w is not top:
            continue
        if isinstance(w, QLabel):
            yield re.sub(r"<[^>]+>", " ", w.text())
        elif isinstance(w, QAbstractButton):
            yield w.text()
        elif isinstance(w, QGroupBox):
            yield w.title()
        elif isinstance(w, QTabWidget):
            yield from (w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QComboBox):
            yield from (w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QLineEdit):
            yield w.placeholderText()
        elif isinstance(w, QTextBrowser):
            yield w.toPlainText()
        elif isinstance(w, QListWidget):
            yield from (w.item(i).text() for i in range(w.count()))
        if isinstance(w, QTableView) and w.model() is not None:
            yield from table_texts(w)
    if isinstance(top, QWizard):
        page = top.currentPage()
        yield page.title()
        yield page.subTitle()


def table_texts(view: QTableView) -> Iterator[str]:
    model = view.model()
    root = QModelIndex()
    for c in range(model.columnCount(root)):
        yield str(model.headerData(c, Qt.Orientation.Horizontal) or "")
    for r in range(min(model.rowCount(root), 20)):
        for c in range(model.columnCount(root)):
            yield str(model.data(model.index(r, c)) or "")


# Data, the same in both languages: a region as the Kemendagri list names it ("73.10.04
# Pangkajene (Kabupaten Pangkajene dan Kepulauan)"), and the registry's own values, which
# Disdukcapil writes in capitals ("BELUM KAWIN").
REGION = re.compile(r"^\d{2}(\.\d{2})+ ")


def foreign_words(top: QWidget, language: str) -> set[str]:
    found: set[str] = set()
    for text in visible_texts(top):
        if REGION.match(text):
            continue
        words = re.findall(r"[A-Za-z][A-Za-z_-]*", text.replace("&", ""))
        found |= {w for w in words if w.lower() in FOREIGN[language] and not w.isupper()}
    return found


def test_every_page_of_the_window_speaks_one_language(
    qtbot: QtBot, busy_desk: Desk, language: str
) -> None:
    window = MainWindow(busy_desk, SyncController(busy_desk.data_dir))
    qtbot.addWidget(window)
    window.show()
    seen: dict[str, set[str]] = {}
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        page = window.stack.currentWidget()
        if hasattr(page, "refresh"):
            page.refresh()
        QApplication.processEvents()
        seen[window.nav.item(row).text()] = foreign_words(window, language)
    assert window.nav.count() == 7
    assert {page: words for page, words in seen.items() if words} == {}


def test_every_dialog_and_wizard_step_speaks_one_language(
    qtbot: QtBot, busy_desk: Desk, tmp_path: Path, language: str
) -> None:
    login = LoginDialog(busy_desk)
    qtbot.addWidget(login)
    login.show()
    login.user.setText("admin")
    login.password.setText("salah-salah-salah")
    login.submit()  # the core's refusal, in the window's language
    assert login.error.text()
    locked = LoginDialog(busy_desk, locked_user="admin")  # the idle lock
    dialogs: list[QWidget] = [login, locked, AddUserDialog(), AboutDialog(busy_desk.data_dir)]
    dialogs.append(SignatureDialog())
    dialogs += [ExceptionDialog("RT"), PictureDialog(QPixmap(40, 40), "")]
    dialogs += [HelpDialog(key, busy_desk.data_dir) for key in GUIDES]
    record_id = busy_desk.recordings.log_page(LogFilter(), offset=0, limit=1)[0].record_id
    dialogs.append(VoidDialog(busy_desk, record_id))
    dialogs.append(ApprovalDialog(busy_desk, record_id, tuple(APPROVAL_RULES)))
    crash = tmp_path / "crash-1.txt"
    crash.write_text("Traceback (most recent call last):\n", encoding="utf-8")
    dialogs.append(CrashReport([crash]))
    box = QMessageBox(QMessageBox.Icon.Question, "?", "?")
    box.setStandardButtons(
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Close
    )  # fmt: skip
    dialogs.append(box)
    files = QFileDialog(None, "", str(tmp_path))
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    files.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialogs.append(files)
    found: dict[str, set[str]] = {}
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        found[f"{type(dialog).__name__} {dialog.windowTitle()}"] = foreign_words(dialog, language)
    wizard = FirstRunWizard(tmp_path / "new")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.desk_id.setText("PALU-BARAT-9")
    for step in range(3):
        found[f"wizard step {step + 1}"] = foreign_words(wizard, language)
        wizard.next()
    assert {name: words for name, words in found.items() if words} == {}


def test_qt_buttons_and_formats_follow_the_language(qtbot: QtBot, language: str) -> None:
    wizard = QWizard()
    qtbot.addWidget(wizard)
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    texts = {
        wizard.buttonText(QWizard.WizardButton.NextButton),
        wizard.buttonText(QWizard.WizardButton.FinishButton),
        box.button(QMessageBox.StandardButton.Yes).text(),
    }
    if language == "id":
        assert texts == {"&Lanjut >", "&Selesai", "&Ya"}
        assert QLocale().toString(12345) == "12.345"
        assert QLocale().monthName(11) == "November" and QLocale().monthName(8) == "Agustus"
    else:
        assert texts == {"&Next >", "&Finish", "&Yes"}
        assert QLocale().toString(12345) == "12,345"
    assert i18n.language() == language


def test_the_shipped_qt_catalogue_is_what_lrelease_makes_of_its_ts(tmp_path: Path) -> None:
    from tests.ui.test_translations import lrelease

    folder = i18n.qm_path("en").parent
    fresh = tmp_path / "fresh.qm"
    lrelease(folder / "ektp_desk_qt_id.ts", fresh)
    assert (folder / "ektp_desk_qt_id.qm").read_bytes() == fresh.read_bytes()


def test_a_dialog_class_is_never_left_unchecked() -> None:
    # New dialogs must join the visit above: the dialogs the window defines, counted.
    import ektp_desk.ui as ui_package

    root = Path(ui_package.__file__).parent
    defined = set(re.findall(r"class (\w+)\((?:QDialog|QWizard)\)", "".join(
        p.read_text(encoding="utf-8") for p in root.rglob("*.py")
    )))  # fmt: skip
    visited = {
        "LoginDialog", "AddUserDialog", "AboutDialog", "HelpDialog", "FirstRunWizard",
        "SignatureDialog", "VoidDialog", "CrashReport", "ApprovalDialog",
        "ExceptionDialog", "PictureDialog",
    }  # fmt: skip
    # The camera dialog needs a camera; tests/ui/test_capture.py drives it.
    assert defined - visited <= {"CameraDialog"}
    assert visited <= defined
