"""The core's errors in the window's language: the ticket, the receipt and the invitations
that cannot be printed say why in it, and so does every error class the window may be
handed (the hub's client, the reports, a residents file or workbook, the token's seal)."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk, DeskError, Ticket
from ektp_desk.domain.problems import CodedError, Text
from ektp_desk.imports import ImportFileError
from ektp_desk.reports import ReportError
from ektp_desk.store.token_seal import TokenSealError
from ektp_desk.sync import HubAuthError, HubUnreachable, SyncError
from ektp_desk.ui.i18n import shown
from ektp_desk.ui.queue_page import QueuePage
from ektp_desk.ui.recording.page import RecordingPage
from ektp_desk.ui.report_page import ReportPage
from ektp_desk.xlsxstream import XlsxError

SAID = {
    "no_ticket_on": (
        "tidak ada nomor antrean A099 pada 2026-11-30",
        "no ticket A099 on 2026-11-30",
    ),
    "no_recording_here": (
        "tidak ada rekaman 00000000-0000-4000-8000-000000000000 di desk ini",
        "no recording 00000000-0000-4000-8000-000000000000 on this desk",
    ),
    "nobody_to_invite": (
        "semua penduduk dalam daftar sudah direkam; tidak ada yang diundang",
        "everyone on the list is recorded; there is no one to invite",
    ),
}


def said(key: str, language: str) -> str:
    indonesian, english = SAID[key]
    return english if language == "en" else indonesian


MISSING_TICKET = Ticket(99, "2026-11-30", 99, None, "BUDI", True, "waiting", "x", None, None)


def print_a_missing_receipt(page: RecordingPage) -> bool:
    page.last_saved = SimpleNamespace(  # type: ignore[assignment]
        record_id="00000000-0000-4000-8000-000000000000"
    )
    return page.print_receipt()


PRINTS: dict[str, tuple[Callable[[Desk], QWidget], Callable[[Any], bool]]] = {
    "no_ticket_on": (QueuePage, lambda page: page.print_ticket(MISSING_TICKET, ask=False)),
    "no_recording_here": (RecordingPage, print_a_missing_receipt),
    "nobody_to_invite": (ReportPage, lambda page: page.print_invitations()),
}


@pytest.mark.parametrize("key", PRINTS)
def test_paper_that_cannot_print_says_why_in_the_window_language(
    qtbot: QtBot, training_desk: Desk, language: str, key: str
) -> None:
    make, print_it = PRINTS[key]
    page = make(training_desk)
    qtbot.addWidget(page)
    assert not print_it(page)
    assert page.message.text() == said(key, language)  # type: ignore[attr-defined]


ERRORS: list[tuple[CodedError, str, str]] = [
    (
        HubUnreachable("the hub does not answer (ConnectTimeout)"),
        "hub tidak menjawab: sambungan putus, hub mati, atau sertifikatnya ditolak",
        "the hub does not answer (ConnectTimeout)",
    ),
    (
        HubAuthError("the hub refused this desk's token: revoked"),
        "hub menolak token meja ini",
        "the hub refused this desk's token: revoked",
    ),
    (
        SyncError("a single record is larger than the hub accepts: 9 MB"),
        "galat sinkronisasi: a single record is larger than the hub accepts: 9 MB",
        "a single record is larger than the hub accepts: 9 MB",
    ),
    (
        ReportError("paper", key="a0", allowed="58mm, 80mm"),
        "kertas 'a0': pilih 58mm, 80mm",
        "paper 'a0': choose 58mm, 80mm",
    ),
    (
        XlsxError("no_sheet"),
        "buku kerja tidak punya lembar kerja",
        "the workbook has no worksheet",
    ),
    (
        ImportFileError(
            "missing_columns", name="warga.csv", missing="nik", found=Text("tidak ada", "nothing")
        ),
        "warga.csv: baris judul tidak memuat kolom nik (yang ada: tidak ada)",
        "warga.csv: the header row lacks the column(s) nik (found: nothing)",
    ),
    (
        ImportFileError("workbook", name="warga.xlsx", error=XlsxError("no_sheet")),
        "warga.xlsx: buku kerja tidak punya lembar kerja",
        "warga.xlsx: the workbook has no worksheet",
    ),
    (
        TokenSealError("not_here"),
        "token hub yang disegel tidak terbuka dengan kunci komputer ini",
        "the sealed hub token does not open with this computer's key",
    ),
]


@pytest.mark.parametrize(("error", "indonesian", "english"), ERRORS)
def test_each_error_class_is_shown_in_the_window_language(
    qtbot: QtBot, language: str, error: CodedError, indonesian: str, english: str
) -> None:
    assert shown(error) == (english if language == "en" else indonesian)
    assert str(error) == english  # what the CLI prints, unchanged
    assert shown(DeskError("paper_refused", problem=error)) == shown(error)
