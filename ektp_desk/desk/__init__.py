"""The Desk: the one way in to a desk's data for the CLI and the UI.

`Desk.open`, `Desk.create` and `Desk.restore` give a desk; its work is done by managers on
one `Session` (desk/session.py: the connection, clock, settings and acting user):
`desk.accounts`, `.residents`, `.recordings`, `.queue`, `.hub`, `.backups`, `.bundles`,
`.reports`, `.health` (checks, disk, status), `.paper` (tickets, receipts,
invitations), `.approvals` (recordings a supervisor must approve before sending) and
`.city` (the kecamatan's recordings at every desk, cases, the published list).
Every write goes through a manager, which checks the acting user's role, writes its
change and the matching audit entry in one transaction (its SQL in ektp_desk/store/),
and raises a `DeskError` a person can act on. A Desk is used from one
thread; a background worker opens its own.
"""

from __future__ import annotations

import functools
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ektp_desk.desk import settings as desk_settings
from ektp_desk.desk.accounts import Accounts
from ektp_desk.desk.approvals import Approval, Approvals, WaitingApproval
from ektp_desk.desk.backups import Backups, restore_file
from ektp_desk.desk.city import City, CityError, PublishedApplied, RecordedAt, RecordStatus
from ektp_desk.desk.errors import (
    AuthError,
    DeskError,
    FileInUse,
    PermissionDenied,
    TakeOverRefused,
    ValidationFailed,
)
from ektp_desk.desk.founding import NewDesk, found
from ektp_desk.desk.health import CheckResult, Health, damage_error
from ektp_desk.desk.hub import Hub, SyncOverview, hub_url_problem
from ektp_desk.desk.queue import Queue
from ektp_desk.desk.recordings import Recordings, SavedRecording
from ektp_desk.desk.residents import ImportResult, Residents
from ektp_desk.desk.session import Clock, Session, User, database_path, iso, utc_now
from ektp_desk.desk.status import DeskStatus, status_of
from ektp_desk.domain.accounts import DEFAULT_SCRYPT, Permission, ScryptParams
from ektp_desk.domain.problems import Text
from ektp_desk.domain.recording import DeskContext
from ektp_desk.domain.regions import RegionList
from ektp_desk.protocol.bundle import SUFFIX as BUNDLE_SUFFIX
from ektp_desk.reports.documents import PaperDocument, PaperSize, ReportFrame
from ektp_desk.reports.tally import Progress, Tally
from ektp_desk.store import NotInitialized, StoreError, integrity
from ektp_desk.store import backup as backup_store
from ektp_desk.store.backup import MIN_PASSPHRASE
from ektp_desk.store.db import connect
from ektp_desk.store.queue import Board as QueueBoard
from ektp_desk.store.queue import Ticket
from ektp_desk.store.recordings import OUTBOX_STATES, LogEntry, LogFilter, RecordingDetail
from ektp_desk.sync import SyncError

if TYPE_CHECKING:  # at run time these come on first use (see __getattr__ below)
    from ektp_desk.desk.bundles import Bundles
    from ektp_desk.desk.paper import Invitations, Paper
    from ektp_desk.desk.reports import Reports
    from ektp_desk.desk.updates import Updates
    from ektp_desk.sync.engine import Backoff, RunReport, SyncEngine, SyncService

# The sync engine brings the HTTP stack with it; the log-in window needs neither, so the
# faces get these names from here only when they first use them.
_SYNC_NAMES = frozenset({"Backoff", "RunReport", "SyncEngine", "SyncService"})


def __getattr__(name: str) -> object:
    if name in _SYNC_NAMES:
        from ektp_desk.sync import engine

        return getattr(engine, name)
    if name == "Invitations":
        from ektp_desk.desk.paper import Invitations

        return Invitations
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Besides its own names, the Desk hands the faces (ui/ and the CLI) the types, errors and
# constants of the layers below that they need, so that they import nothing below it:
# tests/unit/test_layers.py holds ui/ to that.
__all__ = [
    "BUNDLE_SUFFIX",
    "MIN_PASSPHRASE",
    "OUTBOX_STATES",
    "Approval",
    "AuthError",
    "Backoff",
    "CheckResult",
    "CityError",
    "Desk",
    "DeskError",
    "DeskStatus",
    "FileInUse",
    "ImportResult",
    "Invitations",
    "LogEntry",
    "LogFilter",
    "NotInitialized",
    "PaperDocument",
    "PaperSize",
    "PermissionDenied",
    "Progress",
    "PublishedApplied",
    "QueueBoard",
    "RecordStatus",
    "RecordedAt",
    "RecordingDetail",
    "ReportFrame",
    "RunReport",
    "SavedRecording",
    "StoreError",
    "SyncEngine",
    "SyncError",
    "SyncOverview",
    "SyncService",
    "TakeOverRefused",
    "Tally",
    "Ticket",
    "User",
    "ValidationFailed",
    "WaitingApproval",
    "damage_error",
    "hub_url_problem",
    "iso",
    "utc_now",
]


class Desk:
    """A desk's data dir, opened. Use `Desk.create` for a new one and `Desk.open` after."""

    def __init__(
        self,
        data_dir: Path,
        conn: sqlite3.Connection,
        *,
        clock: Clock = utc_now,
        region_list: RegionList | None = None,
    ) -> None:
        self.session = Session(data_dir, conn, clock=clock, region_list=region_list)
        self.accounts = Accounts(self)
        self.residents = Residents(self)
        self.recordings = Recordings(self)
        self.queue = Queue(self)
        self.hub = Hub(self)
        self.backups = Backups(self)
        self.health = Health(self)
        self.approvals = Approvals(self)
        self.city = City(self)

    # The managers of paper work (reports, documents, bundles) bring their formats with them;
    # the log-in window needs none, so each is made when first used.

    @functools.cached_property
    def bundles(self) -> Bundles:
        from ektp_desk.desk.bundles import Bundles

        return Bundles(self)

    @functools.cached_property
    def reports(self) -> Reports:
        from ektp_desk.desk.reports import Reports

        return Reports(self)

    @functools.cached_property
    def paper(self) -> Paper:
        from ektp_desk.desk.paper import Paper

        return Paper(self)

    @functools.cached_property
    def updates(self) -> Updates:
        from ektp_desk.desk.updates import Updates

        return Updates(self)

    # -- opening and closing ------------------------------------------------------------

    @staticmethod
    def database_path(data_dir: Path) -> Path:
        return database_path(data_dir)

    @classmethod
    def open(
        cls, data_dir: Path, *, clock: Clock = utc_now, region_list: RegionList | None = None
    ) -> Desk:
        path = database_path(data_dir)
        if not path.exists():
            raise NotInitialized("not_initialized", data_dir=data_dir)
        backup_store.remove_stale_temps(data_dir)
        try:
            conn = connect(path)
        except StoreError as exc:
            if exc.__cause__ is not None and integrity.is_corruption(exc.__cause__):
                raise damage_error(data_dir, str(exc.__cause__)) from None
            raise
        try:
            desk = cls(data_dir, conn, clock=clock, region_list=region_list)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            conn.close()
            if not integrity.is_corruption(exc):
                raise StoreError("unreadable", detail=exc) from None
            raise damage_error(data_dir, str(exc)) from None
        except BaseException:
            conn.close()
            raise
        desk.backups.remove_stale_parts()
        found_damage = integrity.recorded_damage(path)
        if found_damage is not None:
            desk.health.mark_damaged([found_damage], remember=False)
        return desk

    @classmethod
    def create(
        cls,
        data_dir: Path,
        *,
        kecamatan: str,
        desk_id: str,
        admin_name: str,
        admin_password: str,
        timezone: str | None = None,
        target: int | None = None,
        clock: Clock = utc_now,
        region_list: RegionList | None = None,
        scrypt: ScryptParams = DEFAULT_SCRYPT,
        training: bool = False,
    ) -> Desk:
        """A new desk. A `training` desk records with simulated devices, and each of its
        recordings is marked so that a hub refuses it unless it too runs for training;
        the choice is made here once and cannot be changed."""
        new = NewDesk(
            kecamatan, desk_id, admin_name, admin_password, timezone, target, scrypt, training
        )
        conn, rl = found(data_dir, new, clock=clock, region_list=region_list)
        try:
            return cls(data_dir, conn, clock=clock, region_list=rl)
        except BaseException:
            conn.close()
            raise

    @classmethod
    def restore(
        cls, backup: Path, data_dir: Path, passphrase: str, *, clock: Clock = utc_now
    ) -> Desk:
        """A backup into an empty data dir, checked before it becomes the desk's store."""
        restore_file(backup, data_dir, passphrase)
        desk = cls.open(data_dir, clock=clock)
        desk.backups.note_restored(backup)
        return desk

    def close(self) -> None:
        self.session.connection.close()
        self.session.closed = True

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the session, read -------------------------------------------------------------

    @property
    def user(self) -> User | None:
        """Who is logged in; read-only: `accounts.login`, `logout` and `take_over` set it."""
        return self.session.user

    @property
    def data_dir(self) -> Path:
        return self.session.data_dir

    @property
    def settings(self) -> dict[str, str]:
        return self.session.settings

    def setting(self, key: str) -> int:
        """An int setting's value: the one chosen, else its default (desk/settings.py)."""
        return desk_settings.int_of(self.session.settings, key)

    @property
    def desk_id(self) -> str:
        return self.session.desk_id

    @property
    def kecamatan(self) -> str:
        return self.session.kecamatan

    @property
    def timezone(self) -> ZoneInfo:
        return self.session.timezone

    @property
    def damaged(self) -> str | None:
        return self.session.damaged

    @property
    def damage_text(self) -> Text | None:
        """What `damaged` says, in both languages (the window shows its own)."""
        return self.session.damage_text

    @property
    def closed(self) -> bool:
        return self.session.closed

    @property
    def training(self) -> bool:
        return self.session.training

    @property
    def regions(self) -> RegionList:
        return self.session.regions

    def context(self) -> DeskContext:
        return self.session.context()

    def now(self) -> datetime:
        return self.session.now()

    def today(self) -> date:
        return self.session.today()

    def kelurahan_list(self) -> list[tuple[str, str]]:
        return self.session.kelurahan_list()

    def require(self, permission: Permission, *, reads_only: bool = False) -> User:
        return self.session.require(permission, reads_only=reads_only)

    def change_setting(self, key: str, value: str) -> None:
        self.session.change_setting(key, value)

    def reload_settings(self) -> None:
        self.session.reload_settings()

    # -- overview and checks -------------------------------------------------------------

    def status(self) -> DeskStatus:
        return status_of(self)

    def check(self, *, quick: bool = False) -> CheckResult:
        return self.health.check(quick=quick)
