"""A file the window saves that another program holds open (Excel, a PDF viewer: Windows
will not replace it): said in the window's language, with a question that does not block
whether to save the same thing under another name. Every box that saves a file the person
names answers `FileInUse` this way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ektp_desk.desk import FileInUse
from ektp_desk.ui.question import ask_then

BOX_NAME = "file_in_use_box"  # its "save under another name" button: BOX_NAME + "_on"


def in_use_text(error: FileInUse) -> str:
    return QCoreApplication.translate(
        "FileInUse",
        "Berkas {path} sedang dibuka di program lain (misalnya Excel atau penampil PDF), jadi "
        "tidak bisa ditimpa; tidak ada yang ditulis. Tutup berkas itu, atau simpan dengan "
        "nama lain.",
    ).format(path=error.target)


def offer_another_name(parent: QWidget, error: FileInUse, again: Callable[[], None]) -> QMessageBox:
    """Ask whether to save under another name; `again` asks for the name and saves."""
    return ask_then(
        parent,
        icon=QMessageBox.Icon.Warning,
        title=QCoreApplication.translate("FileInUse", "Berkas sedang dibuka"),
        text=in_use_text(error),
        name=BOX_NAME,
        back=QCoreApplication.translate("FileInUse", "Batal"),
        on=QCoreApplication.translate("FileInUse", "Simpan dengan nama lain…"),
        on_role=QMessageBox.ButtonRole.AcceptRole,
        then=again,
    )
