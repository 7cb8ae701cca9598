"""The resident list imported from the window by a supervisor: the file chosen, the import
on a worker with a progress bar, and at the end the error report opened for the rows that
were refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton, QWidget

from ektp_desk.desk import Desk, ImportResult
from ektp_desk.domain.accounts import Permission, may
from ektp_desk.ui import files
from ektp_desk.ui.i18n import shown
from ektp_desk.ui.question import ask_then
from ektp_desk.ui.style import show_message
from ektp_desk.ui.tasks import TaskRunner, run_on_own_connection


class ResidentImport(QWidget):
    """A button, a progress bar and a message line; shown to those who may import."""

    finished = Signal(object)  # ImportResult, or the error

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.folders = files.FileFolders(desk.data_dir)
        self.tasks = TaskRunner(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton(self.tr("Impor daftar penduduk…"))
        self.button.setObjectName("residents_import")
        self.button.clicked.connect(lambda: self.import_list())  # noqa: PLW0108 (drops `checked`)
        self.progress = QProgressBar()
        self.progress.setObjectName("residents_import_progress")
        self.progress.setRange(0, 0)  # the import does not tell how far it is
        self.progress.setMaximumWidth(160)
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setObjectName("residents_import_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.button)
        layout.addWidget(self.progress)
        layout.addWidget(self.message, 1)

    def update_role(self) -> None:
        user = self.desk.user
        self.setVisible(user is not None and may(user.role, Permission.IMPORT_RESIDENTS))

    def import_list(self, path: Path | None = None) -> None:
        path = path or self.folders.open_path(
            self,
            "lists",
            title=self.tr("Impor daftar penduduk"),
            pattern=self.tr("Daftar penduduk (*.csv *.xlsx)"),
        )
        if path is None:
            return
        version = self.desk.city.published_version()
        if version is None:
            self._start(path, replace_published=False)
        else:  # Disdukcapil's list is in use: a list of one's own only if the person says so
            self.replace_box = self._ask_replace(path, version)

    def _ask_replace(self, path: Path, version: int) -> QMessageBox:
        return ask_then(
            self,
            icon=QMessageBox.Icon.Question,
            title=self.tr("Daftar terbitan Disdukcapil"),
            text=self.tr(
                "Kecamatan ini memakai daftar penduduk terbitan Disdukcapil (versi {version}). "
                "Penduduk di {name} akan ditambahkan atau diperbarui di desk ini; daftar "
                "terbitan Disdukcapil berikutnya menggantikan semuanya. Tetap impor?"
            ).format(version=version, name=path.name),
            name="replace_published_box",
            back=self.tr("Batal"),
            on=self.tr("Tetap impor"),
            on_role=QMessageBox.ButtonRole.AcceptRole,
            then=lambda: self._start(path, replace_published=True),
        )

    def _start(self, chosen: Path, *, replace_published: bool) -> None:
        self.button.setEnabled(False)
        self.progress.setVisible(True)
        show_message(self.message, self.tr("Mengimpor {name}…").format(name=chosen.name), "")
        user = self.desk.user
        self.tasks.start(
            lambda: run_on_own_connection(
                self.desk.data_dir,
                user,
                lambda desk: desk.residents.import_file(
                    chosen, replace_published=replace_published
                ),
            ),
            on_done=self._done,
            on_failed=self._failed,
        )

    def _done(self, result: ImportResult) -> None:
        self._idle()
        text = self.tr("Daftar diimpor: {new} baru, {updated} diperbarui.").format(
            new=result.inserted, updated=result.updated
        )
        if result.report is None:
            show_message(self.message, text, "ok")
        else:
            files.open_file(result.report)
            counts = []
            if result.rejected:
                counts.append(self.tr("{n} baris ditolak").format(n=result.rejected))
            if result.warnings:
                counts.append(self.tr("{n} peringatan").format(n=result.warnings))
            show_message(
                self.message,
                text
                + " "
                + self.tr("{counts}; laporannya dibuka: {report}").format(
                    counts=", ".join(counts), report=result.report
                ),
                "warning",
            )
        self.finished.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._idle()
        show_message(self.message, shown(error), "error")
        self.finished.emit(error)

    def _idle(self) -> None:
        self.button.setEnabled(True)
        self.progress.setVisible(False)
