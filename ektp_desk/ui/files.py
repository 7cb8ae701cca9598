"""Where the window's file dialogs start and what they propose: in Documents the first time,
then in the last folder used for that kind of file (reports, lists, bundles, backups,
images), kept beside the desk's data; default names carry the date. And opening a file
with the program the computer has for it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

SETTINGS_FILE = "window.ini"  # the window's own state, beside the desk's database


def documents_dir() -> Path:
    """The user's Documents folder (the home folder where there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(found) if found else Path.home()
    return path if path.is_dir() else Path.home()


def dated_name(stem: str, day: date, suffix: str) -> str:
    """`laporan-harian` on 30 November 2026 as PDF: laporan-harian-2026-11-30.pdf."""
    return f"{stem}-{day.isoformat()}{suffix}"


def open_file(path: Path) -> bool:
    """`path` in the program the computer opens such files with."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class FileFolders:
    """The last folder per kind of file, remembered across sessions."""

    def __init__(self, data_dir: Path) -> None:
        self.settings = QSettings(str(data_dir / SETTINGS_FILE), QSettings.Format.IniFormat)

    def folder(self, kind: str) -> Path:
        last = self.settings.value(f"folders/{kind}")
        if last and Path(str(last)).is_dir():
            return Path(str(last))
        return documents_dir()

    def remember(self, kind: str, chosen: Path) -> None:
        folder = chosen if chosen.is_dir() else chosen.parent
        self.settings.setValue(f"folders/{kind}", str(folder))
        self.settings.sync()

    def save_path(
        self, parent: QWidget, kind: str, *, title: str, name: str, pattern: str
    ) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            parent, title, str(self.folder(kind) / name), pattern
        )
        return self._chosen(kind, chosen)

    def open_path(self, parent: QWidget, kind: str, *, title: str, pattern: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, title, str(self.folder(kind)), pattern)
        return self._chosen(kind, chosen)

    def directory(self, parent: QWidget, kind: str, *, title: str) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(parent, title, str(self.folder(kind)))
        return self._chosen(kind, chosen)

    def _chosen(self, kind: str, chosen: str) -> Path | None:
        if not chosen:
            return None
        path = Path(chosen)
        self.remember(kind, path)
        return path
