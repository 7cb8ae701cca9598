"""The waiting room's screen and voice: the board follows the queue as another connection
changes it (enqueue, call, recall, skip), each call and recall is announced with the
spoken sentence, and the screen still works where QtTextToSpeech cannot load."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk
from ektp_desk.ui import announcer as announcer_module
from ektp_desk.ui.announcer import Announcer, write_chime
from ektp_desk.ui.display import DisplayWindow
from ektp_desk.ui.queue_page import QueuePage
from tests.conftest import new_desk

BUDI = {"nik": "7271020312880042", "nama": "Budi Santoso", "kelurahan": "72.71.02.1007"}
ANI = {"nik": "7271024507050001", "nama": "Ani Lamakarate", "kelurahan": "72.71.02.1007"}
RINA = {"nik": "7271025101900003", "nama": "Rina Tadulako", "kelurahan": "72.71.02.1007"}


class FakeSpeaker:
    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


class FakeChime:
    def __init__(self) -> None:
        self.played = 0

    def play(self) -> None:
        self.played += 1


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    desk = new_desk(tmp_path / "desk")
    desk.residents.add([BUDI, ANI, RINA], source="test")
    yield desk
    desk.close()


@pytest.fixture
def screen(qtbot: QtBot, desk: Desk) -> tuple[DisplayWindow, FakeSpeaker, FakeChime]:
    speaker, chime = FakeSpeaker(), FakeChime()
    announcer = Announcer(speaker=speaker, chime=chime, speak_after_ms=0)
    window = DisplayWindow(Desk.open(desk.data_dir), announcer, poll_ms=20)
    qtbot.addWidget(window)
    return window, speaker, chime


def shows(window: DisplayWindow, called: str, waiting: int, recent: str = "—") -> bool:
    return (
        window.called.text() == called
        and window.waiting.text() == f"Menunggu: {waiting}"
        and window.recent.text() == f"Sebelumnya: {recent}"
    )


def test_the_screen_follows_the_queue_and_announces_calls(
    qtbot: QtBot, desk: Desk, screen: tuple[DisplayWindow, FakeSpeaker, FakeChime]
) -> None:
    window, speaker, chime = screen
    assert shows(window, "—", 0)
    assert window.desk_line.text() == "Belum ada yang dipanggil"
    for resident in (BUDI, ANI, RINA):
        desk.queue.enqueue(nik=resident["nik"])
    qtbot.waitUntil(lambda: shows(window, "—", 3))
    assert speaker.said == [] and chime.played == 0

    first = desk.queue.call_next()
    assert first is not None
    qtbot.waitUntil(lambda: shows(window, "A001", 2))
    assert window.desk_line.text() == "silakan ke meja satu"
    qtbot.waitUntil(lambda: len(speaker.said) == 1)
    assert speaker.said == ["Nomor antrian A nol nol satu, silakan ke meja satu"]
    assert chime.played == 1

    second = desk.queue.call_next()
    assert second is not None
    qtbot.waitUntil(lambda: shows(window, "A002", 1, "A001"))
    qtbot.waitUntil(lambda: len(speaker.said) == 2)
    assert speaker.said[-1] == "Nomor antrian A nol nol dua, silakan ke meja satu"

    desk.queue.recall(first.id)  # the resident of A001 did not come: called again
    qtbot.waitUntil(lambda: shows(window, "A001", 1, "A002"))
    qtbot.waitUntil(lambda: len(speaker.said) == 3)
    assert speaker.said[-1] == "Nomor antrian A nol nol satu, silakan ke meja satu"
    assert chime.played == 3

    desk.queue.skip(first.id)  # skipped: no one is being called, nothing announced
    qtbot.waitUntil(lambda: shows(window, "—", 1, "A001  A002"))
    assert window.desk_line.text() == "Belum ada yang dipanggil"
    qtbot.wait(100)
    assert len(speaker.said) == 3 and chime.played == 3


def test_a_call_made_before_the_screen_opened_is_shown_not_announced(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.queue.enqueue(nik=BUDI["nik"])
    desk.queue.call_next()
    speaker = FakeSpeaker()
    window = DisplayWindow(
        Desk.open(desk.data_dir), Announcer(speaker=speaker, speak_after_ms=0), poll_ms=20
    )
    qtbot.addWidget(window)
    assert shows(window, "A001", 0)
    qtbot.wait(100)
    assert speaker.said == []


def test_the_screen_holds_no_name_or_nik(desk: Desk) -> None:
    desk.queue.enqueue(nik=BUDI["nik"])
    desk.queue.call_next()
    desk.accounts.logout()
    board = desk.queue.board()  # the room's screen needs no one logged in
    assert board.called == "A001"
    assert BUDI["nik"] not in repr(board) and "Budi" not in repr(board).title()


def test_without_text_to_speech_the_chime_and_screen_go_on(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)  # import fails
    monkeypatch.setattr(announcer_module, "system_chime", lambda parent: FakeChime())
    announcer = Announcer.of_system()
    assert announcer.speaker is None and announcer.chime is not None
    window = DisplayWindow(Desk.open(desk.data_dir), announcer, poll_ms=20)
    qtbot.addWidget(window)
    announcer.speak_after_ms = 0
    desk.queue.enqueue(nik=BUDI["nik"])
    desk.queue.call_next()
    qtbot.waitUntil(lambda: window.called.text() == "A001")
    qtbot.waitUntil(
        lambda: announcer.spoken == ["Nomor antrian A nol nol satu, silakan ke meja satu"]
    )
    assert isinstance(announcer.chime, FakeChime) and announcer.chime.played == 1


def test_without_multimedia_there_is_no_chime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    assert announcer_module.system_chime(QObject()) is None


def test_the_chime_is_a_wav(tmp_path: Path) -> None:
    import wave

    write_chime(tmp_path / "chime.wav")
    with wave.open(str(tmp_path / "chime.wav")) as wav:
        assert wav.getnchannels() == 1 and wav.getframerate() == announcer_module.CHIME_RATE
        assert 0.5 < wav.getnframes() / wav.getframerate() < 2


def test_the_queue_page_opens_the_screen(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(announcer_module, "system_speaker", lambda parent: None)
    monkeypatch.setattr(announcer_module, "system_chime", lambda parent: None)
    page = QueuePage(desk)
    qtbot.addWidget(page)
    page.display_button.click()
    window = page.display
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    page.display_button.click()  # one screen at a time
    assert page.display is window
    assert window.isWindow() and window.parent() is page  # it closes with the desk's window
    desk.queue.enqueue(nik=BUDI["nik"])
    qtbot.waitUntil(lambda: window.waiting.text() == "Menunggu: 1", timeout=3000)


def test_the_queue_pages_button_and_its_menu_open_the_screen_where_asked(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window has no menu bar (its commands are page buttons and shortcuts), so the
    Antrian page's "Layar antrian" is where the screen opens: a click, full screen on the
    second screen when the computer has one, else as a window on the desk's screen; its
    menu, on the screen chosen among the computer's (the desk's own as a window)."""
    from types import SimpleNamespace

    from ektp_desk.ui import display as display_module
    from ektp_desk.ui import queue_page as queue_page_module

    monkeypatch.setattr(announcer_module, "system_speaker", lambda parent: None)
    monkeypatch.setattr(announcer_module, "system_chime", lambda parent: None)
    shown_on: list[object] = []
    real_show_on = display_module.show_on

    def show_on(window: QWidget, screen: object) -> None:
        shown_on.append(screen)
        real_show_on(window, None)  # the offscreen platform has one real screen to show on

    monkeypatch.setattr(display_module, "show_on", show_on)
    monkeypatch.setattr(queue_page_module, "show_on", show_on)  # moving an open screen
    page = QueuePage(desk)
    qtbot.addWidget(page)
    room = SimpleNamespace(name=lambda: "HDMI-1")
    screens = [page.screen(), room]
    monkeypatch.setattr(display_module, "QGuiApplication", SimpleNamespace(screens=lambda: screens))
    page.display_button.click()
    assert page.display is not None and page.display.isVisible()
    qtbot.addWidget(page.display)
    assert shown_on == [room]
    page.display.close()
    screens.pop()
    page.display_button.click()
    assert shown_on == [room, None]  # one screen: a window beside the desk's
    assert page.display is not None
    qtbot.addWidget(page.display)
    page.display.close()

    screens.append(room)
    menu = page.display_button.menu()
    menu.aboutToShow.emit()
    entries = [action.text() for action in menu.actions()]
    assert entries == [
        f"Di layar ini (1: {page.screen().name()}), sebagai jendela",
        "Di layar 2: HDMI-1, layar penuh",
    ]
    menu.actions()[1].trigger()
    assert shown_on == [room, None, room] and page.display.isVisible()
    shown = page.display
    menu.actions()[0].trigger()  # the open screen moves to the desk's own, as a window
    assert shown_on == [room, None, room, None] and page.display is shown


def test_the_display_command(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ektp_desk import cli

    monkeypatch.setattr(announcer_module, "system_speaker", lambda parent: None)
    monkeypatch.setattr(announcer_module, "system_chime", lambda parent: None)
    data_dir = str(desk.data_dir)
    assert cli.main(["display", "--data-dir", data_dir, "--smoke-test"]) == 0
    assert cli.main(["display", "--data-dir", data_dir, "--screen", "9", "--smoke-test"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--screen 9: this computer has 1 screen(s)" in err
    empty = desk.data_dir.parent / "none"
    assert cli.main(["display", "--data-dir", str(empty), "--smoke-test"]) == 2
