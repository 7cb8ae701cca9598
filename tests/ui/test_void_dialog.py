"""Voiding from the Log: the dialog names the record (ticket, NIK, name, time), asks for
a reason, says what Disdukcapil will be told, and nothing changes until it is confirmed."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.void_dialog import VoidDialog, hub_text


def _record_one(qtbot: QtBot, win: MainWindow, desk: Desk) -> str:
    desk.queue.enqueue(nik="7271024507050001")
    win.queue_page.refresh()
    win.queue_page.call_next()
    page = win.recording_page
    page.capture_missing()
    qtbot.waitUntil(lambda: all(slot.result is not None for slot in page.slots.values()))
    with qtbot.waitSignal(page.saved) as saved:
        page.save()
    return str(saved.args[0].record_id)


def _answer(win: MainWindow, reason: str | None, seen: list[VoidDialog]) -> None:
    def answer() -> None:
        dialog = getattr(win.log_page, "void_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog)
        if reason is None:
            dialog.reject()
            return
        assert not dialog.confirm.isEnabled()  # no reason, no void
        dialog.reason_edit.setText(reason)
        assert dialog.confirm.isEnabled()
        dialog.confirm.click()

    QTimer.singleShot(0, answer)


def test_voiding_names_the_record_asks_and_says_what_the_hub_is_told(
    qtbot: QtBot,
    window: MainWindow,
    listed_desk: Desk,
) -> None:
    record_id = _record_one(qtbot, window, listed_desk)
    window.show_page(window.log_page)
    window.log_page.refresh()
    window.log_page.table.selectRow(0)

    seen: list[VoidDialog] = []
    _answer(window, None, seen)  # "Kembali": nothing changes
    window.log_page.void_selected()
    texts = " ".join(label.text() for label in seen[0].findChildren(type(seen[0].hub_note)))
    for fact in ("A001", "7271024507050001", "SITI LAMAKARATE", record_id, "WITA"):
        assert fact in texts
    assert "belum terkirim" in seen[0].hub_note.text()
    entry = listed_desk.recordings.get(record_id)
    assert entry is not None and not entry.voided

    _answer(window, "  salah   orang ", seen)
    window.log_page.void_selected()
    entry = listed_desk.recordings.get(record_id)
    assert entry is not None and entry.voided
    detail = listed_desk.recordings.detail(record_id)
    assert detail is not None and detail.void_reason == "salah orang"
    qtbot.waitUntil(lambda: "salah orang" in window.log_page.detail.toPlainText())


def test_the_hub_note_follows_where_the_record_stands() -> None:
    for held in ("acked", "final", "duplicate_nik", "case_open"):
        assert "sudah menerima" in hub_text(held) and "dikirim ke Disdukcapil" in hub_text(held)
    assert "tidak menghitung" in hub_text("rejected")
    assert "tidak menghitung" in hub_text("case_voided")
    assert "belum terkirim" in hub_text("queued") and "dikirim ke Disdukcapil" in hub_text("queued")
    for text in (hub_text("acked"), hub_text("queued")):
        assert "beri tahu" not in text  # the void goes by itself now
