"""One stylesheet for the window: readable type and clear states at 1366x768 and high DPI."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget

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
