"""The desks page's rows: each desk's token state, when it was last seen, its program
version and clock, what it has waiting, what it sent, and the audit head confirmed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ektp_desk.hub.store import DashboardStore

DRIFT_WARNING_SECONDS = 120
ZONE = ZoneInfo("Asia/Makassar")


def local_minute(iso: str) -> str:
    """A stored UTC time as Palu reads it (WITA), to the minute."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        return iso
    return moment.astimezone(ZONE).strftime("%d-%m-%Y %H:%M")


def local_day(iso_date: str) -> str:
    """A stored YYYY-MM-DD as the pages write dates: DD-MM-YYYY."""
    parts = iso_date.split("-")
    return "-".join(reversed(parts)) if len(parts) == 3 else iso_date


@dataclass(frozen=True, slots=True)
class DeskLine:
    desk_id: str
    kecamatan: str
    token: str
    last_seen: str
    version: str
    drift: str
    waiting: str
    records: int
    audit: str
    warn: bool


def _drift(seconds: int | None) -> str:
    if seconds is None:
        return "–"
    sign = "+" if seconds > 0 else "−" if seconds < 0 else ""
    minutes, rest = divmod(abs(seconds), 60)
    return f"{sign}{minutes} mnt {rest} dtk" if minutes else f"{sign}{rest} dtk"


def desk_lines(store: DashboardStore) -> list[DeskLine]:
    seen = store.desks_seen()
    batches = store.last_batches()
    held: dict[str, int] = {}
    for desk_id, _, count in store.counts():
        held[desk_id] = held.get(desk_id, 0) + count
    lines = []
    for desk in store.desks():
        info = seen.get(desk.desk_id)
        batch_at, _ = batches.get(desk.desk_id, ("", 0))
        audit = store.desk_audit(desk.desk_id)
        flagged = audit is not None and audit.flagged_at is not None
        if desk.revoked_at:
            token = f"dicabut {local_minute(desk.revoked_at)}"
        elif flagged:
            token = "aktif; log audit mundur, sinkron ditolak"
        else:
            token = "aktif"
        last = max(info.seen_at if info else "", batch_at)
        drift = info.clock_drift_seconds if info else None
        lines.append(
            DeskLine(
                desk_id=desk.desk_id,
                kecamatan=desk.kecamatan,
                token=token,
                last_seen=local_minute(last) if last else "belum pernah",
                version=(info.version if info and info.version else "–"),
                drift=_drift(drift),
                waiting="–" if info is None or info.waiting is None else str(info.waiting),
                records=held.get(desk.desk_id, 0),
                audit=(
                    f"{audit.count} entri, {local_minute(audit.at)}"
                    if audit is not None
                    else "belum ada"
                ),
                warn=flagged or (drift is not None and abs(drift) > DRIFT_WARNING_SECONDS),
            )
        )
    return lines
