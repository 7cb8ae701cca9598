"""The city's truth in the window: the queue search says where and when a resident was
recorded and asks before adding them; the Log's Koreksi… opens the form to correct a
rejected recording, whose save names the one it replaces."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk
from ektp_desk.sync.city import apply_page
from ektp_desk.ui.main_window import MainWindow
from tests.ui.test_void_dialog import _record_one

BUDI = "7271020312880042"
COLUMNS = ["record_id", "nik", "desk_id", "recorded_on", "state", "case_id", "reason", "replaces"]


def test_the_queue_says_where_a_resident_was_recorded_and_asks(
    qtbot: QtBot, window: MainWindow, listed_desk: Desk
) -> None:
    row = ["r-budi", BUDI, "PALU-BARAT-2", "2026-11-28", "accepted", None, None, None]
    apply_page(
        listed_desk.session.connection,
        {"cursor": 1, "more": False, "columns": COLUMNS, "rows": [row], "cases": []},
    )
    page = window.queue_page
    page.search.setText("Budi")
    page.refresh_matches()
    assert "sudah direkam di PALU-BARAT-2, 28 November 2026" in page.matches.item(0).text()

    answered: list[str] = []

    def answer(button_text: str) -> None:
        box = getattr(page, "recorded_elsewhere_box", None)
        if box is None or not box.isVisible():
            QTimer.singleShot(20, lambda: answer(button_text))
            return
        assert "PALU-BARAT-2" in box.text()
        page.recorded_elsewhere_box = None  # the box deletes itself once answered
        next(b for b in box.buttons() if b.text() == button_text).click()
        answered.append(button_text)

    QTimer.singleShot(0, lambda: answer("Batal"))
    page.add_selected()
    qtbot.waitUntil(lambda: answered == ["Batal"])
    qtbot.wait(50)
    assert listed_desk.queue.today() == []  # not added without a yes

    page.search.setText("Budi")
    page.refresh_matches()
    QTimer.singleShot(0, lambda: answer("Tetap tambahkan"))
    page.add_selected()
    qtbot.waitUntil(lambda: [t.nik for t in listed_desk.queue.today()] == [BUDI])


def test_the_logs_koreksi_opens_the_form_for_a_rejected_recording(
    qtbot: QtBot, window: MainWindow, listed_desk: Desk
) -> None:
    record_id = _record_one(qtbot, window, listed_desk)
    log = window.log_page
    window.show_page(log)
    log.refresh()
    log.table.selectRow(0)
    log.show_detail()
    assert log.correct_button.isVisible() and not log.correct_button.isEnabled()  # queued

    listed_desk.session.connection.execute(
        "UPDATE outbox SET state = 'rejected' WHERE record_id = ?", (record_id,)
    )
    log.refresh()
    log.table.selectRow(0)
    log.show_detail()
    assert log.correct_button.isEnabled()
    log.correct_button.click()
    page = window.recording_page
    assert window.stack.currentWidget() is page and page.replaces == record_id
    assert "Koreksi rekaman" in page.title.text()
    page.capture_missing()
    qtbot.waitUntil(lambda: all(slot.result is not None for slot in page.slots.values()))
    with qtbot.waitSignal(page.saved) as saved:
        page.save()
    fixed = saved.args[0]
    assert "correction" in fixed.needs_approval
    replaces = listed_desk.session.connection.execute(
        "SELECT replaces FROM recordings WHERE record_id = ?", (fixed.record_id,)
    ).fetchone()[0]
    assert replaces == record_id
    entry = listed_desk.recordings.get(record_id)
    assert entry is not None and entry.sync_state == "replaced"
