"""What killed backups leave behind, removed when a desk opens: the plain copy of the store a
backup decrypts or encrypts through (in the data dir) and the partial backup files (in the
backup folder). Apart from `store.backup` so that opening a desk does not load its
cryptography."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ektp_desk.fsutil import remove_of_dead_writers, remove_stale_partials

TEMP_PREFIX = ".backup-"


def private_temp(folder: Path) -> Path:
    """A temporary file readable by this user only, on the same disk as `folder`; its name
    carries this process's id, so a copy left by a killed backup can be told and removed."""
    remove_stale_temps(folder)
    fd, name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".sqlite3", dir=folder
    )
    os.close(fd)
    os.chmod(name, 0o600)
    return Path(name)


def remove_stale_temps(folder: Path) -> int:
    """Delete the plain copies that backups killed mid-way left behind (a full copy of the
    store each: they would fill the disk); those of running backups stay."""
    copies = folder.glob(f"{TEMP_PREFIX}*.sqlite3*")  # the copy and its journal
    return remove_of_dead_writers(copies, lambda p: p.name.split("-")[1])


def remove_stale_parts(folder: str | None, desk_id: str) -> int:
    """The partial files of this desk's backups killed mid-way, in the backup folder."""
    if not folder or not Path(folder).is_dir():
        return 0
    return remove_stale_partials(Path(folder), f"ektp-desk-{desk_id}-*.ektpbak")
