"""The dashboard's users: added by `ektp-hub user add`, logging in with a password hashed
with scrypt as the desk's accounts are (`domain.accounts`), locked out after repeated
failures, and holding a session whose cookie the hub keeps only as a hash, with the CSRF
token every form must send back."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from ektp_desk.domain.accounts import (
    DEFAULT_SCRYPT,
    ScryptParams,
    hash_password,
    password_matches,
    password_problem,
)
from ektp_desk.domain.moments import iso
from ektp_desk.hub import HubError
from ektp_desk.hub.store import DashboardStore, SessionRow

LOCKOUT_ATTEMPTS = 5  # failed log-ins under one name before it is locked
LOCKOUT_MINUTES = 15
SESSION_HOURS = 10  # one working day; then the user logs in again
MAX_NAME = 64
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_DUMMY_SALT = b"ektp-hub dummy!!"
_DUMMY_HASH = bytes(32)


class HubRole(StrEnum):
    VIEWER = "viewer"  # reads every page and download
    OPERATOR = "operator"  # and resolves duplicate cases
    ADMIN = "admin"  # and everything an operator does


def may_resolve(role: str) -> bool:
    return role in (HubRole.OPERATOR, HubRole.ADMIN)


class LoginRefused(Exception):
    """Every refused log-in, whatever the reason (no oracle for names)."""

    def __init__(self) -> None:
        super().__init__(
            f"nama atau kata sandi salah, atau akun terkunci ({LOCKOUT_ATTEMPTS} kali salah"
            f" mengunci akun selama {LOCKOUT_MINUTES} menit)"
        )


@dataclass(frozen=True, slots=True)
class Session:
    name: str
    role: str
    csrf: str

    @property
    def may_resolve(self) -> bool:
        return may_resolve(self.role)


@dataclass(frozen=True, slots=True)
class LoggedIn:
    session: Session
    token: str  # the cookie's value; the hub keeps only its hash


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class HubAccounts:
    def __init__(
        self, store: DashboardStore, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self.store = store
        self.clock = clock

    def add(
        self, name: str, role: str, password: str, *, scrypt: ScryptParams = DEFAULT_SCRYPT
    ) -> None:
        if not _NAME.fullmatch(name):
            raise HubError(
                f"bad user name {name!r}: 1 to {MAX_NAME} letters, digits, '.', '_' or '-',"
                " starting with a letter or digit"
            )
        if role not in set(HubRole):
            raise HubError(f"bad role {role!r}: viewer, operator or admin")
        problem = password_problem(password)
        if problem is not None:
            raise HubError(problem.en)
        salt, digest = hash_password(password, params=scrypt)
        self.store.add_user(
            name,
            role=role,
            salt=salt,
            password_hash=digest,
            scrypt=(scrypt.n, scrypt.r, scrypt.p),
            at=iso(self.clock(), timespec="seconds"),
        )

    def login(self, name: str, password: str) -> LoggedIn:
        """Log in, or LoginRefused after the same scrypt work whatever the reason. The
        attempt is counted for the name, known or not, before the password is checked."""
        now = self.clock()
        key = name[:MAX_NAME].casefold()
        number = self.store.count_login_attempt(
            key,
            now=iso(now, timespec="seconds"),
            limit=LOCKOUT_ATTEMPTS,
            lock_until=iso(now + timedelta(minutes=LOCKOUT_MINUTES), timespec="seconds"),
        )
        row = self.store.user(name) if len(name) <= MAX_NAME else None
        matches = password_matches(
            password,
            salt=row.salt if row else _DUMMY_SALT,
            expected=row.password_hash if row else _DUMMY_HASH,
            params=ScryptParams(*row.scrypt) if row else DEFAULT_SCRYPT,
        )
        if number is None:
            reason = "locked"
        elif row is None:
            reason = "unknown user"
        elif row.disabled_at is not None:
            reason = "disabled"
        elif not matches:
            reason = "wrong password"
        else:
            reason = ""
        if reason:
            lock = number is not None and number >= LOCKOUT_ATTEMPTS
            self.store.refuse_login(
                key,
                at=iso(now, timespec="seconds"),
                reason=reason,
                lock_until=iso(now + timedelta(minutes=LOCKOUT_MINUTES), timespec="seconds")
                if lock
                else None,
            )
            raise LoginRefused()
        assert row is not None
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self.store.open_session(
            row.name,
            key,
            token_hash=token_hash(token),
            csrf=csrf,
            at=iso(now, timespec="seconds"),
            expires_at=iso(now + timedelta(hours=SESSION_HOURS), timespec="seconds"),
        )
        return LoggedIn(Session(row.name, row.role, csrf), token)

    def session(self, token: str | None) -> Session | None:
        if not token:
            return None
        row: SessionRow | None = self.store.session(
            token_hash(token), iso(self.clock(), timespec="seconds")
        )
        return Session(row.name, row.role, row.csrf) if row else None

    def logout(self, token: str | None) -> None:
        if token:
            self.store.close_session(token_hash(token))


def csrf_matches(session: Session, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(session.csrf.encode(), given.encode())
