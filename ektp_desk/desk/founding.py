"""A new desk: its answers checked, its store made, its first admin and holding key
written, all in one transaction."""

from __future__ import annotations

import base64
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ektp_desk.desk.accounts import (
    HOLDING_PUBLIC,
    check_user_name,
    fingerprint,
    holding_slot,
    wrap_holding,
)
from ektp_desk.desk.errors import DeskError
from ektp_desk.desk.session import TRAINING_SETTING, Clock, database_path
from ektp_desk.desk.settings import DEFAULT_LOCKOUT_ATTEMPTS, DEFAULT_LOCKOUT_MINUTES, parse_zone
from ektp_desk.domain.accounts import Role, ScryptParams, hash_password, password_problem
from ektp_desk.domain.desks import desk_id_problem
from ektp_desk.domain.moments import iso
from ektp_desk.domain.regions import Level, RegionList, regions, timezone_for
from ektp_desk.protocol.envelope import generate_private_key, public_bytes
from ektp_desk.store import AlreadyInitialized
from ektp_desk.store import audit as audit_store
from ektp_desk.store import settings as settings_store
from ektp_desk.store import users as user_store
from ektp_desk.store.db import connect, transaction


@dataclass(frozen=True, slots=True)
class NewDesk:
    kecamatan: str
    desk_id: str
    admin_name: str
    admin_password: str
    timezone: str | None
    target: int | None
    scrypt: ScryptParams
    training: bool


def _checked(new: NewDesk, rl: RegionList) -> tuple[str, str]:
    """(desk id, time zone) once every answer is right."""
    region = rl.get(new.kecamatan)
    if region is None or region.level is not Level.KECAMATAN:
        raise DeskError("not_kecamatan", code=new.kecamatan)
    desk_id = new.desk_id.strip()
    problem = desk_id_problem(desk_id)
    if problem:
        raise DeskError("desk_id_refused", problem=problem)
    zone = new.timezone or timezone_for(new.kecamatan)
    parse_zone(zone)
    if new.target is not None and new.target < 0:
        raise DeskError("negative_target")
    check_user_name(new.admin_name)
    problem = password_problem(new.admin_password)
    if problem:
        raise DeskError("admin_password_refused", problem=problem)
    return desk_id, zone


def found(
    data_dir: Path, new: NewDesk, *, clock: Clock, region_list: RegionList | None
) -> tuple[sqlite3.Connection, RegionList]:
    """The new desk's store, written; its connection is the caller's to close."""
    rl = region_list or regions()
    desk_id, zone = _checked(new, rl)
    path = database_path(data_dir)
    if path.exists():
        probe = connect(path)
        try:
            if settings_store.get_all(probe):
                raise AlreadyInitialized("already_initialized", data_dir=data_dir)
        finally:
            probe.close()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DeskError("cannot_create", path=data_dir, detail=exc.strerror or exc) from None
    conn = connect(path)
    try:
        _write(conn, new, desk_id, zone, iso(clock()))
    except BaseException:
        conn.close()
        raise
    return conn, rl


def _write(conn: sqlite3.Connection, new: NewDesk, desk_id: str, zone: str, now: str) -> None:
    salt, digest = hash_password(new.admin_password, params=new.scrypt)
    values = {
        "desk_id": desk_id,
        "kecamatan": new.kecamatan,
        "timezone": zone,
        "created_at": now,
        "lockout_attempts": str(DEFAULT_LOCKOUT_ATTEMPTS),
        "lockout_minutes": str(DEFAULT_LOCKOUT_MINUTES),
    }
    if new.target is not None:
        values["target"] = str(new.target)
    if new.training:
        values[TRAINING_SETTING] = "1"
    admin = new.admin_name
    with transaction(conn):
        for key, value in values.items():
            settings_store.put(conn, key, value)
        user_store.insert(
            conn, name=admin, role=Role.ADMIN, salt=salt, password_hash=digest,
            params=new.scrypt, at=now,
        )  # fmt: skip
        audit_store.append(
            conn, at=now, actor=admin, action="desk.init", subject=desk_id,
            detail={"kecamatan": new.kecamatan, "timezone": zone, "target": new.target}
            | ({"training": True} if new.training else {}),
        )  # fmt: skip
        audit_store.append(
            conn, at=now, actor=admin, action="user.add", subject=admin,
            detail={"role": Role.ADMIN.value, "password": fingerprint(salt, digest, new.scrypt)},
        )  # fmt: skip
        holding = generate_private_key()
        settings_store.put(conn, HOLDING_PUBLIC, base64.b64encode(public_bytes(holding)).decode())
        settings_store.put(
            conn, holding_slot(admin), wrap_holding(holding, new.admin_password, new.scrypt)
        )
