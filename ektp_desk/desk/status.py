"""The desk's status, as `ektp-desk status` prints it and the window's header reads it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ektp_desk.store import bundles as bundle_store
from ektp_desk.store import outbox as outbox_store
from ektp_desk.store import queue as queue_store
from ektp_desk.store import recordings as recording_store
from ektp_desk.store import residents as resident_store
from ektp_desk.sync.engine import AUDIT_REFUSED, AUDIT_RESTORED, CLOCK_WARNING_SECONDS

if TYPE_CHECKING:
    from ektp_desk.desk import Desk


def status_of(desk: Desk) -> dict[str, object]:
    session = desk.session
    conn = session.connection
    queue_total, queue_today = queue_store.counts(conn, session.today().isoformat())
    region = session.regions.get(session.kecamatan)
    settings = session.settings
    out: dict[str, object] = {
        "desk": {
            "desk_id": session.desk_id,
            "kecamatan": session.kecamatan,
            "kecamatan_name": region.name if region else None,
            "timezone": session.timezone.key,
            "target": int(settings["target"]) if "target" in settings else None,
            "data_dir": str(session.data_dir),
            "training": session.training,
        },
        "residents": resident_store.count(conn),
        "queue": {"total": queue_total, "today": queue_today},
    }
    out.update(recording_store.counts(conn))
    out["forwarded"] = {
        "waiting": outbox_store.count_waiting(conn, "forwarded"),
        "by_desk_and_state": [list(r) for r in bundle_store.forwarded_summary(conn)],
    }
    free = desk.health.disk_free_mb()
    out["disk"] = {"free_mb": round(free), "warning": desk.health.disk_warning(free)}
    out["backup"] = desk.backups.status()
    out["rerecord"] = [
        {"record_id": r["record_id"], "nama": r["nama"]} for r in desk.health.rerecord_list()
    ]
    out["damaged"] = session.damaged
    out["sync"] = _sync_status(desk)
    return out


def _sync_status(desk: Desk) -> dict[str, object]:
    settings = desk.session.settings
    sync = outbox_store.meta(desk.session.connection)
    skew = float(sync["clock_skew_seconds"]) if "clock_skew_seconds" in sync else None
    return {
        "hub_url": settings.get("hub_url"),
        "key_id": settings.get("hub_key_id"),
        "last_success": sync.get("last_success"),
        "last_attempt": sync.get("last_attempt"),
        "last_error": sync.get("last_error"),
        "clock_skew_seconds": skew,
        "token": desk.hub.token_storage(),
        "audit_refused": sync.get(AUDIT_REFUSED),
        "audit_restored": sync.get(AUDIT_RESTORED),
        "clock_warning": (
            f"the desk clock differs from the hub's by {abs(skew):.0f} s; set the clock"
            if skew is not None and abs(skew) > CLOCK_WARNING_SECONDS
            else None
        ),
    }
