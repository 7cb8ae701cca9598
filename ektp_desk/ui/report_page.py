"""Laporan (supervisors): the tally of a day or range, progress to the deadline with a chart
of daily recordings against the rate still needed, exports off the GUI thread, printing,
and the outreach list for the lurah, with the invitations to hand out (PDF or printed)."""

# Long because the page holds the tally, its chart and every export and print of it (and of
# the outreach list and invitations), each off the GUI thread with its file-in-use answer.

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.desk import BREAKDOWNS, Desk, DeskError, FileInUse, Progress, Tally, label_key
from ektp_desk.domain.formats import long_date, number, percent
from ektp_desk.ui import i18n
from ektp_desk.ui.file_in_use import in_use_text, offer_another_name
from ektp_desk.ui.files import FileFolders, dated_name
from ektp_desk.ui.i18n import language, shown
from ektp_desk.ui.paper import PaperPrinter, write_pdf
from ektp_desk.ui.pdf_report import print_html, tally_html, write_outreach_pdf, write_tally_pdf
from ektp_desk.ui.style import show_message, title_label
from ektp_desk.ui.tasks import TaskRunner, run_on_own_connection


class ReportPage(QWidget):
    export_done = Signal(str)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.tally: Tally | None = None
        self._again: Callable[[], None] | None = None  # the last export, asking a new name
        self.in_use_box: QMessageBox | None = None
        self.tasks = TaskRunner(self)
        self.folders = FileFolders(desk.data_dir)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Laporan perekaman")))
        layout.addLayout(self._period_row())
        body = QHBoxLayout()
        body.addLayout(self._figures(), 2)
        self.chart_view = QChartView()
        self.chart_view.setObjectName("report_chart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(300)
        body.addWidget(self.chart_view, 3)
        layout.addLayout(body, 1)
        layout.addLayout(self._outreach_row())

    def _period_row(self) -> QVBoxLayout:
        """The period, and the exports of its tally."""
        row = QHBoxLayout()
        today = self.desk.today()
        self.date_from = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_from.setObjectName("report_from")
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_to.setObjectName("report_to")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        self.show_button = QPushButton(self.tr("Tampilkan"))
        self.show_button.setObjectName("report_show")
        self.show_button.setProperty("primary", True)
        self.show_button.clicked.connect(self.refresh)
        row.addWidget(QLabel(self.tr("Dari")))
        row.addWidget(self.date_from)
        row.addWidget(QLabel(self.tr("sampai")))
        row.addWidget(self.date_to)
        row.addWidget(self.show_button)
        row.addStretch(1)
        rows = QVBoxLayout()  # the exports on a line of their own: 1024 px is not enough for both
        rows.addLayout(row)
        row = QHBoxLayout()
        rows.addLayout(row)
        row.addStretch(1)
        # Excel with Indonesian regional settings reads `;` and a decimal comma; the standard
        # style is for other programs. The window's language picks the default.
        self.csv_style = QComboBox()
        self.csv_style.setObjectName("report_csv_style")
        self.csv_style.setToolTip(self.tr("Gaya berkas CSV"))
        self.csv_style.addItem(self.tr("CSV: Excel (Indonesia)"), "excel-id")
        self.csv_style.addItem(self.tr("CSV: standar (,)"), "standard")
        self.csv_style.setCurrentIndex(0 if i18n.language() == "id" else 1)
        row.addWidget(self.csv_style)
        self.buttons: dict[str, QPushButton] = {}
        for fmt in ("csv", "xlsx", "pdf", "json"):
            button = QPushButton(fmt.upper())
            button.setObjectName(f"export_{fmt}")
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            self.buttons[fmt] = button
            row.addWidget(button)
        self.print_button = QPushButton(self.tr("Cetak…"))
        self.print_button.clicked.connect(self.print_report)
        row.addWidget(self.print_button)
        return rows

    def _figures(self) -> QVBoxLayout:
        """The tally's summary, and a tab for each of its breakdowns."""
        left = QVBoxLayout()
        self.summary = QFormLayout()
        self.figures: dict[str, QLabel] = {}
        names = {
            "total": self.tr("Jumlah perekaman"),
            "early": self.tr("Perekaman awal (16 th)"),
            "walk_ins": self.tr("Datang langsung"),
            "queue": self.tr("Antrian / dilayani"),
            "wait": self.tr("Rata-rata menunggu / pelayanan"),
            "progress": self.tr("Capaian (wajib KTP)"),
            "apart": self.tr("Di luar target"),
            "days_left": self.tr("Sisa hari kerja"),
            "needed": self.tr("Perlu per hari kerja / rata-rata 7 hari"),
        }
        for key, name in names.items():
            label = QLabel()
            label.setObjectName(f"report_{key}")
            self.figures[key] = label
            self.summary.addRow(name, label)
        left.addLayout(self.summary)
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(False)  # every tab's name in full
        self.tables: dict[str, QTableWidget] = {}
        titles = {
            "by_kelurahan": self.tr("Kelurahan"),
            "by_sex": self.tr("Jenis kelamin"),
            "by_age_band": self.tr("Umur"),
            "by_operator": self.tr("Operator"),
            "by_hour": self.tr("Jam"),
            "by_sync_state": self.tr("Sinkron"),
        }
        for key, _ in BREAKDOWNS:
            table = QTableWidget(0, 3 if key == "by_kelurahan" else 2)
            table.setObjectName(f"report_table_{key}")
            headers = [titles[key], self.tr("Jumlah")]
            if key == "by_kelurahan":  # and its target: recorded / target (percent)
                headers.append(self.tr("Capaian"))
            table.setHorizontalHeaderLabels(headers)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            self.tables[key] = table
            self.tabs.addTab(table, titles[key])
        left.addWidget(self.tabs, 1)
        return left

    def _outreach_row(self) -> QHBoxLayout:
        """The outreach list's exports, the progress of an export, and its message."""
        bottom = QHBoxLayout()
        self.outreach_xlsx = QPushButton(self.tr("Daftar belum rekam (XLSX)"))
        self.outreach_xlsx.setObjectName("outreach_xlsx")
        self.outreach_xlsx.clicked.connect(lambda: self.export_outreach("xlsx"))
        self.outreach_pdf = QPushButton(self.tr("Daftar belum rekam (PDF)"))
        self.outreach_pdf.clicked.connect(lambda: self.export_outreach("pdf"))
        self.invitations_pdf = QPushButton(self.tr("Undangan (PDF)"))
        self.invitations_pdf.setObjectName("invitations_pdf")
        self.invitations_pdf.clicked.connect(lambda _c=False: self.export_invitations())
        self.invitations_print = QPushButton(self.tr("Cetak undangan…"))
        self.invitations_print.setObjectName("invitations_print")
        self.invitations_print.clicked.connect(self.print_invitations)
        self.paper_printer = PaperPrinter(self)
        self.progress = QProgressBar()
        self.progress.setObjectName("report_progress")
        self.progress.setRange(0, 1)
        self.progress.setMaximumWidth(160)
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setObjectName("report_message")
        self.message.setWordWrap(True)
        bottom.addWidget(self.outreach_xlsx)
        bottom.addWidget(self.outreach_pdf)
        bottom.addWidget(self.invitations_pdf)
        bottom.addWidget(self.invitations_print)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.message, 1)
        return bottom

    def period(self) -> tuple[date, date]:
        return (
            self.date_from.date().toPython(),  # type: ignore[return-value]
            self.date_to.date().toPython(),
        )

    def refresh(self) -> None:
        first, last = self.period()
        try:
            self.tally = self.desk.reports.tally(first, last)
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
            return
        t = self.tally
        p = t.progress
        assert p is not None  # a desk's own tally has its progress
        q = t.queue
        lang = language()

        def n(value: float | None) -> str:
            if value is None:
                return "-"
            return number(value, lang, decimals=0 if isinstance(value, int) else 1)

        self.figures["total"].setText(n(t.total))
        self.figures["early"].setText(n(t.early))
        self.figures["walk_ins"].setText(n(t.walk_ins))
        self.figures["queue"].setText(f"{n(q.tickets)} / {n(q.served)}")
        self.figures["wait"].setText(
            f"{n(q.average_wait_minutes)} / {n(q.average_service_minutes)}" + self.tr(" menit")
        )
        self.figures["progress"].setText(
            f"{n(p.recorded)} / {n(p.target)} ({percent(p.percent, lang)})"
        )
        deadline = long_date(date.fromisoformat(p.deadline), lang)
        self.figures["apart"].setText(
            self.tr("%1 langsung, %2 awal").replace("%1", n(p.walk_ins)).replace("%2", n(p.early))
        )
        self.figures["days_left"].setText(f"{n(p.working_days_left)} ({deadline})")
        self.figures["days_left"].setToolTip(
            self.tr("%1 hari kalender; tanpa hari Minggu, libur nasional dan cuti bersama").replace(
                "%1", n(p.days_left)
            )
        )
        self.figures["needed"].setText(f"{n(p.needed_per_day)} / {n(p.average_last_7_days)}")
        rl = self.desk.regions
        areas = {a.kelurahan: a for a in p.by_kelurahan}
        for key, table in self.tables.items():
            items = list(t.breakdown(key).items())
            table.setRowCount(len(items))
            for row, (item, count) in enumerate(items):
                table.setItem(row, 0, QTableWidgetItem(label_key(key, item, rl, lang)))
                cell = QTableWidgetItem(n(count))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, 1, cell)
                if key == "by_kelurahan":  # its listed residents: recorded / target (%)
                    area = areas.get(str(item))
                    table.setItem(row, 2, QTableWidgetItem(
                        f"{n(area.recorded)} / {n(area.target)} ({percent(area.percent, lang)})"
                        if area else "-"
                    ))  # fmt: skip
        self._draw_chart(p)
        self.message.clear()

    def _draw_chart(self, progress: Progress) -> None:
        chart = QChart()
        chart.setTitle(self.tr("Perekaman per hari (30 hari) dan kebutuhan per hari"))
        days = progress.daily
        recorded = QLineSeries()
        recorded.setName(self.tr("Direkam"))
        recorded.setPointsVisible(True)
        needed = QLineSeries()
        needed.setName(self.tr("Perlu per hari"))
        for d in days:
            moment = float(
                QDateTime(QDate.fromString(d.date, "yyyy-MM-dd"), QTime(12, 0)).toMSecsSinceEpoch()
            )
            recorded.append(moment, float(d.count))
            needed.append(moment, float(progress.needed_per_day))
        chart.addSeries(recorded)
        chart.addSeries(needed)
        axis_x = QDateTimeAxis()
        axis_x.setFormat("dd/MM")
        axis_x.setTickCount(7)
        axis_x.setTitleText(self.tr("Tanggal"))
        axis_y = QValueAxis()
        top = max([float(d.count) for d in days] + [progress.needed_per_day, 1.0])
        axis_y.setRange(0, float(top) * 1.15)
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for series in (recorded, needed):
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view.setChart(chart)
        self.chart = chart

    # -- exports, off the GUI thread -----------------------------------------------------------

    def _start(self, job: Callable[[Desk], str]) -> None:
        user = self.desk.user
        assert user is not None
        data_dir = self.desk.data_dir
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        for button in self._export_buttons():
            button.setEnabled(False)
        show_message(self.message, self.tr("Mengekspor…"), "warning")
        # Any error of an export is reported on the screen; the window must not lose it.
        self.tasks.start(
            lambda: run_on_own_connection(data_dir, user, job),
            on_done=self._finished,
            on_failed=self._failed,
        )

    def _export_buttons(self) -> tuple[QPushButton, ...]:
        return (
            *self.buttons.values(),
            self.outreach_xlsx,
            self.outreach_pdf,
            self.invitations_pdf,
            self.invitations_print,
        )

    def _done(self) -> None:
        self.progress.setVisible(False)
        for button in self._export_buttons():
            button.setEnabled(True)

    def _finished(self, text: object) -> None:
        self._done()
        show_message(self.message, str(text), "ok")
        self.export_done.emit(str(text))

    def _failed(self, error: BaseException) -> None:
        text = shown(error)
        self._done()
        if isinstance(error, FileInUse):
            text = in_use_text(error)
            show_message(self.message, text, "error")
            if self._again is not None:
                self.in_use_box = offer_another_name(self, error, self._again)
        else:
            show_message(self.message, self.tr("Ekspor gagal: {error}").format(error=text), "error")
        self.export_done.emit(text)

    def ask_path(self, suggested: str, pattern: str) -> Path | None:
        return self.folders.save_path(
            self, "reports", title=self.tr("Simpan sebagai"), name=suggested, pattern=pattern
        )

    def export(self, fmt: str, target: Path | None = None) -> None:
        first, last = self.period()
        daily = dated_name("laporan-harian", first, f".{fmt}")
        target = target or self.ask_path(
            daily if first == last else f"laporan-{first}_{last}.{fmt}", f"*.{fmt}"
        )
        if target is None:
            return
        self._again = lambda: self.export(fmt)
        csv_style = str(self.csv_style.currentData())

        def job(desk: Desk) -> str:
            tally = desk.reports.export_tally(
                fmt, target, first, last, pdf_writer=write_tally_pdf if fmt == "pdf" else None,
                csv_style=csv_style,
            )  # fmt: skip
            return self.tr("Tersimpan: {path} ({n} perekaman)").format(path=target, n=tally.total)

        self._start(job)

    def export_outreach(self, fmt: str, target: Path | None = None) -> None:
        suggested = dated_name("belum-rekam", self.desk.today(), f".{fmt}")
        target = target or self.ask_path(suggested, f"*.{fmt}")
        if target is None:
            return
        self._again = lambda: self.export_outreach(fmt)

        def job(desk: Desk) -> str:
            people = desk.reports.export_outreach(
                fmt, target, pdf_writer=write_outreach_pdf if fmt == "pdf" else None
            )
            return self.tr("Tersimpan: {path} ({n} penduduk belum rekam)").format(
                path=target, n=people
            )

        self._start(job)

    def export_invitations(self, target: Path | None = None) -> None:
        suggested = dated_name("undangan", self.desk.today(), ".pdf")
        target = target or self.ask_path(suggested, "*.pdf")
        if target is None:
            return
        self._again = self.export_invitations

        def job(desk: Desk) -> str:
            made = desk.paper.invitations()
            desk.paper.export(made.document, target, writer=write_pdf, kind="invitations")
            return self.tr("Tersimpan: {path} ({n} undangan, {per_day} sehari)").format(
                path=target, n=len(made.document.sheets), per_day=made.schedule.per_day
            )

        self._start(job)

    def print_invitations(self) -> bool:
        """The invitations, through the print dialog."""
        try:
            made = self.desk.paper.invitations()
            where = self.paper_printer.send(made.document, ask=True)
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
            return False
        if where is None:
            return False
        self.desk.paper.printed("invitations", where, sheets=len(made.document.sheets))
        show_message(
            self.message,
            self.tr("{n} undangan dicetak.").format(n=len(made.document.sheets)),
            "ok",
        )
        return True

    def print_report(self, printer: QPrinter | None = None) -> bool:
        if self.tally is None:
            self.refresh()
        if self.tally is None:
            return False
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
                return False
        print_html(tally_html(self.tally, self.desk.paper.frame()), printer)
        self.desk.reports.record_export(
            "tally", "print", Path(printer.outputFileName() or printer.printerName() or "printer"),
            date_from=self.tally.date_from, date_to=self.tally.date_to,
        )  # fmt: skip
        return True
