"""`ektp-desk --demo`: a newcomer's first minute, from log-in to a recording acked by the hub
running in the same process, with only the steps the README lists."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ektp_desk.demo_site import DEMO_ACCOUNTS, start_demo_site
from ektp_desk.ui.app import DEMO_SYNC, DeskApp
from tests.ui.conftest import activate


def test_the_demo_takes_a_recording_from_the_queue_to_acked(qtbot: QtBot, tmp_path: Path) -> None:
    site = start_demo_site(tmp_path / "demo", recordings=6, residents_waiting=12)
    flow = DeskApp(site.data_dir, sync_options=DEMO_SYNC, demo_accounts=site.accounts)
    try:
        flow.start()
        login = flow.login
        assert login is not None and login.isVisible()
        qtbot.addWidget(login)
        shown = login.findChild(type(login.error), "demo_accounts")
        assert shown is not None
        for name, _, password in DEMO_ACCOUNTS:  # every demo account, with its password
            assert name in shown.text() and password in shown.text()
        assert login.user.text() == "petugas"
        # 1. Log in as petugas with the password shown.
        qtbot.keyClicks(login.password, "demo-petugas")
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
        window = flow.window
        assert window is not None and "DEMO" in window.windowTitle()
        qtbot.addWidget(window)
        activate(qtbot, window)
        desk = window.desk
        # The seeded recordings reach the in-process hub by themselves.
        qtbot.waitUntil(lambda: desk.status().outbox.by_state["acked"] == 6, timeout=20_000)
        waiting = desk.session.connection.execute(
            "SELECT nama FROM residents WHERE nik NOT IN (SELECT nik FROM recordings)"
            " ORDER BY nama LIMIT 1"
        ).fetchone()[0]
        # 2. F2 and a few letters of a name on the list, Enter: into today's queue.
        qtbot.keyClick(window, Qt.Key.Key_F2)
        qtbot.keyClicks(window.queue_page.search, waiting[:6].lower())
        qtbot.waitUntil(lambda: window.queue_page.matches.count() >= 1)
        qtbot.keyClick(window.queue_page.search, Qt.Key.Key_Return)
        # 3. F5 calls the ticket; 4. Ctrl+Shift+A captures every slot; 5. Ctrl+S saves.
        qtbot.keyClick(window, Qt.Key.Key_F5)
        page = window.recording_page
        assert window.stack.currentWidget() is page
        qtbot.keyClick(
            window,
            Qt.Key.Key_A,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        qtbot.waitUntil(lambda: all(s.result is not None for s in page.slots.values()))
        with qtbot.waitSignal(page.saved) as saved:
            qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        record_id = saved.args[0].record_id

        def state() -> str:
            row = desk.session.connection.execute(
                "SELECT state FROM outbox WHERE record_id = ?", (record_id,)
            ).fetchone()
            return str(row[0])

        qtbot.waitUntil(lambda: state() == "acked", timeout=20_000)
        held = site.hub.store.held(record_id)
        assert held is not None and held.desk_id == "DEMO-PALU-1"
        # F1 on the recording screen opens its guide; About names the data dir and log.
        qtbot.keyClick(window, Qt.Key.Key_F1)
        assert window.help_dialog is not None
        assert "Ctrl+S" in window.help_dialog.text.toPlainText()
        window.help_dialog.close()
    finally:
        flow.shutdown()
        site.close()
    assert not (tmp_path / "demo").exists()  # the throwaway data is gone
