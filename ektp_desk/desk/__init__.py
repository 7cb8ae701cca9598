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

import importlib
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar, overload
from zoneinfo import ZoneInfo

from ektp_desk.desk import settings as desk_settings
from ektp_desk.desk.errors import (
    AuthError,
    DeskError,
    FileInUse,
    PermissionDenied,
    TakeOverRefused,
    ValidationFailed,
)
from ektp_desk.desk.session import Clock, Session, User, database_path
from ektp_desk.domain.accounts import DEFAULT_SCRYPT
from ektp_desk.domain.moments import iso, utc_now
from ektp_desk.store import NotInitialized, StoreError, integrity, leftovers
from ektp_desk.store.db import connect

if TYPE_CHECKING:  # at run time these come on first use (see __getattr__ below)
    from ektp_desk.desk.accounts import Accounts
    from ektp_desk.desk.approvals import Approval, Approvals, WaitingApproval
    from ektp_desk.desk.backups import Backups
    from ektp_desk.desk.bundles import Bundles
    from ektp_desk.desk.city import City, CityError, PublishedApplied, RecordedAt, RecordStatus
    from ektp_desk.desk.health import CheckResult, Health, damage_error
    from ektp_desk.desk.hub import Hub, SyncOverview, hub_url_problem
    from ektp_desk.desk.paper import Invitations, Paper
    from ektp_desk.desk.queue import Queue
    from ektp_desk.desk.recordings import Recordings, SavedRecording
    from ektp_desk.desk.reports import Reports
    from ektp_desk.desk.residents import ImportResult, Residents
    from ektp_desk.desk.status import DeskStatus
    from ektp_desk.desk.updates import Updates
    from ektp_desk.domain.accounts import Permission, ScryptParams
    from ektp_desk.domain.problems import Text
    from ektp_desk.domain.recording import DeskContext
    from ektp_desk.domain.regions import RegionList
    from ektp_desk.reports.documents import PaperDocument, PaperSize, ReportFrame
    from ektp_desk.reports.outreach import COLUMNS as OUTREACH_COLUMNS
    from ektp_desk.reports.outreach import kelurahan_title
    from ektp_desk.reports.tally import Progress, Tally
    from ektp_desk.reports.writers import BREAKDOWNS, atomic_path, label_key, period, summary_rows
    from ektp_desk.store.queue import Board as QueueBoard
    from ektp_desk.store.queue import Ticket
    from ektp_desk.store.recordings import OUTBOX_STATES, LogEntry, LogFilter, RecordingDetail
    from ektp_desk.sync import SyncError
    from ektp_desk.sync.engine import Backoff, RunReport, SyncEngine, SyncService

# The names the Desk hands on come from their modules on first use: the log-in window needs
# almost none of them (nor the HTTP stack, the report formats or the cryptography most
# managers bring), and a clerk waits for every module the start imports.
_FROM = {
    "ektp_desk.desk.approvals": "Approval WaitingApproval",
    "ektp_desk.desk.city": "CityError PublishedApplied RecordedAt RecordStatus",
    "ektp_desk.desk.health": "CheckResult damage_error",
    "ektp_desk.desk.hub": "SyncOverview hub_url_problem",
    "ektp_desk.desk.paper": "Invitations",
    "ektp_desk.desk.recordings": "SavedRecording",
    "ektp_desk.desk.residents": "ImportResult",
    "ektp_desk.desk.status": "DeskStatus",
    "ektp_desk.reports.documents": "PaperDocument PaperSize ReportFrame",
    "ektp_desk.reports.tally": "Progress Tally",
    "ektp_desk.reports.outreach": "OUTREACH_COLUMNS=COLUMNS kelurahan_title",
    "ektp_desk.reports.writers": "BREAKDOWNS atomic_path label_key period summary_rows",
    "ektp_desk.protocol.bundle": "BUNDLE_SUFFIX=SUFFIX",
    "ektp_desk.store.backup": "MIN_PASSPHRASE",
    "ektp_desk.store.queue": "QueueBoard=Board Ticket",
    "ektp_desk.store.recordings": "OUTBOX_STATES LogEntry LogFilter RecordingDetail",
    "ektp_desk.sync": "SyncError",
    "ektp_desk.sync.engine": "Backoff RunReport SyncEngine SyncService",
}
# name here -> (module, name there)
_LAZY = {
    here: (module, there or here)
    for module, names in _FROM.items()
    for here, _, there in (n.partition("=") for n in names.split())
}


def __getattr__(name: str) -> object:
    found = _LAZY.get(name)
    if found is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(found[0]), found[1])
    globals()[name] = value  # the next use finds it at once
    return value


# Besides its own names, the Desk hands the faces (ui/ and the CLI) the types, errors and
# constants of the layers below that they need, so that they import nothing below it:
# tests/unit/test_layers.py holds ui/ to that.
__all__ = [
    "BREAKDOWNS",
    "BUNDLE_SUFFIX",
    "MIN_PASSPHRASE",
    "OUTBOX_STATES",
    "OUTREACH_COLUMNS",
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
    "atomic_path",
    "damage_error",
    "hub_url_problem",
    "iso",
    "kelurahan_title",
    "label_key",
    "period",
    "summary_rows",
    "utc_now",
]


M = TypeVar("M")


class _Manager(Generic[M]):
    """A Desk's manager, made from its module on first use and kept on the desk."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name, self.attr = module, name, ""

    def __set_name__(self, owner: type, attr: str) -> None:
        self.attr = attr

    @overload
    def __get__(self, desk: None, owner: type) -> _Manager[M]: ...
    @overload
    def __get__(self, desk: Desk, owner: type) -> M: ...
    def __get__(self, desk: Desk | None, owner: type) -> M | _Manager[M]:
        if desk is None:
            return self
        made: M = getattr(importlib.import_module(self.module), self.name)(desk)
        desk.__dict__[self.attr] = made
        return made


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

    # Each manager is made when first used: the log-in window needs the accounts only, and
    # each manager's module brings its rules, formats and SQL (and some their cryptography
    # or the HTTP stack) with it.
    accounts: _Manager[Accounts] = _Manager("ektp_desk.desk.accounts", "Accounts")
    residents: _Manager[Residents] = _Manager("ektp_desk.desk.residents", "Residents")
    recordings: _Manager[Recordings] = _Manager("ektp_desk.desk.recordings", "Recordings")
    queue: _Manager[Queue] = _Manager("ektp_desk.desk.queue", "Queue")
    hub: _Manager[Hub] = _Manager("ektp_desk.desk.hub", "Hub")
    backups: _Manager[Backups] = _Manager("ektp_desk.desk.backups", "Backups")
    health: _Manager[Health] = _Manager("ektp_desk.desk.health", "Health")
    approvals: _Manager[Approvals] = _Manager("ektp_desk.desk.approvals", "Approvals")
    bundles: _Manager[Bundles] = _Manager("ektp_desk.desk.bundles", "Bundles")
    reports: _Manager[Reports] = _Manager("ektp_desk.desk.reports", "Reports")
    paper: _Manager[Paper] = _Manager("ektp_desk.desk.paper", "Paper")
    updates: _Manager[Updates] = _Manager("ektp_desk.desk.updates", "Updates")
    city: _Manager[City] = _Manager("ektp_desk.desk.city", "City")

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
        leftovers.remove_stale_temps(data_dir)
        try:
            conn = connect(path)
        except StoreError as exc:
            if exc.__cause__ is not None and integrity.is_corruption(exc.__cause__):
                from ektp_desk.desk.health import damage_error

                raise damage_error(data_dir, str(exc.__cause__)) from None
            raise
        try:
            desk = cls(data_dir, conn, clock=clock, region_list=region_list)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            conn.close()
            if not integrity.is_corruption(exc):
                raise StoreError("unreadable", detail=exc) from None
            from ektp_desk.desk.health import damage_error

            raise damage_error(data_dir, str(exc)) from None
        except BaseException:
            conn.close()
            raise
        leftovers.remove_stale_parts(desk.settings.get("backup_folder"), desk.desk_id)
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
        from ektp_desk.desk.founding import NewDesk, found

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
        from ektp_desk.desk.backups import restore_file

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
        from ektp_desk.desk.status import status_of

        return status_of(self)

    def check(self, *, quick: bool = False) -> CheckResult:
        return self.health.check(quick=quick)
