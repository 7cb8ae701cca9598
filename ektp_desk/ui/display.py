"""The called-number screen (layar antrian): large enough to read across the waiting
room, showing the number being called and the desk, the numbers called before it and
how many wait. It follows the queue on its own connection to the store, so it runs in
the desk's window or as `ektp-desk display` in another process alike: every second it
asks SQLite whether anything was committed (PRAGMA data_version, no table read) and
reads the board only when something was. A new call or a recall is announced."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.desk import Desk, QueueBoard
from ektp_desk.domain.announce import desk_words
from ektp_desk.ui.announcer import Announcer

POLL_MS = 1000
STYLE = """
QWidget#display { background: #0b3d2e; color: #ffffff; }
QLabel#display_heading { font-size: 40px; }
QLabel#display_called { font-size: 220px; font-weight: bold; color: #ffd54f; }
QLabel#display_desk { font-size: 64px; }
QLabel#display_recent { font-size: 48px; color: #c8e6c9; }
QLabel#display_waiting { font-size: 40px; }
"""


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class DisplayWindow(QWidget):
    """The screen for the waiting room over `desk`, which must be this screen's own Desk
    (its own connection: a commit on the connection that reads would not be seen)."""

    def __init__(
        self,
        desk: Desk,
        announcer: Announcer,
        *,
        poll_ms: int = POLL_MS,
        parent: QWidget | None = None,
    ) -> None:
        # A window of its own; with a parent (the desk's window) it closes with it, and the
        # program still ends when the desk's window is closed.
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("display")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setWindowTitle(self.tr("Layar antrian — {desk}").format(desk=desk.desk_id))
        self.desk = desk
        self.announcer = announcer
        self.heading = _label("display_heading")
        self.heading.setText(self.tr("Nomor antrian"))
        self.called = _label("display_called")
        self.desk_line = _label("display_desk")
        self.recent = _label("display_recent")
        self.waiting = _label("display_waiting")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.called, 3)
        layout.addWidget(self.desk_line)
        row = QHBoxLayout()
        row.addWidget(self.recent, 2)
        row.addWidget(self.waiting, 1)
        layout.addLayout(row)
        self.board: QueueBoard | None = None
        self._version: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self.poll()

    def poll(self) -> None:
        version = self.desk.queue.changes()
        if version == self._version and self.board is not None:
            return
        self._version = version
        self.show_board(self.desk.queue.board())

    def show_board(self, board: QueueBoard) -> None:
        before, self.board = self.board, board
        self.called.setText(board.called or "—")
        self.desk_line.setText(
            self.tr("silakan ke meja {desk}").format(desk=desk_words(self.desk.desk_id))
            if board.called
            else self.tr("Belum ada yang dipanggil")
        )
        self.recent.setText(
            self.tr("Sebelumnya: {numbers}").format(numbers="  ".join(board.recent) or "—")
        )
        self.waiting.setText(self.tr("Menunggu: {n}").format(n=board.waiting))
        # The first board read is what was called before the screen opened: not news.
        is_new_call = board.called is not None and (
            before is not None
            and (board.called, board.called_at) != (before.called, before.called_at)
        )
        if is_new_call:
            assert board.called is not None
            self.announcer.announce(board.called, self.desk.desk_id)

    def closeEvent(self, event: object) -> None:
        self.timer.stop()
        self.desk.close()
        super().closeEvent(event)  # type: ignore[arg-type]


def room_screen() -> QScreen | None:
    """The screen facing the room: the second one when there are several, else None."""
    screens = QGuiApplication.screens()
    return screens[1] if len(screens) > 1 else None


def display_button(parent: QWidget, open_on: Callable[[QScreen | None], None]) -> QToolButton:
    """ "Layar antrian": a click opens the screen for the room (on the second screen when
    there is one); its menu opens it on the screen chosen, each of the computer's listed
    (the desk's own as an ordinary window, so it never covers the desk)."""

    button = QToolButton(parent)
    button.setText(QCoreApplication.translate("QueuePage", "Layar antrian"))
    button.setObjectName("queue_display")
    button.setToolTip(
        QCoreApplication.translate(
            "QueuePage", "Buka layar nomor panggilan untuk ruang tunggu (di layar kedua bila ada)"
        )
    )
    button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    button.clicked.connect(lambda: open_on(room_screen()))
    menu = QMenu(button)
    menu.setObjectName("queue_display_menu")

    def fill() -> None:
        menu.clear()
        own = parent.screen()
        for number, screen in enumerate(QGuiApplication.screens(), start=1):
            if screen is own:
                text = QCoreApplication.translate(
                    "QueuePage", "Di layar ini ({n}: {name}), sebagai jendela"
                )
            else:
                text = QCoreApplication.translate("QueuePage", "Di layar {n}: {name}, layar penuh")
            chosen = None if screen is own else screen
            action = menu.addAction(text.format(n=number, name=screen.name()))
            action.triggered.connect(lambda _=False, s=chosen: open_on(s))

    menu.aboutToShow.connect(fill)
    button.setMenu(menu)
    return button


def show_on(window: QWidget, screen: QScreen | None) -> None:
    """Full screen on `screen`, or an ordinary window beside the desk's on one screen."""
    if screen is None:
        window.resize(1024, 640)
        window.show()
        return
    window.setScreen(screen)
    window.move(screen.geometry().topLeft())
    window.showFullScreen()


def open_display(
    data_dir: Path, *, screen: QScreen | None, parent: QWidget | None = None
) -> DisplayWindow:
    """A screen on its own connection to the desk at `data_dir`."""
    window = DisplayWindow(Desk.open(data_dir), Announcer.of_system(), parent=parent)
    show_on(window, screen)
    return window


def run(data_dir: Path, *, screen_number: int | None, smoke_test: bool = False) -> int:
    """`ektp-desk display`: the screen alone, in its own process."""
    from ektp_desk.ui import i18n
    from ektp_desk.ui.app import language_setting

    if smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n.install(language_setting(data_dir))
    screens = QGuiApplication.screens()
    if screen_number is not None and not 1 <= screen_number <= len(screens):
        raise ValueError(f"--screen {screen_number}: this computer has {len(screens)} screen(s)")
    screen = screens[screen_number - 1] if screen_number is not None else room_screen()
    window = open_display(data_dir, screen=screen)
    if smoke_test:
        window.close()
        return 0
    return int(app.exec())
