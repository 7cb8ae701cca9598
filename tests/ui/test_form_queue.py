"""The form and the queue as a clerk types them: no red before a field was touched, digits
only in NIK and KK, a typed NIK fills date of birth and sex, a future date of birth, the
previous resident's messages gone at the next call, exception reasons from a list, a
walk-in from the keyboard that must pick a kelurahan, kelurahan by name."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.domain.formats import short_date
from ektp_desk.domain.nik import format_nik
from ektp_desk.ui.log_page import KELURAHAN_COLUMN
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.recording.exception_dialog import ExceptionDialog
from tests.ui.conftest import shown_window


def line(training_window: MainWindow, name: str) -> QLineEdit:
    widget = training_window.recording_page.fields[name]
    assert isinstance(widget, QLineEdit)
    return widget


def combo(training_window: MainWindow, name: str) -> QComboBox:
    widget = training_window.recording_page.fields[name]
    assert isinstance(widget, QComboBox)
    return widget


def shown_errors(training_window: MainWindow) -> list[str]:
    return [
        n
        for n, label in training_window.recording_page.errors.items()
        if label.isVisibleTo(training_window)
    ]


def test_a_blank_form_is_not_red_until_touched_or_saved(
    qtbot: QtBot, training_window: MainWindow
) -> None:
    page = training_window.recording_page
    training_window.show_page(page)
    page.check()
    assert shown_errors(training_window) == []
    assert all(s.property("state") == "empty" for s in page.slots.values())
    qtbot.keyClicks(line(training_window, "no_kk"), "123")
    page.check()
    assert shown_errors(training_window) == ["no_kk"]
    page.save()
    assert {"nik", "nama", "no_kk"} <= set(shown_errors(training_window))
    assert page.slots["face"].property("state") == "missing"
    page.clear()
    page.check()
    assert shown_errors(training_window) == []


def test_nik_and_kk_take_digits_only(qtbot: QtBot, training_window: MainWindow) -> None:
    for name in ("nik", "no_kk"):
        qtbot.keyClicks(line(training_window, name), "72a71-02 9")
        assert line(training_window, name).text() == "7271029"
    qtbot.keyClicks(line(training_window, "nik"), "12345678901234")
    assert len(line(training_window, "nik").text()) == 16


def test_a_typed_nik_fills_date_of_birth_and_sex(
    qtbot: QtBot, training_window: MainWindow, training_desk: Desk
) -> None:
    nik = format_nik(kecamatan_code="72.71.02", birth_date=date(1990, 5, 17), sex="PEREMPUAN",
                     serial=12)  # fmt: skip
    qtbot.keyClicks(line(training_window, "nik"), nik)
    assert line(training_window, "tanggal_lahir").text() == short_date(date(1990, 5, 17))
    assert combo(training_window, "jenis_kelamin").currentData() == "PEREMPUAN"
    # A date the clerk typed is not replaced by the next NIK.
    line(training_window, "nik").clear()
    line(training_window, "tanggal_lahir").setText("01-01-1991")
    other = format_nik(kecamatan_code="72.71.02", birth_date=date(1985, 2, 3), sex="LAKI-LAKI",
                       serial=13)  # fmt: skip
    qtbot.keyClicks(line(training_window, "nik"), other)
    assert line(training_window, "tanggal_lahir").text() == "01-01-1991"


def test_a_future_date_of_birth_is_an_error_not_a_negative_age(
    qtbot: QtBot, training_window: MainWindow, training_desk: Desk
) -> None:
    page = training_window.recording_page
    training_window.show_page(page)
    future = date(training_desk.today().year + 4, 1, 2)
    qtbot.keyClicks(line(training_window, "tanggal_lahir"), short_date(future))
    page.check()
    assert "tanggal_lahir" in shown_errors(training_window)
    assert page.errors["tanggal_lahir"].text()
    assert "-" not in page.eligibility.text()


def test_kelurahan_is_picked_by_name_with_no_default(
    training_window: MainWindow, training_desk: Desk
) -> None:
    kelurahan = combo(training_window, "kelurahan")
    assert kelurahan.currentData() == ""
    assert "kelurahan" not in training_window.recording_page.form.values()
    code, name = training_desk.kelurahan_list()[0]
    index = kelurahan.findData(code)
    assert kelurahan.itemText(index) == name
    assert kelurahan.itemData(index, Qt.ItemDataRole.ToolTipRole) == code
    kelurahan.setCurrentIndex(index)
    assert kelurahan.toolTip() == code
    assert training_window.recording_page.form.values()["kelurahan"] == code


def test_a_walk_in_from_the_keyboard_keeps_the_typed_name(
    qtbot: QtBot, training_window: MainWindow, training_desk: Desk
) -> None:
    queue = training_window.queue_page
    qtbot.keyClicks(queue.search, "Budi Santoso")
    qtbot.keyClick(queue.search, Qt.Key.Key_Return)
    assert queue.walk_in.isChecked()
    assert queue.walk_in_name.text() == "Budi Santoso"
    qtbot.keyClick(queue.walk_in_name, Qt.Key.Key_Return)
    (ticket,) = training_desk.queue.today()
    assert ticket.walk_in and ticket.nama == "BUDI SANTOSO"
    # Called, the walk-in's form has no kelurahan until one is picked.
    queue.call_next()
    page = training_window.recording_page
    assert "kelurahan" not in page.form.values()
    page.save()
    assert "kelurahan" in shown_errors(training_window)


def test_calling_the_next_ticket_clears_the_previous_messages(
    qtbot: QtBot, training_window: MainWindow, training_desk: Desk
) -> None:
    training_desk.queue.enqueue(nama="Ani", walk_in=True)
    training_desk.queue.enqueue(nama="Badu", walk_in=True)
    queue, page = training_window.queue_page, training_window.recording_page
    queue.call_next()
    page.save()
    assert page.message.text()
    queue.message.setText("A001: ANI masuk antrian.")
    page.receipt_button.setVisible(True)
    queue.call_next()
    assert queue.message.text() == ""
    assert page.message.text() == ""
    assert not page.receipt_button.isVisibleTo(training_window)
    assert shown_errors(training_window) == []


def test_matches_show_the_kelurahan_by_name(
    qtbot: QtBot, training_window: MainWindow, training_desk: Desk
) -> None:
    seed(training_desk, recordings=2, detail=BiometricDetail.NONE, extra_residents=1.0)
    resident = training_desk.session.connection.execute(
        "SELECT nik, kelurahan FROM residents WHERE kelurahan IS NOT NULL LIMIT 1"
    ).fetchone()
    queue = training_window.queue_page
    queue.search.setText(resident[0])
    qtbot.waitUntil(lambda: queue.matches.count() > 0)
    item = queue.matches.item(0)
    assert dict(training_desk.kelurahan_list())[resident[1]] in item.text()
    assert resident[1] not in item.text()
    assert item.toolTip() == resident[1]
    born = training_desk.residents.get(resident[0]).tanggal_lahir  # type: ignore[union-attr]
    assert short_date(date.fromisoformat(born)) in item.text() and born not in item.text()


def test_exception_reasons_come_from_a_list(qtbot: QtBot, training_window: MainWindow) -> None:
    slot = training_window.recording_page.slots["fingers.R1"]
    dialog = ExceptionDialog(slot.name.text(), slot)
    qtbot.addWidget(dialog)
    reasons = [dialog.choice.itemData(i) for i in range(dialog.choice.count())]
    assert reasons == [
        "AMPUTASI", "CACAT SEJAK LAHIR", "LUKA ATAU PERBAN", "MATA TIDAK DAPAT DIPINDAI", "LAINNYA",
    ]  # fmt: skip
    assert dialog.ok.isEnabled() and not dialog.other.isEnabled()
    dialog.choice.setCurrentIndex(4)
    assert dialog.other.isEnabled() and not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.other, "jari  bengkok")
    assert dialog.ok.isEnabled()
    dialog.accept()
    slot.ask_exception(dialog)
    assert slot.exception == "JARI BENGKOK"
    listed = ExceptionDialog(slot.name.text(), slot)
    qtbot.addWidget(listed)
    listed.choice.setCurrentIndex(0)
    listed.accept()
    slot.ask_exception(listed)
    assert slot.exception == "AMPUTASI"


def test_the_log_shows_the_kelurahan_by_name(qtbot: QtBot, busy_desk: Desk) -> None:
    window = shown_window(qtbot, busy_desk)
    model = window.log_page.model
    index = model.index(0, KELURAHAN_COLUMN)
    code = model.entry(0).kelurahan  # type: ignore[union-attr]
    assert model.data(index) == dict(busy_desk.kelurahan_list())[code]
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == code


def test_a_blank_form_is_no_unsaved_work(qtbot: QtBot, training_window: MainWindow) -> None:
    page = training_window.recording_page
    assert page.form.values()  # the defaults: WNI, blood type "-"
    assert not page.has_unsaved_work()
    qtbot.keyClicks(line(training_window, "nama"), "Ani")
    assert page.has_unsaved_work()
