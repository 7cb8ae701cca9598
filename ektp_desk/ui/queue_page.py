"""Antrian: add residents by NIK or name (searched as one types), by scanning their
invitation's QR code, or as walk-ins, and call, skip, recall or cancel tickets; a ticket
prints as the `ticket_print` setting says. Calling a ticket opens the recording form."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QScreen, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.desk import CityError, Desk, DeskError, Ticket
from ektp_desk.domain.formats import long_date, short_date
from ektp_desk.domain.scancodes import nik_of
from ektp_desk.domain.words import ticket_state_word
from ektp_desk.ui.display import DisplayWindow, display_button, open_display, show_on
from ektp_desk.ui.i18n import language, shown
from ektp_desk.ui.paper import NoPrinter, PaperPrinter
from ektp_desk.ui.recorded_elsewhere import ask_recorded_elsewhere
from ektp_desk.ui.resident_import import ResidentImport
from ektp_desk.ui.style import list_table, show_message, title_label


def _day(stored: str | None) -> str:
    """A stored date as the window shows dates (30-11-2026)."""
    try:
        return short_date(date.fromisoformat(stored or ""))
    except ValueError:
        return stored or ""


class QueuePage(QWidget):
    ticket_called = Signal(object)  # Ticket

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.kelurahan_names = dict(desk.kelurahan_list())
        self.paper_printer = PaperPrinter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Antrian hari ini")))
        layout.addLayout(self._add_row())
        self.importer = ResidentImport(desk)
        self.importer.finished.connect(lambda _r: self.show_empty_hint())
        layout.addWidget(self.importer)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("residents_empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setProperty("role", "warning")
        layout.addWidget(self.empty_hint)
        self.matches = QListWidget()
        self.matches.setObjectName("queue_matches")
        self.matches.setMaximumHeight(150)
        self.matches.itemActivated.connect(lambda _item: self.add_selected())
        layout.addWidget(self.matches)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.current = QLabel(self.tr("Belum ada yang dipanggil"))
        self.current.setObjectName("ticket")
        layout.addWidget(self.current)

        self.table = list_table(
            "queue_table",
            [self.tr("Nomor"), self.tr("NIK"), self.tr("Nama"), self.tr("Status")],
            stretch=2,
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(self._ticket_buttons())

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh_matches)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.add_selected)
        self.search.installEventFilter(self)
        self.tickets: list[Ticket] = []
        self.display: DisplayWindow | None = None
        self.refresh()

    def _add_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("queue_search")
        self.search.setPlaceholderText(self.tr("Cari NIK atau nama penduduk (F2)…"))
        self.walk_in = QCheckBox(self.tr("&Datang langsung (tidak ada di daftar)"))
        self.walk_in.setObjectName("walk_in")
        self.walk_in_name = QLineEdit()
        self.walk_in_name.setObjectName("walk_in_name")
        self.walk_in_name.setPlaceholderText(self.tr("Nama (untuk yang datang langsung)"))
        self.walk_in_name.setVisible(False)
        self.walk_in_name.returnPressed.connect(self.add_selected)
        self.walk_in.toggled.connect(self._walk_in_toggled)
        self.add_button = QPushButton(self.tr("Tambah ke antrian"))
        self.add_button.setObjectName("queue_add")
        self.add_button.clicked.connect(self.add_selected)
        row.addWidget(self.search, 3)
        row.addWidget(self.walk_in)
        row.addWidget(self.walk_in_name, 2)
        row.addWidget(self.add_button)
        return row

    def _ticket_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.call_button = QPushButton(self.tr("Panggil berikutnya (F5)"))
        self.call_button.setObjectName("queue_call")
        self.call_button.setProperty("primary", True)
        self.call_button.clicked.connect(self.call_next)
        self.skip_button = QPushButton(self.tr("Lewati"))
        self.skip_button.setObjectName("queue_skip")
        self.skip_button.clicked.connect(lambda: self._move(self.desk.queue.skip))
        self.recall_button = QPushButton(self.tr("Panggil ulang"))
        self.recall_button.setObjectName("queue_recall")
        self.recall_button.clicked.connect(self.recall)
        self.cancel_button = QPushButton(self.tr("Batalkan"))
        self.cancel_button.setObjectName("queue_cancel")
        self.cancel_button.clicked.connect(lambda: self._move(self.desk.queue.cancel))
        self.print_button = QPushButton(self.tr("Cetak nomor…"))
        self.print_button.setObjectName("queue_print")
        self.print_button.clicked.connect(self.reprint)
        self.display_button = display_button(self, self.open_display)
        for b in (
            self.call_button,
            self.skip_button,
            self.recall_button,
            self.cancel_button,
            self.print_button,
            self.display_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        return buttons

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.matches.count():
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(self.matches.count() - 1, self.matches.currentRow() + step))
                self.matches.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def open_display(self, screen: QScreen | None) -> None:
        """The waiting room's screen, full on `screen` (None: a window beside the desk's);
        one at a time, moved there when it is open already."""
        if self.display is not None and self.display.isVisible():
            show_on(self.display, screen)
            self.display.raise_()
            return
        self.display = open_display(self.desk.data_dir, screen=screen, parent=self)

    def _walk_in_toggled(self, on: bool) -> None:
        """A walk-in takes what was typed in the search box: a name as the name, digits as
        the NIK; the cursor goes to the name."""
        self.walk_in_name.setVisible(on)
        if not on:
            return
        typed = self.search.text().strip()
        if typed and not typed.isdigit() and not self.walk_in_name.text():
            self.walk_in_name.setText(typed)
            self.search.clear()
        self.walk_in_name.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        self.importer.update_role()
        self.show_empty_hint()
        super().showEvent(event)

    def show_empty_hint(self) -> None:
        """A desk with no resident list says how to get one."""
        empty = self.desk.residents.count() == 0
        self.empty_hint.setVisible(empty)
        if empty:
            self.empty_hint.setText(
                self.tr(
                    "Daftar penduduk desk ini masih kosong: minta berkas daftarnya (CSV atau "
                    "XLSX) ke Disdukcapil. Supervisor mengimpornya dengan Impor daftar "
                    "penduduk…, atau dengan perintah ektp-desk residents import BERKAS. "
                    "Sementara itu, penduduk dapat ditambahkan sebagai datang langsung."
                )
            )

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def kelurahan_name(self, code: str | None) -> str:
        if not code:
            return ""
        return self.kelurahan_names.get(code, code)

    def refresh_matches(self) -> None:
        self.matches.clear()
        text = self.search.text().strip()
        if len(text) < 2:
            return
        for resident in self.desk.residents.search(text, limit=20):
            note = self.recorded_note(resident.nik)
            item = QListWidgetItem(
                f"{resident.nik}  {resident.nama}  {_day(resident.tanggal_lahir)}"
                f"  {self.kelurahan_name(resident.kelurahan)}{note}"
            )
            item.setToolTip(resident.kelurahan or "")
            item.setData(Qt.ItemDataRole.UserRole, resident.nik)
            self.matches.addItem(item)
        if self.matches.count():
            self.matches.setCurrentRow(0)

    def recorded_note(self, nik: str) -> str:
        """ "sudah direkam di PALU-BARAT-2, 28 November 2026" for a NIK recorded anywhere."""
        recorded = self.desk.city.recorded_at(nik)
        if recorded is None:
            return ""
        try:
            day = long_date(date.fromisoformat(recorded.recorded_on or ""), language())
        except ValueError:
            day = recorded.recorded_on or ""
        return self.tr("  — sudah direkam di {desk}, {day}").format(desk=recorded.desk_id, day=day)

    def add_selected(self) -> None:
        self._debounce.stop()
        text = self.search.text().strip()
        scanned = nik_of(text)  # an invitation's QR, typed in by a barcode scanner
        try:
            if scanned is not None:
                ticket = self.desk.queue.enqueue(nik=scanned)
            elif self.walk_in.isChecked():
                nik = text if text.isdigit() else None
                ticket = self.desk.queue.enqueue(
                    nik=nik, nama=self.walk_in_name.text(), walk_in=True
                )
            else:
                if not self.matches.count():
                    self.refresh_matches()
                if not self.matches.count() and text and not text.isdigit():
                    self._offer_walk_in()
                    return
                item = self.matches.currentItem()
                nik = str(item.data(Qt.ItemDataRole.UserRole)) if item else text
                ticket = self.desk.queue.enqueue(nik=nik)
        except CityError as exc:
            if exc.key == "recorded_elsewhere":
                self.ask_recorded_elsewhere(exc)
            else:
                show_message(self.message, shown(exc), "error")
            return
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
            return
        self.added(ticket)

    def ask_recorded_elsewhere(self, refusal: CityError) -> None:
        nik = str(refusal.params["nik"])

        def add_anyway() -> None:
            try:
                ticket = self.desk.queue.enqueue(nik=nik, anyway=True)
            except DeskError as exc:
                show_message(self.message, shown(exc), "error")
                return
            self.added(ticket)

        note = self.recorded_note(nik).replace("  — ", "")
        self.recorded_elsewhere_box = ask_recorded_elsewhere(self, nik, note, add_anyway)

    def added(self, ticket: Ticket) -> None:
        show_message(
            self.message,
            self.tr("{label}: {name} masuk antrian.").format(label=ticket.label, name=ticket.nama),
            "ok",
        )
        self.search.clear()
        self.walk_in.setChecked(False)
        self.walk_in_name.clear()
        self.matches.clear()
        self.refresh()
        if self.desk.paper.ticket_printing != "off":
            self.print_ticket(ticket, ask=self.desk.paper.ticket_printing == "ask")

    def _offer_walk_in(self) -> None:
        """A name not on the list: on to the walk-in's name, with what was typed."""
        self.walk_in.setChecked(True)
        show_message(
            self.message,
            self.tr(
                "Tidak ada di daftar. Periksa namanya lalu tekan Enter untuk menambahkannya"
                " sebagai datang langsung."
            ),
            "warning",
        )

    def print_ticket(self, ticket: Ticket, *, ask: bool) -> bool:
        """Print `ticket` (through the print dialog when `ask`); False if it was not."""
        try:
            document = self.desk.paper.ticket(ticket.number, date.fromisoformat(ticket.day))
            where = self.paper_printer.send(document, ask=ask)
        except NoPrinter:
            show_message(
                self.message,
                self.tr(
                    "{label} masuk antrian, tetapi tidak ada printer untuk mencetak nomornya."
                ).format(label=ticket.label),
                "warning",
            )
            return False
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
            return False
        if where is None:
            return False
        self.desk.paper.printed("ticket", where, ticket=ticket.label)
        return True

    def reprint(self) -> None:
        ticket = self.selected_ticket()
        if ticket is None:
            show_message(self.message, self.tr("Pilih nomor antrian di tabel dulu."), "warning")
            return
        self.print_ticket(ticket, ask=True)

    def refresh(self) -> None:
        self.tickets = self.desk.queue.today()
        self.table.setRowCount(len(self.tickets))
        for row, t in enumerate(self.tickets):
            values = [
                t.label,
                t.nik or "-",
                t.nama + (self.tr(" (datang langsung)") if t.walk_in else ""),
                shown(ticket_state_word(t.state)),
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, t.id)
                self.table.setItem(row, col, item)

    def selected_ticket(self) -> Ticket | None:
        row = self.table.currentRow()
        return self.tickets[row] if 0 <= row < len(self.tickets) else None

    def call_next(self) -> None:
        self.message.clear()  # the previous resident's
        try:
            ticket = self.desk.queue.call_next()
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
            return
        self.refresh()
        if ticket is None:
            show_message(self.message, self.tr("Tidak ada yang menunggu."), "")
            return
        self.current.setText(
            self.tr("Dipanggil: {label} — {name}").format(label=ticket.label, name=ticket.nama)
        )
        self.ticket_called.emit(ticket)

    def recall(self) -> None:
        ticket = self.selected_ticket()
        if ticket is None:
            return
        try:
            moved = self.desk.queue.recall(ticket.id)
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
            return
        self.refresh()
        self.current.setText(
            self.tr("Dipanggil: {label} — {name}").format(label=moved.label, name=moved.nama)
        )
        self.ticket_called.emit(moved)

    def _move(self, action: object) -> None:
        ticket = self.selected_ticket()
        if ticket is None:
            show_message(self.message, self.tr("Pilih nomor antrian di tabel dulu."), "warning")
            return
        try:
            action(ticket.id)  # type: ignore[operator]
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
        self.refresh()
