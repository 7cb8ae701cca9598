"""The desk's paper from the window: the ticket printed as a resident joins the queue (as
the `ticket_print` setting says), a scanned invitation adding its resident, the receipt
offered after a save, a scanned receipt finding its record in the Log, and the invitations
from the Laporan screen. Printers print to PDF files here, read back as text and QR."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk, PaperDocument
from ektp_desk.domain.scancodes import invitation_code, receipt_code, ticket_code
from ektp_desk.ui.log_page import LogPage
from ektp_desk.ui.paper import PaperPrinter
from ektp_desk.ui.queue_page import QueuePage
from ektp_desk.ui.recording.page import RecordingPage
from ektp_desk.ui.report_page import ReportPage
from tests.conftest import full_biometrics, new_desk
from tests.heldopen import refuse_replace
from tests.paperread import pdf_text, qr_codes
from tests.ui.conftest import save_under_another_name

SITI = {
    "nik": "7271024507050001", "nama": "Siti Lamakarate", "no_kk": "7271020101200003",
    "tempat_lahir": "Palu", "alamat": "Jl. Kartini 3", "rt": "1", "rw": "2",
    "kelurahan": "72.71.02.1007", "agama": "ISLAM", "status_perkawinan": "BELUM KAWIN",
    "pekerjaan": "PELAJAR/MAHASISWA", "kewarganegaraan": "WNI", "golongan_darah": "O",
}  # fmt: skip
BUDI = {"nik": "7271020312880042", "nama": "Budi Santoso", "kelurahan": "72.71.02.1007"}


@pytest.fixture
def listed(tmp_path: Path) -> Iterator[Desk]:
    desk = new_desk(tmp_path / "desk", training=True)  # the simulator captures
    desk.residents.add([SITI, BUDI], source="test")
    yield desk
    desk.close()


class PdfPrinters:
    """Stands in for PaperPrinter.printer: each print goes to the next PDF file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.asked: list[bool] = []
        self.files: list[Path] = []

    def __call__(self, document: PaperDocument, *, ask: bool) -> QPrinter:
        self.asked.append(ask)
        self.files.append(self.folder / f"printed-{len(self.files) + 1}.pdf")
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.files[-1]))
        return printer


def printing_to_pdf(paper_printer: PaperPrinter, folder: Path, monkeypatch: Any) -> PdfPrinters:
    printers = PdfPrinters(folder)
    monkeypatch.setattr(paper_printer, "printer", printers)
    return printers


def add_by_search(qtbot: QtBot, page: QueuePage, text: str) -> None:
    qtbot.keyClicks(page.search, text)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)


def test_a_ticket_prints_as_the_setting_says(
    qtbot: QtBot, listed: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = QueuePage(listed)
    qtbot.addWidget(page)
    printers = printing_to_pdf(page.paper_printer, tmp_path, monkeypatch)
    add_by_search(qtbot, page, BUDI["nik"])  # off, the default: no ticket
    assert [t.label for t in listed.queue.today()] == ["A001"] and printers.asked == []
    listed.change_setting("ticket_print", "always")
    add_by_search(qtbot, page, SITI["nik"])
    assert printers.asked == [False]  # straight to the printer, no dialog
    day = listed.today().isoformat()
    assert qr_codes(printers.files[0]) == [[ticket_code("PALU-BARAT-1", day, "A002")]]
    assert "A002" in pdf_text(printers.files[0]) and "1 orang di depan Anda" in " ".join(
        pdf_text(printers.files[0]).split()
    )
    listed.change_setting("ticket_print", "ask")
    page.table.selectRow(0)
    page.reprint()  # a reprint always asks
    assert printers.asked == [False, True]
    assert qr_codes(printers.files[1]) == [[ticket_code("PALU-BARAT-1", day, "A001")]]
    audited = listed.session.connection.execute(
        "SELECT count(*) FROM audit WHERE action = 'paper.ticket'"
    ).fetchone()
    assert audited == (2,)


def test_always_without_a_printer_says_so_and_keeps_the_ticket(
    qtbot: QtBot, listed: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ektp_desk.ui.paper import NoPrinter

    page = QueuePage(listed)
    qtbot.addWidget(page)

    def no_printer(document: PaperDocument, *, ask: bool) -> QPrinter:
        raise NoPrinter

    monkeypatch.setattr(page.paper_printer, "printer", no_printer)
    listed.change_setting("ticket_print", "always")
    add_by_search(qtbot, page, BUDI["nik"])
    assert [t.nik for t in listed.queue.today()] == [BUDI["nik"]]
    assert "tidak ada printer" in page.message.text()


def test_scanning_an_invitation_adds_its_resident(qtbot: QtBot, listed: Desk) -> None:
    page = QueuePage(listed)
    qtbot.addWidget(page)
    code = invitation_code(SITI["nik"])
    misread = code[:-1] + ("0" if code[-1] != "0" else "1")
    add_by_search(qtbot, page, misread)  # a misread adds no one
    assert listed.queue.today() == []
    page.search.clear()
    add_by_search(qtbot, page, code)
    assert [(t.label, t.nik) for t in listed.queue.today()] == [("A001", SITI["nik"])]
    assert page.search.text() == "" and "A001" in page.message.text()


def test_the_receipt_is_offered_after_a_save_and_its_code_finds_the_record(
    qtbot: QtBot, listed: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed.queue.enqueue(nik=SITI["nik"])
    ticket = listed.queue.call_next()
    assert ticket is not None
    page = RecordingPage(listed)
    qtbot.addWidget(page)
    printers = printing_to_pdf(page.paper_printer, tmp_path, monkeypatch)
    page.load_ticket(ticket)
    page.capture_missing()
    qtbot.waitUntil(lambda: all(slot.result is not None for slot in page.slots.values()))
    assert not page.receipt_button.isVisibleTo(page)
    saved = page.save()
    assert saved is not None and page.receipt_button.isVisibleTo(page)
    assert page.print_receipt()
    assert printers.asked == [True]  # through the print dialog
    code = receipt_code(saved.record_id)
    assert qr_codes(printers.files[0]) == [[code]]
    assert "727102******0001" in pdf_text(printers.files[0])

    other = listed.recordings.save(
        {**SITI, "nik": BUDI["nik"], "nama": "Budi Santoso", "tanggal_lahir": "1988-12-03",
         "jenis_kelamin": "LAKI-LAKI", "biometrics": full_biometrics()}
    )  # fmt: skip
    log = LogPage(listed)
    qtbot.addWidget(log)
    assert log.model.rowCount() == 2
    qtbot.keyClicks(log.search, code)  # as a USB scanner types it
    qtbot.waitUntil(lambda: log.model.rowCount() == 1)
    found = log.model.entry(0)
    assert found is not None and found.record_id == saved.record_id
    assert other.record_id != saved.record_id


def test_invitations_from_the_laporan_screen(
    qtbot: QtBot, listed: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = ReportPage(listed)
    qtbot.addWidget(page)
    target = tmp_path / "undangan.pdf"
    with qtbot.waitSignal(page.export_done, timeout=20000):
        page.export_invitations(target)
    assert "2 undangan" in page.message.text(), page.message.text()
    codes = qr_codes(target)
    assert sorted(codes[0]) == sorted(invitation_code(r["nik"]) for r in (SITI, BUDI))
    printers = printing_to_pdf(page.paper_printer, tmp_path, monkeypatch)
    assert page.print_invitations()
    assert printers.asked == [True]
    assert sorted(qr_codes(printers.files[0])[0]) == sorted(codes[0])
    assert "UNDANGAN PEREKAMAN KTP-el" in pdf_text(printers.files[0])


def test_invitations_onto_an_open_pdf_offer_another_name(
    qtbot: QtBot, listed: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF viewer holds last week's invitations open (Windows will not replace them): the
    page says so in its language, leaves nothing behind, and saves under the next name."""
    page = ReportPage(listed)
    qtbot.addWidget(page)
    held = tmp_path / "undangan.pdf"
    held.write_bytes(b"last week's, open in a PDF viewer")
    refuse_replace(monkeypatch, held)
    with qtbot.waitSignal(page.export_done, timeout=20000):
        page.export_invitations(held)
    assert page.message.text().startswith(f"Berkas {held} sedang dibuka di program lain")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk", "undangan.pdf"]
    assert held.read_bytes() == b"last week's, open in a PDF viewer"
    other = tmp_path / "undangan-2.pdf"
    monkeypatch.setattr(page, "ask_path", lambda *_a: other)
    save_under_another_name(qtbot, page.in_use_box, page.export_done)
    assert "2 undangan" in page.message.text(), page.message.text()
    assert sorted(qr_codes(other)[0]) == sorted(invitation_code(r["nik"]) for r in (SITI, BUDI))
