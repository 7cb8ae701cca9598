"""Supervisor approval in the window: the dialog right after a save that needs it (a
supervisor types their password over the clerk's session; a clerk's own password does
not do), and the list of recordings waiting, from which a supervisor approves later."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk
from ektp_desk.domain.accounts import Role
from ektp_desk.ui.approvals import ApprovalDialog, ApprovalList
from ektp_desk.ui.recording.page import RecordingPage
from tests.conftest import FAST_SCRYPT, new_desk

SITI = {
    "nik": "7271024507050001", "nama": "Siti Lamakarate", "no_kk": "7271020101200003",
    "tempat_lahir": "Palu", "alamat": "Jl. Kartini 3", "rt": "1", "rw": "2",
    "kelurahan": "72.71.02.1007", "agama": "ISLAM", "status_perkawinan": "BELUM KAWIN",
    "pekerjaan": "PELAJAR/MAHASISWA", "kewarganegaraan": "WNI", "golongan_darah": "O",
}  # fmt: skip
CLERK, SUPERVISOR = ("kasir", "rahasia-kasir-1"), ("kasi", "rahasia-kasi-1")


@pytest.fixture
def training(tmp_path: Path) -> Iterator[Desk]:
    desk = new_desk(tmp_path / "desk", training=True)  # the simulator captures
    desk.residents.add([SITI], source="test")
    desk.accounts.add(CLERK[0], Role.CLERK, CLERK[1], scrypt=FAST_SCRYPT)
    desk.accounts.add(SUPERVISOR[0], Role.SUPERVISOR, SUPERVISOR[1], scrypt=FAST_SCRYPT)
    yield desk
    desk.close()


def test_a_save_that_needs_approval_asks_a_supervisor_at_once(qtbot: QtBot, training: Desk) -> None:
    training.change_setting("quality_iris_min", "100")  # no simulated iris reaches it
    training.accounts.login(*CLERK)
    training.queue.enqueue(nik=SITI["nik"])
    ticket = training.queue.call_next()
    assert ticket is not None
    page = RecordingPage(training)
    qtbot.addWidget(page)
    page.load_ticket(ticket)
    page.capture_missing()
    qtbot.waitUntil(lambda: all(slot.result is not None for slot in page.slots.values()))
    saved = page.save()
    assert saved is not None, page.message.text()
    assert saved.needs_approval == ("low_quality",)
    dialog = page.approval_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.name_edit.isVisibleTo(dialog)  # a clerk: a supervisor must type theirs

    qtbot.keyClicks(dialog.name_edit, CLERK[0])
    qtbot.keyClicks(dialog.password_edit, CLERK[1])
    dialog.approve_button.click()
    assert "only a supervisor or an admin may approve" in dialog.message.text() or (
        "hanya supervisor atau admin" in dialog.message.text()
    )
    assert dialog.isVisible() and dialog.password_edit.text() == ""

    dialog.name_edit.setText(SUPERVISOR[0])
    qtbot.keyClicks(dialog.password_edit, SUPERVISOR[1])
    qtbot.keyClicks(dialog.reason_edit, "iris mata kiri sulit, sudah dicoba")
    with qtbot.waitSignal(dialog.approved):
        dialog.approve_button.click()
    assert not dialog.isVisible()
    approval = training.approvals.get(saved.record_id)
    assert approval is not None and approval.approved_by == SUPERVISOR[0]
    assert approval.reason == "iris mata kiri sulit, sudah dicoba"
    assert training.user is not None and training.user.name == CLERK[0]


def test_an_ordinary_save_asks_nothing(qtbot: QtBot, training: Desk) -> None:
    training.queue.enqueue(nik=SITI["nik"])
    ticket = training.queue.call_next()
    assert ticket is not None
    training.change_setting("quality_iris_min", "0")
    training.change_setting("quality_finger_min", "0")
    page = RecordingPage(training)
    qtbot.addWidget(page)
    page.load_ticket(ticket)
    page.capture_missing()
    qtbot.waitUntil(lambda: all(slot.result is not None for slot in page.slots.values()))
    saved = page.save()
    assert saved is not None and saved.needs_approval == ()
    assert page.approval_dialog is None


def test_a_supervisor_approves_later_from_the_list(
    qtbot: QtBot, training: Desk, make_recording: Callable[..., dict[str, Any]]
) -> None:
    training.accounts.login(*CLERK)
    early = training.recordings.save(
        make_recording(nik="7271024507100001", tanggal_lahir="2010-07-05")
    )
    waiting = ApprovalList(training)
    qtbot.addWidget(waiting)
    waiting.refresh()
    assert waiting.table.rowCount() == 0 and not waiting.isVisibleTo(waiting.parentWidget())

    training.accounts.login(*SUPERVISOR)
    waiting.refresh()
    assert waiting.table.rowCount() == 1
    assert waiting.table.item(0, 1).text() == "7271024507100001"
    assert waiting.table.item(0, 3).text() == CLERK[0]
    assert waiting.table.item(0, 4).text() == "perekaman dini (usia 16 tahun)"
    waiting.approve_button.click()
    dialog = waiting.dialog
    assert isinstance(dialog, ApprovalDialog) and dialog.isVisible()
    assert not dialog.name_edit.isVisibleTo(dialog)  # a supervisor approves as themselves
    qtbot.keyClicks(dialog.reason_edit, "akta kelahiran diperiksa")
    with qtbot.waitSignal(waiting.changed):
        dialog.approve_button.click()
    assert waiting.table.rowCount() == 0
    approval = training.approvals.get(early.record_id)
    assert approval is not None and approval.approved_by == SUPERVISOR[0]


def test_voiding_a_held_recording_says_it_will_not_be_sent(qtbot: QtBot) -> None:
    from ektp_desk.ui.void_dialog import hub_text

    assert "tidak akan dikirim" in hub_text("awaiting_approval")
    assert "belum terkirim" in hub_text("queued") and "tidak akan" not in hub_text("queued")
