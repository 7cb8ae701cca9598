"""Which texts of a widget tree do not fit where they are shown: a label, button, check
box, group box title, tab or column header whose text is wider than its room, and a
dialog whose title is wider than its title bar would be. Used by the screen-fit test and
by tests/render_screens.py."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabBar,
    QTableView,
    QWidget,
)

# Room a window manager takes from a title bar for its icon and buttons.
TITLE_BAR_CONTROLS = 130
# Padding Qt's header draws around a section's text.
HEADER_PADDING = 8
TAB_PADDING = 8
CELL_PADDING = 6


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).replace("&nbsp;", " ")


def _shown(widget: QWidget, top: QWidget) -> bool:
    return (widget is top or widget.isVisibleTo(top)) and widget.width() > 0


def _room(widget: QWidget) -> int:
    """The width of `widget` a person can see: a widget that runs past the side of its
    scroll area or window is cut there (one scrolled out of view vertically is not)."""
    seen = widget.visibleRegion().boundingRect()
    return widget.width() if seen.isEmpty() else seen.width()


def _label(label: QLabel) -> str | None:
    text = _plain(label.text()) if label.textFormat() != Qt.TextFormat.PlainText else label.text()
    if not text.strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    if label.buddy() is not None:  # "&Nama" shows as Nama, its N underlined
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    room = label.contentsRect()
    room.setWidth(min(room.width(), _room(label)))
    if label.wordWrap():
        if label.heightForWidth(label.width()) > label.height() + 2:
            return f"label (wrapped, cut at the bottom) {text!r}"
        return None
    metrics = label.fontMetrics()
    widest = max(metrics.horizontalAdvance(line) for line in text.splitlines() or [""])
    if widest > room.width() + 1:
        return f"label {text!r} needs {widest}px, has {room.width()}"
    return None


def _button(button: QAbstractButton) -> str | None:
    if not button.text().strip():
        return None
    need = button.sizeHint().width()
    if need > _room(button) + 1:
        return f"button {button.text()!r} needs {need}px, has {_room(button)}"
    return None


def _tabs(bar: QTabBar) -> list[str]:
    out = []
    metrics = bar.fontMetrics()
    for i in range(bar.count()):
        text = bar.tabText(i).replace("&", "")
        rect = bar.tabRect(i)
        if (
            metrics.horizontalAdvance(text) + TAB_PADDING > rect.width()
            or rect.right() > bar.width()
        ):
            out.append(f"tab {text!r} has {rect.width()}px")
    return out


def _headers(header: QHeaderView) -> list[str]:
    out = []
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return out
    metrics = QFontMetrics(header.font())
    for i in range(header.count()):
        if header.isSectionHidden(i):
            continue
        text = str(model.headerData(i, Qt.Orientation.Horizontal) or "")
        need = max((metrics.horizontalAdvance(t) for t in text.splitlines()), default=0)
        if need + HEADER_PADDING > header.sectionSize(i):
            out.append(
                f"column {text!r} needs {need + HEADER_PADDING}px, has {header.sectionSize(i)}"
            )
    return out


def _cells(view: QTableView) -> list[str]:
    """Cells of the rows shown whose text is wider than their column."""
    out = []
    model, header = view.model(), view.horizontalHeader()
    if model is None:
        return out
    metrics = view.fontMetrics()
    first = max(0, view.rowAt(0))
    for row in range(first, min(model.rowCount(), first + 30)):
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):
                continue
            text = str(model.data(model.index(row, column)) or "")
            need = max((metrics.horizontalAdvance(t) for t in text.splitlines()), default=0)
            room = header.sectionSize(column)
            if need + CELL_PADDING > room:
                out.append(f"cell {text!r} needs {need + CELL_PADDING}px, has {room}")
    return out


def clipped_texts(top: QWidget) -> list[str]:
    """What does not fit in `top` as it is now laid out (only what is shown)."""
    found: list[str] = []
    if top.isWindow() and top.windowTitle():
        title_font = QApplication.font("QMdiSubWindowTitleBar")
        need = QFontMetrics(title_font).horizontalAdvance(top.windowTitle()) + TITLE_BAR_CONTROLS
        if need > top.width():
            found.append(f"title {top.windowTitle()!r} needs {need}px, has {top.width()}")
    for widget in [top, *top.findChildren(QWidget)]:
        if not _shown(widget, top):
            continue
        if isinstance(widget, QLabel):
            problem = _label(widget)
            found += [problem] if problem else []
        elif isinstance(widget, QAbstractButton) and not isinstance(widget.parent(), QTabBar):
            problem = _button(widget)
            found += [problem] if problem else []
        elif isinstance(widget, QGroupBox) and widget.title():
            need = widget.fontMetrics().horizontalAdvance(widget.title().replace("&", "")) + 16
            if need > widget.width():
                found.append(f"group {widget.title()!r} needs {need}px, has {widget.width()}")
        elif isinstance(widget, QLineEdit | QComboBox) and _room(widget) + 2 < widget.width():
            found.append(f"field {widget.objectName()!r} cut at the side: {_room(widget)}px shown")
        elif isinstance(widget, QTabBar):
            found += _tabs(widget)
        elif isinstance(widget, QHeaderView):
            found += _headers(widget)
        if isinstance(widget, QTableView):
            found += _cells(widget)
    return found
