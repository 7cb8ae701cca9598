"""Screens stay legible in the system's high-contrast theme: under a high-contrast black
palette (white text on black, as Windows' "High Contrast Black"), every text the window and
the log-in show has a contrast of at least 4.5:1 (WCAG AA) against what is behind it,
measured on the pixels drawn. The window's own light colours under that palette drew white
text on a light grey (about 1.1:1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk
from ektp_desk.ui.dialogs import LoginDialog
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.style import LEGIBLE, contrast, stylesheet
from tests.ui.conftest import activate, shown_window

HIGH_CONTRAST_BLACK = {
    QPalette.ColorRole.Window: "#000000",
    QPalette.ColorRole.WindowText: "#ffffff",
    QPalette.ColorRole.Base: "#000000",
    QPalette.ColorRole.AlternateBase: "#000000",
    QPalette.ColorRole.Text: "#ffffff",
    QPalette.ColorRole.Button: "#000000",
    QPalette.ColorRole.ButtonText: "#ffffff",
    QPalette.ColorRole.Highlight: "#1aebff",
    QPalette.ColorRole.HighlightedText: "#000000",
    QPalette.ColorRole.ToolTipBase: "#000000",
    QPalette.ColorRole.ToolTipText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#c0c0c0",
    QPalette.ColorRole.Link: "#ffff00",
}


@pytest.fixture
def high_contrast() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old_palette, old_style = app.palette(), app.styleSheet()
    palette = QPalette(old_palette)
    for role, colour in HIGH_CONTRAST_BLACK.items():
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    app.setStyleSheet(stylesheet(palette, high_contrast=True))
    yield app
    app.setStyleSheet(old_style)
    app.setPalette(old_palette)


def text_contrast(widget: QWidget) -> float:
    """The contrast between the colour most of the widget is drawn in (what is behind the
    text) and the drawn colour furthest from it (the text's strokes)."""
    image = widget.grab().toImage()
    counts: Counter[int] = Counter(
        image.pixel(x, y) for y in range(0, image.height(), 2) for x in range(image.width())
    )
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    return max(contrast(background, QColor.fromRgb(rgb)) for rgb in counts)


def illegible(top: QWidget) -> list[str]:
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not widget.isVisible() or widget.width() < 8 or widget.height() < 8:
            continue
        labelled = isinstance(widget, QLabel) and widget.pixmap().isNull()
        if (labelled or isinstance(widget, QAbstractButton)) and widget.text().strip():
            text = widget.text()  # type: ignore[attr-defined]
        elif isinstance(widget, QGroupBox) and widget.title().strip():
            text = widget.title()
        elif isinstance(widget, QLineEdit) and widget.text():
            text = widget.text()
        else:
            continue
        ratio = text_contrast(widget)
        if ratio < LEGIBLE:
            found.append(
                f"{type(widget).__name__} {widget.objectName() or text[:30]!r}: {ratio:.1f}:1"
            )
    return found


def test_every_page_is_legible_in_high_contrast(
    qtbot: QtBot, high_contrast: QApplication, busy_desk: Desk
) -> None:
    window: MainWindow = shown_window(qtbot, busy_desk)
    window.resize(1366, 768)
    activate(qtbot, window)
    problems = []
    pages = window.visible_pages()
    assert len(pages) >= 5
    for page in pages:
        window.show_page(page)
        qtbot.wait(20)
        problems += [f"{type(page).__name__}: {p}" for p in illegible(window)]
    assert problems == []


def test_the_log_in_is_legible_in_high_contrast(
    qtbot: QtBot, high_contrast: QApplication, busy_desk: Desk
) -> None:
    dialog = LoginDialog(busy_desk)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    dialog.error.setProperty("role", "error")
    dialog.error.setText("Kata sandi salah")  # a message in the error role too
    dialog.error.style().polish(dialog.error)
    assert illegible(dialog) == []


def test_the_light_palette_keeps_the_windows_own_colours() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = QPalette(QColor("#f0f0f0"))
    light.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    assert "#f6f7f9" in stylesheet(light, high_contrast=False)
    assert "#f6f7f9" not in stylesheet(light, high_contrast=True)
