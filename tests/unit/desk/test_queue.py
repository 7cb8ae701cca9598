"""desk.queue: tickets numbered per local day, called in order, skipped, recalled,
cancelled and done once the recording is saved; the refusals (an unlisted NIK, a second
ticket the same day, a NIK already recorded, a closed ticket); the waiting room's board;
the permission and the audit entries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ektp_desk.desk import Desk, DeskError, PermissionDenied
from ektp_desk.domain.accounts import Role
from tests.conftest import FAST_SCRYPT, FakeClock

SITI, AHMAD = "7271024507050001", "7271020312880042"  # on the list
WALK_IN = "7271020101900003"  # a man born 1 January 1990, not on the list


@pytest.fixture
def listed(desk: Desk) -> Desk:
    desk.residents.add(
        [{"nik": SITI, "nama": "Siti Lamakarate"}, {"nik": AHMAD, "nama": "Ahmad"}], source="t"
    )
    return desk


def actions(desk: Desk) -> list[tuple[str, str]]:
    rows = desk.session.connection.execute(
        "SELECT action, subject FROM audit WHERE action LIKE 'queue.%' ORDER BY seq"
    )
    return [(str(a), str(t)) for a, t in rows]


def test_tickets_are_numbered_per_local_day(listed: Desk, clock: FakeClock) -> None:
    first = listed.queue.enqueue(nik=SITI)
    second = listed.queue.enqueue(nik=AHMAD)
    assert (first.label, second.label) == ("A001", "A002")
    assert first.nama == "SITI LAMAKARATE" and not first.walk_in  # the list's name
    assert first.state == "waiting" and first.day == "2026-11-27"
    clock.advance(hours=15)  # 01:00 WITA the next day (17:00 UTC)
    third = listed.queue.enqueue(nik=WALK_IN, nama="  budi   santoso ", walk_in=True)
    assert (third.label, third.day) == ("A001", "2026-11-28")
    assert third.nama == "BUDI SANTOSO" and third.walk_in
    assert [t.label for t in listed.queue.today()] == ["A001"]


def test_call_next_takes_the_oldest_waiting_ticket(listed: Desk, clock: FakeClock) -> None:
    first = listed.queue.enqueue(nik=SITI)
    second = listed.queue.enqueue(nik=AHMAD)
    clock.advance(minutes=3)
    called = listed.queue.call_next()
    assert called is not None and called.id == first.id and called.state == "called"
    assert called.called_at == "2026-11-27T02:03:00.000+00:00"
    skipped = listed.queue.skip(first.id)
    assert skipped.state == "skipped"
    again = listed.queue.call_next()
    assert again is not None and again.id == second.id
    assert listed.queue.call_next() is None  # a skipped ticket is not called by "next"
    recalled = listed.queue.recall(first.id)
    assert recalled.state == "called"
    assert actions(listed) == [
        ("queue.add", "A001"),
        ("queue.add", "A002"),
        ("queue.call", "A001"),
        ("queue.skip", "A001"),
        ("queue.call", "A002"),
        ("queue.recall", "A001"),
    ]


def test_a_saved_recording_closes_its_ticket(
    listed: Desk, make_recording: Callable[..., dict[str, Any]]
) -> None:
    ticket = listed.queue.enqueue(nik=SITI)
    listed.queue.call_next()
    listed.recordings.save(make_recording(recorded_at=None), ticket_id=ticket.id)
    (done,) = listed.queue.today()
    assert done.state == "done" and done.finished_at is not None
    assert listed.queue.ticket_of_recording(done.day, SITI) == done
    with pytest.raises(DeskError) as closed:
        listed.queue.recall(ticket.id)
    assert closed.value.key == "ticket_closed"
    assert closed.value.text("id") == "nomor antrean A001 sudah selesai"
    with pytest.raises(DeskError) as recorded:
        listed.queue.enqueue(nik=SITI)
    assert recorded.value.key == "already_recorded"


def test_a_cancelled_ticket_is_closed_and_frees_the_nik(listed: Desk) -> None:
    ticket = listed.queue.enqueue(nik=SITI)
    with pytest.raises(DeskError) as twice:
        listed.queue.enqueue(nik=SITI)
    assert twice.value.key == "ticket_today"
    cancelled = listed.queue.cancel(ticket.id)
    assert cancelled.state == "cancelled" and cancelled.finished_at is not None
    with pytest.raises(DeskError) as closed:
        listed.queue.skip(ticket.id)
    assert closed.value.key == "ticket_closed"
    assert listed.queue.enqueue(nik=SITI).label == "A002"  # numbers are never reused


@pytest.mark.parametrize(
    ("ask", "key"),
    [
        ({"nik": WALK_IN}, "not_listed"),
        ({"nik": "7271020101900"}, "nik"),
        ({}, "need_nik"),
        ({"walk_in": True}, "walk_in_name"),
        ({"nik": WALK_IN, "nama": "   ", "walk_in": True}, "walk_in_name"),
    ],
)
def test_refusals_add_nothing(listed: Desk, ask: dict[str, Any], key: str) -> None:
    with pytest.raises(DeskError) as refused:
        listed.queue.enqueue(**ask)
    assert refused.value.key == key
    assert listed.queue.today() == [] and actions(listed) == []


def test_an_unknown_ticket_is_refused(listed: Desk) -> None:
    with pytest.raises(DeskError) as refused:
        listed.queue.skip(99)
    assert refused.value.key == "no_ticket"


def test_the_board_shows_numbers_only(listed: Desk, clock: FakeClock) -> None:
    assert listed.queue.board().called is None
    first = listed.queue.enqueue(nik=SITI)
    listed.queue.enqueue(nik=AHMAD)
    listed.queue.call_next()
    clock.advance(minutes=1)
    listed.queue.skip(first.id)
    listed.queue.call_next()
    board = listed.queue.board()
    assert (board.called, board.recent, board.waiting) == ("A002", ("A001",), 0)


def test_the_queue_needs_a_logged_in_user(listed: Desk) -> None:
    listed.accounts.add("kasir", Role.CLERK, "rahasia-kasir-1", scrypt=FAST_SCRYPT)
    listed.accounts.logout()
    with pytest.raises(PermissionDenied):
        listed.queue.enqueue(nik=SITI)
    with pytest.raises(PermissionDenied):
        listed.queue.today()
    listed.accounts.login("kasir", "rahasia-kasir-1")
    assert listed.queue.enqueue(nik=SITI).label == "A001"  # a clerk runs the queue
