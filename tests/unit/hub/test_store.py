"""The hub's store, the same on SQLite and PostgreSQL: its schema versioned and migrated
(an older SQLite hub file kept whole, a newer database refused), a desk enrolled once, and
a batch's records decided by the database: one accepted record per NIK, the same id never
stored twice and, with other content, rejected and logged."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from ektp_desk.hub import HubError
from ektp_desk.hub.store import (
    CONFLICT_REASON,
    HeldRecord,
    NewRecord,
    SqliteHubStore,
    open_store,
)
from ektp_desk.hub.store.schema import VERSION, migrate, schema_version

AT = "2026-11-27T02:00:00.000+00:00"


@pytest.fixture
def store(hub_db: str) -> Iterator[SqliteHubStore]:
    opened = open_store(hub_db)
    opened.add_desk("D1", "72.71.02", "token-1", AT)
    opened.add_desk("D2", "72.71.02", "token-2", AT)
    yield opened  # type: ignore[misc]
    opened.close()


def _new(record_id: str, nik: str, *, desk: str = "D1", sha: str = "a" * 64) -> NewRecord:
    record = HeldRecord(
        record_id, desk, nik, "72.71.02", sha, 3, AT, "2026-11-27", AT, "accepted", None
    )
    return NewRecord(record, "batch", b"env")


def test_a_new_database_is_at_the_current_version(store: SqliteHubStore) -> None:
    assert schema_version(store.database) == VERSION
    assert migrate(store.database) == (VERSION, VERSION)


def test_a_desk_is_enrolled_once(store: SqliteHubStore) -> None:
    with pytest.raises(HubError, match="desk D1 is already enrolled"):
        store.add_desk("D1", "72.71.02", "token-3", AT)
    assert [d.desk_id for d in store.desks()] == ["D1", "D2"]


def test_a_newer_database_is_refused(store: SqliteHubStore, hub_db: str) -> None:
    with store.database.write() as conn:
        if store.database.dialect == "sqlite":
            conn.execute(f"PRAGMA user_version = {VERSION + 1}")
        else:
            conn.execute("UPDATE hub_schema SET version = ?", (VERSION + 1,))
    store.close()
    with pytest.raises(HubError, match=f"schema version {VERSION + 1}, newer than"):
        open_store(hub_db)


def test_one_accepted_record_per_nik_and_the_second_names_the_first(
    store: SqliteHubStore,
) -> None:
    got = store.ingest(
        batch_id="b1", desk_id="D1", at=AT, rejected=[], total_bytes=9,
        new=[_new("r1", "7271024507050001"), _new("r2", "7271024507050001"),
             _new("r3", "7271024507050002")],
    )  # fmt: skip
    assert [(a.record.outcome, a.stored) for a in got] == [
        ("accepted", True),
        ("duplicate_nik", True),
        ("accepted", True),
    ]
    assert got[1].first is not None and got[1].first.record_id == "r1"
    assert store.held("r2") == got[1].record
    later = store.ingest(
        batch_id="b2", desk_id="D2", at=AT, rejected=[], total_bytes=3,
        new=[_new("r4", "7271024507050002", desk="D2")],
    )  # fmt: skip
    assert later[0].record.outcome == "duplicate_nik"
    assert later[0].record.first_record_id == "r3"
    # Both records of each NIK are in one case; the first one's changed, so it moved on in
    # the change sequence after the new one's arrival.
    assert got[1].record.case_id == "C000001" and store.held("r1").case_id == "C000001"  # type: ignore[union-attr]
    assert later[0].record.case_id == "C000002" and store.held("r3").case_id == "C000002"  # type: ignore[union-attr]
    r3 = store.held("r3")
    assert r3 is not None and r3.change_seq is not None
    assert r3.change_seq > got[2].record.change_seq  # type: ignore[operator]


def test_the_same_id_is_held_once_and_other_content_is_logged_as_a_conflict(
    store: SqliteHubStore,
) -> None:
    store.ingest(
        batch_id="b1", desk_id="D1", at=AT, rejected=[], total_bytes=3,
        new=[_new("r1", "7271024507050001")],
    )  # fmt: skip
    got = store.ingest(
        batch_id="b2", desk_id="D1", at=AT, rejected=[], total_bytes=6,
        new=[_new("r1", "7271024507050001"), _new("r1", "7271024507050001", sha="b" * 64)],
    )  # fmt: skip
    assert [a.stored for a in got] == [False, False]
    assert {a.record.sha256 for a in got} == {"a" * 64}
    assert [(r.record_id, r.sha256, r.reason) for r in store.rejections("D1")] == [
        ("r1", "b" * 64, CONFLICT_REASON)
    ]
    assert len(list(store.records())) == 1


def test_an_unversioned_sqlite_hub_file_is_migrated_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with closing(sqlite3.connect(path)) as conn, conn:
        # A hub file from before bundle keys and schema versions.
        conn.execute(
            "CREATE TABLE desks (desk_id TEXT PRIMARY KEY, kecamatan TEXT NOT NULL,"
            " token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT)"
        )
        conn.execute("INSERT INTO desks VALUES ('OLD-1', '72.71.02', 'h', ?, NULL)", (AT,))
    store = SqliteHubStore(path)
    try:
        assert schema_version(store.database) == VERSION
        assert [d.desk_id for d in store.desks()] == ["OLD-1"]
        assert store.bundle_key("OLD-1") is None
    finally:
        store.close()


def test_processes_opening_a_new_database_at_once_migrate_it_once(hub_db: str) -> None:
    import threading

    errors: list[BaseException] = []
    opened: list[SqliteHubStore] = []

    def open_it() -> None:
        try:
            opened.append(open_store(hub_db))  # type: ignore[arg-type]
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {schema_version(s.database) for s in opened} == {VERSION}
    for s in opened:
        s.close()


def test_stores_deciding_the_same_nik_at_once_accept_one(hub_db: str) -> None:
    """Four stores on one database (four connections, as four workers would have; each
    SQLite store with a lock of its own, so only the database orders them) store records
    of the same NIK at the same moment: one accepted, the others duplicates naming it."""
    import threading

    stores = [open_store(hub_db) for _ in range(4)]
    stores[0].add_desk("D1", "72.71.02", "token-1", AT)
    barrier = threading.Barrier(len(stores))
    errors: list[BaseException] = []

    def send(store: SqliteHubStore, n: int) -> None:
        try:
            for round_ in range(25):
                nik = f"72710245070{round_:05d}"
                barrier.wait(timeout=30)
                store.ingest(
                    batch_id=f"b{n}-{round_}", desk_id="D1", at=AT, rejected=[], total_bytes=3,
                    new=[_new(f"r{n}-{round_}", nik)],
                )  # fmt: skip
        except BaseException as exc:  # reported below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=send, args=(s, n)) for n, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    held = list(stores[0].records())
    assert len(held) == 100
    by_nik: dict[str, list[HeldRecord]] = {}
    for record in held:
        by_nik.setdefault(record.nik, []).append(record)
    for records in by_nik.values():
        accepted = [r for r in records if r.outcome == "accepted"]
        assert len(accepted) == 1
        assert {r.first_record_id for r in records if r is not accepted[0]} == {
            accepted[0].record_id
        }
        # One case for the NIK, opened by whichever duplicate came first, and every record
        # of the NIK (the accepted one too) in it.
        assert [r.state for r in records].count("accepted") == 1
        assert len({r.case_id for r in records}) == 1 and records[0].case_id is not None
    cases = stores[0].cases()
    assert len(cases) == 25 and {c.state for c in cases} == {"open"}
    assert len({c.case_id for c in cases}) == 25
    numbers = [r.change_seq for r in held]
    assert None not in numbers and len(set(numbers)) == len(numbers)
    for store in stores:
        store.close()
