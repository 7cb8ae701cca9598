"""One stylesheet for the window: readable type and clear states at 1366x768 and high DPI.

On the usual light palette the window has its own colours (STYLE). Under the system's
high-contrast theme, or a dark one, it takes the system's colours instead (`SYSTEM_STYLE`,
in `palette(...)` terms), and the colours of the message roles are chosen for contrast
against the system's window colour: a light window background under a white text colour
would leave the text unreadable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QHeaderView, QLabel, QTableWidget

STYLE = """
QWidget { font-size: 10pt; }
QMainWindow, QDialog, QWizard { background: #f6f7f9; }
QListWidget#nav { background: #1f3a5f; color: white; border: none; font-size: 11pt; }
QListWidget#nav::item { padding: 10px 14px; }
QListWidget#nav::item:selected { background: #2f5b8f; }
QLabel#title { font-size: 15pt; font-weight: 600; color: #1f3a5f; }
QLabel#ticket { font-size: 20pt; font-weight: 700; color: #1f3a5f; }
QLabel.error, QLabel[role="error"] { color: #b3261e; }
QLabel[role="warning"] { color: #8a5a00; }
QLabel[role="ok"] { color: #1b6e20; }
QLineEdit[invalid="true"], QComboBox[invalid="true"] { border: 2px solid #b3261e; }
QLineEdit, QComboBox { padding: 3px 5px; min-height: 22px; }
QPushButton { padding: 5px 12px; min-height: 22px; }
QPushButton[compact="true"] { padding: 2px 6px; min-height: 18px; }
QPushButton[primary="true"] { background: #2f5b8f; color: white; font-weight: 600; }
QFrame#slot { background: white; border: 1px solid #d0d4da; border-radius: 4px; }
QFrame#slot[state="captured"] { border-color: #1b6e20; }
QFrame#slot[state="exception"] { border-color: #8a5a00; }
QFrame#slot[state="missing"] { border-color: #b3261e; }
QLabel#training_banner { background: #8a5a00; color: white; font-weight: 600; padding: 4px 10px; }
"""

# The same metrics in the system's colours; {error}, {warning}, {ok} are filled in for the
# palette (see `role_colours`).
SYSTEM_STYLE = """
QWidget { font-size: 10pt; }
QListWidget#nav { border: 1px solid palette(window-text); font-size: 11pt; }
QListWidget#nav::item { padding: 10px 14px; }
QListWidget#nav::item:selected { background: palette(highlight); color: palette(highlighted-text); }
QLabel#title { font-size: 15pt; font-weight: 600; }
QLabel#ticket { font-size: 20pt; font-weight: 700; }
QLabel.error, QLabel[role="error"] { color: {error}; }
QLabel[role="warning"] { color: {warning}; }
QLabel[role="ok"] { color: {ok}; }
QLineEdit[invalid="true"], QComboBox[invalid="true"] { border: 2px solid {error}; }
QLineEdit, QComboBox { padding: 3px 5px; min-height: 22px; }
QPushButton { padding: 5px 12px; min-height: 22px; }
QPushButton[compact="true"] { padding: 2px 6px; min-height: 18px; }
QPushButton[primary="true"] { background: palette(highlight); color: palette(highlighted-text);
    font-weight: 600; }
QFrame#slot { border: 1px solid palette(window-text); border-radius: 4px; }
QFrame#slot[state="captured"] { border: 2px solid {ok}; }
QFrame#slot[state="exception"] { border: 2px dashed {warning}; }
QFrame#slot[state="missing"] { border: 2px dotted {error}; }
QLabel#training_banner { border: 2px solid {warning}; color: {warning}; font-weight: 600;
    padding: 4px 10px; }
"""
ROLE_CANDIDATES = {
    "error": ("#b3261e", "#ff8a80", "#ff5252"),
    "warning": ("#8a5a00", "#ffd54f", "#ffb300"),
    "ok": ("#1b6e20", "#81c784", "#00e676"),
}
LEGIBLE = 4.5  # WCAG's contrast ratio for normal text


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def role_colours(palette: QPalette) -> dict[str, str]:
    """For each message role, the first of its colours legible on the palette's window,
    else the window's own text colour."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText).name()
    return {
        role: next((c for c in options if contrast(QColor(c), window) >= LEGIBLE), text)
        for role, options in ROLE_CANDIDATES.items()
    }


def uses_system_colours(palette: QPalette, *, high_contrast: bool) -> bool:
    """High contrast, or a window darker than its text (a dark theme)."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return high_contrast or window.lightnessF() < text.lightnessF()


def stylesheet(palette: QPalette, *, high_contrast: bool) -> str:
    if not uses_system_colours(palette, high_contrast=high_contrast):
        return STYLE
    style = SYSTEM_STYLE
    for role, colour in role_colours(palette).items():
        style = style.replace("{" + role + "}", colour)
    return style


def system_high_contrast() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast


def role_colour(role: str) -> str:
    """The colour of a message role (error, warning, ok) in the stylesheet in use."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if uses_system_colours(app.palette(), high_contrast=system_high_contrast()):
        return role_colours(app.palette())[role]
    return ROLE_CANDIDATES[role][0]


def apply_style(app: QApplication) -> None:
    """The window's stylesheet for the system's palette and contrast preference."""
    app.setStyleSheet(stylesheet(app.palette(), high_contrast=system_high_contrast()))


def repolish(widget: object) -> None:
    """Re-apply the stylesheet after a dynamic property changed."""
    style = widget.style()  # type: ignore[attr-defined]
    style.unpolish(widget)
    style.polish(widget)


def title_label(text: str) -> QLabel:
    """A page's title."""
    label = QLabel(text)
    label.setObjectName("title")
    return label


def show_message(label: QLabel, text: str, role: str) -> None:
    """A status message in the colour of its role: ok, warning or error."""
    label.setProperty("role", role)
    label.setText(text)
    repolish(label)


def training_banner(text: str) -> QLabel:
    """The band a training desk shows on each of its windows."""
    label = QLabel(text)
    label.setObjectName("training_banner")
    label.setWordWrap(True)
    return label


def list_table(name: str, headers: list[str], *, stretch: int) -> QTableWidget:
    """A read-only table of whole rows (the queue, the users, the devices): its object
    name, its column headers, and the column that takes the spare width."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    # Few rows (a day's queue, the users): each column as wide as its widest text.
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return table
