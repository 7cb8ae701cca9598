from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.desk import Desk
from ektp_desk.domain.accounts import Role, hash_password
from ektp_desk.store import SchemaTooNew, StoreError, audit
from ektp_desk.store.db import DB_FILE, SCHEMA_VERSION, connect, schema_version, transaction
from ektp_desk.store.schema import MIGRATIONS
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, FakeClock

AT = "2026-11-01T01:00:00.000+00:00"


def test_connection_pragmas(tmp_path: Path) -> None:
    conn = connect(tmp_path / "x.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert schema_version(conn) == SCHEMA_VERSION == len(MIGRATIONS)


def test_transaction_rolls_back_when_an_exception_escapes(tmp_path: Path) -> None:
    conn = connect(tmp_path / "x.sqlite3")
    with pytest.raises(RuntimeError), transaction(conn):
        conn.execute("INSERT INTO settings VALUES ('a', '1')")
        raise RuntimeError("boom")
    assert conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
    with transaction(conn):
        conn.execute("INSERT INTO settings VALUES ('a', '1')")
    assert conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 1


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaTooNew, match="newer"):
        connect(path)


def _fill_version(conn: sqlite3.Connection, version: int) -> None:
    """Data as a desk at schema `version` would hold it, written with that schema's SQL."""
    if version >= 1:
        for key, value in {
            "desk_id": "PALU-BARAT-1",
            "kecamatan": "72.71.02",
            "timezone": "Asia/Makassar",
            "lockout_attempts": "5",
            "lockout_minutes": "5",
        }.items():
            conn.execute("INSERT INTO settings VALUES (?, ?)", (key, value))
        salt, digest = hash_password(ADMIN_PASSWORD, params=FAST_SCRYPT)
        conn.execute(
            "INSERT INTO users (name, role, salt, password_hash, scrypt_n, scrypt_r, scrypt_p,"
            " created_at) VALUES ('admin', 'admin', ?, ?, ?, ?, ?, ?)",
            (salt, digest, FAST_SCRYPT.n, FAST_SCRYPT.r, FAST_SCRYPT.p, AT),
        )
        audit.append(conn, at=AT, actor="admin", action="desk.init", subject="PALU-BARAT-1")
        audit.append(  # every version made the admin with this entry (check replays it)
            conn, at=AT, actor="admin", action="user.add", subject="admin", detail={"role": "admin"}
        )
    if version >= 2:
        conn.execute(
            "INSERT INTO residents (nik, nama, tanggal_lahir, jenis_kelamin, kelurahan,"
            " imported_at, updated_at) VALUES ('7271020312880042', 'BUDI SANTOSO', '1988-12-03',"
            " 'LAKI-LAKI', '72.71.02.1007', ?, ?)",
            (AT, AT),
        )
    if version >= 3:
        conn.execute(
            "INSERT INTO queue (day, ticket, nik, nama, created_at)"
            " VALUES ('2026-11-01', 1, '7271020312880042', 'BUDI SANTOSO', ?)",
            (AT,),
        )


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_migrates_from_every_older_version(
    tmp_path: Path,
    version: int,
    clock: FakeClock,
    make_recording: Callable[..., dict[str, Any]],
) -> None:
    data_dir = tmp_path / "desk"
    data_dir.mkdir()
    old = connect(data_dir / DB_FILE, upto=version)
    assert schema_version(old) == version
    with transaction(old):
        _fill_version(old, version)
    old.close()

    if version == 0:
        conn = connect(data_dir / DB_FILE)
        assert schema_version(conn) == SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {
            "settings",
            "users",
            "audit",
            "residents",
            "queue",
            "recordings",
            "outbox",
        } <= tables
        return

    with Desk.open(data_dir, clock=clock) as desk:
        assert schema_version(desk.session.connection) == SCHEMA_VERSION
        assert desk.desk_id == "PALU-BARAT-1"
        assert desk.accounts.login("admin", ADMIN_PASSWORD).role is Role.ADMIN
        status = desk.status()
        assert status.residents == (1 if version >= 2 else 0)
        assert (status.queue.total, status.queue.today) == (1 if version >= 3 else 0, 0)
        if version >= 2:
            assert [r.nama for r in desk.residents.search("bud")] == ["BUDI SANTOSO"]
        saved = desk.recordings.save(make_recording())
        assert desk.recordings.get(saved.record_id) is not None
        assert desk.check().ok


def test_a_file_that_is_not_a_database_is_refused_cleanly(tmp_path: Path) -> None:
    path = tmp_path / DB_FILE
    junk = b"this is not sqlite" * 100
    path.write_bytes(junk)
    with pytest.raises(StoreError, match="not a readable desk database"):
        Desk.open(tmp_path)
    assert path.read_bytes() == junk
