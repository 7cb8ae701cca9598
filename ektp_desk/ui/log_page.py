"""Log: every recording in a table model that fetches pages on demand, so a million rows
scroll as smoothly as a hundred; filters, search, a detail pane, and voiding."""

from __future__ import annotations

import html
import json
from collections import OrderedDict
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.desk import OUTBOX_STATES, Desk, DeskError, LogEntry, LogFilter
from ektp_desk.domain.accounts import Permission, may
from ektp_desk.domain.formats import clock_time, number, short_date
from ektp_desk.domain.permit import valid_until
from ektp_desk.domain.words import record_state_word, sync_state_word
from ektp_desk.ui.date_input import DateInput
from ektp_desk.ui.i18n import language, shown
from ektp_desk.ui.recording.form import DATE_FIELDS, FORM_ORDER, LABELS
from ektp_desk.ui.recording.slot import SLOT_NAMES
from ektp_desk.ui.style import role_colour, show_message, title_label
from ektp_desk.ui.void_dialog import VoidDialog

PAGE = 200
KELURAHAN_COLUMN = 3
MAX_PAGES = 64
Index = QModelIndex | QPersistentModelIndex


class LogModel(QAbstractTableModel):
    COLUMNS = (
        QT_TRANSLATE_NOOP("LogModel", "Waktu"),
        QT_TRANSLATE_NOOP("LogModel", "NIK"),
        QT_TRANSLATE_NOOP("LogModel", "Nama"),
        QT_TRANSLATE_NOOP("LogModel", "Kelurahan"),
        QT_TRANSLATE_NOOP("LogModel", "Operator"),
        QT_TRANSLATE_NOOP("LogModel", "Sinkron"),
        QT_TRANSLATE_NOOP("LogModel", "Status"),
    )

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.filter = LogFilter()
        self._count = 0
        self._pages: OrderedDict[int, list[LogEntry]] = OrderedDict()
        self._zone = ZoneInfo(desk.timezone.key)
        self._kelurahan = dict(desk.kelurahan_list())
        self.reload()

    def reload(self, log_filter: LogFilter | None = None) -> None:
        self.beginResetModel()
        if log_filter is not None:
            self.filter = log_filter
        self._pages.clear()
        self._rerecord = {r.record_id for r in self.desk.health.rerecord_list()}
        self._count = self.desk.recordings.log_count(self.filter)
        self._top_id = self.desk.recordings.log_dense_top()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("LogModel", str(self.COLUMNS[section]))
        return None

    def entry(self, row: int) -> LogEntry | None:
        if not 0 <= row < self._count:
            return None
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            rows = self.desk.recordings.log_page(
                self.filter, offset=page * PAGE, limit=PAGE, top_id=self._top_id
            )
            self._pages[page] = rows
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        offset = row - page * PAGE
        return rows[offset] if offset < len(rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.UserRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        e = self.entry(index.row())
        if e is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return e.record_id
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:  # the kelurahan's code on hover
            return e.kelurahan if column == KELURAHAN_COLUMN else None
        if column == 0:
            local = datetime.fromisoformat(e.recorded_at).astimezone(self._zone)
            return f"{short_date(local.date())} {clock_time(local, language())}"
        rotten = e.record_id in self._rerecord
        sync_state = record_state_word("rerecord") if rotten else sync_state_word(e.sync_state)
        values = (
            None, e.nik, e.nama, self._kelurahan.get(e.kelurahan or "", e.kelurahan),
            e.operator, shown(sync_state),
            shown(record_state_word("voided" if e.voided else "final")),
        )  # fmt: skip
        return values[column]


def _day(iso_day: str) -> str:
    return short_date(date.fromisoformat(iso_day))


def _label(names: dict[str, object], key: str) -> str:
    """A biodata field or capture slot by its name on the recording screen."""
    name = names.get(key)
    return html.escape(QCoreApplication.translate("RecordingPage", str(name)) if name else key)


def _value(key: str, value: object) -> str:
    return _day(str(value)) if key in DATE_FIELDS and value else str(value)


def _order(key: str) -> int:
    return FORM_ORDER.index(key) if key in FORM_ORDER else len(FORM_ORDER)


CORRECTABLE = ("rejected", "duplicate_nik", "case_open", "case_voided")


class LogPage(QWidget):
    correct_requested = Signal(str)  # a record id: the recording form opens to correct it

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Log perekaman")))
        layout.addLayout(self._filters())
        self.count = QLabel()
        self.count.setObjectName("log_count")
        layout.addWidget(self.count)
        layout.addWidget(self._table_and_detail(), 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for edit in (self.date_from, self.date_to):
            edit.editingFinished.connect(self.apply_filter)
        for combo in (self.state, self.kelurahan, self.operator):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.update_role()
        self._show_count()

    def _filters(self) -> QVBoxLayout:
        desk = self.desk
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("log_search")
        self.search.setPlaceholderText(self.tr("Cari NIK atau nama…"))
        self.date_from = DateInput(self.tr("dari HH-BB-TTTT"))
        self.date_from.setObjectName("log_from")
        self.date_to = DateInput(self.tr("sampai HH-BB-TTTT"))
        self.date_to.setObjectName("log_to")
        self.state = QComboBox()
        self.state.setObjectName("log_state")
        self.state.addItem(self.tr("Semua status sinkron"), "")
        for state in OUTBOX_STATES:
            self.state.addItem(shown(sync_state_word(state)), state)
        self.kelurahan = QComboBox()
        self.kelurahan.setObjectName("log_kelurahan")
        self.kelurahan.addItem(self.tr("Semua kelurahan"), "")
        for code, name in desk.kelurahan_list():
            self.kelurahan.addItem(name, code)
        self.operator = QComboBox()
        self.operator.setObjectName("log_operator")
        self.operator.addItem(self.tr("Semua operator"), "")
        for name in desk.accounts.operators():
            self.operator.addItem(name, name)
        self.state.setAccessibleName(self.tr("Status sinkron"))
        self.kelurahan.setAccessibleName(self.tr("Kelurahan"))
        self.operator.setAccessibleName(self.tr("Operator"))
        # Two lines of filters: on one, a 1024 px screen cuts their hints.
        rows = QVBoxLayout()
        second = QHBoxLayout()
        for line in (self.search, self.date_from, self.date_to):
            filters.addWidget(line)
        for combo in (self.state, self.kelurahan, self.operator):
            second.addWidget(combo)
        second.addStretch(1)
        rows.addLayout(filters)
        rows.addLayout(second)
        return rows

    def _table_and_detail(self) -> QSplitter:
        split = QSplitter()
        self.model = LogModel(self.desk)
        self.table = QTableView()
        self.table.setObjectName("log_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        # Fixed widths: sizing to contents would read every one of a million rows.
        # The name keeps room for a name (a narrow screen scrolls the table instead); the
        # spare width of a wide one goes to the last column.
        for column, width in enumerate((130, 140, 200, 110, 80, 175, 90)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        split.addWidget(self.table)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        self.detail = QTextBrowser()
        self.detail.setObjectName("log_detail")
        self.detail.setAccessibleName(self.tr("Rincian rekaman"))
        right_layout.addWidget(self.detail, 1)
        self.void_button = QPushButton(self.tr("Batalkan rekaman…"))
        self.void_button.setObjectName("log_void")
        self.void_button.clicked.connect(self.void_selected)
        right_layout.addWidget(self.void_button)
        self.correct_button = QPushButton(self.tr("Koreksi…"))
        self.correct_button.setObjectName("log_correct")
        self.correct_button.setToolTip(
            self.tr("Rekam ulang sebagai koreksi rekaman yang ditolak, dibatalkan atau NIK ganda")
        )
        self.correct_button.clicked.connect(self.correct_selected)
        right_layout.addWidget(self.correct_button)
        split.addWidget(right)
        right.setMaximumWidth(420)
        right.setMinimumWidth(260)  # the detail's words whole, not broken letter by letter
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        return split

    def update_role(self) -> None:
        user = self.desk.user
        self.void_button.setVisible(user is not None and may(user.role, Permission.VOID_RECORDING))
        self.correct_button.setVisible(self.void_button.isVisibleTo(self))

    def apply_filter(self) -> None:
        try:
            date_from, date_to = self.date_from.value(), self.date_to.value()
        except ValueError:
            # Never a filter that silently finds nothing: say what to type instead.
            show_message(
                self.count,
                self.tr("Tanggal tidak terbaca: tulis HH-BB-TTTT, mis. 30-11-2026"),
                "error",
            )
            return
        self.model.reload(
            LogFilter(
                date_from=date_from.isoformat() if date_from else None,
                date_to=date_to.isoformat() if date_to else None,
                sync_state=self.state.currentData() or None,
                kelurahan=self.kelurahan.currentData() or None,
                operator=self.operator.currentData() or None,
                text=self.search.text(),
            )
        )
        self._show_count()
        self.detail.clear()

    def refresh(self) -> None:
        self.model.reload()
        self._show_count()

    def _show_count(self) -> None:
        count = self.tr("{n} rekaman").format(n=number(self.model.rowCount(), language()))
        show_message(self.count, count, "")

    def selected_record(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return str(self.model.data(index, Qt.ItemDataRole.UserRole))

    def show_detail(self) -> None:
        record_id = self.selected_record()
        detail = self.desk.recordings.detail(record_id) if record_id else None
        self.correct_button.setEnabled(
            detail is not None
            and (detail.voided_at is not None or detail.sync_state in CORRECTABLE)
        )
        if detail is None:
            self.detail.clear()
            return
        bio = detail.biodata
        # What the card prints under "berlaku hingga": for life, or a WNA's permit's end.
        card = {**bio, "berlaku_hingga": valid_until(bio)}
        rows = "".join(
            f"<tr><td><b>{_label(LABELS, k)}</b></td><td>{html.escape(_value(k, v))}</td></tr>"
            for k, v in sorted(card.items(), key=lambda kv: _order(kv[0]))
        )
        captures = detail.captures
        caps = ", ".join(
            f"{_label(SLOT_NAMES, k)}: {v['exception'] if isinstance(v, dict) else v}"
            for k, v in sorted(captures.items())
        )
        voided = (
            self.tr("<p><b>Dibatalkan</b> oleh {who}: {why}</p>").format(
                who=detail.voided_by, why=detail.void_reason
            )
            if detail.voided_at
            else ""
        )
        if detail.hub_reason and detail.sync_state in ("case_voided", "replaced", "case_open"):
            voided += f"<p><b>{shown(sync_state_word(detail.sync_state))}</b>: "
            voided += f"{html.escape(detail.hub_reason)}</p>"
        hub = json.dumps(detail.hub_detail) if detail.hub_detail else "-"
        record_label = self.tr("Rekaman")
        operator_label = self.tr("Operator")
        sync_label = self.tr("Sinkron")
        attempts_label = self.tr("percobaan")
        biometrics_label = self.tr("Biometrik")
        self.detail.setHtml(
            f"<h3>{bio.get('nama', '')}</h3>{voided}<table>{rows}</table>"
            f"<p><b>{record_label}</b> {detail.record_id}<br>"
            f"<b>{operator_label}</b> {detail.operator} · {_day(detail.local_date)}<br>"
            f"<b>{sync_label}</b> {shown(sync_state_word(detail.sync_state))} ({attempts_label} "
            f"{detail.attempts}) {detail.last_error or ''} {hub}</p>"
            f"<p><b>{biometrics_label}</b> {caps}</p>"
        )

    def correct_selected(self) -> None:
        record_id = self.selected_record()
        if record_id is not None:
            self.correct_requested.emit(record_id)

    def void_selected(self) -> None:
        record_id = self.selected_record()
        if record_id is None:
            return
        dialog = VoidDialog(self.desk, record_id, self)
        self.void_dialog = dialog  # for a test to answer
        if dialog.exec() != VoidDialog.DialogCode.Accepted:
            return
        try:
            self.desk.recordings.void(record_id, dialog.reason())
        except DeskError as exc:
            colour = role_colour("error")
            self.detail.setHtml(f"<p style='color:{colour}'>{html.escape(shown(exc))}</p>")
            return
        row = self.table.currentIndex().row()
        self.refresh()
        self.table.selectRow(row)
        self.show_detail()
