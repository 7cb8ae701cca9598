"""Starting the window: translations, the first-run wizard on a new data dir, log-in,
then the main window with the sync worker."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ektp_desk.desk import Desk, LogFilter, NotInitialized, StoreError
from ektp_desk.domain.accounts import Role
from ektp_desk.paths import log_dir, resources_dir
from ektp_desk.ui import i18n
from ektp_desk.ui.dialogs import FirstRunWizard, LoginDialog
from ektp_desk.ui.gcguard import GcGuard
from ektp_desk.ui.i18n import shown
from ektp_desk.ui.style import apply_style

if TYPE_CHECKING:  # the log-in window needs none of these: imported when first used
    from ektp_desk.demo_site import DemoSite
    from ektp_desk.ui.main_window import MainWindow
    from ektp_desk.ui.sync_page import SyncController


class DeskApp(QObject):
    """The flow from start to the main window; each step is a window a test can drive."""

    def __init__(
        self,
        data_dir: Path,
        *,
        sync_options: dict[str, object] | None = None,
        demo_accounts: Sequence[tuple[str, Role, str]] = (),
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.demo_accounts = demo_accounts
        self.sync_options = sync_options or {}
        self.desk: Desk | None = None
        self.wizard: FirstRunWizard | None = None
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None
        self.damage_box: QMessageBox | None = None
        self.sync: SyncController | None = None

    def start(self) -> None:
        try:
            self.desk = Desk.open(self.data_dir)
        except NotInitialized:
            self.wizard = FirstRunWizard(self.data_dir)
            self.wizard.created.connect(self._created)
            self.wizard.show()
            return
        except StoreError as exc:  # damaged, unreadable, or holding objects not ours
            self.damage_box = QMessageBox(
                QMessageBox.Icon.Critical, self.tr("Basis data rusak"), shown(exc)
            )
            self.damage_box.setObjectName("damage_box")
            self.damage_box.show()
            return
        self._ask_login()

    def _created(self, desk: Desk) -> None:
        self.desk = desk
        self._open_main()

    def _ask_login(self) -> None:
        assert self.desk is not None
        self.login = LoginDialog(self.desk, demo_accounts=self.demo_accounts)
        self.login.logged_in.connect(self._open_main)
        self.login.show()

    def _open_main(self) -> None:
        assert self.desk is not None
        if self.sync is None:  # after a change of shift the same sync goes on
            from ektp_desk.ui.sync_page import SyncController

            self.sync = SyncController(self.data_dir, **self.sync_options)  # type: ignore[arg-type]
        try:
            # Read what the window reads first, so that a store too damaged to read is told
            # before any widget is built on it.
            self.desk.status()
            self.desk.queue.today()
            self.desk.recordings.log_page(LogFilter(), offset=0, limit=1)
        except sqlite3.DatabaseError as exc:
            # The store cannot even be read: say so, refuse writes, point to the backup.
            message = self.desk.health.mark_damaged([str(exc)])
            self.damage_box = QMessageBox(
                QMessageBox.Icon.Critical,
                self.tr("Basis data rusak"),
                shown(self.desk.damage_text or message),
            )
            self.damage_box.setObjectName("damage_box")
            self.damage_box.show()
            return
        from ektp_desk.ui.main_window import MainWindow

        self.window = MainWindow(self.desk, self.sync)
        self.window.logged_out.connect(self._logged_out)
        if self.demo_accounts:
            self.window.setWindowTitle(self.window.windowTitle() + " — DEMO")
        self.window.showMaximized()
        if not self.sync.running:
            self.sync.start()

    def _logged_out(self) -> None:
        """A change of shift: the window is gone, the log-in window asks for the next user."""
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
        self._ask_login()

    def shutdown(self) -> None:
        if self.sync is not None:
            self.sync.stop()
        if self.window is not None:
            self.window.force_close = True
            self.window.close()
        if self.desk is not None:
            self.desk.close()


def language_setting(data_dir: Path) -> str:
    """EKTP_DESK_LANG, else the desk's `language` setting, else Indonesian."""
    env = os.environ.get("EKTP_DESK_LANG")
    if env:
        return env
    try:
        with Desk.open(data_dir) as desk:
            return desk.settings.get("language", "id")
    except (NotInitialized, StoreError):
        return "id"


def run(data_dir: Path, *, smoke_test: bool = False, demo: bool = False) -> int:
    if smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ektp-desk")
    apply_style(app)
    icon = resources_dir() / "icons" / "ektp-desk.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    guard = GcGuard()
    guard.start()
    site: DemoSite | None = None
    if demo:
        from ektp_desk.demo_site import start_demo_site

        site = start_demo_site()
        data_dir = site.data_dir
    try:
        language = language_setting(data_dir)
        if not i18n.install(language) and smoke_test:
            # The smoke test is how a build proves it ships its catalogues.
            print(f"no translation for {language!r} in this build", file=sys.stderr)
            return 1
        flow = DeskApp(
            data_dir,
            sync_options=DEMO_SYNC if site else None,
            demo_accounts=site.accounts if site else (),
        )
        flow.start()
        if smoke_test:
            return _smoke(app, flow)
        # What an earlier run left, if it crashed: asked once the log-in window is up.
        QTimer.singleShot(0, _offer_crash_files)
        code = app.exec()
        flow.shutdown()
        return code
    finally:
        if site is not None:
            site.close()
        guard.stop()


def _offer_crash_files() -> None:
    from ektp_desk.ui.crash_offer import offer_crash_files

    offer_crash_files(log_dir())


# In the demo the hub is a loopback port away: sync at once and often.
DEMO_SYNC: dict[str, object] = {"idle_interval": 2.0, "probe_interval": 1.0}


def _smoke(app: QApplication, flow: DeskApp) -> int:
    """Build what a person would see first, then the main window on the real store, as the
    person it logs in: the demo's first account, else EKTP_DESK_USER / EKTP_DESK_PASSWORD
    (without them, the log-in window alone: the main window needs a log-in)."""
    shown = flow.wizard or flow.login
    assert shown is not None and shown.isVisible()
    if flow.desk is not None and flow.desk.user is None:
        name, _, password = (
            flow.demo_accounts[0]
            if flow.demo_accounts
            else (os.environ.get("EKTP_DESK_USER", ""), None, os.environ.get("EKTP_DESK_PASSWORD"))
        )
        if name and password:
            flow.desk.accounts.login(name, password)
    if flow.desk is not None and flow.desk.user is not None:
        from ektp_desk.ui.main_window import MainWindow
        from ektp_desk.ui.sync_page import SyncController

        flow.sync = SyncController(flow.data_dir)
        flow.window = MainWindow(flow.desk, flow.sync)
        flow.window.show()
    QTimer.singleShot(0, app.quit)
    app.exec()
    if flow.window is not None:
        flow.window.close()
    if flow.desk is not None:
        flow.desk.close()
    return 0
