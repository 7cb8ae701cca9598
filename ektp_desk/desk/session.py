"""The session every manager of the Desk works on: the connection, the clock, the time
zone, the settings and the acting user; `require(permission)`, `audit(...)` and
`transaction()`.

`connection` is for the store's own modules (the managers hand it to `ektp_desk.store`)
and for tests that look inside the store; the CLI and the UI read through the managers.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ektp_desk.desk import settings as desk_settings
from ektp_desk.desk.errors import DeskError, PermissionDenied
from ektp_desk.desk.settings import parse_zone
from ektp_desk.domain.accounts import Permission, Role, may
from ektp_desk.domain.moments import iso, utc_now
from ektp_desk.domain.problems import Text
from ektp_desk.domain.regions import RegionList, regions
from ektp_desk.domain.words import role_word
from ektp_desk.store import NotInitialized
from ektp_desk.store import audit as audit_store
from ektp_desk.store import settings as settings_store
from ektp_desk.store.db import DB_FILE, transaction

if TYPE_CHECKING:  # the recording's rules come with the first recording, not the log-in
    from ektp_desk.domain.recording import DeskContext

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
# Set once by `init --training`; not adjustable: a desk is for training or for real.
TRAINING_SETTING = "training"
SYSTEM_ACTOR = "system"


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Role


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILE


class Session:
    """One desk's store opened on this thread, and who acts on it."""

    def __init__(
        self,
        data_dir: Path,
        conn: sqlite3.Connection,
        *,
        clock: Clock = utc_now,
        region_list: RegionList | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.connection = conn
        self.clock = clock
        self._region_list = region_list
        self._user: User | None = None
        self.damaged: str | None = None
        self.damage_text: Text | None = None  # the same, in both languages
        self.closed = False  # a window's late signals must not read a closed store
        values = settings_store.get_all(conn)
        if "desk_id" not in values:
            raise NotInitialized("incomplete", data_dir=data_dir)
        self.settings = values
        self.desk_id = values["desk_id"]
        self.kecamatan = values["kecamatan"]
        self.timezone = parse_zone(values["timezone"])

    @property
    def user(self) -> User | None:
        """Who acts now; set only by a log-in, a log-out or `act_as`."""
        return self._user

    def act_as(self, user: User | None) -> None:
        """Act for `user`: a log-in did, or a worker's own connection acts for the user
        logged in on the window's (`None`: nobody)."""
        self._user = user

    @property
    def training(self) -> bool:
        """A training desk: simulated devices, and recordings no production hub takes."""
        return self.settings.get(TRAINING_SETTING) == "1"

    @property
    def database_path(self) -> Path:
        return database_path(self.data_dir)

    @property
    def regions(self) -> RegionList:
        if self._region_list is None:
            self._region_list = regions()
        return self._region_list

    def context(self) -> DeskContext:
        from ektp_desk.domain.recording import DeskContext

        return DeskContext(
            self.kecamatan,
            self.timezone,
            self.regions,
            marriage_min_age=desk_settings.int_of(self.settings, "marriage_min_age"),
        )

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone(self.timezone).date()

    def kelurahan_list(self) -> list[tuple[str, str]]:
        """(code, name) of every kelurahan/desa of the desk's kecamatan."""
        return [(r.code, r.name) for r in self.regions.children(self.kecamatan)]

    @contextmanager
    def transaction(self, *, immediate: bool = True) -> Iterator[None]:
        """One transaction on the session's connection (see `store.db.transaction`)."""
        with transaction(self.connection, immediate=immediate):
            yield

    def audit(self, action: str, subject: str = "", **detail: Any) -> None:
        actor = self._user.name if self._user else SYSTEM_ACTOR
        audit_store.append(
            self.connection,
            at=iso(self.clock()),
            actor=actor,
            action=action,
            subject=subject,
            detail=detail,
        )

    def require(self, permission: Permission, *, reads_only: bool = False) -> User:
        """The logged-in user, when they may do it. On a damaged store only what merely
        reads (a bundle out of it, for one) is still allowed."""
        if self.damaged is not None and not reads_only:
            raise DeskError("store_damaged", damage=self.damage_text or self.damaged)
        if self._user is None:
            raise PermissionDenied("login_first")
        if not may(self._user.role, permission):
            raise PermissionDenied(
                "may_not",
                name=self._user.name,
                role=Text(role_word(self._user.role).id, self._user.role.value),
                permission=permission.value,
            )
        return self._user

    def require_user(self) -> User:
        """The logged-in user, of any role: reading names and NIKs needs one. Allowed on a
        damaged store, as it only reads."""
        if self._user is None:
            raise PermissionDenied("login_first")
        return self._user

    def change_setting(self, key: str, value: str) -> None:
        """Change one of the desk's adjustable settings (admin); audited."""
        self.require(Permission.CHANGE_SETTINGS)
        value = desk_settings.checked(key, value)
        old = self.settings.get(key)
        with self.transaction():
            settings_store.put(self.connection, key, value)
            self.audit("settings.change", key, old=old, new=value)
        self.settings[key] = value
        if key == "timezone":
            self.timezone = parse_zone(value)

    def reload_settings(self) -> None:
        """Read the settings again: another connection (a backup thread) may have changed
        them."""
        self.settings = settings_store.get_all(self.connection)

    def put_settings(self, values: dict[str, str]) -> None:
        """Write settings (inside the caller's transaction) and keep them in memory."""
        for key, value in values.items():
            settings_store.put(self.connection, key, value)
        self.settings.update(values)
