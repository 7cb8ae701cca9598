"""The state the audit log says the store must be in, replayed and compared with the store:
accounts (who exists, role, enabled, which password) and voided recordings, and the daily
tally against the recordings it counts. A row changed in the SQLite file behind the desk's
back disagrees with its audit trail here even when the hash chain is intact."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
from collections.abc import Sequence
from dataclasses import dataclass

_PASSWORD_LABEL = b"ektp-desk audit password v1\x00"


def password_fingerprint(salt: bytes, password_hash: bytes, *, n: int, r: int, p: int) -> str:
    """What the audit log records of a password set: a hash of its scrypt hash, salt and
    parameters. It tells a password changed outside the desk, and gives nothing to guess
    the password with that the stored hash itself does not."""
    digest = hashlib.sha256(_PASSWORD_LABEL)
    digest.update(struct.pack(">IIII", n, r, p, len(salt)))
    digest.update(salt)
    digest.update(password_hash)
    return digest.hexdigest()[:32]


# The columns of a recording fixed when it is saved (all but the void's), whose digest
# the save's audit entry keeps: a row changed afterwards, or rotted, disagrees with it.
RECORDING_COLUMNS = (
    "record_id", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "kelurahan", "biodata",
    "captures", "recorded_at", "local_date", "local_hour", "age", "early", "on_list",
    "operator", "ticket_id", "finalized_at",
)  # fmt: skip


def recording_digest(values: Sequence[object]) -> str:
    """The digest of a recording's fixed columns, in `RECORDING_COLUMNS` order."""
    text = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass
class _Account:
    name: str
    role: str
    disabled: bool
    password: str | None  # fingerprint; None when the entry that set it predates them
    seq: int


_ACTIONS = (
    "user.add",
    "user.disable",
    "user.enable",
    "user.password_reset",
    "user.role",
    "recording.void",
)


def disagreements(conn: sqlite3.Connection) -> list[str]:
    """Every account, void, daily count and recording that disagrees with the audit log."""
    accounts: dict[str, _Account] = {}
    voids: dict[str, tuple[int, str, str]] = {}  # record id -> (entry, actor, reason)
    marks = ", ".join("?" * len(_ACTIONS))
    for seq, actor, action, subject, detail_text in conn.execute(
        f"SELECT seq, actor, action, subject, detail FROM audit WHERE action IN ({marks})"
        " ORDER BY seq",
        _ACTIONS,
    ):
        try:
            detail = json.loads(detail_text)
        except ValueError:
            detail = {}
        if not isinstance(detail, dict):
            detail = {}
        key = str(subject).casefold()
        if action == "recording.void":
            voids[str(subject)] = (int(seq), str(actor), str(detail.get("reason", "")))
            continue
        if action == "user.add":
            accounts[key] = _Account(
                str(subject), str(detail.get("role")), False, detail.get("password"), int(seq)
            )
            continue
        account = accounts.get(key)
        if account is None:
            continue  # reported below as a user the log does not know, if it exists
        account.seq = int(seq)
        if action in ("user.disable", "user.enable"):
            account.disabled = action == "user.disable"
        elif action == "user.role" and "role" in detail:
            account.role = str(detail["role"])
        elif action == "user.password_reset":
            account.password = detail.get("password")
    return (
        _account_problems(conn, accounts)
        + _void_problems(conn, voids)
        + _tally_problems(conn)
        + _recording_problems(conn)
    )


def _account_problems(conn: sqlite3.Connection, accounts: dict[str, _Account]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for name, role, disabled, salt, password_hash, n, r, p in conn.execute(
        "SELECT name, role, disabled, salt, password_hash, scrypt_n, scrypt_r, scrypt_p"
        " FROM users ORDER BY id"
    ):
        key = str(name).casefold()
        seen.add(key)
        account = accounts.get(key)
        if account is None:
            problems.append(f"user {name} has no audit entry that created it (added outside)")
            continue
        if str(role) != account.role:
            problems.append(
                f"user {name} is {role} in the store, but {account.role} by the audit log"
                f" (entry {account.seq})"
            )
        if bool(disabled) != account.disabled:
            state = "disabled" if account.disabled else "enabled"
            problems.append(
                f"user {name} is {'disabled' if disabled else 'enabled'} in the store, but"
                f" {state} by the audit log (entry {account.seq})"
            )
        if account.password is not None and account.password != password_fingerprint(
            bytes(salt), bytes(password_hash), n=int(n), r=int(r), p=int(p)
        ):
            problems.append(
                f"user {name}'s password is not the one the audit log last set"
                f" (entry {account.seq}): it was changed outside the desk"
            )
    for key, account in accounts.items():
        if key not in seen:
            problems.append(
                f"user {account.name} of the audit log (entry {account.seq}) is gone from the store"
            )
    return problems


def _void_problems(conn: sqlite3.Connection, voids: dict[str, tuple[int, str, str]]) -> list[str]:
    problems: list[str] = []
    for record_id, voided_by, reason in conn.execute(
        "SELECT record_id, voided_by, void_reason FROM recordings WHERE voided_at IS NOT NULL"
    ):
        entry = voids.pop(str(record_id), None)
        if entry is None:
            problems.append(f"recording {record_id} is voided with no audit entry voiding it")
        elif (str(voided_by), str(reason)) != entry[1:]:
            problems.append(
                f"recording {record_id} was voided by {entry[1]} (audit entry {entry[0]}), but"
                f" the store says by {voided_by}, with another reason"
            )
    for record_id, (seq, _, _) in voids.items():
        row = conn.execute("SELECT 1 FROM recordings WHERE record_id = ?", (record_id,)).fetchone()
        where = "is gone from the store" if row is None else "is not voided in the store"
        problems.append(f"recording {record_id}, voided by audit entry {seq}, {where}")
    return problems


def _tally_problems(conn: sqlite3.Connection) -> list[str]:
    counted = dict(
        conn.execute(
            "SELECT local_date, count(*) FROM recordings WHERE voided_at IS NULL"
            " GROUP BY local_date"
        ).fetchall()
    )
    kept = dict(conn.execute("SELECT local_date, recorded FROM daily_counts").fetchall())
    return [
        f"the daily count of {day} is {kept.get(day, 0)}, but {counted.get(day, 0)} recordings"
        " of that day are not voided"
        for day in sorted(set(counted) | set(kept))
        if counted.get(day, 0) != kept.get(day, 0)
    ]


def _recording_problems(conn: sqlite3.Connection) -> list[str]:
    """Every recording whose fixed columns are not those its save's audit entry recorded
    (entries from before the digest are skipped); one row at a time."""
    columns = ", ".join(f"r.{c}" for c in RECORDING_COLUMNS)
    problems: list[str] = []
    for row in conn.execute(
        f"SELECT a.seq, a.detail, {columns} FROM audit a JOIN recordings r"
        " ON r.record_id = a.subject WHERE a.action = 'recording.save'"
    ):
        seq, detail_text, values = row[0], row[1], row[2:]
        if '"row"' not in detail_text:
            continue
        try:
            expected = json.loads(detail_text).get("row")
        except (ValueError, AttributeError):
            continue  # a damaged entry breaks the chain: reported there
        if expected is not None and recording_digest(values) != expected:
            problems.append(
                f"recording {values[0]} is not the one its audit entry {seq} saved (changed or"
                " damaged since)"
            )
    return problems
