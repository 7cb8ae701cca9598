"""The `Desk` service: the one way in to a desk's data for the CLI and the UI.

A `Desk` owns one SQLite connection and is used from one thread; a background worker opens
its own. Every write goes through a method here, which checks the acting user's role,
writes its change and the matching audit entry in one transaction, and raises a
`DeskError` with a message a person can act on.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from ektp_desk.domain.accounts import (
    DEFAULT_SCRYPT,
    Permission,
    Role,
    ScryptParams,
    hash_password,
    may,
    password_matches,
    password_problem,
)
from ektp_desk.domain.desks import desk_id_problem
from ektp_desk.domain.eligibility import Eligibility
from ektp_desk.domain.nik import NikError, parse_nik
from ektp_desk.domain.problems import Problem, error
from ektp_desk.domain.recording import (
    DeskContext,
    FileReader,
    Recording,
    build_recording,
    normalize_biodata,
)
from ektp_desk.domain.regions import Level, RegionList, regions, timezone_for
from ektp_desk.fsutil import remove_stale_partials
from ektp_desk.imports import (
    REQUIRED_COLUMNS,
    ImportLimits,
    ImportPlan,
    error_report_path,
    read_residents,
    write_error_report,
)
from ektp_desk.protocol.bundle import SUFFIX as BUNDLE_SUFFIX
from ektp_desk.protocol.bundle import (
    BundleEntry,
    BundleError,
    BundleHeader,
    BundleReader,
    bundle_key,
    check_forwardable,
    sign_entry,
    write_bundle,
)
from ektp_desk.protocol.envelope import (
    generate_private_key,
    key_id,
    open_envelope,
    public_bytes,
    seal,
)
from ektp_desk.protocol.payload import build_payload, capture_qualities
from ektp_desk.reports import writers as report_writers
from ektp_desk.reports.outreach import outreach_list, write_outreach_xlsx
from ektp_desk.reports.tally import compute_progress, compute_tally, default_deadline
from ektp_desk.store import (
    AlreadyInitialized,
    NotInitialized,
    StoreError,
    integrity,
    keywrap,
    replay,
    token_seal,
)
from ektp_desk.store import audit as audit_store
from ektp_desk.store import backup as backup_store
from ektp_desk.store import outbox as outbox_store
from ektp_desk.store import queue as queue_store
from ektp_desk.store import recordings as recording_store
from ektp_desk.store import residents as resident_store
from ektp_desk.store import settings as settings_store
from ektp_desk.store import users as user_store
from ektp_desk.store.backup import MIN_PASSPHRASE
from ektp_desk.store.db import DB_FILE, connect, refuse_foreign_schema, transaction
from ektp_desk.store.queue import Ticket
from ektp_desk.store.recordings import OUTBOX_STATES, LogEntry, LogFilter
from ektp_desk.sync import SyncError
from ektp_desk.sync.client import HubClient, check_url
from ektp_desk.sync.engine import (
    AUDIT_REFUSED,
    AUDIT_RESTORED,
    CLOCK_WARNING_SECONDS,
    DEFAULT_PURGE_DAYS,
    Backoff,
    RunReport,
    SyncEngine,
    SyncService,
    forwardable_record_bytes,
    this_process,
)

# Besides its own names, the Desk hands the faces (ui/ and the CLI) the types, errors and
# constants of the layers below that they need, so that they import nothing below it:
# tests/unit/test_layers.py holds ui/ to that.
__all__ = [
    "BUNDLE_SUFFIX",
    "MIN_PASSPHRASE",
    "OUTBOX_STATES",
    "Backoff",
    "LogEntry",
    "LogFilter",
    "NotInitialized",
    "RunReport",
    "StoreError",
    "SyncEngine",
    "SyncError",
    "SyncService",
    "Ticket",
]

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
# Set once by `init --training`; not adjustable: a desk is for training or for real.
TRAINING_SETTING = "training"
DEFAULT_LOCKOUT_ATTEMPTS = 5
DEFAULT_LOCKOUT_MINUTES = 5
DEFAULT_DISK_WARN_MB = 2048
DEFAULT_DISK_FLOOR_MB = 200
BACKUP_WARN_HOURS = 36
LAST_BACKUP_NOTE = "last-backup.txt"  # the newest backup's path, named when the store is not
RERECORD = "perlu direkam ulang"
HOLDING_PUBLIC = "holding_public_key"
HOLDING_LABEL = b"ektp-desk holding key v1"
MAX_LOGGED_NAME = 64  # a longer log-in name is no account; it is cut in the audit log
# An unknown name is checked against this, so it costs the same scrypt work as a real one.
_DUMMY_SALT = b"ektp-desk dummy!"
_DUMMY_HASH = bytes(32)


def login_refused(attempts: int, minutes: int) -> str:
    """The one answer to every refused log-in, whatever the reason (no account oracle)."""
    return (
        f"unknown user or wrong password (after {attempts} failed log-ins in a row a name"
        f" must wait {minutes} minutes; an admin can reset a password)"
    )


def _holding_slot(admin: str) -> str:
    return f"holding_key_for:{admin.casefold()}"


def _wrap_holding(key: X25519PrivateKey, password: str, params: ScryptParams) -> str:
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    wrapped = keywrap.wrap(raw, password, n=params.n, r=params.r, p=params.p, label=HOLDING_LABEL)
    return base64.b64encode(wrapped).decode()


SYSTEM_ACTOR = "system"
# The hub token: in clear ("hub_token") only where the computer keeps no key; else sealed.
TOKEN_SEALED = "hub_token_sealed"
TOKEN_KEEPER = "hub_token_keeper"
TOKEN_KEK = "hub_token_kek"
TOKEN_SETTINGS = frozenset({"hub_token", TOKEN_SEALED, TOKEN_KEEPER, TOKEN_KEK})


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


class DeskError(Exception):
    """Something the person at the desk must be told; the message says what to do."""


class AuthError(DeskError):
    pass


class PermissionDenied(DeskError):
    pass


class ValidationFailed(DeskError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.is_error]
        super().__init__("; ".join(str(p) for p in errors))


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Role


@dataclass(frozen=True, slots=True)
class SavedRecording:
    record_id: str
    nik: str
    local_date: date
    eligibility: Eligibility
    warnings: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class ImportResult:
    imported: int
    inserted: int
    updated: int
    rejected: int
    report: Path | None
    plan: ImportPlan


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


def _parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DeskError(f"unknown time zone {name!r} (for example Asia/Makassar)") from None


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
        self.data_dir = data_dir
        self._conn = conn
        self._clock = clock
        self._region_list = region_list
        self.user: User | None = None
        self.damaged: str | None = None
        self.closed = False  # a window's late signals must not read a closed store
        # The holding key's private half, opened by an admin's log-in: it re-seals for the
        # hub what was saved before the hub's key was known. Never stored in clear.
        self._holding_private: X25519PrivateKey | None = None
        self._ticket_for_save: int | None = None
        self._token_problem: dict[str, str | None] = {}  # a sealed token: why it does not open
        values = settings_store.get_all(conn)
        if "desk_id" not in values:
            raise NotInitialized(
                f"{data_dir} holds no complete desk; set it up with `ektp-desk init`"
            )
        self.settings = values
        self.desk_id = values["desk_id"]
        self.kecamatan = values["kecamatan"]
        self.timezone = _parse_zone(values["timezone"])

    @property
    def training(self) -> bool:
        """A training desk: simulated devices, and recordings no production hub takes."""
        return self.settings.get(TRAINING_SETTING) == "1"

    # -- opening -------------------------------------------------------------------------

    @staticmethod
    def database_path(data_dir: Path) -> Path:
        return data_dir / DB_FILE

    @classmethod
    def open(
        cls, data_dir: Path, *, clock: Clock = utc_now, region_list: RegionList | None = None
    ) -> Desk:
        path = cls.database_path(data_dir)
        if not path.exists():
            raise NotInitialized(f"no desk in {data_dir}; set one up with `ektp-desk init` first")
        backup_store.remove_stale_temps(data_dir)
        try:
            conn = connect(path)
        except StoreError as exc:
            if exc.__cause__ is not None and integrity.is_corruption(exc.__cause__):
                raise StoreError(damage_message(data_dir, str(exc.__cause__))) from None
            raise
        try:
            desk = cls(data_dir, conn, clock=clock, region_list=region_list)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            conn.close()
            if not integrity.is_corruption(exc):
                raise StoreError(f"cannot read the desk's database: {exc}") from None
            raise StoreError(damage_message(data_dir, str(exc))) from None
        except BaseException:
            conn.close()
            raise
        desk.remove_stale_backup_parts()
        found = integrity.recorded_damage(path)
        if found is not None:
            desk.mark_damaged([found], remember=False)
        return desk

    def remove_stale_backup_parts(self) -> int:
        """The partial files of backups killed mid-way, in the backup folder; the plain
        copies in the data dir went when the desk was opened."""
        folder = self.settings.get("backup_folder")
        if not folder or not Path(folder).is_dir():
            return 0
        return remove_stale_partials(Path(folder), f"ektp-desk-{self.desk_id}-*.ektpbak")

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
        rl = region_list or regions()
        region = rl.get(kecamatan)
        if region is None or region.level is not Level.KECAMATAN:
            raise DeskError(
                f"{kecamatan!r} is not a kecamatan code of the Kemendagri list"
                " (for example 72.71.02 for Palu Barat)"
            )
        desk_id = desk_id.strip()
        problem = desk_id_problem(desk_id)
        if problem:
            raise DeskError(problem)
        zone = timezone or timezone_for(kecamatan)
        _parse_zone(zone)
        if target is not None and target < 0:
            raise DeskError("the target cannot be negative")
        _check_user_name(admin_name)
        problem = password_problem(admin_password)
        if problem:
            raise DeskError(f"admin password refused: {problem}")
        path = cls.database_path(data_dir)
        if path.exists():
            probe = connect(path)
            try:
                if settings_store.get_all(probe):
                    raise AlreadyInitialized(f"{data_dir} already holds a desk; it was not changed")
            finally:
                probe.close()
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeskError(f"cannot create {data_dir}: {exc.strerror or exc}") from None
        conn = connect(path)
        now = iso(clock())
        salt, digest = hash_password(admin_password, params=scrypt)
        values = {
            "desk_id": desk_id,
            "kecamatan": kecamatan,
            "timezone": zone,
            "created_at": now,
            "lockout_attempts": str(DEFAULT_LOCKOUT_ATTEMPTS),
            "lockout_minutes": str(DEFAULT_LOCKOUT_MINUTES),
        }
        if target is not None:
            values["target"] = str(target)
        if training:
            values[TRAINING_SETTING] = "1"
        try:
            with transaction(conn):
                for key, value in values.items():
                    settings_store.put(conn, key, value)
                user_store.insert(
                    conn,
                    name=admin_name,
                    role=Role.ADMIN,
                    salt=salt,
                    password_hash=digest,
                    params=scrypt,
                    at=now,
                )
                audit_store.append(
                    conn,
                    at=now,
                    actor=admin_name,
                    action="desk.init",
                    subject=desk_id,
                    detail={"kecamatan": kecamatan, "timezone": zone, "target": target}
                    | ({"training": True} if training else {}),
                )
                audit_store.append(
                    conn,
                    at=now,
                    actor=admin_name,
                    action="user.add",
                    subject=admin_name,
                    detail={
                        "role": Role.ADMIN.value,
                        "password": _fingerprint(salt, digest, scrypt),
                    },
                )
                holding = generate_private_key()
                settings_store.put(
                    conn, HOLDING_PUBLIC, base64.b64encode(public_bytes(holding)).decode()
                )
                settings_store.put(
                    conn, _holding_slot(admin_name), _wrap_holding(holding, admin_password, scrypt)
                )
            return cls(data_dir, conn, clock=clock, region_list=rl)
        except BaseException:
            conn.close()
            raise

    def close(self) -> None:
        self._conn.close()
        self.closed = True

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The desk's connection, for read-only queries by reports and views."""
        return self._conn

    @property
    def regions(self) -> RegionList:
        if self._region_list is None:
            self._region_list = regions()
        return self._region_list

    def context(self) -> DeskContext:
        return DeskContext(self.kecamatan, self.timezone, self.regions)

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return self._clock().astimezone(self.timezone).date()

    def kelurahan_list(self) -> list[tuple[str, str]]:
        """(code, name) of every kelurahan/desa of the desk's kecamatan."""
        return [(r.code, r.name) for r in self.regions.children(self.kecamatan)]

    # -- accounts ------------------------------------------------------------------------

    def _audit(self, action: str, subject: str = "", **detail: Any) -> None:
        actor = self.user.name if self.user else SYSTEM_ACTOR
        audit_store.append(
            self._conn,
            at=iso(self._clock()),
            actor=actor,
            action=action,
            subject=subject,
            detail=detail,
        )

    def require(self, permission: Permission, *, reads_only: bool = False) -> User:
        """The logged-in user, when they may do it. On a damaged store only what merely
        reads (a bundle out of it, for one) is still allowed."""
        if self.damaged is not None and not reads_only:
            raise DeskError(self.damaged)
        if self.user is None:
            raise PermissionDenied("log in first (give --user and a password)")
        if not may(self.user.role, permission):
            raise PermissionDenied(
                f"user {self.user.name} ({self.user.role.value}) may not {permission.value}"
            )
        return self.user

    def require_user(self) -> User:
        """The logged-in user, of any role: reading names and NIKs needs one. Allowed on a
        damaged store, as it only reads."""
        if self.user is None:
            raise PermissionDenied("log in first (give --user and a password)")
        return self.user

    def login(self, name: str, password: str) -> User:
        """Log in. Every refusal (unknown name, wrong password, disabled or locked account)
        gives the same message after the same scrypt work; the reason goes to the audit log.
        An attempt is counted for the name, known or not, in the write transaction that
        checks its lockout and before the password is checked, so guesses racing each other
        get at most `lockout_attempts` checks."""
        now = self._clock()
        attempts = int(self.settings.get("lockout_attempts", DEFAULT_LOCKOUT_ATTEMPTS))
        minutes = int(self.settings.get("lockout_minutes", DEFAULT_LOCKOUT_MINUTES))
        shown = name[:MAX_LOGGED_NAME]
        key = shown.casefold()
        with (
            _unless_disk_full(self._conn, "a log-in attempt was not counted"),
            transaction(self._conn),
        ):
            row = user_store.get(self._conn, name) if len(name) <= MAX_LOGGED_NAME else None
            state = user_store.attempts(self._conn, key)
            count, locked_until = state.attempts, state.locked_until
            if locked_until is not None and now >= datetime.fromisoformat(locked_until):
                count, locked_until = 0, None
            if locked_until is None and count >= attempts:
                # The budget went to guesses still running (or to a process killed while
                # checking): lock now rather than check more.
                count, locked_until = 0, iso(now + timedelta(minutes=minutes))
            reserved = None
            if locked_until is None:
                count += 1
                reserved = count
            user_store.put_attempts(self._conn, key, attempts=count, locked_until=locked_until)
        # The same scrypt work whatever the outcome: the real hash when there is one.
        matches = password_matches(
            password,
            salt=row.salt if row else _DUMMY_SALT,
            expected=row.password_hash if row else _DUMMY_HASH,
            params=row.params if row else DEFAULT_SCRYPT,
        )
        if row is not None and reserved is not None and not row.disabled and matches:
            at = iso(self._clock())
            with (
                _unless_disk_full(self._conn, "a log-in was not recorded"),
                transaction(self._conn),
            ):
                user_store.clear_attempts(self._conn, key)
                user_store.record_success(self._conn, row.id, at=at)
                audit_store.append(
                    self._conn, at=at, actor=row.name, action="login", subject=row.name
                )
            self.user = User(row.name, row.role)
            self._holding_private = None
            if row.role is Role.ADMIN:
                self._open_holding_key(row.name, password, row.params)
            return self.user
        if reserved is None:
            reason = "locked"
        elif row is None:
            reason = "unknown user"
        elif row.disabled:
            reason = "disabled"
        else:
            reason = "wrong password"
        later = self._clock()
        lock = reserved is not None and reserved >= attempts
        with (
            _unless_disk_full(self._conn, "a failed log-in was not recorded"),
            transaction(self._conn),
        ):
            if lock:
                user_store.put_attempts(
                    self._conn,
                    key,
                    attempts=0,
                    locked_until=iso(later + timedelta(minutes=minutes)),
                )
            audit_store.append(
                self._conn,
                at=iso(later),
                actor=row.name if row else shown,
                action="login.failed",
                subject=row.name if row else shown,
                detail={"reason": reason, "locked": lock},
            )
        raise AuthError(login_refused(attempts, minutes))

    def _open_holding_key(self, name: str, password: str, params: ScryptParams) -> None:
        """An admin's log-in opens the holding key (or makes it, in a store from before)."""
        wrapped = self.settings.get(_holding_slot(name))
        if wrapped:
            try:
                raw = keywrap.unwrap(base64.b64decode(wrapped), password, label=HOLDING_LABEL)
            except keywrap.WrongSecret:
                log.warning("the holding key of %s does not open; it stays closed", name)
                return
            self._holding_private = X25519PrivateKey.from_private_bytes(raw)
            return
        if HOLDING_PUBLIC in self.settings:
            return  # made for other admins: one of them opens it
        holding = generate_private_key()
        values = {
            HOLDING_PUBLIC: base64.b64encode(public_bytes(holding)).decode(),
            _holding_slot(name): _wrap_holding(holding, password, params),
        }
        with transaction(self._conn):
            for key, value in values.items():
                settings_store.put(self._conn, key, value)
            self._audit("holding_key.create", name)
        self.settings.update(values)
        self._holding_private = holding

    def _give_holding_key(self, name: str, password: str, params: ScryptParams) -> None:
        """Wrap the open holding key for an admin account (inside the caller's transaction)."""
        if self._holding_private is None:
            return
        value = _wrap_holding(self._holding_private, password, params)
        settings_store.put(self._conn, _holding_slot(name), value)
        self.settings[_holding_slot(name)] = value

    def logout(self) -> None:
        if self.user is not None:
            with transaction(self._conn):
                self._audit("logout", self.user.name)
        self.user = None
        self._holding_private = None

    def add_user(
        self, name: str, role: Role, password: str, *, scrypt: ScryptParams = DEFAULT_SCRYPT
    ) -> None:
        self.require(Permission.MANAGE_USERS)
        _check_user_name(name)
        problem = password_problem(password)
        if problem:
            raise DeskError(f"password refused: {problem}")
        if user_store.get(self._conn, name) is not None:
            raise DeskError(f"a user named {name} already exists")
        salt, digest = hash_password(password, params=scrypt)
        with transaction(self._conn):
            user_store.insert(
                self._conn,
                name=name,
                role=role,
                salt=salt,
                password_hash=digest,
                params=scrypt,
                at=iso(self._clock()),
            )
            if role is Role.ADMIN:
                self._give_holding_key(name, password, scrypt)
            self._audit(
                "user.add", name, role=role.value, password=_fingerprint(salt, digest, scrypt)
            )

    def list_users(self) -> list[user_store.UserRow]:
        self.require(Permission.MANAGE_USERS)
        return user_store.all_users(self._conn)

    def set_user_disabled(self, name: str, disabled: bool = True) -> None:
        actor = self.require(Permission.MANAGE_USERS)
        row = user_store.get(self._conn, name)
        if row is None:
            raise DeskError(f"no user named {name}")
        if disabled and row.name.casefold() == actor.name.casefold():
            raise DeskError("you cannot disable your own account")
        if disabled and row.role is Role.ADMIN:
            active_admins = [
                u
                for u in user_store.all_users(self._conn)
                if u.role is Role.ADMIN and not u.disabled
            ]
            if len(active_admins) <= 1:
                raise DeskError("this is the last active admin; add another admin first")
        with transaction(self._conn):
            user_store.set_disabled(self._conn, row.id, disabled)
            self._audit("user.disable" if disabled else "user.enable", row.name)

    def reset_password(
        self, name: str, password: str, *, scrypt: ScryptParams = DEFAULT_SCRYPT
    ) -> None:
        self.require(Permission.MANAGE_USERS)
        row = user_store.get(self._conn, name)
        if row is None:
            raise DeskError(f"no user named {name}")
        problem = password_problem(password)
        if problem:
            raise DeskError(f"password refused: {problem}")
        salt, digest = hash_password(password, params=scrypt)
        with transaction(self._conn):
            user_store.set_password(
                self._conn, row.id, salt=salt, password_hash=digest, params=scrypt
            )
            if row.role is Role.ADMIN:
                self._give_holding_key(row.name, password, scrypt)
            user_store.clear_attempts(self._conn, row.name.casefold())
            self._audit(
                "user.password_reset", row.name, password=_fingerprint(salt, digest, scrypt)
            )

    # -- settings ------------------------------------------------------------------------

    def change_setting(self, key: str, value: str) -> None:
        """Change one of the desk's adjustable settings (admin); audited."""
        self.require(Permission.CHANGE_SETTINGS)
        rule = ADJUSTABLE_SETTINGS.get(key)
        if rule is None:
            raise DeskError(
                f"unknown or fixed setting {key!r}; adjustable: {', '.join(ADJUSTABLE_SETTINGS)}"
            )
        value = value.strip()
        problem = rule(value)
        if problem:
            raise DeskError(f"{key}: {problem}")
        old = self.settings.get(key)
        with transaction(self._conn):
            settings_store.put(self._conn, key, value)
            self._audit("settings.change", key, old=old, new=value)
        self.settings[key] = value
        if key == "timezone":
            self.timezone = _parse_zone(value)

    # -- the hub -------------------------------------------------------------------------

    def _hub_public_key(self) -> bytes | None:
        encoded = self.settings.get("hub_public_key")
        return base64.b64decode(encoded) if encoded else None

    def hub_client(self, *, session: requests.Session | None = None) -> HubClient:
        url = self.settings.get("hub_url")
        if not url:
            raise DeskError("no hub is set; an admin sets it with `ektp-desk hub set URL`")
        ca_bundle = self.settings.get("hub_ca_bundle")
        return HubClient(url, self._hub_token(), session=session, verify=ca_bundle or True)

    def set_hub(
        self,
        url: str,
        token: str,
        *,
        ca_bundle: Path | None = None,
        allow_http: bool = False,
        session: requests.Session | None = None,
    ) -> tuple[str, int]:
        """Pin the hub's public key and remember its URL and this desk's token; seal every
        payload still kept in clear. Returns (key id, payloads sealed now)."""
        self.require(Permission.CHANGE_SETTINGS)
        try:
            url = check_url(url, allow_http=allow_http)
        except SyncError as exc:
            raise DeskError(str(exc)) from None
        if ca_bundle is not None and not ca_bundle.is_file():
            raise DeskError(f"the CA bundle {ca_bundle} does not exist")
        verify: bool | str = str(ca_bundle) if ca_bundle else True
        client = HubClient(url, token.strip(), session=session, verify=verify)
        try:
            public, kid = client.config()
            enrolled = client.whoami()
        except SyncError as exc:
            raise DeskError(f"the hub at {url} could not be used: {exc}") from None
        if enrolled.get("desk_id") != self.desk_id:
            raise DeskError(
                f"this token belongs to desk {enrolled.get('desk_id')}, not {self.desk_id}"
            )
        return kid, self._pin_hub(url, token.strip(), public, kid, ca_bundle=ca_bundle)

    def _pin_hub(
        self, url: str, token: str, public: bytes, kid: str, *, ca_bundle: Path | None = None
    ) -> int:
        """Remember a hub whose key was checked, and seal every payload kept in clear;
        returns how many were sealed now."""
        if outbox_store.count_clear(self._conn) and self._holding_private is None:
            raise DeskError(
                "recordings saved before the hub's key wait to be sealed for it, and only an "
                "admin of this desk can open them: log in as such an admin and set the hub again"
            )
        old_kid = self.settings.get("hub_key_id")
        if old_kid and old_kid != kid:
            stranded = outbox_store.unsent_for_other_key(self._conn, kid)
            if stranded:
                raise DeskError(
                    f"the hub's key changed ({old_kid} -> {kid}) while {stranded} recordings "
                    "sealed for the old key are unsent; send them to the old hub first"
                )
        values = {
            "hub_url": url,
            "hub_public_key": base64.b64encode(public).decode(),
            "hub_key_id": kid,
        }
        with transaction(self._conn):
            values.update(self._store_token(token))  # in the transaction: one writer at a time
            for key, value in values.items():
                settings_store.put(self._conn, key, value)
            if ca_bundle:
                settings_store.put(self._conn, "hub_ca_bundle", str(ca_bundle.resolve()))
            else:
                self._conn.execute("DELETE FROM settings WHERE key = 'hub_ca_bundle'")
            self._audit("hub.set", url, key_id=kid, previous_key_id=old_kid)
        self.settings.update(values)
        if ca_bundle:
            self.settings["hub_ca_bundle"] = str(ca_bundle.resolve())
        else:
            self.settings.pop("hub_ca_bundle", None)

        def reseal(record_id: str, payload: bytes, fmt: str) -> bytes:
            if fmt == outbox_store.HELD_FORMAT:
                assert self._holding_private is not None
                payload = open_envelope(
                    payload,
                    private_key=self._holding_private,
                    record_id=record_id,
                    desk_id=self.desk_id,
                )
            return seal(payload, public_key=public, record_id=record_id, desk_id=self.desk_id)

        return outbox_store.seal_clear_payloads(
            self._conn, reseal, key_id=kid, at=iso(self._clock())
        )

    # -- the hub token, sealed by the operating system where it can -------------------------

    def _store_token(self, token: str) -> dict[str, str]:
        """Write the token into the settings (inside the caller's transaction): sealed under
        a key the operating system keeps, or in clear where it keeps none. Returns the
        settings written."""
        values = {"hub_token": token}
        keeper = token_seal.keeper(self.desk_id, self.data_dir)
        if keeper is not None:
            try:
                kek, stored = keeper.new_kek()
            except token_seal.TokenSealError as exc:
                log.warning("the hub token stays in clear in the store: %s", exc)
            else:
                values = {
                    TOKEN_SEALED: token_seal.seal(token, kek, desk_id=self.desk_id),
                    TOKEN_KEEPER: keeper.kind,
                }
                if stored:
                    values[TOKEN_KEK] = stored
        for key in TOKEN_SETTINGS - values.keys():
            self._conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            self.settings.pop(key, None)
        for key, value in values.items():
            settings_store.put(self._conn, key, value)
        self.settings.update(values)
        self._token_problem.clear()
        return values

    def _hub_token(self) -> str | None:
        """This desk's hub token: unsealed, or read in clear (and sealed now when this
        computer has come to offer a key store)."""
        sealed = self.settings.get(TOKEN_SEALED)
        if sealed:
            return self._unseal_token(sealed)
        token = self.settings.get("hub_token")
        if token and self.damaged is None and token_seal.keeper(self.desk_id, self.data_dir):
            with transaction(self._conn):
                current = settings_store.get_all(self._conn)
                if current.get("hub_token") == token and TOKEN_SEALED not in current:
                    written = self._store_token(token)
                    if TOKEN_SEALED in written:
                        self._audit("hub.token_sealed", self.desk_id, keeper=written[TOKEN_KEEPER])
        return token

    def _unseal_token(self, sealed: str) -> str:
        keeper = token_seal.keeper(self.desk_id, self.data_dir)
        kek = None
        if keeper is not None and keeper.kind == self.settings.get(TOKEN_KEEPER):
            kek = keeper.kek(self.settings.get(TOKEN_KEK, ""))
        if kek is not None:
            try:
                return token_seal.unseal(sealed, kek, desk_id=self.desk_id)
            except token_seal.TokenSealError:
                pass
        raise DeskError(
            "this desk's hub token was sealed by the operating system of the computer (and "
            "data dir) where the hub was set, and cannot be opened here, as after a backup "
            "restored onto another PC. Ask Disdukcapil for a new token (`ektp-hub desk rotate "
            f"{self.desk_id}`) and have an admin run `ektp-desk hub set URL --token TOKEN`"
        )

    def token_storage(self) -> dict[str, object]:
        """Where the hub token is kept, for `status`: sealed (and by what), in clear, or
        not set; with a warning when it is in clear or cannot be opened here."""
        sealed = self.settings.get(TOKEN_SEALED)
        if sealed:
            if sealed not in self._token_problem:
                try:
                    self._unseal_token(sealed)
                    self._token_problem[sealed] = None
                except DeskError as exc:
                    self._token_problem[sealed] = str(exc)
            return {
                "kept": "sealed",
                "keeper": self.settings.get(TOKEN_KEEPER),
                "warning": self._token_problem[sealed],
            }
        if self.settings.get("hub_token"):
            keeper = token_seal.keeper(self.desk_id, self.data_dir)
            return {
                "kept": "clear",
                "keeper": None,
                "warning": (
                    "the hub token is kept in clear in the store: this computer offers no key "
                    "store (Windows DPAPI, or a Secret Service on a Linux desktop)"
                    if keeper is None
                    else "the hub token is still in clear in the store; the next sync seals it"
                ),
            }
        return {"kept": None, "keeper": None, "warning": None}

    def sync_engine(self, client: HubClient | None = None) -> SyncEngine:
        """The engine for this desk's connection; use it on the thread that opened the desk."""
        return SyncEngine(
            self._conn,
            client or self.hub_client(),
            desk_id=self.desk_id,
            clock=self._clock,
            purge_days=int(self.settings.get("purge_after_days", DEFAULT_PURGE_DAYS)),
        )

    def abandon_sync_runs(self) -> None:
        """This process's sync runs are cut short (the service stops mid-upload): their
        lease is released and the batch they were sending goes back to the queue."""
        outbox_store.abandon_runs(self._conn, owner_prefix=this_process(), at=iso(self.now()))

    def sync_overview(self) -> dict[str, object]:
        """What the sync panel shows: waiting count, recent batches, quarantined records."""
        return {
            "waiting": outbox_store.count_waiting(self._conn),
            "batches": outbox_store.recent_batches(self._conn),
            "quarantine": outbox_store.quarantine(self._conn),
            "meta": outbox_store.meta(self._conn),
        }

    # -- residents -----------------------------------------------------------------------

    def import_residents(self, path: Path) -> ImportResult:
        """Import a CSV/XLSX reference list: every valid row in one transaction, an error
        report next to the file for the rest. Raises ImportFileError for an unusable file."""
        self.require(Permission.IMPORT_RESIDENTS)
        plan = read_residents(
            path,
            context=self.context(),
            today=self.today(),
            limits=ImportLimits.from_settings(self.settings),
        )
        report: Path | None = None
        report_path = error_report_path(path)
        if plan.problems:
            write_error_report(report_path, plan.problems, unreported=plan.unreported_rows)
            report = report_path
        inserted, updated = self._store_residents(
            plan.rows, source=path.name, rejected=plan.rejected_rows
        )
        return ImportResult(
            imported=len(plan.rows),
            inserted=inserted,
            updated=updated,
            rejected=plan.rejected_rows,
            report=report,
            plan=plan,
        )

    def add_residents(self, rows: Iterable[Mapping[str, object]], *, source: str) -> int:
        """Validate and store residents given as field mappings (all or none); returns how
        many. Used for generated demo lists; files go through `import_residents`."""
        self.require(Permission.IMPORT_RESIDENTS)
        context, today = self.context(), self.today()
        valid: list[dict[str, str]] = []
        for number, row in enumerate(rows, start=1):
            biodata, _, problems = normalize_biodata(
                row, context=context, reference=today, required=REQUIRED_COLUMNS
            )
            errors = [p for p in problems if p.is_error]
            if errors:
                raise ValidationFailed(
                    [
                        error(
                            p.field,
                            p.code,
                            f"baris {number}: {p.message_id}",
                            f"row {number}: {p.message_en}",
                        )
                        for p in errors
                    ]
                )
            valid.append(biodata)
        self._store_residents(valid, source=source, rejected=0)
        return len(valid)

    def _store_residents(
        self, rows: list[dict[str, str]], *, source: str, rejected: int
    ) -> tuple[int, int]:
        now = iso(self._clock())
        try:
            with transaction(self._conn):
                inserted, updated = resident_store.upsert_many(self._conn, rows, at=now)
                self._audit(
                    "residents.import",
                    source,
                    inserted=inserted,
                    updated=updated,
                    rejected=rejected,
                )
        except sqlite3.OperationalError as exc:
            raise _store_failure(exc, "no resident was imported") from exc
        return inserted, updated

    def search_residents(self, text: str, *, limit: int = 20) -> list[resident_store.Resident]:
        self.require_user()
        return resident_store.search(self._conn, text, limit=limit)

    def recorded_on(self, nik: str) -> str | None:
        """The local date this NIK was recorded at this desk (not voided), if it was."""
        previous = recording_store.active_for_nik(self._conn, nik)
        return previous[1] if previous else None

    def resident(self, nik: str) -> resident_store.Resident | None:
        return resident_store.get(self._conn, nik)

    # -- recordings ----------------------------------------------------------------------

    def validate_recording(
        self, raw: object, *, read_file: FileReader | None = None
    ) -> tuple[Recording | None, list[Problem]]:
        """Check a recording as the form or a file gives it, without saving anything."""
        recording, problems = build_recording(
            raw, context=self.context(), now=self._clock(), read_file=read_file
        )
        if recording is not None:
            previous = recording_store.active_for_nik(self._conn, recording.nik)
            if previous is not None:
                problems.append(_already_recorded(previous))
                return None, problems
        return recording, problems

    def disk_free_mb(self) -> float:
        return shutil.disk_usage(self.data_dir).free / 2**20

    def disk_limits(self) -> tuple[int, int]:
        """(floor, warn) in MB: below the floor no recording starts; below warn, a warning."""
        return (
            int(self.settings.get("disk_floor_mb", DEFAULT_DISK_FLOOR_MB)),
            int(self.settings.get("disk_warn_mb", DEFAULT_DISK_WARN_MB)),
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

    def mark_damaged(self, problems: list[str], *, remember: bool = True) -> str:
        """After a failed check: refuse every write from now on, and say what to do; with
        `remember`, every later process that opens the store refuses writes too (there, its
        writes are refused by `require`: a log-in still works, for a bundle out of it)."""
        try:
            backup: Path | str | None = self.latest_backup() or _noted_backup(self.data_dir)
        except OSError:
            backup = _noted_backup(self.data_dir)
        path = self.database_path(self.data_dir)
        self.damaged = (
            f"the desk's database {path} is damaged (" + "; ".join(problems[:3]) + "): nothing "
            "more is written. Call the supervisor: restore the newest backup"
            + (f" ({backup})" if backup else "")
            + " with `ektp-desk restore FILE` into a new data dir"
        )
        if remember:
            self._conn.execute("PRAGMA query_only = ON")
            integrity.record_damage(path, "; ".join(problems[:3]))
        log.error("database damaged; writes refused: %s", problems[:3])
        return self.damaged

    def latest_backup(self) -> Path | None:
        folder = self.settings.get("backup_folder")
        if not folder or not Path(folder).is_dir():
            return None
        found = sorted(Path(folder).glob(f"ektp-desk-{self.desk_id}-*.ektpbak"))
        return found[-1] if found else None

    def _require_disk_room(self) -> None:
        floor, _ = self.disk_limits()
        free = self.disk_free_mb()
        if free < floor:
            raise DeskError(
                f"only {free:.0f} MB free on the disk of the data dir (the floor is {floor} MB): "
                "no new recording is started. Free space on that disk, then save again; "
                "everything saved before is safe"
            )

    def save_recording(
        self, raw: object, *, read_file: FileReader | None = None, ticket_id: int | None = None
    ) -> SavedRecording:
        """Validate, finalize and durably save one recording; the form's Save and
        `ektp-desk record add` both end here. A queue ticket given is marked done in the
        same transaction."""
        results = list(self.save_recordings([raw], read_file=read_file, ticket_id=ticket_id))
        outcome = results[0]
        if isinstance(outcome, ValidationFailed):
            raise outcome
        return outcome

    def save_recordings(
        self,
        items: Iterable[object],
        *,
        read_file: FileReader | None = None,
        per_transaction: int = 1,
        ticket_id: int | None = None,
    ) -> Iterator[SavedRecording | ValidationFailed]:
        """Save many recordings, yielding for each, in order, either the saved recording
        (only once its transaction has committed) or why it was refused.

        `per_transaction` groups commits for bulk loads (demo data); a clerk's save and
        `record add` commit each recording on its own.
        """
        operator = self.require(Permission.RECORD).name
        self._require_disk_room()
        self._ticket_for_save = ticket_id
        chunk: list[tuple[Recording, str]] = []
        for raw in items:
            recording, problems = self.validate_recording(raw, read_file=read_file)
            if recording is None:
                if chunk:
                    yield from self._commit(chunk, operator)
                    chunk = []
                yield ValidationFailed(problems)
                continue
            chunk.append((recording, str(uuid.uuid4())))
            if len(chunk) >= per_transaction:
                yield from self._commit(chunk, operator)
                chunk = []
        if chunk:
            yield from self._commit(chunk, operator)

    def _commit(
        self, chunk: list[tuple[Recording, str]], operator: str
    ) -> Iterator[SavedRecording | ValidationFailed]:
        now = self._clock()
        outcomes: list[SavedRecording | ValidationFailed] = []
        try:
            with transaction(self._conn):
                for recording, record_id in chunk:
                    previous = recording_store.active_for_nik(self._conn, recording.nik)
                    if previous is not None:
                        outcomes.append(ValidationFailed([_already_recorded(previous)]))
                        continue
                    self._insert_recording(recording, record_id, operator, now)
                    if self._ticket_for_save is not None:
                        queue_store.set_state(
                            self._conn, self._ticket_for_save, queue_store.DONE,
                            at=iso(now), finished=True,
                        )  # fmt: skip
                    outcomes.append(
                        SavedRecording(
                            record_id,
                            recording.nik,
                            recording.local_date,
                            recording.eligibility,
                            recording.warnings,
                        )
                    )
        except sqlite3.OperationalError as exc:
            raise _store_failure(exc, "the recording was NOT saved") from exc
        return iter(outcomes)

    def _insert_recording(
        self, recording: Recording, record_id: str, operator: str, now: datetime
    ) -> None:
        payload = build_payload(
            recording,
            record_id=record_id,
            desk_id=self.desk_id,
            operator=operator,
            finalized_at=now,
            training=self.training,
        )
        payload_format, sealed_for = outbox_store.CLEAR_FORMAT, None
        hub_key = self._hub_public_key()
        holding = self.settings.get(HOLDING_PUBLIC)
        if hub_key is not None:
            payload = seal(payload, public_key=hub_key, record_id=record_id, desk_id=self.desk_id)
            payload_format, sealed_for = outbox_store.SEALED_FORMAT, self.settings["hub_key_id"]
        elif holding:
            # No hub key yet: sealed for the desk's holding key, so no image is ever kept in
            # clear; an admin's `hub set` re-seals it for the hub.
            public = base64.b64decode(holding)
            payload = seal(payload, public_key=public, record_id=record_id, desk_id=self.desk_id)
            payload_format, sealed_for = outbox_store.HELD_FORMAT, key_id(public)
        digest = hashlib.sha256(payload).hexdigest()
        local = recording.recorded_at.astimezone(self.timezone)
        bio = recording.biodata
        on_list = self._conn.execute(
            "SELECT 1 FROM residents WHERE nik = ?", (recording.nik,)
        ).fetchone()
        row: dict[str, object] = {
            "record_id": record_id,
            "nik": bio["nik"],
            "nama": bio["nama"],
            "jenis_kelamin": bio["jenis_kelamin"],
            "tanggal_lahir": bio["tanggal_lahir"],
            "kelurahan": bio["kelurahan"],
            "biodata": json.dumps(bio, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
            "captures": json.dumps(
                capture_qualities(recording), sort_keys=True, separators=(",", ":")
            ),
            "recorded_at": iso(recording.recorded_at),
            "local_date": local.date().isoformat(),
            "local_hour": local.hour,
            "age": recording.age,
            "early": int(recording.eligibility is Eligibility.EARLY),
            "on_list": int(on_list is not None),
            "operator": operator,
            "finalized_at": iso(now),
            "ticket_id": self._ticket_for_save,
        }
        recording_store.insert(
            self._conn,
            row=row,
            payload=payload,
            payload_format=payload_format,
            key_id=sealed_for,
            sha256=digest,
            at=iso(now),
        )
        audit_store.append(
            self._conn,
            at=iso(now),
            actor=operator,
            action="recording.save",
            subject=record_id,
            detail={
                "sha256": digest,
                "size": len(payload),
                "row": replay.recording_digest([row[c] for c in replay.RECORDING_COLUMNS]),
            },
        )

    def void_recording(self, record_id: str, reason: str) -> None:
        actor = self.require(Permission.VOID_RECORDING)
        reason = " ".join(reason.split())
        if not reason:
            raise DeskError("voiding a recording needs a reason")
        entry = recording_store.get(self._conn, record_id)
        if entry is None:
            raise DeskError(f"no recording with id {record_id}")
        if entry.voided:
            raise DeskError(f"recording {record_id} is already voided")
        now = iso(self._clock())
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE recordings SET voided_at = ?, voided_by = ?, void_reason = ?"
                " WHERE record_id = ?",
                (now, actor.name, reason, record_id),
            )
            self._audit("recording.void", record_id, reason=reason)

    def recording(self, record_id: str) -> recording_store.LogEntry | None:
        return recording_store.get(self._conn, record_id)

    # -- the queue (antrian) ------------------------------------------------------------

    def queue_today(self) -> list[queue_store.Ticket]:
        self.require_user()
        return queue_store.for_day(self._conn, self.today().isoformat())

    def enqueue(
        self, *, nik: str | None = None, nama: str | None = None, walk_in: bool = False
    ) -> queue_store.Ticket:
        """A ticket for a resident of the reference list (by NIK), or for a walk-in not on
        it (NIK and name as told; flagged)."""
        self.require(Permission.QUEUE)
        day = self.today().isoformat()
        nik = (nik or "").strip() or None
        name = " ".join((nama or "").split()).upper() or None
        if nik is not None:
            try:
                parse_nik(nik, reference=self.today(), region_list=self.regions)
            except NikError as exc:
                raise DeskError(exc.problem.message_en) from None
            resident = resident_store.get(self._conn, nik)
            if resident is not None:
                name, walk_in = resident.nama, False
            elif not walk_in:
                raise DeskError(
                    f"NIK {nik} is not on the reference list; add the resident as a walk-in"
                )
            if queue_store.open_for_nik(self._conn, day, nik) is not None:
                raise DeskError(f"NIK {nik} already has a ticket today")
            previous = recording_store.active_for_nik(self._conn, nik)
            if previous is not None:
                raise DeskError(f"NIK {nik} was already recorded on {previous[1]}")
        elif not walk_in:
            raise DeskError("give the NIK of a resident on the list, or add a walk-in")
        if not name:
            raise DeskError("a walk-in needs a name")
        with transaction(self._conn):
            ticket = queue_store.add(
                self._conn, day=day, nik=nik, nama=name, walk_in=walk_in, at=iso(self._clock())
            )
            self._audit("queue.add", ticket.label, walk_in=walk_in)
        return ticket

    def _queue_move(
        self, ticket_id: int, state: str, action: str, **flags: bool
    ) -> queue_store.Ticket:
        self.require(Permission.QUEUE)
        ticket = queue_store.get(self._conn, ticket_id)
        if ticket is None:
            raise DeskError(f"no ticket {ticket_id}")
        if ticket.state in (queue_store.DONE, queue_store.CANCELLED):
            raise DeskError(f"ticket {ticket.label} is already {ticket.state}")
        with transaction(self._conn):
            queue_store.set_state(self._conn, ticket_id, state, at=iso(self._clock()), **flags)
            self._audit(action, ticket.label)
        moved = queue_store.get(self._conn, ticket_id)
        assert moved is not None
        return moved

    def call_next(self) -> queue_store.Ticket | None:
        self.require(Permission.QUEUE)
        ticket = queue_store.next_waiting(self._conn, self.today().isoformat())
        if ticket is None:
            return None
        return self._queue_move(ticket.id, queue_store.CALLED, "queue.call", called=True)

    def skip_ticket(self, ticket_id: int) -> queue_store.Ticket:
        return self._queue_move(ticket_id, queue_store.SKIPPED, "queue.skip")

    def recall_ticket(self, ticket_id: int) -> queue_store.Ticket:
        return self._queue_move(ticket_id, queue_store.CALLED, "queue.recall", called=True)

    def cancel_ticket(self, ticket_id: int) -> queue_store.Ticket:
        return self._queue_move(ticket_id, queue_store.CANCELLED, "queue.cancel", finished=True)

    # -- the log ---------------------------------------------------------------------------

    def log_count(self, f: recording_store.LogFilter) -> int:
        return recording_store.log_count(self._conn, f)

    def log_page(
        self,
        f: recording_store.LogFilter,
        *,
        offset: int,
        limit: int,
        top_id: int | None = None,
    ) -> list[recording_store.LogEntry]:
        return recording_store.log_page(self._conn, f, offset=offset, limit=limit, top_id=top_id)

    def log_dense_top(self) -> int | None:
        return recording_store.dense_top(self._conn)

    def recording_detail(self, record_id: str) -> dict[str, object] | None:
        return recording_store.detail(self._conn, record_id)

    def operators(self) -> list[str]:
        return [u.name for u in user_store.all_users(self._conn)]

    # -- reports -------------------------------------------------------------------------

    def deadline(self) -> date:
        text = self.settings.get("deadline")
        return date.fromisoformat(text) if text else default_deadline(self.today())

    def tally(self, date_from: date, date_to: date | None = None) -> dict[str, Any]:
        """The tally of a date or range, with the progress to the deadline as of its end."""
        self.require(Permission.EXPORT)
        date_to = date_to or date_from
        if date_to < date_from:
            raise DeskError(f"the period ends ({date_to}) before it starts ({date_from})")
        out = compute_tally(
            self._conn,
            date_from=date_from,
            date_to=date_to,
            desk_id=self.desk_id,
            kecamatan=self.kecamatan,
            kelurahan_codes=[code for code, _ in self.kelurahan_list()],
        )
        out["kecamatan_name"] = self.regions.name(self.kecamatan)
        out["generated_at"] = iso(self._clock())
        target = self.settings.get("target")
        out["progress"] = compute_progress(
            self._conn,
            as_of=date_to,
            target=int(target) if target else None,
            deadline=self.deadline(),
        )
        return out

    def export_tally(
        self,
        fmt: str,
        target: Path,
        date_from: date,
        date_to: date | None = None,
        *,
        pdf_writer: Callable[[dict[str, Any], Path], None] | None = None,
    ) -> dict[str, Any]:
        """Write the tally as csv, xlsx, json or pdf (the PDF writer is Qt's, so the window
        or the CLI hands it in), and audit the export."""
        tally = self.tally(date_from, date_to)
        self._write_report(tally, fmt, target, pdf_writer=pdf_writer)
        self.record_export(
            "tally", fmt, target, date_from=tally["date_from"], date_to=tally["date_to"],
            total=tally["total"],
        )  # fmt: skip
        return tally

    def _write_report(
        self,
        tally: dict[str, Any],
        fmt: str,
        target: Path,
        *,
        pdf_writer: Callable[[dict[str, Any], Path], None] | None,
    ) -> None:
        writer = report_writers.WRITERS.get(fmt) or (pdf_writer if fmt == "pdf" else None)
        if writer is None:
            raise DeskError(f"unknown report format {fmt!r}: csv, xlsx, pdf or json")
        try:
            writer(tally, target)
        except OSError as exc:
            raise DeskError(
                f"cannot write {target}: {exc.strerror or exc}; nothing was written"
            ) from None

    def record_export(self, kind: str, fmt: str, target: Path, **detail: object) -> None:
        with transaction(self._conn):
            self._audit(f"export.{kind}", target.name, format=fmt, **detail)

    def outreach(self, kelurahan: str | None = None) -> dict[str, list[dict[str, Any]]]:
        self.require(Permission.EXPORT)
        return outreach_list(
            self._conn,
            kecamatan=self.kecamatan,
            as_of=self.today(),
            deadline=self.deadline(),
            kelurahan=kelurahan,
        )

    def export_outreach(
        self,
        fmt: str,
        target: Path,
        *,
        kelurahan: str | None = None,
        pdf_writer: Callable[..., None] | None = None,
    ) -> int:
        lists = self.outreach(kelurahan)
        try:
            if fmt == "xlsx":
                write_outreach_xlsx(lists, target)
            elif fmt == "pdf" and pdf_writer is not None:
                pdf_writer(lists, target, deadline=self.deadline().isoformat())
            else:
                raise DeskError(f"the outreach list is exported as xlsx or pdf, not {fmt!r}")
        except OSError as exc:
            raise DeskError(
                f"cannot write {target}: {exc.strerror or exc}; nothing was written"
            ) from None
        people = sum(len(v) for v in lists.values())
        self.record_export("outreach", fmt, target, kelurahan=kelurahan, people=people)
        return people

    # -- backups ---------------------------------------------------------------------------

    def reload_settings(self) -> None:
        """Read the settings again: another connection (a backup thread) may have changed
        them."""
        self.settings = settings_store.get_all(self._conn)

    def set_backup_passphrase(self, passphrase: str) -> None:
        """Let backups run by themselves: keep a backup key whose private half only the
        passphrase opens. The passphrase itself is not kept anywhere."""
        self.require(Permission.CHANGE_SETTINGS)
        try:
            key = backup_store.new_backup_key(passphrase)
        except backup_store.BackupError as exc:
            raise DeskError(str(exc)) from None
        values = {
            "backup_public_key": base64.b64encode(key.public).decode(),
            "backup_wrapped_key": base64.b64encode(key.wrapped).decode(),
        }
        with transaction(self._conn):
            for name, value in values.items():
                settings_store.put(self._conn, name, value)
            self._audit("backup.key", "", replaced="backup_public_key" in self.settings)
        self.settings.update(values)

    def backup_key(self) -> backup_store.BackupKey | None:
        public, wrapped = (
            self.settings.get("backup_public_key"),
            self.settings.get("backup_wrapped_key"),
        )
        if not public or not wrapped:
            return None
        return backup_store.BackupKey(base64.b64decode(public), base64.b64decode(wrapped))

    def backup(self, target: Path, passphrase: str | None = None) -> int:
        """An encrypted copy of the whole store, taken while the desk keeps working; returns
        the backup's size. Without a passphrase it is encrypted for the desk's backup key.
        The plain copy lives only in a private temporary file."""
        if target.exists() and target.is_dir():
            raise DeskError(f"{target} is a folder; give a file name")
        key = self.backup_key()
        if passphrase is None and key is None:
            raise DeskError(
                "no backup passphrase is set for automatic backups: an admin sets it with "
                "`ektp-desk backup --set-passphrase` (or give a passphrase now)"
            )
        if passphrase is not None and len(passphrase) < backup_store.MIN_PASSPHRASE:
            raise DeskError(
                f"a backup passphrase needs at least {backup_store.MIN_PASSPHRASE} characters"
            )
        plain = backup_store.private_temp(self.data_dir)
        try:
            backup_store.snapshot(self._conn, plain)
            if passphrase is not None:
                size = backup_store.encrypt_file(plain, target, passphrase)
            else:
                assert key is not None
                size = backup_store.encrypt_file_to_key(plain, target, key)
        except sqlite3.Error as exc:
            raise DeskError(f"the backup failed: {exc}; nothing was written") from None
        finally:
            plain.unlink(missing_ok=True)
        now = iso(self._clock())
        if self.damaged is None:
            with transaction(self._conn):
                settings_store.put(self._conn, "last_backup_at", now)
                settings_store.put(self._conn, "last_backup_file", str(target))
                self._audit("backup", target.name, size=size)
        self.settings["last_backup_at"] = now
        self.settings["last_backup_file"] = str(target)
        with contextlib.suppress(OSError):  # named when the store itself can no longer be read
            (self.data_dir / LAST_BACKUP_NOTE).write_text(str(target.resolve()), encoding="utf-8")
        log.info("backup written: %s (%d bytes)", target, size)
        return size

    def auto_backup(self, passphrase: str | None = None) -> Path:
        """Today's backup into the `backup_folder` setting, keeping the newest `backup_keep`."""
        folder = self.settings.get("backup_folder")
        if not folder:
            raise DeskError("no backup folder is set: ektp-desk settings set backup_folder PATH")
        path = Path(folder)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeskError(
                f"the backup folder {path} cannot be used: {exc.strerror or exc}"
            ) from None
        stamp = self._clock().astimezone(self.timezone).strftime("%Y%m%d-%H%M%S")
        target = path / f"ektp-desk-{self.desk_id}-{stamp}.ektpbak"
        self.backup(target, passphrase)
        backup_store.rotate(
            path,
            keep=int(self.settings.get("backup_keep", 7)),
            pattern=f"ektp-desk-{self.desk_id}-*.ektpbak",
        )
        return target

    def backup_status(self) -> dict[str, Any]:
        """The last backup, its age in hours, and a warning when there is none or it is old."""
        age = self.backup_age_hours()
        return {
            "last_at": self.settings.get("last_backup_at"),
            "age_hours": round(age, 1) if age is not None else None,
            "warning": (
                "no backup yet: ektp-desk backup -o FILE"
                if age is None
                else f"the last backup is {age:.0f} hours old"
                if age > BACKUP_WARN_HOURS
                else None
            ),
        }

    def backup_due(self) -> bool:
        """An automatic backup is set up (folder and key) and none was made today."""
        if not self.settings.get("backup_folder") or self.backup_key() is None:
            return False
        last = self.settings.get("last_backup_at")
        if not last:
            return True
        made = datetime.fromisoformat(last).astimezone(self.timezone).date()
        return made < self.today()

    def backup_age_hours(self) -> float | None:
        last = self.settings.get("last_backup_at")
        if not last:
            return None
        return (self._clock() - datetime.fromisoformat(last)).total_seconds() / 3600

    @classmethod
    def restore(
        cls, backup: Path, data_dir: Path, passphrase: str, *, clock: Clock = utc_now
    ) -> Desk:
        """A backup into an empty data dir, checked before it becomes the desk's store."""
        target = cls.database_path(data_dir)
        if target.exists():
            raise AlreadyInitialized(
                f"{data_dir} already holds a desk; restore into an empty data dir"
            )
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeskError(f"cannot create {data_dir}: {exc.strerror or exc}") from None
        plain = backup_store.private_temp(data_dir)
        try:
            backup_store.decrypt_file(backup, plain, passphrase)
            probe = sqlite3.connect(plain)
            try:
                verdict = probe.execute("PRAGMA integrity_check").fetchone()[0]
                if verdict != "ok":
                    raise DeskError(f"the restored database is damaged ({verdict}); not restored")
                report = audit_store.verify(probe)
                if not report.ok:
                    raise DeskError(
                        f"the backup's audit chain is broken ({report.reason}); not restored"
                    )
                try:
                    refuse_foreign_schema(probe, backup)
                except StoreError as exc:
                    raise DeskError(f"{exc}; not restored") from None
            except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
                raise DeskError(f"the backup does not hold a desk database ({exc})") from None
            finally:
                probe.close()
            os.replace(plain, target)
        finally:
            plain.unlink(missing_ok=True)
        desk = cls.open(data_dir, clock=clock)
        entries, _ = audit_store.head(desk._conn)
        with transaction(desk._conn):
            desk._audit("restore", backup.name, audit_entries=entries)
        note = (
            f"restored from {backup.name} on {iso(desk._clock())} with {entries} audit entries: "
            "the hub refuses this desk's sync until Disdukcapil, told by phone, runs "
            f"`ektp-hub desk accept-rollback {desk.desk_id}`"
        )
        outbox_store.put_meta(desk._conn, {AUDIT_RESTORED: note})
        return desk

    # -- bundles: recordings carried on a USB stick -----------------------------------------

    def export_bundle(self, target: Path) -> dict[str, object]:
        """Every sealed recording the hub has not acked (this desk's and those it forwards)
        into one bundle file. They stay queued: the hub's word settles them, not the file.
        Allowed on a damaged store too: it only reads, and it is how the records get out."""
        self.require(Permission.TRANSFER_BUNDLES, reads_only=True)
        kid = self.settings.get("hub_key_id")
        token = self._hub_token() if kid else None
        if not token or not kid:
            raise DeskError(
                "no hub is set: a bundle is sealed for the hub's key and signed with this "
                "desk's token; an admin sets them with `ektp-desk hub set URL TOKEN` while a "
                "link works"
            )
        key = bundle_key(token)
        now = self._clock()
        self._conn.execute("BEGIN")  # one snapshot for the index and the envelopes
        try:
            rows = outbox_store.unsent(self._conn)
            clear = outbox_store.count_clear(self._conn)
            if not rows:
                raise DeskError(
                    "nothing to export: every recording has reached the hub"
                    + (f" or waits to be sealed ({clear})" if clear else "")
                )
            entries = tuple(
                sign_entry(
                    key,
                    BundleEntry(
                        r.record_id, self.desk_id, r.nik, r.finalized_at, r.recorded_on,
                        r.sha256, r.size, "",
                    ),
                )
                if r.origin is None
                else BundleEntry(
                    r.record_id, r.origin, r.nik, r.finalized_at, r.recorded_on, r.sha256,
                    r.size, r.mac or "",
                )
                for r in rows
            )  # fmt: skip
            header = BundleHeader(
                bundle_id=str(uuid.uuid4()),
                desk_id=self.desk_id,
                kecamatan=self.kecamatan,
                created_at=iso(now),
                key_id=kid,
                entries=entries,
            )
            folder = target.parent if target.parent != Path("") else Path(".")
            try:
                free = shutil.disk_usage(folder).free
            except OSError as exc:
                raise DeskError(f"cannot write to {folder}: {exc.strerror or exc}") from None
            need = header.payload_bytes + 1024 * 1024 + len(rows) * 512
            if free < need:
                raise DeskError(
                    f"{folder} has {free / 2**20:.0f} MB free; the bundle needs about "
                    f"{need / 2**20:.0f} MB. Use a larger USB stick; nothing was written"
                )
            try:
                size = write_bundle(target, header, outbox_store.payloads(self._conn, rows))
            except BundleError as exc:
                raise DeskError(str(exc)) from None
        finally:
            self._conn.execute("COMMIT")
        own = [r.record_id for r in rows if r.origin is None]
        summary = header.summary() | {"file": str(target), "file_bytes": size}
        log.info("bundle %s exported: %d records to %s", header.bundle_id, len(rows), target)
        if self.damaged is None:
            with transaction(self._conn):
                outbox_store.mark_bundled(self._conn, own, bundle_id=header.bundle_id, at=iso(now))
                self._audit(
                    "bundle.export",
                    header.bundle_id,
                    file=target.name,
                    records=len(rows),
                    forwarded=len(rows) - len(own),
                    bytes=size,
                )
        return summary

    def import_bundle(self, path: Path) -> dict[str, object]:
        """Another desk's bundle (a laptop back from the villages): its records are kept
        here and forwarded to the hub at the next sync, all or none of them."""
        self.require(Permission.TRANSFER_BUNDLES)
        kid = self.settings.get("hub_key_id")
        if not kid:
            raise DeskError(
                "no hub is set: a bundle can only be checked against the hub's key; an admin "
                "sets it with `ektp-desk hub set URL TOKEN` first"
            )
        try:
            reader = BundleReader(path)
        except BundleError as exc:
            raise DeskError(f"{exc}; nothing was imported") from None
        header = reader.header
        if header.key_id != kid:
            raise DeskError(
                f"{path.name} is sealed for hub key {header.key_id}, but this desk sends to hub "
                f"key {kid}: it is not for this desk's hub; nothing was imported"
            )
        if header.desk_id == self.desk_id:
            raise DeskError(
                f"{path.name} was exported by this desk: its recordings are still in this "
                "desk's outbox and go to the hub at the next sync; nothing was imported"
            )
        max_bytes = forwardable_record_bytes()
        for number, entry in enumerate(header.entries, start=1):
            if entry.size > max_bytes:  # before anything is read into memory
                try:
                    check_forwardable(
                        entry, b"", key_id=kid, max_bytes=max_bytes, where=f"record {number}"
                    )
                except BundleError as exc:
                    raise DeskError(f"{path.name}: {exc}; nothing was imported") from None
        floor, _ = self.disk_limits()
        if self.disk_free_mb() - reader.size / 2**20 < floor:
            raise DeskError(
                f"importing {path.name} ({reader.size / 2**20:.0f} MB) would leave less than "
                f"{floor} MB free on the desk's disk; free space first. Nothing was imported"
            )
        now = iso(self._clock())
        new = already = own = 0
        try:
            with transaction(self._conn):
                for number, (entry, envelope) in enumerate(reader.envelopes(), start=1):
                    if entry.desk_id == self.desk_id:
                        own += 1
                        continue
                    check_forwardable(
                        entry, envelope, key_id=kid, max_bytes=max_bytes, where=f"record {number}"
                    )
                    added = outbox_store.add_forwarded(
                        self._conn,
                        record_id=entry.record_id,
                        origin=entry.desk_id,
                        bundle_id=header.bundle_id,
                        nik=entry.nik,
                        finalized_at=entry.finalized_at,
                        recorded_on=entry.recorded_on,
                        sha256=entry.sha256,
                        size=entry.size,
                        mac=entry.mac,
                        key_id=header.key_id,
                        envelope=envelope,
                        at=now,
                    )
                    new += added
                    already += not added
                outbox_store.add_forwarded_bundle(
                    self._conn,
                    bundle_id=header.bundle_id,
                    desk_id=header.desk_id,
                    kecamatan=header.kecamatan,
                    created_at=header.created_at,
                    file=path.name,
                    records=len(header.entries),
                    at=now,
                    by=self.user.name if self.user else None,
                )
                self._audit(
                    "bundle.import",
                    header.bundle_id,
                    file=path.name,
                    from_desk=header.desk_id,
                    new=new,
                    already_here=already,
                )
        except BundleError as exc:
            raise DeskError(f"{exc}; nothing was imported") from None
        except sqlite3.OperationalError as exc:
            raise _store_failure(exc, "nothing from the bundle was imported") from exc
        log.info(
            "bundle %s from %s imported: %d new, %d here already",
            header.bundle_id, header.desk_id, new, already,
        )  # fmt: skip
        return header.summary() | {"new": new, "already_here": already, "own_skipped": own}

    def forwarded_summary(self) -> list[tuple[str, str, int]]:
        return outbox_store.forwarded_summary(self._conn)

    def forwarded_bundles(self) -> list[outbox_store.ForwardedBundle]:
        """The bundles of other desks imported here, newest first (supervisor)."""
        self.require(Permission.TRANSFER_BUNDLES, reads_only=True)
        return outbox_store.forwarded_bundles(self._conn)

    def drop_bundle(self, bundle_id: str) -> dict[str, int]:
        """Remove a forwarded bundle: its records and their payloads, whatever their state
        (those the hub holds are not affected there). Audited. Returns the states of the
        records removed."""
        self.require(Permission.TRANSFER_BUNDLES)
        bundle_id = bundle_id.strip()
        with transaction(self._conn):
            removed = outbox_store.drop_forwarded_bundle(self._conn, bundle_id)
            if removed is None:
                raise DeskError(
                    f"no forwarded bundle {bundle_id!r} here; `ektp-desk bundle list` shows them"
                )
            self._audit("bundle.drop", bundle_id, records=sum(removed.values()), **removed)
        log.info("forwarded bundle %s dropped: %s", bundle_id, removed)
        return removed

    # -- overview and checks -------------------------------------------------------------

    def status(self) -> dict[str, object]:
        today = self.today().isoformat()
        queue_total, queue_today = self._conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE day = ?) FROM queue", (today,)
        ).fetchone()
        region = self.regions.get(self.kecamatan)
        out: dict[str, object] = {
            "desk": {
                "desk_id": self.desk_id,
                "kecamatan": self.kecamatan,
                "kecamatan_name": region.name if region else None,
                "timezone": self.timezone.key,
                "target": int(self.settings["target"]) if "target" in self.settings else None,
                "data_dir": str(self.data_dir),
                "training": self.training,
            },
            "residents": resident_store.count(self._conn),
            "queue": {"total": queue_total, "today": queue_today},
        }
        out.update(recording_store.counts(self._conn))
        out["forwarded"] = {
            "waiting": outbox_store.count_waiting(self._conn, "forwarded"),
            "by_desk_and_state": [list(r) for r in outbox_store.forwarded_summary(self._conn)],
        }
        sync = outbox_store.meta(self._conn)
        skew = float(sync["clock_skew_seconds"]) if "clock_skew_seconds" in sync else None
        free = self.disk_free_mb()
        out["disk"] = {"free_mb": round(free), "warning": self.disk_warning(free)}
        out["backup"] = self.backup_status()
        out["rerecord"] = [
            {"record_id": r["record_id"], "nama": r["nama"]} for r in self.rerecord_list()
        ]
        out["damaged"] = self.damaged
        out["sync"] = {
            "hub_url": self.settings.get("hub_url"),
            "key_id": self.settings.get("hub_key_id"),
            "last_success": sync.get("last_success"),
            "last_attempt": sync.get("last_attempt"),
            "last_error": sync.get("last_error"),
            "clock_skew_seconds": skew,
            "token": self.token_storage(),
            "audit_refused": sync.get(AUDIT_REFUSED),
            "audit_restored": sync.get(AUDIT_RESTORED),
            "clock_warning": (
                f"the desk clock differs from the hub's by {abs(skew):.0f} s; set the clock"
                if skew is not None and abs(skew) > CLOCK_WARNING_SECONDS
                else None
            ),
        }
        return out

    def verify_audit(self) -> audit_store.AuditReport:
        return audit_store.verify(self._conn)

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
            if self.damaged is None:
                self.mark_damaged(damage)
            else:
                integrity.record_damage(self.database_path(self.data_dir), "; ".join(damage[:3]))
        elif full:
            integrity.clear_damage(self.database_path(self.data_dir))

    def _check(self, *, quick: bool) -> CheckResult:
        problems: list[str] = []
        try:
            pragma = "quick_check" if quick else "integrity_check"
            for (line,) in self._conn.execute(f"PRAGMA {pragma}").fetchall():
                if line != "ok":
                    problems.append(f"database integrity: {line}")
            # Every reference looked up: seconds on a large store, so not at each start.
            references = [] if quick else self._conn.execute("PRAGMA foreign_key_check").fetchall()
            for table, rowid, parent, _ in references:
                problems.append(f"{table} row {rowid} points to a missing {parent} row")
        except sqlite3.DatabaseError as exc:
            if not integrity.is_corruption(exc):
                raise
            problems.append(f"database integrity: {exc}")
        if problems:
            result = CheckResult(problems)
            self._remember_integrity(result)
            return result  # a damaged file: what follows would only read garbage
        report = audit_store.verify(self._conn)
        if not report.ok:
            problems.append(f"audit chain broken at entry {report.broken_at}: {report.reason}")
        problems += self.check_audit_head()
        problems += replay.disagreements(self._conn)
        problems += outbox_store.size_disagreements(self._conn)
        result = CheckResult(problems, report.entries, self.find_rotten())
        self._remember_integrity(result, full=not quick)
        return result

    def find_rotten(self) -> list[str]:
        """Check every payload still to send against its SHA-256; set a rotten one aside
        (never sent, flagged for the supervisors) and list all set aside so far."""
        found = outbox_store.find_rotten(self._conn)
        if found and self.damaged is None:
            with transaction(self._conn):
                outbox_store.mark_rotten(self._conn, found, at=iso(self._clock()))
        for table, record_id in found:
            log.error("the sealed payload of record %s (%s) rotted", record_id, table)
        marked = outbox_store.rerecord(self._conn)
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

    def rerecord_list(self) -> list[dict[str, str]]:
        """Residents whose recording's payload rotted here: to invite back."""
        return [
            {"record_id": r, "nik": nik, "nama": name, "found_at": at}
            for r, nik, name, at in outbox_store.rerecord(self._conn)
        ]

    def check_audit_head(self) -> list[str]:
        """The audit log against the last head the hub confirmed (kept on the desk): a log
        cut short or rewritten before that point is found here even with its chain redone."""
        sync = outbox_store.meta(self._conn)
        count = sync.get(audit_store.CONFIRMED_COUNT)
        digest = sync.get(audit_store.CONFIRMED_HASH)
        if count is None or digest is None or not count.isdigit():
            return []  # the hub never confirmed a head
        wrong = audit_store.against_confirmed(self._conn, int(count), digest)
        return [wrong] if wrong else []


def _int_rule(low: int, high: int) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if not value.isdigit() or not low <= int(value) <= high:
            return f"must be a whole number from {low} to {high}"
        return None

    return check


def _fingerprints_rule(value: str) -> str | None:
    """Trusted SBI device certificates: SHA-256 fingerprints, comma-separated."""
    parts = [p.strip().lower() for p in value.split(",") if p.strip()]
    if not all(len(p) == 64 and all(c in "0123456789abcdef" for c in p) for p in parts):
        return "give SHA-256 certificate fingerprints (64 hex digits), comma-separated"
    return None


def _date_rule(value: str) -> str | None:
    try:
        date.fromisoformat(value)
    except ValueError:
        return "must be a date, YYYY-MM-DD"
    return None


def _zone_rule(value: str) -> str | None:
    try:
        _parse_zone(value)
    except DeskError as exc:
        return str(exc)
    return None


ADJUSTABLE_SETTINGS: dict[str, Callable[[str], str | None]] = {
    "target": _int_rule(0, 10_000_000),
    "lockout_attempts": _int_rule(1, 50),
    "lockout_minutes": _int_rule(1, 24 * 60),
    "idle_lock_minutes": _int_rule(1, 240),
    "timezone": _zone_rule,
    "purge_after_days": _int_rule(0, 3650),
    "language": lambda v: None if v in ("id", "en") else "must be id or en",
    "deadline": _date_rule,
    "quality_finger_min": _int_rule(0, 100),
    "quality_iris_min": _int_rule(0, 100),
    "capture_retries": _int_rule(1, 10),
    "sbi_trusted": _fingerprints_rule,
    "capture_device": lambda v: None if v in ("simulated", "sbi") else "must be simulated or sbi",
    "backup_folder": lambda v: None if v.strip() else "give a folder",
    "backup_keep": _int_rule(1, 365),
    "disk_warn_mb": _int_rule(0, 10_000_000),
    "disk_floor_mb": _int_rule(0, 10_000_000),
    "import_max_rows": _int_rule(1, 100_000_000),
    "import_max_cell_chars": _int_rule(16, 1_000_000),
    "import_max_inflated_mb": _int_rule(1, 1_000_000),
}


def _already_recorded(previous: tuple[str, str]) -> Problem:
    record_id, day = previous
    return error(
        "nik",
        "already_recorded",
        f"NIK ini sudah direkam pada {day} (rekaman {record_id}); batalkan rekaman itu dulu "
        "bila perlu direkam ulang.",
        f"This NIK was already recorded on {day} (recording {record_id}); void that "
        "recording first if it must be recorded again.",
    )


@contextmanager
def _unless_disk_full(conn: sqlite3.Connection, what: str) -> Iterator[None]:
    """A log-in's own bookkeeping: on a full disk the log-in still works, unrecorded (so an
    admin can log in to free space or take a bundle away), and the log says so."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode != sqlite3.SQLITE_FULL:
            raise
        if conn.in_transaction:  # a COMMIT that failed leaves it open
            conn.execute("ROLLBACK")
        log.warning("the disk is full: %s", what)


def _store_failure(exc: sqlite3.OperationalError, what: str) -> StoreError:
    text = str(exc)
    if "full" in text:
        return StoreError(
            f"the disk is full: {what}. Free space on the disk holding the data dir, then "
            "save again; everything saved before is safe"
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(f"the database refuses writes (it was found damaged): {what}")
    if "locked" in text or "busy" in text:
        return StoreError(f"the database is busy in another program: {what}; try again")
    return StoreError(f"database error ({text}): {what}")


def _noted_backup(data_dir: Path) -> str | None:
    try:
        noted = (data_dir / LAST_BACKUP_NOTE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return noted or None


def damage_message(data_dir: Path, reason: str) -> str:
    """A store that cannot even be read: remember it, and say which file and which backup."""
    path = Desk.database_path(data_dir)
    integrity.record_damage(path, reason)
    backup = _noted_backup(data_dir)
    return (
        f"{path} is not a readable desk database: it is damaged ({reason}). Nothing was "
        "changed and nothing more is written. Call the supervisor: restore the newest backup"
        + (f" ({backup})" if backup else " (in the desk's backup folder)")
        + " with `ektp-desk restore FILE` into a new data dir"
    )


def _fingerprint(salt: bytes, digest: bytes, params: ScryptParams) -> str:
    """What the audit log keeps of a password set (see store.replay)."""
    return replay.password_fingerprint(salt, digest, n=params.n, r=params.r, p=params.p)


def _check_user_name(name: str) -> None:
    if not name or len(name) > 40 or not all(c.isalnum() or c in "._-" for c in name):
        raise DeskError(
            f"user name {name!r} refused: use 1 to 40 letters, digits, dots, hyphens or underscores"
        )
