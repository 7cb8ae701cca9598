"""The clerk's and the supervisor's day, driven through the real widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.domain.accounts import Role
from ektp_desk.sync.pace import Backoff
from ektp_desk.ui.app import DeskApp
from ektp_desk.ui.dialogs import LoginDialog
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.sync_page import SyncController
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, new_desk
from tests.hubproc import HubProcess


def outbox_states(desk: Desk) -> dict[str, int]:
    return dict(
        desk.session.connection.execute("SELECT state, count(*) FROM outbox GROUP BY state")
    )


def test_first_run_wizard_then_main_window(qtbot: QtBot, tmp_path: Path) -> None:
    flow = DeskApp(tmp_path / "new")
    flow.start()
    wizard = flow.wizard
    assert wizard is not None and wizard.isVisible()
    qtbot.addWidget(wizard)
    wizard.kecamatan.setCurrentIndex(wizard.kecamatan.findData("72.71.04"))
    assert wizard.zone.currentText() == "WITA (Asia/Makassar)"
    assert wizard.zone.currentData() == "Asia/Makassar"
    qtbot.keyClicks(wizard.desk_id, "PALU-UTARA-1")
    wizard.next()
    wizard.next()
    qtbot.keyClicks(wizard.password, "rahasia-admin")
    qtbot.keyClicks(wizard.password2, "beda-sandi!")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert "tidak sama" in wizard.error.text()
    wizard.password2.clear()
    qtbot.keyClicks(wizard.password2, "rahasia-admin")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: flow.window is not None and flow.window.isVisible())
    assert flow.desk is not None and flow.desk.desk_id == "PALU-UTARA-1"
    assert flow.desk.kecamatan == "72.71.04"
    flow.shutdown()
    assert Desk.open(tmp_path / "new").desk_id == "PALU-UTARA-1"


def test_log_in_refuses_a_wrong_password(qtbot: QtBot, listed_desk: Desk) -> None:
    listed_desk.session.act_as(None)
    dialog = LoginDialog(listed_desk)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.user, "admin")
    qtbot.keyClicks(dialog.password, "salah-sandi")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "kata sandi salah" in dialog.error.text()  # the window's language
    assert listed_desk.user is None
    with qtbot.waitSignal(dialog.logged_in):
        qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert listed_desk.user is not None and listed_desk.user.name == "admin"


def test_queue_call_record_save_log_outbox(
    qtbot: QtBot, window: MainWindow, listed_desk: Desk
) -> None:
    queue = window.queue_page
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert queue.search.hasFocus()
    qtbot.keyClicks(queue.search, "siti la")
    qtbot.waitUntil(lambda: queue.matches.count() == 1)
    qtbot.keyClick(queue.search, Qt.Key.Key_Return)
    assert [t.label for t in listed_desk.queue.today()] == ["A001"]
    assert queue.table.rowCount() == 1

    qtbot.keyClick(window, Qt.Key.Key_F5)
    page = window.recording_page
    assert window.stack.currentWidget() is page
    assert page.ticket is not None and page.ticket.label == "A001"
    assert page.fields["nama"].text() == "SITI LAMAKARATE"  # type: ignore[union-attr]
    assert page.fields["kelurahan"].currentData() == "72.71.02.1007"  # type: ignore[union-attr]
    assert "21" in page.eligibility.text() or "umur" in page.eligibility.text()

    qtbot.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: all(slot.result is not None for slot in page.slots.values()))
    with qtbot.waitSignal(page.saved) as saved:
        qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    record_id = saved.args[0].record_id
    assert "Tersimpan" in page.message.text()
    assert listed_desk.queue.today()[0].state == "done"
    assert outbox_states(listed_desk) == {"queued": 1}
    entry = listed_desk.recordings.get(record_id)
    assert entry is not None and entry.nik == "7271024507050001"

    window.show_page(window.log_page)
    assert window.log_page.model.rowCount() == 1
    assert window.log_page.model.data(window.log_page.model.index(0, 1)) == "7271024507050001"
    window.log_page.table.selectRow(0)
    assert "SITI LAMAKARATE" in window.log_page.detail.toHtml()


def test_validation_errors_are_shown_on_their_fields(
    qtbot: QtBot, window: MainWindow, listed_desk: Desk
) -> None:
    page = window.recording_page
    window.show_page(page)
    qtbot.keyClicks(page.fields["nik"], "7271024507050001")  # type: ignore[arg-type]
    qtbot.keyClicks(page.fields["no_kk"], "123")  # type: ignore[arg-type]
    page.fields["tanggal_lahir"].clear()  # type: ignore[union-attr]  # the NIK's, typed over
    qtbot.keyClicks(page.fields["tanggal_lahir"], "2005-07-06")  # type: ignore[arg-type]
    page.fields["jenis_kelamin"].setCurrentIndex(  # type: ignore[union-attr]
        page.fields["jenis_kelamin"].findData("LAKI-LAKI")  # type: ignore[union-attr]
    )
    assert page.save() is None
    assert page.errors["no_kk"].isVisible() and "16" in page.errors["no_kk"].text()
    assert page.fields["no_kk"].property("invalid") is True
    assert page.errors["jenis_kelamin"].isVisible()
    assert "tidak sesuai NIK" in page.errors["tanggal_lahir"].text()
    assert not page.errors["nik"].isVisible()
    assert page.slots["face"].property("state") == "missing"
    assert "perlu diperbaiki" in page.message.text()
    assert outbox_states(listed_desk) == {}


def test_enter_moves_through_the_form(qtbot: QtBot, window: MainWindow) -> None:
    page = window.recording_page
    window.show_page(page)
    page.fields["nik"].setFocus()
    qtbot.keyClick(page.fields["nik"], Qt.Key.Key_Return)
    assert page.fields["no_kk"].hasFocus()
    qtbot.keyClick(page.fields["no_kk"], Qt.Key.Key_Return)
    assert page.fields["nama"].hasFocus()


def test_idle_lock_asks_the_same_users_password(
    qtbot: QtBot, window: MainWindow, listed_desk: Desk
) -> None:
    window.idle.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: window.lock_dialog is not None, timeout=3000)
    dialog = window.lock_dialog
    assert dialog is not None and dialog.user.text() == "admin" and dialog.user.isReadOnly()
    assert not window._central.isEnabled()
    qtbot.keyClicks(dialog.password, "salah-sandi")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert window.lock_dialog is dialog and "kata sandi salah" in dialog.error.text()
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert window.lock_dialog is None and window._central.isEnabled()


def test_a_supervisor_can_take_over_a_locked_desk(
    qtbot: QtBot, window: MainWindow, listed_desk: Desk
) -> None:
    listed_desk.accounts.add("ani", Role.CLERK, "sandi-ani-1", scrypt=FAST_SCRYPT)
    listed_desk.accounts.add("kasi", Role.SUPERVISOR, "sandi-kasi-1", scrypt=FAST_SCRYPT)
    listed_desk.accounts.login("ani", "sandi-ani-1")
    window.apply_role()
    window.lock()
    dialog = window.lock_dialog
    assert dialog is not None
    dialog.takeover.click()
    qtbot.keyClicks(dialog.user, "kasi")
    qtbot.keyClicks(dialog.password, "sandi-kasi-1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert listed_desk.user is not None and listed_desk.user.name == "kasi"
    assert window.sync_page in window.visible_pages()


def test_a_clerk_cannot_reach_supervisor_screens(
    qtbot: QtBot, window: MainWindow, listed_desk: Desk
) -> None:
    listed_desk.accounts.add("ani", Role.CLERK, "sandi-ani-1", scrypt=FAST_SCRYPT)
    listed_desk.accounts.login("ani", "sandi-ani-1")
    window.apply_role()
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels == [
        "Antrian (Ctrl+1)",
        "Perekaman (Ctrl+2)",
        "Log (Ctrl+3)",
        "Perangkat (Ctrl+7)",
    ]
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is not window.users_page
    assert not window.show_page(window.report_page)
    assert not window.show_page(window.sync_page)
    assert not window.log_page.void_button.isVisible()


def test_sync_status_follows_the_hub(qtbot: QtBot, tmp_path: Path) -> None:
    hub = HubProcess(tmp_path / "hub")
    hub.keygen()
    hub.start()
    desk = new_desk(tmp_path / "desk")
    sync: SyncController | None = None
    try:
        desk.hub.set(hub.url, hub.add_desk("PALU-BARAT-1"))
        seed(desk, recordings=5, detail=BiometricDetail.NONE)
        sync = SyncController(
            desk.data_dir,
            backoff=Backoff(base=0.2, cap=0.5),
            probe_interval=0.2,
            idle_interval=0.2,
            timeouts=(0.5, 2.0),
        )
        window = MainWindow(desk, sync)
        qtbot.addWidget(window)
        window.show()
        sync.start()
        qtbot.waitUntil(lambda: outbox_states(desk) == {"acked": 5}, timeout=15000)
        qtbot.waitUntil(lambda: window.status_link.text() == "Hub: Terhubung", timeout=5000)
        hub.stop()
        qtbot.waitUntil(lambda: window.status_link.text() == "Hub: Tidak terhubung", timeout=15000)
        hub.start()
        qtbot.waitUntil(lambda: window.status_link.text() == "Hub: Terhubung", timeout=15000)
        window.show_page(window.sync_page)
        assert window.sync_page.waiting.text() == "0"
        assert window.sync_page.batches.rowCount() >= 1
    finally:
        if sync is not None:
            sync.stop()
        hub.stop()
        desk.close()
    QApplication.processEvents()
