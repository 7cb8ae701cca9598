"""A date field that may stay empty: typed as DD-MM-YYYY (or 30/11/2026, or YYYY-MM-DD)
or picked from a calendar, shown back as DD-MM-YYYY. A date it cannot read is said,
never taken as no date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from ektp_desk.domain.formats import parse_date, short_date


class DateInput(QWidget):
    """`value()` is the date typed or picked, None when empty; it raises ValueError for
    text that is not a date (the caller says so)."""

    editingFinished = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(placeholder)
        self.edit.editingFinished.connect(self.editingFinished)
        row.addWidget(self.edit)
        self.calendar = QCalendarWidget()
        self.calendar.clicked.connect(self._picked)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.pick = QToolButton()
        self.pick.setText("▾")
        self.pick.setToolTip(self.tr("Pilih dari kalender"))
        self.pick.setAccessibleName(self.tr("Pilih dari kalender"))
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pick.setMenu(menu)
        row.addWidget(self.pick)
        self._menu = menu

    def value(self) -> date | None:
        text = self.edit.text().strip()
        return parse_date(text) if text else None

    def set_value(self, day: date | None) -> None:
        self.edit.setText(short_date(day) if day else "")

    def _picked(self, picked: QDate) -> None:
        self.set_value(date(picked.year(), picked.month(), picked.day()))
        self._menu.hide()
        self.editingFinished.emit()
