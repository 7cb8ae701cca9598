"""The outbox on its own, below the Desk: claiming a batch, releasing and settling it,
the lease that keeps one sync run per desk, purging acked payloads and its bookkeeping."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

from ektp_desk.desk import Desk
from ektp_desk.store import outbox, payloads, rot
from tests.conftest import pin_test_hub

AT = "2026-03-02T01:00:00.000+00:00"
LATER = "2026-03-09T01:00:00.000+00:00"


def states(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT record_id, state FROM outbox").fetchall())


@pytest.fixture
def sealed(desk: Desk, make_recording: Callable[..., dict[str, Any]]) -> list[str]:
    """Three recordings sealed for a hub, queued, oldest first."""
    pin_test_hub(desk)
    niks = ("7271024507050001", "7271024507050002", "7271024507050003")
    return [desk.recordings.save(make_recording(nik=nik)).record_id for nik in niks]


def test_a_claim_takes_the_oldest_within_the_limits_and_marks_them_sending(
    desk: Desk, sealed: list[str]
) -> None:
    conn = desk.session.connection
    batch = outbox.claim(conn, max_records=2, max_bytes=2**30, at=AT)
    assert [p.record_id for p in batch] == sealed[:2]
    assert all(p.envelope for p in batch)
    assert states(conn) == {sealed[0]: "sending", sealed[1]: "sending", sealed[2]: "queued"}
    assert outbox.count_waiting(conn) == 3  # sending still waits for the hub's word


def test_a_claim_takes_at_least_one_record_however_small_the_byte_limit(
    desk: Desk, sealed: list[str]
) -> None:
    batch = outbox.claim(desk.session.connection, max_records=10, max_bytes=1, at=AT)
    assert [p.record_id for p in batch] == sealed[:1]


def test_released_records_go_back_to_the_queue_with_the_reason(
    desk: Desk, sealed: list[str]
) -> None:
    conn = desk.session.connection
    batch = outbox.claim(conn, max_records=3, max_bytes=2**30, at=AT)
    outbox.release(conn, [p.record_id for p in batch], error="hub unreachable", at=AT)
    assert set(states(conn).values()) == {"queued"}
    errors = {e for (e,) in conn.execute("SELECT last_error FROM outbox")}
    assert errors == {"hub unreachable"}


def test_settled_records_leave_the_queue_and_their_payloads_are_purged_later(
    desk: Desk, sealed: list[str]
) -> None:
    conn = desk.session.connection
    batch = outbox.claim(conn, max_records=3, max_bytes=2**30, at=AT)
    outbox.settle(
        conn,
        [outbox.Settlement(batch[0].record_id, "acked"), outbox.Settlement(batch[1].record_id,
         "rejected", {"reason": "bad"})],
        at=AT,
    )  # fmt: skip
    assert states(conn) == {sealed[0]: "acked", sealed[1]: "rejected", sealed[2]: "sending"}
    assert outbox.purge(conn, acked_before=AT) == 0  # acked at AT, not before it
    assert outbox.purge(conn, acked_before=LATER) == 1
    assert payloads.read_payload(conn, sealed[0]) is None
    assert payloads.read_payload(conn, sealed[1]) is not None  # rejected: kept to look at


def test_a_dead_runs_sending_records_are_queued_again(desk: Desk, sealed: list[str]) -> None:
    conn = desk.session.connection
    outbox.claim(conn, max_records=2, max_bytes=2**30, at=AT)
    assert outbox.reset_sending(conn, at=AT) == 2
    assert set(states(conn).values()) == {"queued"}


def test_the_lease_is_held_by_one_owner_until_dropped_expired_or_stale(desk: Desk) -> None:
    conn = desk.session.connection
    assert outbox.take_lease(conn, owner="a", now=AT, expires=LATER)
    assert not outbox.take_lease(conn, owner="b", now=AT, expires=LATER)
    assert outbox.take_lease(conn, owner="b", now=AT, expires=LATER, stale=lambda o: o == "a")
    assert outbox.take_lease(conn, owner="c", now=LATER + "x", expires=LATER + "y")  # expired
    outbox.drop_lease(conn, owner="someone else")
    assert not outbox.take_lease(conn, owner="d", now=AT, expires=LATER)
    outbox.drop_lease(conn, owner="c")
    assert outbox.take_lease(conn, owner="d", now=AT, expires=LATER)


def test_abandoning_a_process_runs_frees_the_lease_and_queues_its_batch(
    desk: Desk, sealed: list[str]
) -> None:
    conn = desk.session.connection
    assert outbox.take_lease(conn, owner="pid-7:run-1", now=AT, expires=LATER)
    outbox.claim(conn, max_records=3, max_bytes=2**30, at=AT)
    assert not outbox.abandon_runs(conn, owner_prefix="pid-8:", at=AT)
    assert set(states(conn).values()) == {"sending"}
    assert outbox.abandon_runs(conn, owner_prefix="pid-7:", at=AT)
    assert set(states(conn).values()) == {"queued"}
    assert outbox.take_lease(conn, owner="pid-8:run-1", now=AT, expires=LATER)


def test_the_sync_bookkeeping_keeps_and_forgets_values(desk: Desk) -> None:
    conn = desk.session.connection
    outbox.put_meta(conn, {"last_error": "timeout", "last_attempt": AT})
    outbox.put_meta(conn, {"last_error": None, "last_success": AT})
    assert outbox.meta(conn) == {"last_attempt": AT, "last_success": AT}


def test_a_rotten_payload_is_never_claimed_and_is_set_aside(desk: Desk, sealed: list[str]) -> None:
    conn = desk.session.connection
    good = payloads.read_payload(conn, sealed[0])
    assert good is not None
    rotten = bytes([good[0] ^ 1]) + good[1:]
    conn.execute("UPDATE payloads SET payload = ? WHERE record_id = ?", (rotten, sealed[0]))
    batch = outbox.claim(conn, max_records=1, max_bytes=2**30, at=AT)
    assert [p.record_id for p in batch] == [sealed[1]]
    assert states(conn)[sealed[0]] == "rejected"
    assert [r[0] for r in rot.rerecord(conn)] == [sealed[0]]
    assert rot.find_rotten(conn) == []  # set aside already: not found again
