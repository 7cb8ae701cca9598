"""The core's errors in the window's language: the ticket, the receipt and the invitations
that cannot be printed say why in it, and so does every error class the window may be
handed (the hub's client, the reports, a workbook, the token's seal)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk, DeskError, Ticket
from ektp_desk.domain.problems import CodedError
from ektp_desk.reports import ReportError
from ektp_desk.store.token_seal import TokenSealError
from ektp_desk.sync import HubAuthError, HubUnreachable, SyncError
from ektp_desk.ui.i18n import shown
from ektp_desk.ui.queue_page import QueuePage
from ektp_desk.ui.recording.page import RecordingPage
from ektp_desk.ui.report_page import ReportPage
from ektp_desk.xlsxstream import XlsxError
from tests.conftest import new_desk

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


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Desk]:
    desk = new_desk(tmp_path / "desk", training=True)
    yield desk
    desk.close()


def said(key: str, language: str) -> str:
    indonesian, english = SAID[key]
    return english if language == "en" else indonesian


def test_a_ticket_that_cannot_print_says_why_in_the_window_language(
    qtbot: QtBot, empty: Desk, language: str
) -> None:
    page = QueuePage(empty)
    qtbot.addWidget(page)
    missing = Ticket(99, "2026-11-30", 99, None, "BUDI", True, "waiting", "x", None, None)
    assert not page.print_ticket(missing, ask=False)
    assert page.message.text() == said("no_ticket_on", language)


def test_a_receipt_that_cannot_print_says_why_in_the_window_language(
    qtbot: QtBot, empty: Desk, language: str
) -> None:
    page = RecordingPage(empty)
    qtbot.addWidget(page)
    page.last_saved = SimpleNamespace(  # type: ignore[assignment]
        record_id="00000000-0000-4000-8000-000000000000"
    )
    assert not page.print_receipt()
    assert page.message.text() == said("no_recording_here", language)


def test_invitations_that_cannot_print_say_why_in_the_window_language(
    qtbot: QtBot, empty: Desk, language: str
) -> None:
    page = ReportPage(empty)
    qtbot.addWidget(page)
    assert not page.print_invitations()
    assert page.message.text() == said("nobody_to_invite", language)


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
