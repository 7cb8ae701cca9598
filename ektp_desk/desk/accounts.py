"""The accounts: log-in (with its lockout), log-out, a supervisor's take-over of a locked
session, the users an admin manages, and the holding key an admin's log-in opens."""

from __future__ import annotations

import base64
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from ektp_desk.desk.errors import AuthError, DeskError, TakeOverRefused
from ektp_desk.desk.session import User
from ektp_desk.desk.settings import int_of
from ektp_desk.domain.accounts import (
    DEFAULT_SCRYPT,
    Permission,
    Role,
    ScryptParams,
    hash_password,
    password_matches,
    password_problem,
)
from ektp_desk.domain.moments import iso
from ektp_desk.protocol.envelope import generate_private_key, public_bytes
from ektp_desk.store import audit as audit_store
from ektp_desk.store import keywrap, replay
from ektp_desk.store import settings as settings_store
from ektp_desk.store import users as user_store
from ektp_desk.store.db import unless_disk_full

if TYPE_CHECKING:
    from ektp_desk.desk import Desk

log = logging.getLogger(__name__)

HOLDING_PUBLIC = "holding_public_key"
HOLDING_LABEL = b"ektp-desk holding key v1"
MAX_LOGGED_NAME = 64  # a longer log-in name is no account; it is cut in the audit log
_DUMMY_SALT = b"ektp-desk dummy!"
_DUMMY_HASH = bytes(32)


def login_refused(attempts: int, minutes: int) -> AuthError:
    """The one answer to every refused log-in, whatever the reason (no account oracle)."""
    return AuthError("login_refused", attempts=attempts, minutes=minutes)


def holding_slot(admin: str) -> str:
    return f"holding_key_for:{admin.casefold()}"


def wrap_holding(key: X25519PrivateKey, password: str, params: ScryptParams) -> str:
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    wrapped = keywrap.wrap(raw, password, n=params.n, r=params.r, p=params.p, label=HOLDING_LABEL)
    return base64.b64encode(wrapped).decode()


def fingerprint(salt: bytes, digest: bytes, params: ScryptParams) -> str:
    """What the audit log keeps of a password set (see store.replay)."""
    return replay.password_fingerprint(salt, digest, n=params.n, r=params.r, p=params.p)


def check_user_name(name: str) -> None:
    if not name or len(name) > 40 or not all(c.isalnum() or c in "._-" for c in name):
        raise DeskError("user_name", name=name)


class Accounts:
    """`desk.accounts`: who may act on the desk."""

    def __init__(self, desk: Desk) -> None:
        self.session = desk.session
        # The holding key's private half, opened by an admin's log-in: it re-seals for the
        # hub what was saved before the hub's key was known. Never stored in clear.
        self.holding_private: X25519PrivateKey | None = None

    def login(self, name: str, password: str) -> User:
        """Log in. Every refusal (unknown name, wrong password, disabled or locked account)
        gives the same message after the same scrypt work; the reason goes to the audit log.
        An attempt is counted for the name, known or not, in the write transaction that
        checks its lockout and before the password is checked, so guesses racing each other
        get at most `lockout_attempts` checks."""
        conn = self.session.connection
        attempts = int_of(self.session.settings, "lockout_attempts")
        minutes = int_of(self.session.settings, "lockout_minutes")
        shown = name[:MAX_LOGGED_NAME]
        row, reserved = self._count_attempt(name, shown.casefold(), attempts, minutes)
        # The same scrypt work whatever the outcome: the real hash when there is one.
        matches = password_matches(
            password,
            salt=row.salt if row else _DUMMY_SALT,
            expected=row.password_hash if row else _DUMMY_HASH,
            params=row.params if row else DEFAULT_SCRYPT,
        )
        if row is not None and reserved is not None and not row.disabled and matches:
            at = iso(self.session.now())
            with (
                unless_disk_full(conn, "a log-in was not recorded"),
                self.session.transaction(),
            ):
                user_store.clear_attempts(conn, shown.casefold())
                user_store.record_success(conn, row.id, at=at)
                audit_store.append(conn, at=at, actor=row.name, action="login", subject=row.name)
            user = User(row.name, row.role)
            self.session.act_as(user)
            self.holding_private = None
            if row.role is Role.ADMIN:
                self._open_holding_key(row.name, password, row.params)
            return user
        if reserved is None:
            reason = "locked"
        elif row is None:
            reason = "unknown user"
        elif row.disabled:
            reason = "disabled"
        else:
            reason = "wrong password"
        lock = reserved is not None and reserved >= attempts
        actor = row.name if row else shown
        self._refused(actor, shown.casefold(), reason, lock=lock, minutes=minutes)
        raise login_refused(attempts, minutes)

    def _count_attempt(
        self, name: str, key: str, attempts: int, minutes: int
    ) -> tuple[user_store.UserRow | None, int | None]:
        """The account (if any) and this attempt's number, counted before the password is
        checked; None when the name is locked."""
        conn = self.session.connection
        now = self.session.now()
        with (
            unless_disk_full(conn, "a log-in attempt was not counted"),
            self.session.transaction(),
        ):
            row = user_store.get(conn, name) if len(name) <= MAX_LOGGED_NAME else None
            state = user_store.attempts(conn, key)
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
            user_store.put_attempts(conn, key, attempts=count, locked_until=locked_until)
        return row, reserved

    def _refused(self, actor: str, key: str, reason: str, *, lock: bool, minutes: int) -> None:
        conn = self.session.connection
        later = self.session.now()
        with (
            unless_disk_full(conn, "a failed log-in was not recorded"),
            self.session.transaction(),
        ):
            if lock:
                user_store.put_attempts(
                    conn,
                    key,
                    attempts=0,
                    locked_until=iso(later + timedelta(minutes=minutes)),
                )
            audit_store.append(
                conn,
                at=iso(later),
                actor=actor,
                action="login.failed",
                subject=actor,
                detail={"reason": reason, "locked": lock},
            )

    def take_over(self, name: str, password: str) -> User:
        """A supervisor or an admin takes over a locked session. A clerk may not: the
        session (and an admin's opened holding key) stays as it was."""
        before, holding = self.session.user, self.holding_private
        user = self.login(name, password)
        if user.role is Role.CLERK:
            self.session.act_as(before)
            self.holding_private = holding
            raise TakeOverRefused("take_over")
        return user

    def _open_holding_key(self, name: str, password: str, params: ScryptParams) -> None:
        """An admin's log-in opens the holding key (or makes it, in a store from before)."""
        wrapped = self.session.settings.get(holding_slot(name))
        if wrapped:
            try:
                raw = keywrap.unwrap(base64.b64decode(wrapped), password, label=HOLDING_LABEL)
            except keywrap.WrongSecret:
                log.warning("the holding key of %s does not open; it stays closed", name)
                return
            self.holding_private = X25519PrivateKey.from_private_bytes(raw)
            return
        if HOLDING_PUBLIC in self.session.settings:
            return  # made for other admins: one of them opens it
        holding = generate_private_key()
        values = {
            HOLDING_PUBLIC: base64.b64encode(public_bytes(holding)).decode(),
            holding_slot(name): wrap_holding(holding, password, params),
        }
        with self.session.transaction():
            for key, value in values.items():
                settings_store.put(self.session.connection, key, value)
            self.session.audit("holding_key.create", name)
        self.session.settings.update(values)
        self.holding_private = holding

    def _give_holding_key(self, name: str, password: str, params: ScryptParams) -> None:
        """Wrap the open holding key for an admin account (inside the caller's transaction)."""
        if self.holding_private is None:
            return
        value = wrap_holding(self.holding_private, password, params)
        self.session.put_settings({holding_slot(name): value})

    def act_for(self, user: User | None) -> None:
        """This desk, a second one of the process (a worker's own connection), acts for
        `user`, who logged in on the window's desk: no password is asked again and nothing
        is audited, since that log-in was (`None`: nobody)."""
        self.session.act_as(user)

    def logout(self) -> None:
        user = self.session.user
        if user is not None:
            with self.session.transaction():
                self.session.audit("logout", user.name)
        self.session.act_as(None)
        self.holding_private = None

    def add(
        self, name: str, role: Role, password: str, *, scrypt: ScryptParams = DEFAULT_SCRYPT
    ) -> None:
        self.session.require(Permission.MANAGE_USERS)
        conn = self.session.connection
        check_user_name(name)
        problem = password_problem(password)
        if problem:
            raise DeskError("password_refused", problem=problem)
        if user_store.get(conn, name) is not None:
            raise DeskError("user_exists", name=name)
        salt, digest = hash_password(password, params=scrypt)
        with self.session.transaction():
            user_store.insert(
                conn,
                name=name,
                role=role,
                salt=salt,
                password_hash=digest,
                params=scrypt,
                at=iso(self.session.now()),
            )
            if role is Role.ADMIN:
                self._give_holding_key(name, password, scrypt)
            self.session.audit(
                "user.add", name, role=role.value, password=fingerprint(salt, digest, scrypt)
            )

    def users(self) -> list[user_store.UserRow]:
        self.session.require(Permission.MANAGE_USERS)
        return user_store.all_users(self.session.connection)

    def set_disabled(self, name: str, disabled: bool = True) -> None:
        actor = self.session.require(Permission.MANAGE_USERS)
        conn = self.session.connection
        row = user_store.get(conn, name)
        if row is None:
            raise DeskError("no_user", name=name)
        if disabled and row.name.casefold() == actor.name.casefold():
            raise DeskError("disable_self")
        if disabled and row.role is Role.ADMIN:
            active_admins = [
                u for u in user_store.all_users(conn) if u.role is Role.ADMIN and not u.disabled
            ]
            if len(active_admins) <= 1:
                raise DeskError("last_admin")
        with self.session.transaction():
            user_store.set_disabled(conn, row.id, disabled)
            self.session.audit("user.disable" if disabled else "user.enable", row.name)

    def reset_password(
        self, name: str, password: str, *, scrypt: ScryptParams = DEFAULT_SCRYPT
    ) -> None:
        self.session.require(Permission.MANAGE_USERS)
        conn = self.session.connection
        row = user_store.get(conn, name)
        if row is None:
            raise DeskError("no_user", name=name)
        problem = password_problem(password)
        if problem:
            raise DeskError("password_refused", problem=problem)
        salt, digest = hash_password(password, params=scrypt)
        with self.session.transaction():
            user_store.set_password(conn, row.id, salt=salt, password_hash=digest, params=scrypt)
            if row.role is Role.ADMIN:
                self._give_holding_key(row.name, password, scrypt)
            user_store.clear_attempts(conn, row.name.casefold())
            self.session.audit(
                "user.password_reset", row.name, password=fingerprint(salt, digest, scrypt)
            )

    def operators(self) -> list[str]:
        return [u.name for u in user_store.all_users(self.session.connection)]
