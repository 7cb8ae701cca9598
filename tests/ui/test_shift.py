"""A change of shift and a close with work unsaved: the program asks before it throws a
recording away, logs the user out without closing, and the next clerk logs in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk
from ektp_desk.domain.accounts import Role
from ektp_desk.ui.app import DeskApp
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, new_desk
from tests.ui.conftest import activate


def answer_unsaved(choice: str, seen: list[str]) -> Callable[[], None]:
    """Click `choice` ("back" or "discard") in the unsaved-recording question once it shows."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "unsaved_box":
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        role = {
            "back": QMessageBox.ButtonRole.RejectRole,
            "discard": QMessageBox.ButtonRole.DestructiveRole,
        }[choice]
        button = next(b for b in box.buttons() if box.buttonRole(b) == role)
        button.click()

    return click


def _desk_with_a_clerk(tmp_path: Path) -> Path:
    desk = new_desk(tmp_path / "desk", training=True)
    desk.accounts.add("ani", Role.CLERK, "sandi-ani-1", scrypt=FAST_SCRYPT)
    desk.residents.add([{"nik": "7271020312880042", "nama": "Budi Santoso"}], source="test")
    desk.close()
    return tmp_path / "desk"


def _log_in(qtbot: QtBot, flow: DeskApp, name: str, password: str) -> None:
    login = flow.login
    assert login is not None and login.isVisible()
    qtbot.addWidget(login)
    login.user.setText(name)
    qtbot.keyClicks(login.password, password)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    assert flow.window is not None and flow.window.isVisible()


def test_a_change_of_shift_asks_about_the_unsaved_recording_then_the_next_clerk_logs_in(
    qtbot: QtBot, tmp_path: Path
) -> None:
    flow = DeskApp(_desk_with_a_clerk(tmp_path), sync_options={"idle_interval": 0.2})
    try:
        flow.start()
        _log_in(qtbot, flow, "admin", ADMIN_PASSWORD)
        window = flow.window
        assert window is not None and window.isMaximized()
        qtbot.addWidget(window)
        activate(qtbot, window)
        desk: Desk = window.desk
        desk.queue.enqueue(nik="7271020312880042")
        window.queue_page.refresh()
        window.queue_page.call_next()
        assert window.recording_page.has_unsaved_work()
        sync = flow.sync

        # "Back to the recording": nobody is logged out, the ticket stays open.
        seen: list[str] = []
        QTimer.singleShot(0, answer_unsaved("back", seen))
        qtbot.keyClick(
            window,
            Qt.Key.Key_L,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        qtbot.waitUntil(lambda: len(seen) == 1)
        assert seen and "A001" in seen[0] and "BUDI SANTOSO" in seen[0]
        assert desk.user is not None and window.isVisible()
        assert window.recording_page.ticket is not None

        # "Discard and go on": logged out (audited), the program still open at the log-in.
        QTimer.singleShot(0, answer_unsaved("discard", seen))
        window.log_out()
        qtbot.waitUntil(lambda: flow.window is None)
        assert len(seen) == 2
        assert desk.user is None and flow.window is None
        assert flow.login is not None and flow.login.isVisible()
        assert flow.login.user.text() == ""  # not a lock: any user may log in
        audit = [
            row[0]
            for row in desk.session.connection.execute(
                "SELECT action FROM audit WHERE action = 'logout'"
            )
        ]
        assert audit == ["logout"]

        # The next clerk logs in; the same sync goes on.
        _log_in(qtbot, flow, "ani", "sandi-ani-1")
        assert desk.user is not None and desk.user.name == "ani"
        assert flow.sync is sync and sync is not None and sync.running
        assert flow.window is not None and flow.window.recording_page.ticket is None
    finally:
        flow.shutdown()


def test_closing_with_an_unsaved_recording_asks_first(qtbot: QtBot, tmp_path: Path) -> None:
    flow = DeskApp(_desk_with_a_clerk(tmp_path), sync_options={"idle_interval": 0.2})
    try:
        flow.start()
        _log_in(qtbot, flow, "ani", "sandi-ani-1")
        window = flow.window
        assert window is not None
        qtbot.addWidget(window)
        page = window.recording_page
        page.form.fill({"nama": "Tamu Tanpa Tiket"})  # typed, no ticket
        assert page.has_unsaved_work()
        seen: list[str] = []
        QTimer.singleShot(0, answer_unsaved("back", seen))
        assert not window.close()  # not yet: the question is open
        qtbot.waitUntil(lambda: len(seen) == 1)
        assert window.isVisible() and "sedang diisi" in seen[0]
        QTimer.singleShot(0, answer_unsaved("discard", seen))
        window.close()
        qtbot.waitUntil(lambda: not window.isVisible())
        assert len(seen) == 2
        # with nothing typed, closing asks nothing
        flow.shutdown()
    finally:
        flow.shutdown()
