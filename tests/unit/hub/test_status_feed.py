"""The city's status down to the desks, on either store: every record change numbered in one
sequence, the feed of a kecamatan's changes (and of NIKs on its published list) read from a
cursor in pages, a correction replacing the record it names, an older hub migrated with its
records kept; and the feed served by both servers (FastAPI and the demo's lite one), gzip'ed
when asked."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ektp_desk.hub.app import create_app
from ektp_desk.hub.lite import LiteHub
from ektp_desk.hub.store import HeldRecord, NewRecord, SqliteHubStore, open_store
from ektp_desk.hub.store import schema as hub_schema
from ektp_desk.protocol.envelope import generate_private_key
from ektp_desk.protocol.status import COLUMNS, parse_status_page
from tests.security.rawhttp import asgi_exchange

AT = "2026-11-27T02:00:00.000+00:00"
NIK_A, NIK_B, NIK_C = "7271024507050001", "7271034507050002", "7271024507050003"


def _rid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


@pytest.fixture
def store(hub_db: str) -> Iterator[SqliteHubStore]:
    opened = open_store(hub_db)
    opened.add_desk("D1", "72.71.02", "token-1", AT)
    opened.add_desk("D2", "72.71.02", "token-2", AT)
    opened.add_desk("D3", "72.71.03", "token-3", AT)
    yield opened  # type: ignore[misc]
    opened.close()


def _send(
    store: SqliteHubStore, desk: str, *records: tuple[int, str], replaces: int | None = None
) -> list[HeldRecord]:
    kecamatan = "72.71.03" if desk == "D3" else "72.71.02"
    new = [
        NewRecord(
            HeldRecord(
                _rid(n), desk, nik, kecamatan, "a" * 64, 3, AT, "2026-11-28", AT, "accepted", None
            ),
            "batch",
            b"env",
            replaces=_rid(replaces) if replaces is not None else None,
        )
        for n, nik in records
    ]
    got = store.ingest(
        batch_id=f"b-{records[0][0]}", desk_id=desk, at=AT, new=new, rejected=[], total_bytes=3
    )
    return [a.record for a in got]


def _ids(store: SqliteHubStore, kecamatan: str, after: int = 0) -> list[tuple[str, str]]:
    page = store.status_page(kecamatan, after=after, limit=100)
    return [(r.record_id, r.state) for r in page.rows]


def test_a_kecamatans_changes_come_in_order_from_a_cursor_in_pages(store: SqliteHubStore) -> None:
    _send(store, "D1", (1, NIK_A))
    _send(store, "D3", (2, NIK_B))
    (dup,) = _send(store, "D2", (3, NIK_A))
    assert dup.state == "duplicate_nik" and dup.case_id == "C000001"
    # The other kecamatan's record is not in this feed; the first record moved on in the
    # sequence when its case opened, after the duplicate's number was taken or with it.
    assert sorted(_ids(store, "72.71.02")) == [
        (_rid(1), "accepted"),
        (_rid(3), "duplicate_nik"),
    ]
    page = store.status_page("72.71.02", after=0, limit=1)
    assert page.more and len(page.rows) == 1
    rest = store.status_page("72.71.02", after=page.cursor, limit=10)
    assert not rest.more and len(rest.rows) == 1
    assert {page.rows[0].record_id, rest.rows[0].record_id} == {_rid(1), _rid(3)}
    assert [c.case_id for c in rest.cases] == ["C000001"] and rest.cases[0].state == "open"
    assert store.status_page("72.71.02", after=rest.cursor, limit=10).rows == ()
    assert store.status_page("72.71.02", after=rest.cursor, limit=10).cursor == rest.cursor


def test_a_nik_on_the_published_list_comes_from_any_kecamatan(store: SqliteHubStore) -> None:
    _send(store, "D3", (2, NIK_B))
    assert _ids(store, "72.71.02") == []
    with store.database.write() as conn:
        conn.execute(
            "INSERT INTO published_residents VALUES ('72.71.02', ?, '72.71.02.1001',"
            " '2000-01-01', 'BELUM KAWIN', '{}')",
            (NIK_B,),
        )
    assert _ids(store, "72.71.02") == [(_rid(2), "accepted")]


def test_a_correction_replaces_its_record_and_settles_the_case_it_left(
    store: SqliteHubStore,
) -> None:
    _send(store, "D1", (1, NIK_A))
    _send(store, "D2", (3, NIK_A))  # a wrong NIK typed at D2: a case opens
    before = store.status_page("72.71.02", after=0, limit=100).cursor
    (fixed,) = _send(store, "D2", (4, NIK_C), replaces=3)
    assert fixed.state == "accepted" and fixed.replaces == _rid(3)
    assert sorted(_ids(store, "72.71.02", after=before)) == [
        (_rid(3), "replaced"),
        (_rid(4), "accepted"),
    ]
    case = store.case("C000001")
    assert case is not None and case.state == "resolved" and case.decision == "keep"
    assert case.kept_record_id == _rid(1) and case.decided_by == "replace:D2"
    # A record the hub never held (one it rejected) keeps only the link, in the new record.
    (again,) = _send(store, "D2", (5, "7271024507050009"), replaces=77)
    assert again.replaces == _rid(77) and store.held(_rid(77)) is None


def test_an_older_hub_is_migrated_with_its_records_in_states_and_numbered(
    hub_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hub_schema, "MIGRATIONS", hub_schema.MIGRATIONS[:4])
    monkeypatch.setattr(hub_schema, "VERSION", 4)
    old = open_store(hub_db)
    old.add_desk("D1", "72.71.02", "token-1", AT)
    with old.database.write() as conn:
        for n, outcome in ((1, "accepted"), (2, "duplicate_nik")):
            conn.execute(
                "INSERT INTO records (record_id, desk_id, nik, kecamatan, sha256, size,"
                " finalized_at, recorded_on, received_at, batch_id, outcome, envelope)"
                " VALUES (?, 'D1', ?, '72.71.02', ?, 3, ?, '2026-11-28', ?, 'b', ?, ?)",
                (_rid(n), NIK_A, "a" * 64, AT, AT, outcome, b"env"),
            )
    old.close()
    monkeypatch.undo()
    store = open_store(hub_db)
    try:
        assert hub_schema.schema_version(store.database) == hub_schema.VERSION
        assert _ids(store, "72.71.02") == [(_rid(1), "accepted"), (_rid(2), "duplicate_nik")]
        (new,) = _send(store, "D1", (3, NIK_C))
        assert new.change_seq == 3
    finally:
        store.close()


def _status(app: object, token: str, query: str, encoding: str = "") -> tuple[int, dict, bytes]:  # type: ignore[type-arg]
    headers = {"Authorization": f"Bearer {token}"}
    if encoding:
        headers["Accept-Encoding"] = encoding
    return asgi_exchange(app, "GET", "/api/v1/status", headers=headers, query=query)


def test_the_fastapi_hub_serves_the_feed_gzipped_when_asked(store: SqliteHubStore) -> None:
    for n in range(1, 41):
        _send(store, "D1", (n, f"72710245070{n:05d}"))
    app = create_app(store, generate_private_key())
    status, headers, body = _status(app, "token-2", "after=0&limit=30", "gzip, deflate")
    assert status == 200 and headers["content-encoding"] == "gzip"
    page = parse_status_page(json.loads(gzip.decompress(body)))
    assert len(page.rows) == 30 and page.more and page.published is None
    status, headers, body = _status(app, "token-2", f"after={page.cursor}")
    assert status == 200 and "content-encoding" not in headers
    assert json.loads(body)["columns"] == list(COLUMNS)
    assert len(json.loads(body)["rows"]) == 10 and json.loads(body)["more"] is False
    assert _status(app, "token-2", "limit=20001")[0] == 400
    assert _status(app, "token-2", "after=-1")[0] == 400
    assert _status(app, "nobody", "")[0] == 401


def test_the_lite_hub_serves_the_same_feed(tmp_path: Path) -> None:
    hub = LiteHub(tmp_path / "hub")
    token = hub.enroll("D1", "72.71.02", AT)
    hub.start()
    try:
        _send(hub.store, "D1", (1, NIK_A))
        answer = requests.get(
            hub.url + "/api/v1/status?after=0&limit=5",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert answer.status_code == 200
        page = parse_status_page(answer.json())
        assert [(r.record_id, r.nik, r.desk_id, r.state) for r in page.rows] == [
            (_rid(1), NIK_A, "D1", "accepted")
        ]
        bad = requests.get(
            hub.url + "/api/v1/status?limit=x",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert bad.status_code == 400 and "limit" in bad.json()["message"]
    finally:
        hub.stop()
        hub.store.close()


def test_a_correction_of_the_same_nik_takes_its_records_place_in_its_case(
    store: SqliteHubStore,
) -> None:
    _send(store, "D1", (1, NIK_A))
    _send(store, "D2", (3, NIK_A))  # the same person at D2: case C000001, still open
    (fixed,) = _send(store, "D1", (4, NIK_A), replaces=1)  # D1 retakes its photo
    assert (fixed.state, fixed.case_id, fixed.first_record_id) == ("accepted", "C000001", None)
    case = store.case("C000001")
    assert case is not None and case.state == "open"
    assert [(r.record_id, r.state) for r in case.records] == [
        (_rid(1), "replaced"),
        (_rid(3), "duplicate_nik"),
        (_rid(4), "accepted"),
    ]
    # A duplicate corrected keeps its NIK's case open and stays a duplicate in it.
    (again,) = _send(store, "D2", (5, NIK_A), replaces=3)
    assert (again.state, again.case_id) == ("duplicate_nik", "C000001")
    # Outside any case, a correction of the accepted record is accepted.
    _send(store, "D1", (6, NIK_C))
    (alone,) = _send(store, "D1", (7, NIK_C), replaces=6)
    assert (alone.state, alone.case_id) == ("accepted", None)
