"""Roles, what each may do, and password hashing (scrypt with a per-user salt)."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from enum import StrEnum

from ektp_desk.domain.problems import Text

MIN_PASSWORD_LENGTH = 8


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Permission(StrEnum):
    RECORD = "record"
    QUEUE = "queue"
    IMPORT_RESIDENTS = "import_residents"
    VOID_RECORDING = "void_recording"
    EXPORT = "export"
    MANAGE_USERS = "manage_users"
    CHANGE_SETTINGS = "change_settings"
    SEED_DEMO = "seed_demo"
    TRANSFER_BUNDLES = "transfer_bundles"
    APPROVE_RECORDING = "approve_recording"
    UPDATE_PROGRAM = "update_program"


_CLERK = {Permission.RECORD, Permission.QUEUE}
_SUPERVISOR = _CLERK | {
    Permission.IMPORT_RESIDENTS,
    Permission.VOID_RECORDING,
    Permission.EXPORT,
    Permission.SEED_DEMO,
    Permission.TRANSFER_BUNDLES,
    Permission.APPROVE_RECORDING,
    Permission.UPDATE_PROGRAM,
}
_ADMIN = _SUPERVISOR | {Permission.MANAGE_USERS, Permission.CHANGE_SETTINGS}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(_CLERK),
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(_ADMIN),
}


def may(role: Role, permission: Permission) -> bool:
    return permission in PERMISSIONS[role]


@dataclass(frozen=True, slots=True)
class ScryptParams:
    n: int = 2**14
    r: int = 8
    p: int = 1


DEFAULT_SCRYPT = ScryptParams()


def hash_password(
    password: str, salt: bytes | None = None, params: ScryptParams = DEFAULT_SCRYPT
) -> tuple[bytes, bytes]:
    """(salt, hash) for a password; a new random 16-byte salt unless one is given."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=params.n,
        r=params.r,
        p=params.p,
        maxmem=256 * params.r * params.n + 1024 * 1024,
        dklen=32,
    )
    return salt, digest


def password_matches(password: str, *, salt: bytes, expected: bytes, params: ScryptParams) -> bool:
    _, digest = hash_password(password, salt, params)
    return hmac.compare_digest(digest, expected)


def password_problem(password: str) -> Text | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return Text(
            f"kata sandi paling sedikit {MIN_PASSWORD_LENGTH} karakter",
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters",
        )
    if password.strip() != password:
        return Text(
            "kata sandi tidak boleh diawali atau diakhiri spasi",
            "a password cannot start or end with a space",
        )
    return None
