"""The Laporan screen: the figures, a chart, exports off the GUI thread, and printing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.pdf_report import write_tally_pdf
from ektp_desk.ui.sync_page import SyncController
from tests.conftest import new_desk
from tests.heldopen import refuse_replace
from tests.paperread import pdf_pages
from tests.ui.conftest import save_under_another_name


def test_report_screen_exports_and_prints(qtbot: QtBot, tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    try:
        seed(desk, recordings=60, days=3, detail=BiometricDetail.NONE)
        window = MainWindow(desk, SyncController(desk.data_dir))
        qtbot.addWidget(window)
        window.show()
        assert window.show_page(window.report_page)
        page = window.report_page
        page.refresh()
        expected = desk.reports.tally(desk.today())
        assert page.figures["total"].text() == str(expected.total)
        assert page.tables["by_sex"].rowCount() == 2
        assert page.chart.series()[0].count() == 30  # a point per day

        target = tmp_path / "laporan.xlsx"
        with qtbot.waitSignal(page.export_done, timeout=20000):
            page.export("xlsx", target)
            assert page.progress.isVisible()  # the GUI thread is free while it runs
            assert not page.buttons["pdf"].isEnabled()
        assert "Tersimpan" in page.message.text(), page.message.text()
        values = {
            r[0]: r[1] for r in load_workbook(target)["Ringkasan"].iter_rows(values_only=True)
        }
        assert values["Jumlah perekaman"] == expected.total
        assert page.buttons["pdf"].isEnabled() and not page.progress.isVisible()

        with qtbot.waitSignal(page.export_done, timeout=20000):
            page.export_outreach("xlsx", tmp_path / "belum.xlsx")
        assert (tmp_path / "belum.xlsx").is_file()

        with qtbot.waitSignal(page.export_done, timeout=20000):
            page.export("csv", tmp_path / "missing-dir" / "x.csv")
        assert "gagal" in page.message.text()

        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "cetak.pdf"))
        assert page.print_report(printer)
        assert (tmp_path / "cetak.pdf").stat().st_size > 1000
        # Printed, the report breaks its pages where its PDF does (the signature whole).
        assert page.tally is not None
        write_tally_pdf(page.tally, tmp_path / "sama.pdf", frame=desk.paper.frame())
        printed, exported = pdf_pages(tmp_path / "cetak.pdf"), pdf_pages(tmp_path / "sama.pdf")
        assert len(printed) == len(exported)
        assert [p.count("NIP.") for p in printed] == [p.count("NIP.") for p in exported]
        assert printed[-1].count("NIP.") == 2
        actions = [a for (a,) in desk.session.connection.execute("SELECT action FROM audit")]
        assert actions.count("export.tally") == 2 and actions.count("export.outreach") == 1
    finally:
        desk.close()


def test_an_export_onto_an_open_file_offers_another_name(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a file Excel holds open: the page says so in its language,
    leaves nothing behind, and saves under the name the person then gives."""
    desk = new_desk(tmp_path / "desk")
    try:
        window = MainWindow(desk, SyncController(desk.data_dir))
        qtbot.addWidget(window)
        page = window.report_page
        assert page.csv_style.currentData() == "excel-id"  # the default in Indonesian
        held = tmp_path / "laporan.csv"
        held.write_text("open in Excel", "utf-8")
        refuse_replace(monkeypatch, held)
        with qtbot.waitSignal(page.export_done, timeout=20000):
            page.export("csv", held)
        assert "sedang dibuka di program lain" in page.message.text(), page.message.text()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["desk", "laporan.csv"]
        other = tmp_path / "laporan-2.csv"
        monkeypatch.setattr(page, "ask_path", lambda *_a: other)
        save_under_another_name(qtbot, page.in_use_box, page.export_done)
        assert "Tersimpan" in page.message.text()
        first = other.read_text("utf-8-sig").splitlines()[0]
        assert first == "bagian;kunci;jumlah"  # Excel (Indonesia): `;`
        assert held.read_text("utf-8") == "open in Excel"
    finally:
        desk.close()
