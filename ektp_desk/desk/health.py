"""The desk's health: the integrity check (the store, the audit chain, the hub's
confirmed head, the payloads), damage remembered, the disk's free space, and the status."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ektp_desk.desk.backups import LAST_BACKUP_NOTE
from ektp_desk.desk.errors import DeskError
from ektp_desk.desk.session import database_path
from ektp_desk.desk.settings import int_of
from ektp_desk.domain.moments import iso
from ektp_desk.domain.problems import Text
from ektp_desk.store import StoreError, integrity, replay
from ektp_desk.store import audit as audit_store
from ektp_desk.store import outbox as outbox_store
from ektp_desk.store import rot as rot_store

if TYPE_CHECKING:
    from ektp_desk.desk import Desk

log = logging.getLogger(__name__)


RERECORD = "perlu direkam ulang"


@dataclass(frozen=True, slots=True)
class Rerecord:
    """A resident whose recording's payload rotted here: to invite back. A forwarded
    record has its origin desk, in brackets, for a name."""

    record_id: str
    nik: str
    nama: str
    found_at: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    problems: list[str] = field(default_factory=list)
    audit_entries: int = 0
    # Recordings whose sealed payload rotted: not damage of the store, but residents to
    # invite back ("perlu direkam ulang").
    rerecord: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.rerecord


def noted_backup(data_dir: Path) -> str | None:
    try:
        noted = (data_dir / LAST_BACKUP_NOTE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return noted or None


def damage_error(data_dir: Path, reason: str) -> StoreError:
    """A store that cannot even be read: remember it, and say which file and which backup."""
    path = database_path(data_dir)
    integrity.record_damage(path, reason)
    backup = noted_backup(data_dir)
    where = Text("(di folder cadangan meja)", "(in the desk's backup folder)")
    return StoreError(
        "damaged", path=path, reason=reason, backup=f"({backup})" if backup else where
    )


class Health:
    """`desk.health`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.session = desk.session

    def disk_free_mb(self) -> float:
        return shutil.disk_usage(self.session.data_dir).free / 2**20

    def disk_limits(self) -> tuple[int, int]:
        """(floor, warn) in MB: below the floor no recording starts; below warn, a warning."""
        return (
            int_of(self.session.settings, "disk_floor_mb"),
            int_of(self.session.settings, "disk_warn_mb"),
        )

    def disk_warning(self, free: float | None = None) -> str | None:
        """Why the clerk should act on disk space now, or None."""
        free = self.disk_free_mb() if free is None else free
        floor, warn = self.disk_limits()
        if free < floor:
            return (
                f"only {free:.0f} MB free on the disk of the data dir: new recordings are "
                f"refused below {floor} MB. Free space (or move old backups away) first"
            )
        if free < warn:
            return f"only {free:.0f} MB free on the disk of the data dir; free space soon"
        return None

    def require_disk_room(self) -> None:
        floor, _ = self.disk_limits()
        free = self.disk_free_mb()
        if free < floor:
            raise DeskError("disk_floor", free=f"{free:.0f}", floor=floor)

    def mark_damaged(self, problems: list[str], *, remember: bool = True) -> str:
        """After a failed check: refuse every write from now on, and say what to do; with
        `remember`, every later process that opens the store refuses writes too (there, its
        writes are refused by `require`: a log-in still works, for a bundle out of it)."""
        try:
            backup: Path | str | None = self.desk.backups.latest() or noted_backup(
                self.session.data_dir
            )
        except OSError:
            backup = noted_backup(self.session.data_dir)
        path = self.session.database_path
        reasons = "; ".join(problems[:3])
        where = f" ({backup})" if backup else ""
        text = Text(
            f"basis data meja {path} rusak ({reasons}): tidak ada lagi yang ditulis. Panggil "
            f"supervisor: pulihkan cadangan terbaru{where} dengan `ektp-desk restore FILE` ke "
            "folder data baru",
            f"the desk's database {path} is damaged ({reasons}): nothing more is written. Call "
            f"the supervisor: restore the newest backup{where} with `ektp-desk restore FILE` "
            "into a new data dir",
        )
        self.session.damaged = text.en
        self.session.damage_text = text
        if remember:
            integrity.refuse_writes(self.session.connection)
            integrity.record_damage(path, reasons)
        log.error("database damaged; writes refused: %s", problems[:3])
        return text.en

    def verify_audit(self) -> audit_store.AuditReport:
        return audit_store.verify(self.session.connection)

    def check(self, *, quick: bool = False) -> CheckResult:
        """The store's integrity (SQLite's integrity_check, or its quicker quick_check at
        each start of the window), the audit chain, the head the hub confirmed and the
        replay of the log, and every payload to send against its SHA-256 (a rotten one is set
        aside for recording again). Damage found is remembered: writes are refused."""
        try:
            return self._check(quick=quick)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            if not integrity.is_corruption(exc):
                raise
            result = CheckResult([f"database integrity: {exc}"])
        self._remember_integrity(result)
        return result

    def _remember_integrity(self, result: CheckResult, *, full: bool = False) -> None:
        """Damage found is remembered for every later process; a full check that finds the
        file sound again (repaired) forgets it for the next ones."""
        damage = [p for p in result.problems if p.startswith("database integrity")]
        if damage:
            if self.session.damaged is None:
                self.mark_damaged(damage)
            else:
                integrity.record_damage(self.session.database_path, "; ".join(damage[:3]))
        elif full:
            integrity.clear_damage(self.session.database_path)

    def _check(self, *, quick: bool) -> CheckResult:
        try:
            problems = integrity.structure_problems(self.session.connection, quick=quick)
        except sqlite3.DatabaseError as exc:
            if not integrity.is_corruption(exc):
                raise
            problems = [f"database integrity: {exc}"]
        if problems:
            result = CheckResult(problems)
            self._remember_integrity(result)
            return result  # a damaged file: what follows would only read garbage
        report = audit_store.verify(self.session.connection)
        if not report.ok:
            problems.append(f"audit chain broken at entry {report.broken_at}: {report.reason}")
        problems += self.check_audit_head()
        problems += replay.disagreements(self.session.connection)
        problems += rot_store.size_disagreements(self.session.connection)
        result = CheckResult(problems, report.entries, self.find_rotten())
        self._remember_integrity(result, full=not quick)
        return result

    def find_rotten(self) -> list[str]:
        """Check every payload still to send against its SHA-256; set a rotten one aside
        (never sent, flagged for the supervisors) and list all set aside so far."""
        found = rot_store.find_rotten(self.session.connection)
        if found and self.session.damaged is None:
            with self.session.transaction():
                rot_store.mark_rotten(self.session.connection, found, at=iso(self.session.now()))
        for table, record_id in found:
            log.error("the sealed payload of record %s (%s) rotted", record_id, table)
        marked = rot_store.rerecord(self.session.connection)
        listed = [
            f"{RERECORD}: {name} (recording {record_id}): its sealed payload is damaged on "
            "this desk and is never sent; invite the resident back to record again"
            for record_id, _, name, _ in marked
        ]
        known = {r for r, _, _, _ in marked}
        listed += [
            f"{RERECORD}: recording {record_id}: its sealed payload is damaged on this desk"
            for _, record_id in found
            if record_id not in known
        ]
        return listed

    def rerecord_list(self) -> list[Rerecord]:
        """Residents whose recording's payload rotted here: to invite back."""
        return [Rerecord(*row) for row in rot_store.rerecord(self.session.connection)]

    def check_audit_head(self) -> list[str]:
        """The audit log against the last head the hub confirmed (kept on the desk): a log
        cut short or rewritten before that point is found here even with its chain redone."""
        sync = outbox_store.meta(self.session.connection)
        count = sync.get(audit_store.CONFIRMED_COUNT)
        digest = sync.get(audit_store.CONFIRMED_HASH)
        if count is None or digest is None or not count.isdigit():
            return []  # the hub never confirmed a head
        wrong = audit_store.against_confirmed(self.session.connection, int(count), digest)
        return [wrong] if wrong else []
