"""Item 19 of issue 13: a store holding a trigger, view, table or index that the program did
not make is refused, by `restore` and by every open, and named."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ektp_desk.desk import Desk, DeskError
from ektp_desk.store import StoreError
from tests.conftest import new_desk

PASS = "frasa-sandi-cadangan"
TRIGGER = (
    "CREATE TRIGGER spy AFTER INSERT ON queue BEGIN"
    " UPDATE users SET role = 'admin' WHERE name = 'clerk1'; END"
)


def _desk_with(tmp_path: Path, statement: str) -> Path:
    desk = new_desk(tmp_path / "desk")
    desk.session.connection.execute(statement)
    desk.close()
    return tmp_path / "desk"


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        (TRIGGER, "trigger 'spy'"),
        ("CREATE VIEW everyone AS SELECT nik, nama FROM residents", "view 'everyone'"),
        ("CREATE TABLE loot (x)", "table 'loot'"),
        ("CREATE INDEX peek ON residents (nama, nik)", "index 'peek'"),
        (
            # one of ours, rewritten under its own name
            "DROP TRIGGER daily_counts_insert; CREATE TRIGGER daily_counts_insert AFTER INSERT"
            " ON recordings BEGIN DELETE FROM audit; END",
            "trigger 'daily_counts_insert' (changed from ours)",
        ),
    ],
)
def test_every_open_refuses_an_object_we_did_not_make(
    tmp_path: Path, statement: str, named: str
) -> None:
    desk = new_desk(tmp_path / "desk")
    desk.session.connection.executescript(statement)
    desk.close()
    with pytest.raises(StoreError) as caught:
        Desk.open(tmp_path / "desk")
    assert named in str(caught.value) and "desk.sqlite3" in str(caught.value)


def test_sqlite_own_objects_are_fine(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    desk.session.connection.execute("ANALYZE")  # sqlite_stat1, made by SQLite itself
    desk.close()
    Desk.open(tmp_path / "desk").close()


def test_a_backup_carrying_a_trigger_is_not_restored(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    desk.session.connection.execute(TRIGGER)
    # taken with the trigger inside; the desk that wrote it had it opened before
    from ektp_desk.store import backup as backup_store

    plain = tmp_path / "plain.sqlite3"
    backup_store.snapshot(desk.session.connection, plain)
    backup_store.encrypt_file(plain, tmp_path / "b.ektpbak", PASS)
    desk.close()
    with pytest.raises(DeskError, match=r"trigger 'spy'.*not restored"):
        Desk.restore(tmp_path / "b.ektpbak", tmp_path / "again", PASS)
    assert not (tmp_path / "again" / "desk.sqlite3").exists()


def test_the_command_line_names_the_trigger_and_the_trigger_never_fires(tmp_path: Path) -> None:
    data = _desk_with(tmp_path, TRIGGER)
    done = subprocess.run(
        [sys.executable, "-m", "ektp_desk", "--data-dir", str(data), "status"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "trigger 'spy'" in done.stderr and "Traceback" not in done.stderr
    conn = sqlite3.connect(data / "desk.sqlite3")
    assert conn.execute("SELECT count(*) FROM queue").fetchone()[0] == 0
    conn.close()
