"""The desk release the hub offers, on the Sinkronisasi page, for a supervisor or an admin:
"Unduh" downloads it on a pool thread (resuming a broken download), and once it is checked
against the pinned release key "Pasang" closes the desk and starts its installer, after a
confirmation."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.desk import Desk, DeskError
from ektp_desk.desk.updates import DownloadPlan, Runner
from ektp_desk.domain.accounts import Permission, may
from ektp_desk.domain.formats import number
from ektp_desk.ui.i18n import language, shown
from ektp_desk.ui.style import show_message
from ektp_desk.ui.tasks import TaskRunner


class UpdateBox(QGroupBox):
    progressed = Signal(int, int)  # bytes held, bytes in all (from the download's thread)
    installing = Signal()  # the desk is closed and the installer started: the app ends

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Pembaruan program"), parent)
        self.setObjectName("update_box")
        self.desk = desk
        self.tasks = TaskRunner(self, threads=1)
        self.runner: Runner | None = None  # None: the installer as Windows runs it
        self.before_install: Callable[[], None] = lambda: None  # the sync stops here
        self.after_failed_install: Callable[[], None] = lambda: None  # and starts again
        self.stop = threading.Event()
        self.plan: DownloadPlan | None = None
        self.message = QLabel()
        self.message.setObjectName("update_message")
        self.message.setWordWrap(True)
        self.download_button = QPushButton(self.tr("Unduh"))
        self.download_button.setObjectName("update_download")
        self.download_button.clicked.connect(lambda: self.download())  # noqa: PLW0108 (drops `checked`)
        self.install_button = QPushButton(self.tr("Pasang"))
        self.install_button.setObjectName("update_install")
        self.install_button.clicked.connect(lambda: self.install())  # noqa: PLW0108 (drops `checked`)
        buttons = QHBoxLayout()
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.install_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.progressed.connect(self._show_progress)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shut)
        self.refresh()

    def refresh(self) -> None:
        """Shown to a supervisor or an admin while the hub offers a newer release."""
        user = self.desk.user
        allowed = user is not None and may(user.role, Permission.UPDATE_PROGRAM)
        offered = self.desk.updates.offered() if allowed and not self.desk.closed else None
        self.setVisible(offered is not None)
        if offered is None or self.plan is not None:
            return
        ready = self.desk.updates.ready()
        self.install_button.setVisible(ready is not None)
        self.download_button.setVisible(ready is None)
        if ready is not None:
            text = self.tr("Versi {version} sudah diunduh dan diperiksa; siap dipasang.")
        else:
            text = self.tr("Versi baru {version} tersedia di hub (terpasang {installed}).")
        show_message(
            self.message,
            text.format(version=offered.version, installed=self.desk.updates.installed),
            "ok" if ready is not None else "warning",
        )

    def download(self) -> None:
        try:
            plan = self.desk.updates.plan_download()
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
            return
        self.plan = plan
        self.stop.clear()
        self.download_button.setEnabled(False)
        show_message(self.message, self.tr("Mengunduh…"), "ok")
        self.tasks.start(
            lambda: plan.run(progress=self.progressed.emit, stop=self.stop),
            on_done=lambda _path: self._downloaded(plan, None),
            on_failed=lambda exc: self._downloaded(plan, exc),
            expected=(DeskError,),
        )

    def _show_progress(self, held: int, size: int) -> None:
        lang = language()
        show_message(
            self.message,
            self.tr("Mengunduh… {held} dari {size} bita").format(
                held=number(held, lang), size=number(size, lang)
            ),
            "ok",
        )

    def _downloaded(self, plan: DownloadPlan, error: BaseException | None) -> None:
        self.plan = None
        self.download_button.setEnabled(True)
        if self.desk.closed:
            return
        self.desk.updates.finish_download(plan, error)
        self.refresh()
        if error is not None:
            show_message(self.message, shown(error), "error")

    def install(self, *, confirm: bool = True) -> None:
        ready = self.desk.updates.ready()
        if ready is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Pasang pembaruan"),
                self.tr(
                    "Program ditutup lalu pemasang versi {version} dijalankan. Rekaman yang "
                    "sudah disimpan tetap aman. Lanjutkan?"
                ).format(version=ready[0].version),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.before_install()
        try:
            path: Path = self.desk.updates.install(confirmed=True, runner=self.runner)
        except DeskError as exc:  # the installer did not start: the desk stays open
            self.after_failed_install()
            show_message(self.message, shown(exc), "error")
            return
        show_message(self.message, self.tr("Pemasang dijalankan: {path}").format(path=path), "ok")
        self.installing.emit()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shut(self) -> None:
        """The program ends: a download in progress stops (its .part stays for the next)."""
        self.stop.set()
        self.tasks.wait(10_000)
