"""A crash of an earlier run is offered at the next start, once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from ektp_desk import crash
from ektp_desk.ui.crash_offer import offer_crash_files


def test_the_next_start_offers_to_show_the_crash_file(qtbot: QtBot, tmp_path: Path) -> None:
    try:
        raise ZeroDivisionError("while saving")
    except ZeroDivisionError as exc:
        crash.write_crash(tmp_path, "window", exc, exc.__traceback__)
    box = offer_crash_files(tmp_path)
    assert box is not None and box.isVisible()
    assert "berhenti tidak normal" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    reports = [w for w in QApplication.topLevelWidgets() if w.objectName() == "crash_report"]
    assert len(reports) == 1 and reports[0].isVisible()
    text = reports[0].findChild(QPlainTextEdit, "crash_text")
    assert text is not None and "ZeroDivisionError: while saving" in text.toPlainText()
    reports[0].close()
    assert offer_crash_files(tmp_path) is None  # offered once
    assert len(list(tmp_path.glob("crash-*.shown.txt"))) == 1  # kept for support
