"""Item 18 of issue 13: `check` replays the audit log for accounts (who exists, role,
enabled, password set) and voids, and reports every row that disagrees with it. Rows are
changed here as someone with the SQLite file would, behind the desk's back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.domain.accounts import Role
from ektp_desk.hub.lite import LiteHub
from tests.conftest import FAST_SCRYPT, new_desk
from tests.security.test_audit_head import _rechain, _tamper


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Desk]:
    desk = new_desk(tmp_path / "desk")
    desk.accounts.add("clerk1", Role.CLERK, "sandi-petugas-1", scrypt=FAST_SCRYPT)
    desk.accounts.add("clerk2", Role.CLERK, "sandi-petugas-2", scrypt=FAST_SCRYPT)
    desk.accounts.set_disabled("clerk2")
    desk.accounts.reset_password("clerk1", "sandi-petugas-baru", scrypt=FAST_SCRYPT)
    seed(desk, recordings=4, seed_value=5, detail=BiometricDetail.NONE)
    assert desk.check().ok, desk.check().problems
    yield desk
    desk.close()


def _db(desk: Desk) -> Path:
    return desk.data_dir / "desk.sqlite3"


def _problems(desk: Desk) -> list[str]:
    result = desk.check()
    assert desk.health.verify_audit().ok  # the chain alone is intact in every case here
    return result.problems


def test_a_role_set_in_the_file_is_found(office: Desk) -> None:
    _tamper(_db(office), "UPDATE users SET role = 'admin' WHERE name = 'clerk1'")
    assert any(
        "user clerk1 is admin in the store, but clerk by the audit log" in p
        for p in _problems(office)
    )


def test_an_account_enabled_in_the_file_is_found(office: Desk) -> None:
    _tamper(_db(office), "UPDATE users SET disabled = 0 WHERE name = 'clerk2'")
    assert any("clerk2 is enabled in the store, but disabled" in p for p in _problems(office))


def test_a_password_changed_in_the_file_is_found(office: Desk) -> None:
    _tamper(
        _db(office),
        "UPDATE users SET salt = a.salt, password_hash = a.password_hash"
        " FROM (SELECT salt, password_hash FROM users WHERE name = 'admin') a"
        " WHERE name = 'clerk1'",
    )
    assert any("clerk1's password is not the one" in p for p in _problems(office))


def test_an_account_added_or_deleted_in_the_file_is_found(office: Desk) -> None:
    _tamper(
        _db(office),
        "INSERT INTO users (name, role, salt, password_hash, scrypt_n, scrypt_r, scrypt_p,"
        " created_at) SELECT 'mole', 'admin', salt, password_hash, scrypt_n, scrypt_r,"
        " scrypt_p, created_at FROM users WHERE name = 'admin'",
    )
    _tamper(_db(office), "DELETE FROM users WHERE name = 'clerk2'")
    problems = _problems(office)
    assert any("user mole has no audit entry" in p for p in problems), problems
    assert any("user clerk2 of the audit log" in p and "gone" in p for p in problems)


def test_a_void_undone_in_the_file_is_found(office: Desk) -> None:
    (record_id,) = office.session.connection.execute("SELECT record_id FROM recordings").fetchone()
    office.recordings.void(record_id, "salah orang")
    assert office.check().ok
    _tamper(_db(office), "UPDATE recordings SET voided_at = NULL, voided_by = NULL")
    problems = _problems(office)
    assert any(f"recording {record_id}, voided by audit entry" in p for p in problems)
    assert any("the daily count of" in p for p in problems), problems


def test_a_void_made_in_the_file_is_found(office: Desk) -> None:
    _tamper(_db(office), "UPDATE recordings SET voided_at = 'x', voided_by = 'admin'")
    problems = _problems(office)
    assert sum("is voided with no audit entry" in p for p in problems) == 4


def test_a_void_deleted_with_its_audit_entry_is_found_by_the_hubs_head(
    office: Desk, tmp_path: Path
) -> None:
    """Undoing a void and deleting its audit entry, the chain recomputed and even the daily
    count put right, leaves nothing for the replay to see: the hub's head finds it."""
    lite = LiteHub(tmp_path / "hub")
    lite.start()
    try:
        token = lite.enroll(office.desk_id, office.kecamatan, "2026-11-30T00:00:00+00:00")
        office.hub.set(lite.url, token)
        (record_id, day) = office.session.connection.execute(
            "SELECT record_id, local_date FROM recordings"
        ).fetchone()
        office.recordings.void(record_id, "salah orang")
        assert office.hub.engine().run().ok  # the hub confirms the head with the void
        db = _db(office)
        _tamper(db, "UPDATE recordings SET voided_at = NULL, voided_by = NULL, void_reason = NULL")
        _tamper(db, "UPDATE daily_counts SET recorded = recorded + 1 WHERE local_date = ?", day)
        conn = sqlite3.connect(db)
        (seq,) = conn.execute("SELECT seq FROM audit WHERE action = 'recording.void'").fetchone()
        conn.execute("DELETE FROM audit WHERE seq = ?", (seq,))
        conn.execute("UPDATE audit SET seq = seq - 1 WHERE seq > ?", (seq,))
        conn.commit()
        conn.close()
        _rechain(db)
        problems = _problems(office)
        assert problems and all("audit" in p and "hub" in p for p in problems), problems
        assert office.hub.engine().run().error_kind == "audit"
    finally:
        lite.stop()
