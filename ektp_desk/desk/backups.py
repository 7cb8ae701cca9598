"""Backups: encrypted copies of the store, by passphrase or for the desk's backup key,
made by hand or each day by themselves, and a backup restored into a new data dir."""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ektp_desk.desk.errors import DeskError, FileInUse
from ektp_desk.desk.session import database_path
from ektp_desk.desk.settings import int_of
from ektp_desk.domain.accounts import Permission
from ektp_desk.domain.moments import iso
from ektp_desk.fsutil import TargetInUse
from ektp_desk.store import AlreadyInitialized, leftovers
from ektp_desk.store import audit as audit_store
from ektp_desk.store import backup as backup_store
from ektp_desk.store import outbox as outbox_store
from ektp_desk.store import settings as settings_store
from ektp_desk.store.leftovers import remove_stale_parts
from ektp_desk.sync import AUDIT_RESTORED

if TYPE_CHECKING:
    from ektp_desk.desk import Desk

log = logging.getLogger(__name__)


BACKUP_WARN_HOURS = 36
LAST_BACKUP_NOTE = "last-backup.txt"  # the newest backup's path, named when the store is not


def restore_file(backup: Path, data_dir: Path, passphrase: str) -> None:
    """A backup decrypted into an empty data dir, checked before it becomes its store."""
    target = database_path(data_dir)
    if target.exists():
        raise AlreadyInitialized("restore_not_empty", data_dir=data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DeskError("cannot_create", path=data_dir, detail=exc.strerror or exc) from None
    plain = leftovers.private_temp(data_dir)
    try:
        backup_store.decrypt_file(backup, plain, passphrase)
        problem = backup_store.restored_problem(plain, backup)
        if problem is not None:
            raise DeskError("backup_refused", problem=problem)
        os.replace(plain, target)
    finally:
        plain.unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class BackupStatus:
    """The last backup (UTC ISO time), its age in hours, and why to make one now, or None."""

    last_at: str | None
    age_hours: float | None
    warning: str | None


class Backups:
    """`desk.backups`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.session = desk.session

    def set_passphrase(self, passphrase: str) -> None:
        """Let backups run by themselves: keep a backup key whose private half only the
        passphrase opens. The passphrase itself is not kept anywhere."""
        self.session.require(Permission.CHANGE_SETTINGS)
        try:
            key = backup_store.new_backup_key(passphrase)
        except backup_store.BackupError as exc:
            raise DeskError("backup_refused", problem=exc) from None
        values = {
            "backup_public_key": base64.b64encode(key.public).decode(),
            "backup_wrapped_key": base64.b64encode(key.wrapped).decode(),
        }
        with self.session.transaction():
            for name, value in values.items():
                settings_store.put(self.session.connection, name, value)
            self.session.audit(
                "backup.key", "", replaced="backup_public_key" in self.session.settings
            )
        self.session.settings.update(values)

    def key(self) -> backup_store.BackupKey | None:
        public, wrapped = (
            self.session.settings.get("backup_public_key"),
            self.session.settings.get("backup_wrapped_key"),
        )
        if not public or not wrapped:
            return None
        return backup_store.BackupKey(base64.b64decode(public), base64.b64decode(wrapped))

    def write(self, target: Path, passphrase: str | None = None) -> int:
        """An encrypted copy of the whole store, taken while the desk keeps working; returns
        the backup's size. Without a passphrase it is encrypted for the desk's backup key.
        The plain copy lives only in a private temporary file."""
        if target.exists() and target.is_dir():
            raise DeskError("backup_target_folder", target=target)
        key = self.key()
        if passphrase is None and key is None:
            raise DeskError("no_backup_passphrase")
        if passphrase is not None and len(passphrase) < backup_store.MIN_PASSPHRASE:
            raise DeskError("passphrase_short", minimum=backup_store.MIN_PASSPHRASE)
        plain = leftovers.private_temp(self.session.data_dir)
        try:
            backup_store.snapshot(self.session.connection, plain)
            if passphrase is not None:
                size = backup_store.encrypt_file(plain, target, passphrase)
            else:
                assert key is not None
                size = backup_store.encrypt_file_to_key(plain, target, key)
        except sqlite3.Error as exc:
            raise DeskError("backup_failed", detail=exc) from None
        except TargetInUse:
            raise FileInUse("file_in_use", target=target) from None
        finally:
            plain.unlink(missing_ok=True)
        now = iso(self.session.now())
        if self.session.damaged is None:
            with self.session.transaction():
                settings_store.put(self.session.connection, "last_backup_at", now)
                settings_store.put(self.session.connection, "last_backup_file", str(target))
                self.session.audit("backup", target.name, size=size)
        self.session.settings["last_backup_at"] = now
        self.session.settings["last_backup_file"] = str(target)
        with contextlib.suppress(OSError):  # named when the store itself can no longer be read
            (self.session.data_dir / LAST_BACKUP_NOTE).write_text(
                str(target.resolve()), encoding="utf-8"
            )
        log.info("backup written: %s (%d bytes)", target, size)
        return size

    def auto(self, passphrase: str | None = None) -> Path:
        """Today's backup into the `backup_folder` setting, keeping the newest `backup_keep`."""
        folder = self.session.settings.get("backup_folder")
        if not folder:
            raise DeskError("no_backup_folder")
        path = Path(folder)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeskError(
                "backup_folder_unusable", path=path, detail=exc.strerror or exc
            ) from None
        stamp = self.session.now().astimezone(self.session.timezone).strftime("%Y%m%d-%H%M%S")
        target = path / f"ektp-desk-{self.session.desk_id}-{stamp}.ektpbak"
        self.write(target, passphrase)
        backup_store.rotate(
            path,
            keep=int_of(self.session.settings, "backup_keep"),
            pattern=f"ektp-desk-{self.session.desk_id}-*.ektpbak",
        )
        return target

    def status(self) -> BackupStatus:
        """The last backup, its age in hours, and a warning when there is none or it is old."""
        age = self.age_hours()
        return BackupStatus(
            last_at=self.session.settings.get("last_backup_at"),
            age_hours=round(age, 1) if age is not None else None,
            warning=(
                "no backup yet: ektp-desk backup -o FILE"
                if age is None
                else f"the last backup is {age:.0f} hours old"
                if age > BACKUP_WARN_HOURS
                else None
            ),
        )

    def due(self) -> bool:
        """An automatic backup is set up (folder and key) and none was made today."""
        if not self.session.settings.get("backup_folder") or self.key() is None:
            return False
        last = self.session.settings.get("last_backup_at")
        if not last:
            return True
        made = datetime.fromisoformat(last).astimezone(self.session.timezone).date()
        return made < self.session.today()

    def age_hours(self) -> float | None:
        last = self.session.settings.get("last_backup_at")
        if not last:
            return None
        return (self.session.now() - datetime.fromisoformat(last)).total_seconds() / 3600

    def latest(self) -> Path | None:
        folder = self.session.settings.get("backup_folder")
        if not folder or not Path(folder).is_dir():
            return None
        found = sorted(Path(folder).glob(f"ektp-desk-{self.session.desk_id}-*.ektpbak"))
        return found[-1] if found else None

    def remove_stale_parts(self) -> int:
        """The partial files of backups killed mid-way, in the backup folder; the plain
        copies in the data dir went when the desk was opened."""
        return remove_stale_parts(self.session.settings.get("backup_folder"), self.session.desk_id)

    def note_restored(self, backup: Path) -> None:
        """After a restore: audited, and noted for the hub, which refuses this desk's sync
        until Disdukcapil accepts the roll-back."""
        conn = self.session.connection
        entries, _ = audit_store.head(conn)
        with self.session.transaction():
            self.session.audit("restore", backup.name, audit_entries=entries)
        note = (
            f"restored from {backup.name} on {iso(self.session.now())} with {entries} audit "
            "entries: the hub refuses this desk's sync until Disdukcapil, told by phone, runs "
            f"`ektp-hub desk accept-rollback {self.session.desk_id}`"
        )
        outbox_store.put_meta(conn, {AUDIT_RESTORED: note})
