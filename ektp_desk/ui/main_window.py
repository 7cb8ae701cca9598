"""The main window: pages by role, keyboard shortcuts, the status bar, the idle lock and the
change of shift."""

# Long because the window is where every page, shortcut and timer of the desk meets: the
# status bar, the idle lock and the change of shift each need the others' state.

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from ektp_desk.desk import Desk, DeskStatus, RunReport, Ticket
from ektp_desk.domain.accounts import Permission, may
from ektp_desk.domain.formats import number
from ektp_desk.domain.words import role_word
from ektp_desk.ui.access import name_inputs
from ektp_desk.ui.desk_warnings import desk_warnings
from ektp_desk.ui.devices_page import DevicesPage
from ektp_desk.ui.dialogs import LoginDialog
from ektp_desk.ui.help import HelpDialog
from ektp_desk.ui.i18n import language, local, shown
from ektp_desk.ui.log_page import LogPage
from ektp_desk.ui.queue_page import QueuePage
from ektp_desk.ui.recording import RecordingPage
from ektp_desk.ui.report_page import ReportPage
from ektp_desk.ui.style import training_banner
from ektp_desk.ui.sync_page import SyncController, SyncPage, link_text
from ektp_desk.ui.tasks import TaskRunner
from ektp_desk.ui.unsaved import ask_to_discard
from ektp_desk.ui.users_page import UsersPage
from ektp_desk.ui.zoom import FontZoom

BACKUP_CHECK_MS = 10 * 60_000


def check_store(data_dir: Path) -> list[str]:
    """The store's quick integrity check, audit chain and replay, on a connection of the
    calling thread (each start of the window; `ektp-desk check` runs the full one). A
    rotten payload found is set aside there for the Sinkronisasi page and the Log."""
    with Desk.open(data_dir) as desk:
        return desk.check(quick=True).problems


class MainWindow(QMainWindow):
    # The user logged out (Ctrl+Shift+L, a change of shift): the program stays open and
    # asks for the next log-in; the desk's sync goes on.
    logged_out = Signal()

    def __init__(self, desk: Desk, sync: SyncController) -> None:
        super().__init__()
        self.force_close = False  # the program is ending: nothing left to ask
        self.desk = desk
        self.sync = sync
        self.setWindowTitle(self.tr("ektp-desk — {desk}").format(desk=desk.desk_id))
        if desk.training:
            self.show_training()
        self.resize(1366, 768)
        self._build_screens()
        self._build_pages(desk, sync)
        self.queue_page.ticket_called.connect(self.open_ticket)
        self.log_page.correct_requested.connect(self.open_correction)
        self.recording_page.saved.connect(lambda _s: self._after_save())
        self.sync.report.connect(self.on_sync_report)
        self._listening = True
        self._build_status_bar()
        self._build_shortcuts()
        self.zoom = FontZoom(self)  # Ctrl+plus, Ctrl+minus, Ctrl+0
        name_inputs(self)

        minutes = desk.setting("idle_lock_minutes")
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(minutes * 60_000)
        self.idle.timeout.connect(self.lock)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.lock_dialog: LoginDialog | None = None
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(15_000)
        self.status_timer.timeout.connect(self.refresh_status)
        self.status_timer.start()
        # The daily automatic backup runs by itself once the folder and passphrase are set.
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.sync_page.backup_box.backup_if_due)
        self.backup_timer.start()
        self.sync_page.backup_box.finished.connect(lambda _t: self.refresh_status())
        self.apply_role()
        self.idle.start()
        self.devices_page.restore()
        self.damage_box: QMessageBox | None = None
        # Its own thread: the start-up check waits for no export or backup.
        self.tasks = TaskRunner(self, threads=1)
        self.tasks.start(
            lambda: check_store(desk.data_dir),
            on_done=self.on_checked,
            on_failed=lambda error: self.on_checked([str(error)]),
        )

    def _build_screens(self) -> None:
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self._central = central
        # While locked, the pages are not greyed but replaced by a blank screen.
        self.locked_screen = QLabel(self.tr("Desk terkunci"))
        self.locked_screen.setObjectName("locked_screen")
        self.locked_screen.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._screens = QStackedWidget()
        self._screens.addWidget(central)
        self._screens.addWidget(self.locked_screen)
        self.setCentralWidget(self._screens)
        self._hidden_while_locked: list[QWidget] = []

    def _build_pages(self, desk: Desk, sync: SyncController) -> None:
        self.queue_page = QueuePage(desk)
        self.recording_page = RecordingPage(desk)
        self.log_page = LogPage(desk)
        self.sync_page = SyncPage(desk, sync)
        self.users_page = UsersPage(desk)
        self.report_page = ReportPage(desk)
        self.devices_page = DevicesPage(desk, self.recording_page)
        self.pages: list[tuple[str, QWidget, Permission | None]] = [
            (self.tr("Antrian (Ctrl+1)"), self.queue_page, Permission.QUEUE),
            (self.tr("Perekaman (Ctrl+2)"), self.recording_page, Permission.RECORD),
            (self.tr("Log (Ctrl+3)"), self.log_page, None),
            (self.tr("Sinkronisasi (Ctrl+4)"), self.sync_page, Permission.VOID_RECORDING),
            (self.tr("Laporan (Ctrl+5)"), self.report_page, Permission.EXPORT),
            (self.tr("Pengguna (Ctrl+6)"), self.users_page, Permission.MANAGE_USERS),
            (self.tr("Perangkat (Ctrl+7)"), self.devices_page, None),
        ]
        for _, page, _ in self.pages:
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self._show_row)

    def _build_status_bar(self) -> None:
        self.status_user = QLabel()
        self.status_link = QLabel()
        self.status_link.setObjectName("status_link")
        self.status_waiting = QLabel()
        self.status_waiting.setObjectName("status_waiting")
        self.status_last = QLabel()
        self.status_clock = QLabel()
        self.status_clock.setProperty("role", "warning")
        for w in (self.status_user, self.status_link, self.status_waiting, self.status_last):
            self.statusBar().addWidget(w)
        self.statusBar().addPermanentWidget(self.status_clock)
        self.help_button = QPushButton(self.tr("Bantuan (F1)"))
        self.help_button.setObjectName("help_button")
        self.help_button.setFlat(True)
        self.help_button.clicked.connect(self.show_help)
        self.statusBar().addPermanentWidget(self.help_button)
        # The shortcut in the tooltip: the status bar must fit a 1024 px screen.
        self.logout_button = QPushButton(self.tr("Ganti pengguna", "button"))
        self.logout_button.setToolTip("Ctrl+Shift+L")
        self.logout_button.setObjectName("logout_button")
        self.logout_button.setFlat(True)
        self.logout_button.clicked.connect(self.log_out)
        self.statusBar().addPermanentWidget(self.logout_button)
        self.help_dialog: HelpDialog | None = None

    def _build_shortcuts(self) -> None:
        shortcuts = {
            "Ctrl+1": lambda: self.show_page(self.queue_page),
            "Ctrl+2": lambda: self.show_page(self.recording_page),
            "Ctrl+3": lambda: self.show_page(self.log_page),
            "Ctrl+4": lambda: self.show_page(self.sync_page),
            "Ctrl+5": lambda: self.show_page(self.report_page),
            "Ctrl+6": lambda: self.show_page(self.users_page),
            "Ctrl+7": lambda: self.show_page(self.devices_page),
            "F2": self._focus_queue_search,
            "F5": self.queue_page.call_next,
            "Ctrl+S": self._save,
            "Ctrl+Shift+A": self.recording_page.capture_missing,
            "Ctrl+L": self.lock,
            "Ctrl+Shift+L": self.log_out,
            "F1": self.show_help,
        }
        self.shortcuts = []
        for keys, action in shortcuts.items():
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(action)
            self.shortcuts.append(shortcut)

    def show_training(self) -> None:
        """A training desk says so above every page and in the title."""
        self.setWindowTitle(self.windowTitle() + self.tr(" — LATIHAN"))
        self.setMenuWidget(
            training_banner(
                self.tr(
                    "DESK LATIHAN: perangkat simulasi; rekamannya ditandai latihan dan ditolak "
                    "hub Disdukcapil."
                )
            )
        )

    def on_checked(self, problems: list[str]) -> None:
        """The start-up check, done off the GUI thread: a damaged store is told at once; a
        sound one gets its daily backup if it is due."""
        if self.desk.closed:  # the window closed before the check ended
            return
        self.sync_page.refresh()  # rotten recordings found are listed there
        self.log_page.model.reload()
        if not problems:
            self.sync_page.backup_box.backup_if_due()
            return
        message = self.desk.health.mark_damaged(problems)
        self.damage_box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("Basis data rusak"),
            shown(self.desk.damage_text or message),
            parent=self,
        )
        self.damage_box.setObjectName("damage_box")
        self.damage_box.open()
        self.status_clock.setText(self.tr("Basis data rusak: perekaman dihentikan"))

    # -- roles and pages -------------------------------------------------------------------

    def visible_pages(self) -> list[QWidget]:
        user = self.desk.user
        return [
            page
            for _, page, permission in self.pages
            if user is not None and (permission is None or may(user.role, permission))
        ]

    def apply_role(self) -> None:
        visible = self.visible_pages()
        self.nav.blockSignals(True)
        self.nav.clear()
        self._nav_pages = []
        for label, page, _ in self.pages:
            if page in visible:
                self.nav.addItem(label)
                self._nav_pages.append(page)
        self.nav.blockSignals(False)
        self.log_page.update_role()
        self.sync_page.update_role()
        self.queue_page.importer.update_role()
        if self.users_page in visible:
            self.users_page.refresh()
        self.show_page(self.queue_page)
        self.refresh_status()

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self._nav_pages):
            page = self._nav_pages[row]
            self.stack.setCurrentWidget(page)
            if page is self.log_page:
                self.log_page.refresh()
            elif page is self.sync_page:
                self.sync_page.refresh()
            elif page is self.report_page:
                self.report_page.refresh()

    def show_page(self, page: QWidget) -> bool:
        if page not in self._nav_pages:
            return False
        self.nav.setCurrentRow(self._nav_pages.index(page))
        self.stack.setCurrentWidget(page)
        return True

    def current_page_key(self) -> str:
        keys: dict[QWidget | None, str] = {
            self.queue_page: "queue",
            self.recording_page: "recording",
            self.log_page: "log",
            self.sync_page: "sync",
            self.report_page: "report",
            self.users_page: "users",
            self.devices_page: "devices",
        }
        return keys.get(self.stack.currentWidget(), "queue")

    def show_help(self) -> None:
        """F1: the guide to the screen in front of one."""
        self.help_dialog = HelpDialog(self.current_page_key(), self.desk.data_dir, self)
        self.help_dialog.setObjectName("help_dialog")
        self.help_dialog.open()

    def _focus_queue_search(self) -> None:
        self.show_page(self.queue_page)
        self.queue_page.focus_search()

    def open_ticket(self, ticket: Ticket) -> None:
        self.recording_page.load_ticket(ticket)
        self.show_page(self.recording_page)

    def open_correction(self, record_id: str) -> None:
        """The Log's Koreksi…: the form opens on the recording's biodata, to save anew."""
        self.recording_page.load_correction(record_id)
        self.show_page(self.recording_page)

    def _save(self) -> None:
        if self.stack.currentWidget() is self.recording_page:
            self.recording_page.save()

    def _after_save(self) -> None:
        self.queue_page.refresh()
        self.refresh_status()
        self.sync.sync_now()

    # -- status bar --------------------------------------------------------------------------

    def refresh_status(self) -> None:
        if self.desk.closed:
            return
        user, said = self.desk.user, self.tr("Pengguna: {name} ({role})")
        role = shown(role_word(user.role)) if user else ""
        self.status_user.setText(said.format(name=user.name, role=role) if user else "")
        overview = self.desk.status()
        status = overview.sync
        waiting_text = self.tr("Menunggu dikirim: {n}").format(
            n=number(overview.waiting, language())
        )
        self.status_waiting.setText(waiting_text)
        when = local(status.last_success, self.desk.timezone, empty=self.tr("belum pernah"))
        self.status_last.setText(self.tr("Sinkron terakhir: {when}").format(when=when))
        self.status_clock.setText(" · ".join(self.warnings(overview)))

    def warnings(self, overview: DeskStatus) -> list[str]:
        return desk_warnings(self.desk, overview)

    def on_sync_report(self, report: RunReport) -> None:
        self.status_link.setText(self.tr("Hub: {state}").format(state=link_text(report.error_kind)))
        self.refresh_status()

    # -- idle lock -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type()
            in (
                QEvent.Type.KeyPress,
                QEvent.Type.MouseButtonPress,
                QEvent.Type.MouseMove,
                QEvent.Type.Wheel,
            )
            and self.lock_dialog is None
        ):
            self.idle.start()
        return False

    @property
    def locked(self) -> bool:
        return self.lock_dialog is not None

    def lock(self) -> None:
        """Lock the desk: the pages give way to a blank screen, every other window of the
        desk is hidden, no shortcut acts, until the user (or a supervisor) logs in again.
        The lock window cannot be closed away: Esc and a window manager's close are ignored,
        and should it end any other way it comes back."""
        if self.lock_dialog is not None or self.desk.user is None:
            return
        self.idle.stop()
        self._central.setEnabled(False)
        self._screens.setCurrentWidget(self.locked_screen)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(False)
        dialog = LoginDialog(self.desk, self, locked_user=self.desk.user.name)
        dialog.setObjectName("lock_dialog")
        dialog.setModal(True)
        dialog.logged_in.connect(self._unlocked)
        dialog.finished.connect(self._lock_dialog_finished)
        self.lock_dialog = dialog
        self._hidden_while_locked = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and w is not self and w is not dialog
        ]
        for w in self._hidden_while_locked:
            w.hide()
        dialog.open()

    def _lock_dialog_finished(self, _result: int) -> None:
        dialog = self.lock_dialog
        if dialog is not None and not self.desk.closed:
            dialog.open()  # closed without a log-in: the desk stays locked

    def _unlocked(self) -> None:
        dialog = self.lock_dialog
        self.lock_dialog = None
        if dialog is not None:
            dialog.finished.disconnect(self._lock_dialog_finished)
        self._screens.setCurrentWidget(self._central)
        self._central.setEnabled(True)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(True)
        for w in self._hidden_while_locked:
            w.show()
        self._hidden_while_locked = []
        self.apply_role()
        self.idle.start()

    # -- unsaved work, log-out -----------------------------------------------------------

    def ask_discard(self, leaving: str, then: Callable[[], None]) -> bool:
        """With no unsaved recording, True: go on now. Otherwise False, and a question
        (see ui/unsaved.py) decides whether `then` runs."""
        page = self.recording_page
        if not page.has_unsaved_work():
            return True
        self.show_page(page)
        ask_to_discard(self, page.unsaved_title(), leaving, then)
        return False

    def log_out(self) -> None:
        """A change of shift: ask about an unsaved recording, log the user out (audited),
        and hand the program to the next log-in; it does not close."""
        if self.locked or self.desk.user is None:
            return
        if self.ask_discard(self.tr("Ganti pengguna"), self._log_out_now):
            self._log_out_now()

    def _log_out_now(self) -> None:
        if self.desk.closed or self.desk.user is None:
            return
        self.recording_page.clear()
        self.desk.accounts.logout()
        self.force_close = True
        self.close()
        self.logged_out.emit()

    def _close_now(self) -> None:
        self.force_close = True
        self.close()

    def closeEvent(self, event: object) -> None:
        asks = not self.force_close and not self.desk.closed and self.desk.user is not None
        if asks and not self.ask_discard(self.tr("Menutup program"), self._close_now):
            event.ignore()  # type: ignore[attr-defined]
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        # A closed window reads the store no more: its desk may be closed next.
        self.status_timer.stop()
        self.backup_timer.stop()
        self.idle.stop()
        if self._listening:  # close can come twice (the flow's shutdown, then the app's exit)
            self.sync.report.disconnect(self.on_sync_report)
            self._listening = False
        super().closeEvent(event)  # type: ignore[arg-type]
