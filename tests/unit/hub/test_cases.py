"""Duplicate-NIK cases and voids, on either store: a void marks the record (kept) and frees
its NIK, a void leaving one record settles its case, an operator's decision keeps one record
or voids all (every change numbered for the feed and audited), the commands that show and
decide them, the tally by state, and `POST /api/v1/voids` in both servers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ektp_desk.hub import HubError
from ektp_desk.hub.app import create_app
from ektp_desk.hub.cli import main as hub_main
from ektp_desk.hub.lite import LiteHub
from ektp_desk.hub.store import HeldRecord, NewRecord, SqliteHubStore, Void, open_store
from ektp_desk.protocol.envelope import generate_private_key
from tests.security.rawhttp import asgi_exchange

AT = "2026-11-27T02:00:00.000+00:00"
LATER = "2026-11-28T03:00:00.000+00:00"
NIK = "7271024507050001"


def _rid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


@pytest.fixture
def store(hub_db: str) -> Iterator[SqliteHubStore]:
    opened = open_store(hub_db)
    for n in (1, 2, 3):
        opened.add_desk(f"D{n}", "72.71.02", f"token-{n}", AT)
    yield opened  # type: ignore[misc]
    opened.close()


def _send(store: SqliteHubStore, desk: str, n: int, nik: str = NIK) -> HeldRecord:
    record = HeldRecord(
        _rid(n), desk, nik, "72.71.02", "a" * 64, 3, AT, "2026-11-28", AT, "accepted", None
    )
    (got,) = store.ingest(
        batch_id=f"b{n}", desk_id=desk, at=AT, rejected=[], total_bytes=3,
        new=[NewRecord(record, "b", b"env")],
    )  # fmt: skip
    return got.record


def _seq(store: SqliteHubStore, n: int) -> int:
    held = store.held(_rid(n))
    assert held is not None and held.change_seq is not None
    return held.change_seq


def _audit(store: SqliteHubStore) -> list[tuple[object, object, object]]:
    return [(e["actor"], e["action"], e["subject"]) for e in reversed(store.hub_audit())]


def test_a_void_marks_its_record_frees_the_nik_and_says_what_became_of_each(
    store: SqliteHubStore,
) -> None:
    _send(store, "D1", 1)
    before = _seq(store, 1)
    voids = [
        Void(_rid(1), "salah foto", AT),
        Void(_rid(1), "again", AT),
        Void(_rid(9), "never sent", AT),
    ]
    assert store.void_records("D1", voids, at=LATER) == ["voided", "already_voided", "unknown"]
    assert store.void_records("D2", [Void(_rid(1), "x", AT)], at=LATER) == ["not_yours"]
    held = store.held(_rid(1))
    assert held is not None and (held.state, held.reason) == ("voided", "salah foto")
    assert held.outcome == "accepted" and _seq(store, 1) > before
    assert _audit(store) == [("desk:D1", "record_voided", _rid(1))]
    # The NIK is free again: the person recorded anew is accepted.
    assert _send(store, "D2", 2).state == "accepted"
    assert store.tally("2026-11-28") == [("72.71.02", "D2", "accepted", 1)]


def test_a_void_leaving_one_record_in_a_case_settles_it(store: SqliteHubStore) -> None:
    _send(store, "D1", 1)
    assert _send(store, "D2", 2).case_id == "C000001"
    assert store.void_records("D1", [Void(_rid(1), "NIK salah ketik", AT)], at=LATER) == ["voided"]
    case = store.case("C000001")
    assert case is not None and (case.state, case.decision) == ("resolved", "keep")
    assert (case.kept_record_id, case.decided_by) == (_rid(2), "void:D1")
    kept = store.held(_rid(2))
    assert kept is not None and (kept.state, kept.outcome) == ("accepted", "duplicate_nik")
    assert _seq(store, 2) > _seq(store, 1) - 1


def test_an_operator_keeps_one_record_and_the_others_are_voided_with_the_reason(
    store: SqliteHubStore,
) -> None:
    _send(store, "D1", 1)
    _send(store, "D2", 2)
    _send(store, "D3", 3)
    case = store.cases("open")[0]
    assert [r.record_id for r in case.records] == [_rid(1), _rid(2), _rid(3)]
    seq = {n: _seq(store, n) for n in (1, 2, 3)}
    with pytest.raises(HubError, match="is not a live record of case C000001"):
        store.resolve_case("C000001", keep=_rid(9), reason="x", by="op", at=LATER)
    with pytest.raises(HubError, match="no case C000404"):
        store.resolve_case("C000404", keep=None, reason="x", by="op", at=LATER)
    resolved = store.resolve_case(
        "C000001", keep=_rid(2), reason="sidik jari cocok", by="op", at=LATER
    )
    assert (resolved.decision, resolved.kept_record_id, resolved.decided_by) == (
        "keep", _rid(2), "op",
    )  # fmt: skip
    states = {n: store.held(_rid(n)) for n in (1, 2, 3)}
    assert {n: r.state for n, r in states.items() if r} == {
        1: "voided", 2: "accepted", 3: "voided",
    }  # fmt: skip
    assert states[1] is not None
    assert states[1].reason == "Keputusan kasus C000001: sidik jari cocok"
    assert all(_seq(store, n) > max(seq.values()) for n in (1, 2, 3))
    assert ("op", "case_resolved", "C000001") in _audit(store)
    assert store.hub_audit(1)[0]["detail"] == {
        "decision": "keep", "kept_record_id": _rid(2), "reason": "sidik jari cocok",
    }  # fmt: skip
    store.add_audit(at=LATER, actor="andi", action="login", subject="andi", detail={})
    assert _audit(store)[-1] == ("andi", "login", "andi")
    with pytest.raises(HubError, match="already resolved"):
        store.resolve_case("C000001", keep=None, reason="x", by="op", at=LATER)
    assert store.tally("2026-11-28") == [("72.71.02", "D2", "accepted", 1)]


def test_the_case_commands_list_and_decide_on_either_store(
    store: SqliteHubStore, hub_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _send(store, "D1", 1)
    _send(store, "D2", 2)
    db = ["--db", hub_db]
    assert hub_main([*db, "case", "list", "--json", "--state", "open"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["case_id"] == "C000001" and listed["nik"] == NIK and listed["state"] == "open"
    assert [(r["record_id"], r["desk_id"], r["state"]) for r in listed["records"]] == [
        (_rid(1), "D1", "accepted"),
        (_rid(2), "D2", "duplicate_nik"),
    ]
    assert listed["decision"] is None
    assert hub_main([*db, "case", "resolve", "C000001", "--keep", _rid(9), "--reason", "x"]) == 2
    assert "is not a live record of case C000001" in capsys.readouterr().err
    assert hub_main([*db, "case", "resolve", "C000001", "--void-all", "--reason", " "]) == 2
    assert "--reason must say why" in capsys.readouterr().err
    assert (
        hub_main(
            [*db, "case", "resolve", "C000001", "--void-all", "--reason", "keduanya salah",
             "--by", "andi", "--json"]
        )
        == 0
    )  # fmt: skip
    decided = json.loads(capsys.readouterr().out)
    assert (decided["decision"], decided["decided_by"]) == ("void_all", "andi")
    assert {r["state"] for r in decided["records"]} == {"voided"}
    assert hub_main([*db, "case", "list", "--state", "open"]) == 0
    assert capsys.readouterr().out.strip() == "no cases open"
    assert hub_main([*db, "records", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["state"], r["case_id"], r["outcome"]) for r in records] == [
        ("voided", "C000001", "accepted"),
        ("voided", "C000001", "duplicate_nik"),
    ]
    assert records[0]["reason"] == "Keputusan kasus C000001: keduanya salah"
    assert hub_main([*db, "tally", "--date", "2026-11-28", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kecamatan"] == {}


def test_the_tally_counts_accepted_records_and_shows_open_duplicates_apart(
    store: SqliteHubStore, hub_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _send(store, "D1", 1)
    _send(store, "D2", 2)
    _send(store, "D1", 3, nik="7271024507050003")
    _send(store, "D1", 4, nik="7271024507050004")
    store.void_records("D1", [Void(_rid(4), "salah", AT)], at=LATER)
    assert hub_main(["--db", hub_db, "tally", "--date", "2026-11-28", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kecamatan"] == {
        "72.71.02": {"D1": {"accepted": 2}, "D2": {"duplicate_nik": 1}}
    }
    assert hub_main(["--db", hub_db, "tally", "--date", "2026-11-28"]) == 0
    assert "72.71.02 " in (out := capsys.readouterr().out)
    assert ": 2 (duplicate NIK, open: 1)" in out


def _void_body(*ids: str) -> bytes:
    return json.dumps(
        {"voids": [{"record_id": i, "reason": "salah", "voided_at": AT} for i in ids]}
    ).encode()


def test_both_servers_take_voids(store: SqliteHubStore, tmp_path: Path) -> None:
    _send(store, "D1", 1)
    app = create_app(store, generate_private_key())
    status, _, body = asgi_exchange(
        app, "POST", "/api/v1/voids", headers={"Authorization": "Bearer token-1"},
        chunks=[_void_body(_rid(1), _rid(5))],
    )  # fmt: skip
    assert status == 200
    assert json.loads(body)["results"] == [
        {"record_id": _rid(1), "outcome": "voided"},
        {"record_id": _rid(5), "outcome": "unknown"},
    ]
    status, _, body = asgi_exchange(
        app, "POST", "/api/v1/voids", headers={"Authorization": "Bearer token-1"},
        chunks=[b'{"voids": [{"record_id": "R1"}]}'],
    )  # fmt: skip
    assert status == 400 and "voids[0].record_id" in json.loads(body)["message"]

    lite = LiteHub(tmp_path / "lite")
    token = lite.enroll("D1", "72.71.02", AT)
    lite.start()
    try:
        _send(lite.store, "D1", 1)
        answer = requests.post(
            lite.url + "/api/v1/voids", data=_void_body(_rid(1)),
            headers={"Authorization": f"Bearer {token}"}, timeout=10,
        )  # fmt: skip
        assert answer.json()["results"] == [{"record_id": _rid(1), "outcome": "voided"}]
    finally:
        lite.stop()
        lite.store.close()
