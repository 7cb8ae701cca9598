"""The city's exchange at each sync (sync/city.py) against a stub hub: voids go up until
the hub holds them, the feed comes down page by page, and a broken page applies nothing
and leaves the cursor where the last good page put it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from ektp_desk.desk import Desk
from ektp_desk.protocol.status import COLUMNS
from ektp_desk.store import city as city_store
from ektp_desk.sync.city import exchange
from ektp_desk.sync.report import RunReport
from tests.conftest import pin_test_hub

Make = Callable[..., dict[str, Any]]


class _Response:
    def __init__(self, body: object, content_type: str = "application/json") -> None:
        self.content = json.dumps(body).encode()
        self.headers = {"content-type": content_type}

    def json(self) -> Any:
        return json.loads(self.content)


class StubHub:
    def __init__(self, pages: dict[int, object], void_outcome: Callable[[str], str]) -> None:
        self.pages = pages
        self.void_outcome = void_outcome
        self.voids: list[list[str]] = []
        self.asked: list[int] = []

    def send_voids(self, voids: list[dict[str, str]]) -> dict[str, str]:
        self.voids.append([v["record_id"] for v in voids])
        return {v["record_id"]: self.void_outcome(v["record_id"]) for v in voids}

    def get(self, path: str, **kwargs: Any) -> _Response:
        after = int(kwargs["params"]["after"])
        self.asked.append(after)
        return _Response(self.pages[after])


def page(cursor: int, rows: list[list[Any]], *, more: bool) -> dict[str, Any]:
    return {"cursor": cursor, "more": more, "columns": list(COLUMNS), "rows": rows,
            "cases": [], "published": None}  # fmt: skip


def row(record: str, state: str = "accepted") -> list[Any]:
    return [record, "7271020101900001", "PALU-BARAT-2", "2026-11-28", state, None, None, None]


def run(desk: Desk, hub: StubHub) -> RunReport:
    report = RunReport()
    exchange(desk.session.connection, hub, report, clock=desk.now, published=None)  # type: ignore[arg-type]
    return report


def test_the_feed_comes_page_by_page_and_a_broken_page_keeps_the_cursor(desk: Desk) -> None:
    hub = StubHub(
        {0: page(2, [row("a"), row("b")], more=True), 2: page(3, [row("c"), ["x"]], more=False)},
        lambda r: "voided",
    )
    report = run(desk, hub)
    assert report.error_kind == "protocol" and "after 2" in str(report.error)
    conn = desk.session.connection
    assert city_store.cursor(conn) == 2
    assert {r for (r,) in conn.execute("SELECT record_id FROM city_status")} == {"a", "b"}

    hub.pages[2] = page(3, [row("c"), row("a", "voided")], more=False)
    report = run(desk, hub)
    assert report.ok and report.status_rows == 2 and hub.asked == [0, 2, 2]
    assert city_store.cursor(conn) == 3
    assert dict(conn.execute("SELECT record_id, state FROM city_status")) == {
        "a": "voided", "b": "accepted", "c": "accepted"}  # fmt: skip


def test_a_void_goes_once_the_hub_holds_its_record(desk: Desk, make_recording: Make) -> None:
    pin_test_hub(desk)
    saved = desk.recordings.save(make_recording())
    desk.recordings.void(saved.record_id, "foto tertukar")
    conn = desk.session.connection
    hub = StubHub({0: page(0, [], more=False)}, lambda r: "unknown")
    assert run(desk, hub).voids_sent == 0 and hub.voids == []  # not sent yet: nothing to void
    conn.execute("UPDATE outbox SET state = 'acked' WHERE record_id = ?", (saved.record_id,))
    assert run(desk, hub).voids_sent == 0 and hub.voids == [[saved.record_id]]
    assert city_store.voids_waiting(conn) == 1  # the hub did not know it: it goes again
    hub.void_outcome = lambda r: "voided"
    assert run(desk, hub).voids_sent == 1
    assert city_store.voids_waiting(conn) == 0
    assert run(desk, hub).voids_sent == 0 and len(hub.voids) == 2


@pytest.mark.parametrize("status", [404])
def test_a_hub_from_before_the_feed_is_let_be(desk: Desk, status: int) -> None:
    from ektp_desk.sync import HubRefused

    class OldHub(StubHub):
        def get(self, path: str, **kwargs: Any) -> _Response:
            refused = HubRefused("the hub answered HTTP 404")
            refused.status = status
            raise refused

    assert run(desk, OldHub({}, lambda r: "voided")).ok


def test_an_older_status_bundle_never_undoes_a_newer_pull(desk: Desk) -> None:
    from ektp_desk.protocol.status import CaseStatus, StatusRow
    from ektp_desk.sync.city import apply_status

    def status(record: str, state: str) -> StatusRow:
        return StatusRow(record, "7271020101900001", "PALU-BARAT-2", "2026-11-28", state,
                         "C000001", None, None)  # fmt: skip

    def case(state: str) -> CaseStatus:
        return CaseStatus("C000001", "7271020101900001", state, None, None, None, None)

    conn = desk.session.connection
    apply_status(conn, [status("a", "voided")], [case("resolved")], cursor=10)
    applied = apply_status(
        conn, [status("a", "duplicate_nik"), status("b", "accepted")], [case("open")], cursor=5
    )
    assert applied == 1 and city_store.cursor(conn) == 10
    assert dict(conn.execute("SELECT record_id, state FROM city_status")) == {
        "a": "voided", "b": "accepted"}  # fmt: skip
    assert conn.execute("SELECT state FROM city_cases").fetchall() == [("resolved",)]
