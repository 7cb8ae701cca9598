"""Resident lists Disdukcapil publishes, on either store: `ektp-hub residents publish` checks
the whole file first and counts what was added, changed and removed; the same file again is
no new version; the list is served in the desk's import format (or `unchanged`) by both
servers; and a NIK the list adds, recorded in another kecamatan, comes down this
kecamatan's feed."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from ektp_desk.domain.biodata import DeskContext
from ektp_desk.hub.app import create_app
from ektp_desk.hub.cli import main as hub_main
from ektp_desk.hub.lite import LiteHub
from ektp_desk.hub.store import HeldRecord, NewRecord, SqliteHubStore, open_store
from ektp_desk.protocol.envelope import generate_private_key
from ektp_desk.protocol.residents_file import read_residents
from tests.conftest import VALID
from tests.security.rawhttp import asgi_exchange

AT = "2026-11-27T02:00:00.000+00:00"
KEC = "72.71.02"


def _nik(n: int) -> str:
    return VALID["nik"][:12] + f"{n:04d}"


def _write(path: Path, people: dict[int, dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(list(VALID))
        for n, change in people.items():
            writer.writerow(list({**VALID, "nik": _nik(n), **change}.values()))
    return path


@pytest.fixture
def store(hub_db: str) -> Iterator[SqliteHubStore]:
    opened = open_store(hub_db)
    opened.add_desk("D1", KEC, "token-1", AT)
    opened.add_desk("D3", "72.71.03", "token-3", AT)
    yield opened  # type: ignore[misc]
    opened.close()


def test_publishing_counts_what_changed_and_refuses_a_bad_file_whole(
    store: SqliteHubStore, hub_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", hub_db, "residents", "publish"]
    first = _write(tmp_path / "v1.csv", {1: {}, 2: {}, 3: {}})
    assert hub_main([*db, str(first), "--kecamatan", KEC, "--by", "rina"]) == 0
    assert "version 1, 3 residents: added 3, changed 0, removed 0" in capsys.readouterr().out
    assert hub_main([*db, str(first), "--kecamatan", KEC]) == 0
    assert "already the published list (version 1" in capsys.readouterr().out
    second = _write(tmp_path / "v2.csv", {1: {}, 2: {"alamat": "Jl. Baru 1"}, 4: {}})
    assert hub_main([*db, str(second), "--kecamatan", KEC, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["version"], shown["added"], shown["changed"], shown["removed"]) == (2, 1, 1, 1)
    assert shown["residents"] == 3

    bad = _write(tmp_path / "bad.csv", {5: {}, 6: {"tanggal_lahir": "31-02-2005"}})
    assert hub_main([*db, str(bad), "--kecamatan", KEC]) == 2
    err = capsys.readouterr().err
    assert "1 row(s) refused, nothing published" in err and "row 3" in err
    elsewhere = _write(tmp_path / "far.csv", {7: {"kelurahan": "72.71.03.1001"}})
    assert hub_main([*db, str(elsewhere), "--kecamatan", KEC]) == 2
    assert "not in kecamatan 72.71.02; nothing published" in capsys.readouterr().err
    assert hub_main([*db, str(first), "--kecamatan", "72.71"]) == 2
    assert "is not a kecamatan code" in capsys.readouterr().err
    assert hub_main([*db, str(tmp_path / "none.csv"), "--kecamatan", KEC]) == 2
    publication = store.publication(KEC)
    assert publication is not None and publication.version == 2
    assert sorted(r["nik"] for r in store.published_rows(KEC)) == [_nik(1), _nik(2), _nik(4)]


def _publish(store: SqliteHubStore, tmp_path: Path, people: dict[int, dict[str, str]]) -> None:
    context = DeskContext(kecamatan=KEC, timezone=ZoneInfo("Asia/Makassar"))
    plan = read_residents(
        _write(tmp_path / "list.csv", people), context=context, today=date(2026, 11, 30)
    )
    assert not plan.problems
    store.publish_list(KEC, plan.rows, sha256=str(len(people)), by="op", at=AT)


def test_both_servers_send_the_list_in_the_import_format_or_unchanged(
    store: SqliteHubStore, tmp_path: Path
) -> None:
    app = create_app(store, generate_private_key())
    headers = {"Authorization": "Bearer token-1"}
    status, _, body = asgi_exchange(app, "GET", "/api/v1/residents/published", headers=headers)
    assert status == 404 and json.loads(body)["error"] == "no_published_list"
    _publish(store, tmp_path, {1: {}, 2: {"nama": "Andi, S.Pd."}})
    status, answer, body = asgi_exchange(
        app, "GET", "/api/v1/residents/published", headers=headers, query="have=0"
    )
    assert status == 200 and answer["x-published-version"] == "1"
    assert answer["content-type"].startswith("text/csv")
    back = tmp_path / "back.csv"
    back.write_bytes(body)
    context = DeskContext(kecamatan=KEC, timezone=ZoneInfo("Asia/Makassar"))
    plan = read_residents(back, context=context, today=date(2026, 11, 30))
    assert not plan.problems
    assert [(r["nik"], r["nama"]) for r in plan.rows] == [
        (_nik(1), VALID["nama"].upper()),
        (_nik(2), "ANDI, S.PD."),
    ]
    assert plan.rows == list(store.published_rows(KEC))
    status, _, body = asgi_exchange(
        app, "GET", "/api/v1/residents/published", headers=headers, query="have=1"
    )
    assert json.loads(body) == {"version": 1, "unchanged": True}

    lite = LiteHub(tmp_path / "lite")
    token = lite.enroll("D1", KEC, AT)
    _publish(lite.store, tmp_path, {1: {}})
    lite.start()
    try:
        got = requests.get(
            lite.url + "/api/v1/residents/published",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert got.headers["X-Published-Version"] == "1" and _nik(1) in got.text
    finally:
        lite.stop()
        lite.store.close()


def test_a_nik_the_list_adds_recorded_elsewhere_comes_down_the_feed(
    store: SqliteHubStore, tmp_path: Path
) -> None:
    record = HeldRecord(
        "00000000-0000-4000-8000-000000000001", "D3", _nik(2), "72.71.03", "a" * 64, 3, AT,
        "2026-11-28", AT, "accepted", None,
    )  # fmt: skip
    store.ingest(
        batch_id="b", desk_id="D3", at=AT, rejected=[], total_bytes=3,
        new=[NewRecord(record, "b", b"env")],
    )  # fmt: skip
    cursor = store.status_page(KEC, after=0, limit=10).cursor
    assert store.status_page(KEC, after=0, limit=10).rows == ()
    _publish(store, tmp_path, {1: {}, 2: {}})
    page = store.status_page(KEC, after=cursor, limit=10)
    assert [(r.nik, r.desk_id) for r in page.rows] == [(_nik(2), "D3")]
    assert page.published is not None
    assert (page.published.version, page.published.residents) == (1, 2)
