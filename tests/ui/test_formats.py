"""The window's dates, times and numbers: local time named WITA (never UTC), dates typed
the Indonesian way in the Log's filter, and a date it cannot read said, not taken as a
filter that finds nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.sync_page import SyncController
from tests.conftest import new_desk


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    desk: Desk = new_desk(tmp_path / "desk", training=True)
    seed(desk, recordings=5, seed_value=3, detail=BiometricDetail.NONE)
    with desk.session.transaction():
        conn = desk.session.connection
        conn.execute("INSERT INTO sync_meta VALUES ('last_success', '2026-11-30T06:05:25+00:00')")
        conn.execute("INSERT INTO sync_meta VALUES ('clock_skew_seconds', '-3600')")
        conn.execute(
            "INSERT INTO sync_batches (batch_id, started_at, finished_at, records, bytes, outcome)"
            " VALUES ('b1', '2026-11-30T06:05:20+00:00', '2026-11-30T06:05:25+00:00', 12,"
            " 1234567, 'ok')"
        )
    win = MainWindow(desk, SyncController(desk.data_dir))
    qtbot.addWidget(win)
    yield win
    desk.close()


def test_times_are_local_with_wita_never_utc(window: MainWindow) -> None:
    window.refresh_status()
    window.sync_page.refresh()
    window.users_page.refresh()
    assert window.status_last.text() == "Sinkron terakhir: 30-11-2026 14.05 WITA"
    assert window.sync_page.last.text() == "30-11-2026 14.05 WITA"
    batch = [window.sync_page.batches.item(0, c).text() for c in range(4)]
    assert batch == ["30-11-2026 14.05 WITA", "12", "1.234.567", "Berhasil"]
    assert window.sync_page.clock.text() == "Jam desk berbeda 3600 detik dari hub: setel jam"
    last_login = window.users_page.table.item(0, 3).text()
    assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d\.\d\d WITA", last_login), last_login


def test_the_log_filter_takes_indonesian_dates_and_says_when_it_cannot_read_one(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.log_page
    day = window.desk.today()
    assert page.model.rowCount() == 5
    for typed in (day.strftime("%d/%m/%Y"), day.strftime("%d-%m-%Y"), day.isoformat()):
        page.date_from.edit.setText(typed)
        page.date_to.edit.setText(typed)
        page.apply_filter()
        assert page.model.rowCount() == 5, typed
        assert page.count.text() == "5 rekaman"
    page.date_from.edit.setText("31/11/2026")
    page.apply_filter()
    assert "Tanggal tidak terbaca" in page.count.text()
    assert page.count.property("role") == "error"
    assert page.model.rowCount() == 5  # the last good filter stays, not an empty list
    page.date_from.calendar.clicked.emit(page.date_from.calendar.selectedDate())
    assert page.date_from.edit.text() == page.date_from.value().strftime("%d-%m-%Y")  # type: ignore[union-attr]


def test_states_show_as_words_in_the_log(window: MainWindow) -> None:
    model = window.log_page.model
    states = {model.data(model.index(r, 5)) for r in range(model.rowCount())}
    assert states == {"Menunggu dikirim"}
    combo = window.log_page.state
    assert [combo.itemText(i) for i in range(combo.count())][1:] == [
        "Menunggu dikirim", "Sedang dikirim", "Diterima Disdukcapil", "Ditolak", "NIK ganda",
    ]  # fmt: skip


def test_the_date_of_birth_is_typed_and_shown_day_first(window: MainWindow) -> None:
    form = window.recording_page.form
    field = form.fields["tanggal_lahir"]
    assert isinstance(field, QLineEdit)
    for typed in ("06-07-2005", "06/07/2005", "2005-07-06"):
        field.setText(typed)
        assert form.values()["tanggal_lahir"] == "2005-07-06", typed
    field.setText("31-02-2005")  # passed on as typed: the core says what is wrong
    assert form.values()["tanggal_lahir"] == "31-02-2005"
    form.fill({"tanggal_lahir": "2005-07-06"})
    assert field.text() == "06-07-2005"
