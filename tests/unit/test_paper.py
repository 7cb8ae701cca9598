"""The desk's paper: the queue ticket, the receipt and the invitations read back from their
PDFs as text and as QR codes, the reports' frame, and the commands that make them."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ektp_desk.desk import Desk, DeskError, LogFilter
from ektp_desk.domain.scancodes import (
    check_character,
    invitation_code,
    nik_of,
    receipt_code,
    record_id_of,
    ticket_code,
)
from ektp_desk.domain.workdays import load_holidays
from ektp_desk.reports import ReportError
from ektp_desk.reports.documents.frame import default_letterhead, regency_place
from ektp_desk.reports.documents.indonesian import long_date, masked_nik, number
from ektp_desk.reports.documents.invitations import schedule
from tests.conftest import ADMIN_PASSWORD, FakeClock, new_desk
from tests.paperread import page_size_mm, pdf_pages, pdf_text, qr_codes

HOLIDAYS = load_holidays()  # the shipped list: 24 Dec 2026 cuti bersama, 25 Dec Natal
RECORD_ID = "0b5e5c4e-3f7c-4b8e-9a57-1c2d3e4f5a6b"
LISTED = [
    {"nik": "7271024507050001", "nama": "Siti Lamakarate", "alamat": "Jl. Kartini 3",
     "rt": "1", "rw": "2", "kelurahan": "72.71.02.1007"},
    {"nik": "7271020312880042", "nama": "Budi Santoso", "alamat": "Jl. Cendana 4",
     "rt": "2", "rw": "2", "kelurahan": "72.71.02.1007"},
    {"nik": "7271021506900003", "nama": "Citra Dewi", "alamat": "Jl. Cendana 9",
     "rt": "2", "rw": "3", "kelurahan": "72.71.02.1007"},
    {"nik": "7271025508950004", "nama": "Dewi Lestari", "alamat": "Jl. Anoa 1",
     "rt": "1", "rw": "1", "kelurahan": "72.71.02.1005"},
]  # fmt: skip


@pytest.fixture
def listed(tmp_path: Path, clock: FakeClock) -> Desk:
    desk = new_desk(tmp_path / "desk", clock=clock)  # Friday 27 November 2026, 10.00 WITA
    desk.residents.add(LISTED, source="test")
    desk.change_setting("deadline", "2026-12-31")
    return desk


def write_pdf(document: Any, target: Path) -> None:
    from ektp_desk.ui.paper import write_pdf as qt_write_pdf

    qt_write_pdf(document, target)


# -- the codes a scanner reads ----------------------------------------------------------------


def test_a_misread_character_or_a_swap_changes_the_check_character() -> None:
    for body, alphabet in ((RECORD_ID, "0123456789abcdef"), (LISTED[0]["nik"], "0123456789")):
        check = check_character(body)
        for at, char in enumerate(body):
            if char == "-":
                continue
            for other in alphabet.replace(char, ""):
                assert check_character(body[:at] + other + body[at + 1 :]) != check
            if at + 1 < len(body) and body[at + 1] not in ("-", char):
                swapped = body[:at] + body[at + 1] + char + body[at + 2 :]
                assert check_character(swapped) != check


def test_codes_are_read_back_only_when_their_check_matches() -> None:
    code = receipt_code(RECORD_ID)
    assert code.startswith(RECORD_ID + ".") and len(code) == len(RECORD_ID) + 2
    assert record_id_of(code) == RECORD_ID
    assert record_id_of(code.upper()) == RECORD_ID  # a scanner that shifts case
    wrong = "0" if code[-1] != "0" else "1"
    assert record_id_of(code[:-1] + wrong) is None
    assert record_id_of(RECORD_ID) is None and record_id_of("SITI") is None
    nik = LISTED[0]["nik"]
    assert nik_of(invitation_code(nik)) == nik
    assert nik_of(invitation_code(nik)[:-1] + wrong) is None
    assert nik_of(receipt_code(RECORD_ID)) is None and record_id_of(invitation_code(nik)) is None


# -- Indonesian on paper -----------------------------------------------------------------------


def test_numbers_dates_and_places_are_written_the_indonesian_way() -> None:
    assert number(1234567) == "1.234.567" and number(999) == "999"
    assert number(12.5) == "12,5" and number(3.0) == "3" and number(1234.25) == "1.234,2"
    assert number(None) == ""
    assert long_date(date(2026, 12, 1)) == "1 Desember 2026"
    assert masked_nik("7271024507050001") == "727102******0001"
    assert regency_place("72.71.02") == "Palu"  # Kota Palu
    assert regency_place("72.10.01") == "Sigi"  # Kabupaten Sigi
    assert default_letterhead("72.71.02") == ("PEMERINTAH KOTA PALU", "KECAMATAN PALU BARAT")


def test_invitations_are_spread_over_the_working_days_at_the_capacity() -> None:
    friday = date(2026, 11, 27)
    plan = schedule(10, start=friday, deadline=date(2026, 12, 31), per_day=4, holidays=HOLIDAYS)
    days = [s.day for s in plan.slots]
    assert days == [friday] * 4 + [date(2026, 11, 30)] * 4 + [date(2026, 12, 1)] * 2
    assert [s.hour for s in plan.slots[:4]] == [8, 9, 10, 11]
    assert plan.per_day == 4
    # Four working days left (the 28th to the 31st): 10 need 3 a day, and it says so.
    late = schedule(
        10, start=date(2026, 12, 26), deadline=date(2026, 12, 31), per_day=2, holidays=HOLIDAYS
    )
    assert late.per_day == 3 and late.asked_per_day == 2 and late.working_days == 4
    assert [s.day.day for s in late.slots] == [28] * 3 + [29] * 3 + [30] * 3 + [31]
    many = schedule(
        12, start=date(2026, 12, 30), deadline=date(2026, 12, 31), per_day=2, holidays=HOLIDAYS
    )
    assert many.per_day == 6 and {s.day.day for s in many.slots} == {30, 31}
    assert sorted({s.hour for s in many.slots}) == [8, 9, 10, 11, 13, 14]  # none at noon
    with pytest.raises(ReportError, match="no working day is left"):
        schedule(
            1, start=date(2027, 1, 2), deadline=date(2026, 12, 31), per_day=2, holidays=HOLIDAYS
        )


def test_invitations_skip_holidays_and_cuti_bersama() -> None:
    plan = schedule(
        9, start=date(2026, 12, 24), deadline=date(2026, 12, 31), per_day=3, holidays=HOLIDAYS
    )
    days = {s.day for s in plan.slots}
    assert date(2026, 12, 24) not in days and date(2026, 12, 25) not in days
    # Monday 28th to Thursday 31st: four days left, as the command's note says.
    assert plan.working_days == 4 and sorted(days) == [date(2026, 12, d) for d in (28, 29, 30)]
    with pytest.raises(ReportError, match="no working day is left"):
        schedule(1, start=date(2026, 12, 24), deadline=date(2026, 12, 27), per_day=2,
                 holidays=HOLIDAYS)  # fmt: skip


# -- the documents, read back ------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "width"), [("58mm", 58), ("80mm", 80), ("a6", 105)])
def test_the_queue_ticket(
    listed: Desk, tmp_path: Path, clock: FakeClock, paper: str, width: float
) -> None:
    for resident in LISTED[:3]:
        listed.queue.enqueue(nik=resident["nik"])
    clock.advance(minutes=1)
    listed.queue.call_next()  # A001 is called after A003 was taken: still ahead of it then
    target = tmp_path / f"ticket-{paper}.pdf"
    write_pdf(listed.paper.ticket(3, paper=paper), target)
    text = " ".join(pdf_text(target).split())
    assert "KECAMATAN PALU BARAT" in text and "NOMOR ANTRIAN A003" in text
    assert "Meja PALU-BARAT-1" in text
    assert "Jumat, 27 November 2026 pukul 10.00 WITA" in text
    assert "2 orang di depan Anda" in text
    assert qr_codes(target) == [[ticket_code("PALU-BARAT-1", "2026-11-27", "A003")]]
    assert page_size_mm(target)[0] == pytest.approx(width, abs=0.5)
    first = tmp_path / "first.pdf"
    write_pdf(listed.paper.ticket(1, date(2026, 11, 27)), first)
    assert "Tidak ada antrian di depan Anda" in " ".join(pdf_text(first).split())
    with pytest.raises(DeskError, match="no ticket A009 on 2026-11-27"):
        listed.paper.ticket(9)
    with pytest.raises(DeskError, match="paper 'a4': choose 58mm, 80mm, a6"):
        listed.paper.ticket(1, paper="a4")


@pytest.mark.parametrize(("paper", "width"), [("80mm", 80), ("a6", 105), ("a4", 210)])
def test_the_receipt(
    listed: Desk,
    tmp_path: Path,
    make_recording: Any,
    clock: FakeClock,
    paper: str,
    width: float,
) -> None:
    clock.advance(minutes=5)
    saved = listed.recordings.save(make_recording())
    target = tmp_path / f"receipt-{paper}.pdf"
    write_pdf(listed.paper.receipt(saved.record_id, paper=paper), target)
    text = " ".join(pdf_text(target, layout=False).split())
    assert "TANDA BUKTI PEREKAMAN KTP-el" in text
    assert "727102******0001" in text and "7271024507050001" not in text
    assert "SITI LAMAKARATE" in text and "Kecamatan Palu Barat, Kota Palu" in text
    assert ": 27 November 2026 pukul 10.05 WITA" in text
    assert "Nomor rekaman" in text  # the label kept on one line
    assert ": admin" in text and ": PALU-BARAT-1" in text
    assert "diambil sesuai pengumuman Disdukcapil" in text
    assert qr_codes(target) == [[receipt_code(saved.record_id)]]
    assert page_size_mm(target)[0] == pytest.approx(width, abs=0.5)
    # What a scanner types into the Log search finds this record and no other.
    scanned = qr_codes(target)[0][0]
    found = listed.recordings.log_page(LogFilter(text=scanned), offset=0, limit=9)
    assert [e.record_id for e in found] == [saved.record_id]
    assert listed.recordings.log_count(LogFilter(text=scanned[:-1] + "?")) == 0


def test_no_receipt_for_a_voided_or_unknown_recording(listed: Desk, make_recording: Any) -> None:
    saved = listed.recordings.save(make_recording())
    listed.recordings.void(saved.record_id, "salah rekam")
    with pytest.raises(DeskError, match="was voided"):
        listed.paper.receipt(saved.record_id)
    with pytest.raises(DeskError, match="no recording"):
        listed.paper.receipt(RECORD_ID)


def test_the_invitations(listed: Desk, tmp_path: Path, make_recording: Any) -> None:
    listed.recordings.save(make_recording())  # Siti is recorded: not invited
    listed.change_setting("letterhead", "PEMERINTAH KOTA PALU|KECAMATAN PALU BARAT|Jl. Anoa 2")
    made = listed.paper.invitations(per_day=2)
    target = tmp_path / "undangan.pdf"
    write_pdf(made.document, target)
    pages = qr_codes(target)
    assert len(pages) == 1 and len(pages[0]) == 3  # three to an A4 page
    assert sorted(nik_of(code) or "" for code in pages[0]) == sorted(r["nik"] for r in LISTED[1:])
    text = " ".join(pdf_text(target).split())
    assert text.count("UNDANGAN PEREKAMAN KTP-el") == 3
    assert "BUDI SANTOSO" in text and "727102******0042" in text
    assert "JL. CENDANA 4, RT 002, RW 002, Kel. Kamonji" in text
    assert "Kantor Kecamatan Palu Barat, Jl. Anoa 2" in text
    # From the next working day (Monday), two a day, one an hour from 08.00.
    assert text.count("Senin, 30 November 2026") == 2 and "Selasa, 1 Desember 2026" in text
    assert "pukul 08.00-09.00 WITA" in text and "pukul 09.00-10.00 WITA" in text
    assert "Kartu Keluarga (KK)" in text and "31 Desember 2026" in text
    assert page_size_mm(target) == (pytest.approx(210, abs=0.5), pytest.approx(297, abs=0.5))
    one = listed.paper.invitations(kelurahan="72.71.02.1005", start=date(2026, 12, 7))
    assert [s.day for s in one.schedule.slots] == [date(2026, 12, 7)]
    listed.paper.export(one.document, tmp_path / "satu.pdf", writer=write_pdf, kind="invitations")
    audited = listed.session.connection.execute(
        "SELECT subject FROM audit WHERE action = 'paper.invitations'"
    ).fetchall()
    assert audited == [("satu.pdf",)]
    with pytest.raises(DeskError, match="no working day is left"):
        listed.paper.invitations(start=date(2027, 1, 4))
    with pytest.raises(DeskError, match=r"everyone on kelurahan 72\.71\.02\.1002 is recorded"):
        listed.paper.invitations(kelurahan="72.71.02.1002")


def test_reports_carry_the_letterhead_the_place_and_date_and_the_signatories(
    listed: Desk, tmp_path: Path
) -> None:
    from ektp_desk.ui.pdf_report import write_outreach_pdf, write_tally_pdf

    listed.change_setting("target", "12345")
    tally_pdf = tmp_path / "tally.pdf"
    listed.reports.export_tally("pdf", tally_pdf, listed.today(), pdf_writer=write_tally_pdf)
    text = pdf_text(tally_pdf)
    assert "PEMERINTAH KOTA PALU" in text and "KECAMATAN PALU BARAT" in text  # the default
    assert "Palu, 27 November 2026" in text
    assert "12.345" in text  # the target, the Indonesian way
    assert "Periode 27 November 2026</p>" not in text and "Periode 27 November 2026" in " ".join(
        text.split()
    )
    assert "31 Desember 2026" in text and "2026-12-31" not in text  # the deadline
    for key, value in (
        ("letterhead", "PEMERINTAH KOTA PALU | KECAMATAN PALU BARAT | Jl. Anoa No. 2, Palu"),
        ("report_place", "Donggala Kodi"),
        ("supervisor_name", "Rahmawati, S.Sos"),
        ("supervisor_nip", "19800101 200501 2 001"),
        ("camat_name", "Drs. Moh. Arif"),
        ("camat_nip", "197001011995031002"),
    ):
        listed.change_setting(key, value)
    listed.reports.export_tally("pdf", tally_pdf, listed.today(), pdf_writer=write_tally_pdf)
    text = pdf_text(tally_pdf)
    assert "Jl. Anoa No. 2, Palu" in text and "Donggala Kodi, 27 November 2026" in text
    assert "Rahmawati, S.Sos" in text and "NIP. 19800101 200501 2 001" in text
    assert "Drs. Moh. Arif" in text and "NIP. 197001011995031002" in text
    outreach_pdf = tmp_path / "outreach.pdf"
    listed.reports.export_outreach("pdf", outreach_pdf, pdf_writer=write_outreach_pdf)
    text = pdf_text(outreach_pdf)
    assert "Jl. Anoa No. 2, Palu" in text and "Donggala Kodi, 27 November 2026" in text
    assert "4 orang" in text and "31 Desember 2026" in text and "Drs. Moh. Arif" in text


SIGNERS = (
    ("supervisor_name", "Rahmawati, S.Sos"),
    ("supervisor_nip", "198001012005012001"),
    ("camat_name", "Drs. Moh. Arif"),
    ("camat_nip", "197001011995031002"),
)


def signed_whole(pdf: Path, last_row: str) -> bool:
    """Whether the signature block took the last rows of its table over to a page of
    their own, under the table's head row repeated. Fails unless the place and date line,
    both names and both NIPs are together on one page, with the end of the table they sign
    (`last_row`, a pattern) above them on that page."""
    from ektp_desk.ui.pdf_report import ROWS_KEPT_WITH_SIGNATURES

    pages = pdf_pages(pdf)
    line = re.compile(r"Palu, \d{1,2} [A-Z][a-z]+ 2\d{3}")  # the day the report is made
    place = [n for n, text in enumerate(pages, start=1) if line.search(text)]
    assert len(place) == 1, pages
    text = pages[place[0] - 1]
    assert "Rahmawati, S.Sos" in text and "Drs. Moh. Arif" in text, text
    assert "NIP. 198001012005012001" in text and "NIP. 197001011995031002" in text, text
    above = line.split(text)[0]
    assert re.search(last_row, above), f"page {place[0]} of {len(pages)} holds no table:\n{text}"
    lines = [row for row in above.splitlines() if row.strip()]
    if last_row.startswith("Jumlah"):  # a tally's rows, one line each: none cut in two, a
        # label on one page and its figure on the page before
        rows = lines[-ROWS_KEPT_WITH_SIGNATURES:]
        assert all(re.search(r"\s[\d.]+\s*$", row) for row in rows), text
    head = re.compile(r"^\s*(Status sinkron\s+Jumlah|No\s+Nama)\b")
    return place[0] > 1 and bool(head.match(lines[0]))


def test_the_signature_block_stays_whole_and_with_the_end_of_its_table(
    tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from ektp_desk.demo import BiometricDetail, seed
    from ektp_desk.ui.pdf_report import write_outreach_pdf, write_tally_pdf

    desk = new_desk(tmp_path / "desk", clock=clock)
    for key, value in SIGNERS:
        desk.change_setting(key, value)
    seed(desk, recordings=120, days=20, seed_value=3, detail=BiometricDetail.NONE)
    today = desk.today()
    carried = []
    for days in (1, 2, 5, 20):
        pdf = tmp_path / f"tally-{days}.pdf"
        first = today - timedelta(days=days - 1)
        desk.reports.export_tally("pdf", pdf, first, today, pdf_writer=write_tally_pdf)
        carried.append(signed_whole(pdf, r"Jumlah\s+[\d.]+\s*$"))
    outreach = tmp_path / "outreach.pdf"
    desk.reports.export_outreach("pdf", outreach, pdf_writer=write_outreach_pdf)
    carried.append(signed_whole(outreach, r"\d{16}"))
    people = desk.reports.outreach()
    everyone = [person for members in people.values() for person in members] * 10
    framed = desk.paper.frame()
    for frame in (framed, replace(framed, letterhead=())):  # with a letterhead and without
        for count in range(8, 90, 3):  # one list at every length: the block at every height
            lists = {next(iter(people)): everyone[:count]}
            write_outreach_pdf(lists, outreach, deadline="2026-12-31", frame=frame)
            carried.append(signed_whole(outreach, r"\d{16}"))
    assert True in carried and False in carried  # some carried over, some not needing it
    other = new_desk(tmp_path / "other", "PALU-BARAT-2", clock=clock)
    tally, other_tally = tmp_path / "tally.json", tmp_path / "other.json"
    for desk_here, target in ((desk, tally), (other, other_tally)):
        counted = desk_here.reports.tally(today - timedelta(days=19), today)
        target.write_text(json.dumps(counted.to_json()), "utf-8")
    other.close()
    data_dir = desk.data_dir
    desk.close()
    merged = tmp_path / "gabungan.pdf"
    code, out = _run(capsys, data_dir, "tally", "merge", str(tally), str(other_tally),
                     "--format", "pdf", "-o", str(merged))  # fmt: skip
    assert code == 0, out
    signed_whole(merged, r"Jumlah\s+[\d.]+\s*$")


def test_a_tally_writes_states_in_words(listed: Desk, make_recording: Any) -> None:
    from ektp_desk.ui.pdf_report import tally_html

    listed.recordings.save(make_recording())
    html = tally_html(listed.reports.tally(listed.today()), listed.paper.frame())
    assert "Menunggu dikirim" in html and ">queued<" not in html
    assert "Perempuan" in html


def test_the_paper_settings_keep_their_rules(listed: Desk) -> None:
    for key, value, message in (
        ("ticket_print", "sometimes", "must be off or ask or always"),
        ("supervisor_nip", "1980", "must be an NIP of 18 digits"),
        ("daily_capacity", "0", "must be a whole number from 1 to 1000"),
        ("receipt_paper", "58mm", "must be 80mm or a6 or a4"),
    ):
        with pytest.raises(DeskError, match=message):
            listed.change_setting(key, value)
    assert listed.paper.ticket_printing == "off"
    listed.change_setting("ticket_print", "always")
    assert listed.paper.ticket_printing == "always"


# -- the commands ------------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str]:
    from ektp_desk.cli import main

    code = main(["--data-dir", str(data_dir), *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_print_and_invitation_commands(
    listed: Desk,
    tmp_path: Path,
    make_recording: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    listed.queue.enqueue(nik=LISTED[1]["nik"])
    saved = listed.recordings.save(make_recording())
    data_dir = listed.data_dir
    listed.close()
    monkeypatch.setenv("EKTP_DESK_USER", "admin")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
    ticket = tmp_path / "t.pdf"
    code, out = _run(capsys, data_dir, "print", "ticket", "A001", "--date", "2026-11-27",
                     "--pdf", str(ticket), "--paper", "58mm")  # fmt: skip
    assert code == 0 and "Nomor antrian A001 (58mm)" in out, out
    assert qr_codes(ticket) == [[ticket_code("PALU-BARAT-1", "2026-11-27", "A001")]]
    receipt = tmp_path / "r.pdf"
    code, out = _run(capsys, data_dir, "print", "receipt", saved.record_id, "--pdf", str(receipt))
    assert code == 0 and "(a4)" in out, out
    assert qr_codes(receipt) == [[receipt_code(saved.record_id)]]
    invitations = tmp_path / "u.pdf"
    code, out = _run(capsys, data_dir, "outreach", "--format", "invitations", "-o",
                     str(invitations), "--per-day", "1", "--from", "2026-12-24")  # fmt: skip
    assert code == 0, out
    # Not on the cuti bersama (24th) nor on Natal (25th): from Monday the 28th.
    assert "3 invitations, 1 a day from 2026-12-28 to 2026-12-30 -> " in out
    text = " ".join(pdf_text(invitations).split())
    assert "24 Desember" not in text and "25 Desember" not in text
    assert "Senin, 28 Desember 2026" in text
    assert sum(len(p) for p in qr_codes(invitations)) == 3
    for argv, message in (
        (("print", "ticket", "B7", "--pdf", str(tmp_path / "x.pdf")), "give its number"),
        (("print", "ticket", "9", "--date", "2026-11-27", "--pdf", str(tmp_path / "x.pdf")),
         "no ticket A009 on 2026-11-27"),
        (("print", "receipt", RECORD_ID, "--pdf", str(tmp_path / "x.pdf")), "no recording"),
        (("outreach", "--format", "invitations", "-o", str(tmp_path / "x.pdf"), "--per-day",
          "0"), "--per-day must be 1 or more"),
        (("outreach", "--format", "xlsx", "-o", str(tmp_path / "x.xlsx"), "--per-day", "3"),
         "go with --format invitations"),
    ):  # fmt: skip
        code, out = _run(capsys, data_dir, *argv)
        assert code == 2 and message in out and "Traceback" not in out, (argv, out)
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.xlsx").exists()


def test_a_merged_tally_takes_the_frame_of_the_desk_it_is_merged_on(
    listed: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FakeClock
) -> None:
    import json

    listed.change_setting("report_place", "Donggala Kodi")
    listed.change_setting("camat_name", "Drs. Moh. Arif")
    other = new_desk(tmp_path / "other", "PALU-BARAT-2", clock=clock)
    files = []
    for desk in (listed, other):
        files.append(tmp_path / f"{desk.desk_id}.json")
        files[-1].write_text(json.dumps(desk.reports.tally(desk.today()).to_json()), "utf-8")
        desk.close()
    merged = tmp_path / "gabungan.pdf"
    code, out = _run(capsys, listed.data_dir, "tally", "merge", *map(str, files),
                     "--format", "pdf", "-o", str(merged))  # fmt: skip
    assert code == 0, out
    text = pdf_text(merged)
    assert "PALU-BARAT-1, PALU-BARAT-2" in text and "Drs. Moh. Arif" in text
    palu_today = long_date(datetime.now(ZoneInfo("Asia/Makassar")).date())
    assert f"Donggala Kodi, {palu_today}" in text
    # On a computer with no desk: the kecamatan's own letterhead and place.
    code, out = _run(capsys, tmp_path / "nowhere", "tally", "merge", *map(str, files),
                     "--format", "pdf", "-o", str(merged))  # fmt: skip
    assert code == 0, out
    text = pdf_text(merged)
    assert "KECAMATAN PALU BARAT" in text and f"Palu, {palu_today}" in text


def test_drawing_many_sheets_leaves_none_alive(tmp_path: Path) -> None:
    """PySide6 6.12 under CPython 3.11 drops a reference to None at each Qt call that returns
    nothing; the drawing gives them back, so that a thousand invitations do not free None
    and abort the interpreter (on 3.12 and later None is immortal: nothing to see)."""
    import sys

    from ektp_desk.reports.documents.invitations import Office, invitations_document

    people = [
        {"nik": f"7271020101{n:06d}", "nama": f"WARGA {n}", "alamat": "Jl. Anoa", "rt": "1",
         "rw": "2", "kelurahan_name": "Kel. Kamonji"}
        for n in range(30)
    ]  # fmt: skip
    plan = schedule(
        30, start=date(2026, 12, 1), deadline=date(2026, 12, 31), per_day=10, holidays=HOLIDAYS
    )
    office = Office("Palu Barat", "", "WITA", date(2026, 12, 31))
    document = invitations_document(
        people, plan, office, [invitation_code(p["nik"]) for p in people]
    )
    write_pdf(document, tmp_path / "first.pdf")  # the first draws import and cache
    before = sys.getrefcount(None)
    write_pdf(document, tmp_path / "banyak.pdf")
    assert sys.getrefcount(None) >= before - 20  # without giving back: some 200 fewer
