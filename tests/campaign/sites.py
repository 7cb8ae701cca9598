"""Desks of several kecamatan enrolled at one hub, for the network and load campaigns.

Each desk is of its own kecamatan, so their demo residents have NIKs of their own: any
`duplicate_nik` at the hub is then a record delivered twice, not a coincidence."""

from __future__ import annotations

import random
from pathlib import Path

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.domain.regions import Level, regions
from ektp_desk.hub.store import open_store
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT
from tests.hubproc import HubProcess


def kecamatan_codes(count: int) -> list[str]:
    """Kecamatan of Sulawesi Tengah, in code order."""
    rl = regions()
    out: list[str] = []
    for regency in rl.children("72"):
        out += [r.code for r in rl.children(regency.code) if r.level is Level.KECAMATAN]
    if len(out) < count:
        raise ValueError(f"only {len(out)} kecamatan to draw from")
    return out[:count]


def make_desks(
    folder: Path,
    hub: HubProcess,
    *,
    count: int,
    recordings: int,
    rng: random.Random,
    url: str | None = None,
    detail: BiometricDetail = BiometricDetail.NONE,
) -> list[Path]:
    """`count` desks, each with `recordings` sealed and queued (with images of `detail`);
    returns their data dirs."""
    dirs = []
    for index, kecamatan in enumerate(kecamatan_codes(count)):
        desk_id = f"DESK-{index + 1:02d}"
        data = folder / desk_id
        desk = Desk.create(
            data,
            kecamatan=kecamatan,
            desk_id=desk_id,
            admin_name="admin",
            admin_password=ADMIN_PASSWORD,
            scrypt=FAST_SCRYPT,
        )
        desk.accounts.login("admin", ADMIN_PASSWORD)
        desk.hub.set(
            url or hub.url,
            hub.add_desk(desk_id, kecamatan),
            allow_http=True,
        )
        seed(desk, recordings=recordings, days=3, seed_value=rng.randrange(10**6),
             detail=detail)  # fmt: skip
        desk.close()
        dirs.append(data)
    return dirs


def verify(dirs: list[Path], hub: HubProcess) -> tuple[int, int, int]:
    """(records checked, lost, duplicated) once every desk says it is done."""
    store = open_store(hub.db)
    try:
        held = list(store.records())
    finally:
        store.close()
    ids = [r.record_id for r in held]
    duplicated = len(ids) - len(set(ids)) + sum(r.outcome == "duplicate_nik" for r in held)
    held_ids = set(ids)
    checked = lost = 0
    for data in dirs:
        with Desk.open(data) as desk:
            rows = desk.session.connection.execute("SELECT record_id, state FROM outbox").fetchall()
        checked += len(rows)
        lost += sum(rid not in held_ids or state != "acked" for rid, state in rows)
    return checked, lost, duplicated
