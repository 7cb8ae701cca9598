"""At start, the crash files an earlier run left (ektp_desk.crash): the window says the
program ended abnormally and offers to show what was written, for support."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.crash import SHOWN, mark_shown, pending

MAX_SHOWN_CHARS = 200_000  # of each crash file
_open: list[QDialog] = []  # the reports shown, kept while they are open


class CrashReport(QDialog):
    """The crash files' text, to read or copy for support, and where they are kept."""

    def __init__(self, files: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(QCoreApplication.translate("CrashOffer", "Laporan kesalahan"))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        where = QLabel(
            QCoreApplication.translate(
                "CrashOffer", "Berkas ini disimpan di {folder}; kirimkan ke petugas pendukung."
            ).format(folder=files[0].parent)
        )
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        self.text = QPlainTextEdit()
        self.text.setObjectName("crash_text")
        self.text.setReadOnly(True)
        parts = []
        for path in files:
            try:
                body = path.read_text("utf-8", errors="replace")[:MAX_SHOWN_CHARS]
            except OSError as exc:
                body = str(exc)
            parts.append(f"== {path.name}\n{body}")
        self.text.setPlainText("\n\n".join(parts))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def offer_crash_files(folder: Path, parent: QWidget | None = None) -> QMessageBox | None:
    """When `folder` holds crash files not offered yet, ask (without blocking) whether to
    show them; either way they are not offered again. None when there are none."""
    files = pending(folder)
    if not files:
        return None
    mark_shown(files)
    shown = [f.with_name(f.name[: -len(".txt")] + SHOWN + ".txt") for f in files]
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("CrashOffer", "Program berhenti tidak normal"),
        QCoreApplication.translate(
            "CrashOffer",
            "ektp-desk berhenti tidak normal sebelumnya ({n} laporan kesalahan). Data yang "
            "sudah disimpan tetap aman. Tampilkan laporan kesalahan untuk petugas pendukung?",
        ).format(n=len(files)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setObjectName("crash_offer")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(button: object) -> None:
        if box.standardButton(button) == QMessageBox.StandardButton.Yes:  # type: ignore[arg-type]
            report = CrashReport([p for p in shown if p.is_file()] or files, parent)
            report.setObjectName("crash_report")
            _open.append(report)
            report.destroyed.connect(lambda *_: _open.remove(report))
            report.show()

    box.buttonClicked.connect(answered)
    box.open()
    return box
