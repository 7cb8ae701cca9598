"""`ektp-hub bundle export-status`, on either store: the kecamatan's whole status (read from
0, page after page), its cases and published list in one file signed for each of its active
desks, and only for them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ektp_desk.hub.cli import bundle as bundle_cli
from ektp_desk.hub.cli import main as hub_main
from ektp_desk.hub.store import HeldRecord, NewRecord, SqliteHubStore, open_store
from ektp_desk.protocol.bundle import bundle_key
from ektp_desk.protocol.status import StatusError, read_status_bundle

AT = "2026-11-27T02:00:00.000+00:00"
KEC = "72.71.02"


@pytest.fixture
def store(hub_db: str) -> Iterator[SqliteHubStore]:
    opened = open_store(hub_db)
    for desk, kecamatan in (("D1", KEC), ("D2", KEC), ("D4", KEC), ("D3", "72.71.03")):
        opened.add_desk(desk, kecamatan, f"token-{desk}", AT)
    opened.revoke_desk("D4", AT)
    yield opened  # type: ignore[misc]
    opened.close()


def _send(store: SqliteHubStore, desk: str, n: int, nik: str) -> None:
    kecamatan = "72.71.03" if desk == "D3" else KEC
    record = HeldRecord(
        f"00000000-0000-4000-8000-{n:012d}", desk, nik, kecamatan, "a" * 64, 3, AT,
        "2026-11-28", AT, "accepted", None,
    )  # fmt: skip
    store.ingest(
        batch_id=f"b{n}", desk_id=desk, at=AT, rejected=[], total_bytes=3,
        new=[NewRecord(record, "b", b"env")],
    )  # fmt: skip


def test_the_status_file_holds_the_whole_kecamatan_for_its_active_desks(
    store: SqliteHubStore,
    hub_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _send(store, "D1", 1, "7271024507050001")
    _send(store, "D2", 2, "7271024507050001")  # a duplicate: case C000001
    _send(store, "D2", 3, "7271024507050003")
    _send(store, "D3", 4, "7271034507050004")  # another kecamatan's
    store.publish_list(
        KEC, [{"nik": "7271024507050003", "nama": "SITI", "kelurahan": "72.71.02.1007"}],
        sha256="x", by="op", at=AT,
    )  # fmt: skip
    monkeypatch.setattr(bundle_cli, "MAX_LIMIT", 2)  # three pages, put together
    target = tmp_path / "status.json.gz"
    args = ["--db", hub_db, "bundle", "export-status", "--kecamatan", KEC, "-o", str(target)]
    assert hub_main([*args, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["rows"], summary["cases"], summary["desks"]) == (3, 1, ["D1", "D2"])
    got = read_status_bundle(target, desk_id="D2", key=bundle_key("token-D2"))
    assert sorted((r.record_id[-1], r.state) for r in got.rows) == [
        ("1", "accepted"),
        ("2", "duplicate_nik"),
        ("3", "accepted"),
    ]
    assert [c.case_id for c in got.cases] == ["C000001"]
    assert got.cursor == store.status_page(KEC, after=0, limit=100).cursor
    assert got.published is not None and got.published.version == 1
    assert got.published_csv is not None and "7271024507050003" in got.published_csv
    for desk in ("D3", "D4"):  # another kecamatan's; a revoked one
        with pytest.raises(StatusError, match=f"not made for desk {desk}"):
            read_status_bundle(target, desk_id=desk, key=bundle_key(f"token-{desk}"))
    assert hub_main([*args[:-2], "-o", str(tmp_path / "none" / "x.gz")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert hub_main(["--db", hub_db, "bundle", "export-status", "--kecamatan", "72.71.05",
                     "-o", str(target)]) == 2  # fmt: skip
    assert "no active desk of kecamatan '72.71.05'" in capsys.readouterr().err
