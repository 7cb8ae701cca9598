"""Item 21 of issue 13: a backup killed mid-way leaves nothing behind for long: the next desk
process to start removes its plain copy of the store and its partial backup file, and
rotation removes partial files of writers that are gone; a running writer's are kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ektp_desk.desk import Desk
from tests.conftest import new_desk

PASS = "frasa-sandi-cadangan"

# A desk process whose backup is killed (SIGKILL) after its first encrypted part is written.
KILLED_BACKUP = """
import os, signal, sys
from pathlib import Path
from ektp_desk.desk import Desk
from ektp_desk.store import backup

original = backup._chunks

def chunks(path):
    for part in original(path):
        yield part
        os.kill(os.getpid(), signal.SIGKILL)

backup._chunks = chunks
desk = Desk.open(Path(sys.argv[1]))
desk.backups.auto(sys.argv[2])
"""


def _leftovers(data: Path, usb: Path) -> list[str]:
    return sorted([p.name for p in data.glob(".backup-*")] + [p.name for p in usb.glob(".*.tmp")])


def _desk_with_backup_folder(tmp_path: Path) -> tuple[Path, Path]:
    data, usb = tmp_path / "desk", tmp_path / "usb"
    desk = new_desk(data)
    desk.change_setting("backup_folder", str(usb))
    desk.close()
    return data, usb


def test_a_killed_backup_is_cleaned_by_the_next_command(tmp_path: Path) -> None:
    data, usb = _desk_with_backup_folder(tmp_path)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BACKUP, str(data), PASS], timeout=120, check=False
    )
    assert killed.returncode == -9
    left = _leftovers(data, usb)
    # what the killed backup left: a plain copy of the store and a partial backup file
    assert any(n.startswith(".backup-") for n in left), left
    assert any(n.endswith(".tmp") for n in left), left
    done = subprocess.run(
        [sys.executable, "-m", "ektp_desk", "--data-dir", str(data), "status"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert _leftovers(data, usb) == []


def test_rotation_removes_partials_of_dead_writers_only(tmp_path: Path) -> None:
    data, usb = _desk_with_backup_folder(tmp_path)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    usb.mkdir()
    stale = usb / f".ektp-desk-PALU-BARAT-1-20261101-080000.ektpbak.{dead.pid}.tmp"
    older = usb / ".ektp-desk-PALU-BARAT-1-20261102-080000.ektpbak.tmp"  # older naming
    running = usb / f".ektp-desk-PALU-BARAT-1-20261103-080000.ektpbak.{os.getpid()}.tmp"
    other_desk = usb / f".ektp-desk-OTHER-1-20261101-080000.ektpbak.{dead.pid}.tmp"
    for path in (stale, older, running, other_desk):
        path.write_bytes(b"half a backup")
    with Desk.open(data) as desk:  # opening already sweeps; put them back for rotation
        assert not stale.exists() and not older.exists() and running.exists()
        stale.write_bytes(b"half a backup")
        desk.accounts.login("admin", "rahasia-admin")
        desk.backups.auto(PASS)
    assert not stale.exists() and running.exists() and other_desk.exists()
    assert len(list(usb.glob("*.ektpbak"))) == 1
