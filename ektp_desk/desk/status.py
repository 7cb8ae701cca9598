"""The desk's status, as `ektp-desk status` prints it and the window's header reads it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from ektp_desk.desk.backups import BackupStatus
from ektp_desk.desk.health import Rerecord
from ektp_desk.desk.hub import TokenStorage
from ektp_desk.store import approvals as approval_store
from ektp_desk.store import bundles as bundle_store
from ektp_desk.store import city as city_store
from ektp_desk.store import outbox as outbox_store
from ektp_desk.store import queue as queue_store
from ektp_desk.store import recordings as recording_store
from ektp_desk.store import residents as resident_store
from ektp_desk.store.recordings import StateCounts
from ektp_desk.sync import AUDIT_REFUSED, AUDIT_RESTORED, CLOCK_WARNING_SECONDS

if TYPE_CHECKING:
    from ektp_desk.desk import Desk


@dataclass(frozen=True, slots=True)
class DeskIdentity:
    desk_id: str
    kecamatan: str
    kecamatan_name: str | None
    timezone: str
    target: int | None
    data_dir: str
    training: bool


@dataclass(frozen=True, slots=True)
class QueueCounts:
    total: int
    today: int


@dataclass(frozen=True, slots=True)
class Forwarded:
    """Records other desks handed over in bundles: waiting to be sent, and (origin desk,
    state, count) rows."""

    waiting: int
    by_desk_and_state: list[tuple[str, str, int]]


@dataclass(frozen=True, slots=True)
class DiskStatus:
    free_mb: int
    warning: str | None


@dataclass(frozen=True, slots=True)
class SyncStatus:
    hub_url: str | None
    key_id: str | None
    last_success: str | None
    last_attempt: str | None
    last_error: str | None
    clock_skew_seconds: float | None
    token: TokenStorage
    audit_refused: str | None
    audit_restored: str | None
    clock_warning: str | None


@dataclass(frozen=True, slots=True)
class DeskStatus:
    """Everything `ektp-desk status` shows; `to_json()` is what `status --json` prints."""

    desk: DeskIdentity
    residents: int
    queue: QueueCounts
    recordings: StateCounts
    outbox: StateCounts
    forwarded: Forwarded
    disk: DiskStatus
    backup: BackupStatus
    rerecord: list[Rerecord]
    damaged: str | None
    sync: SyncStatus
    awaiting_approval: int = 0  # saved, held from sync until a supervisor approves
    # Duplicate cases naming this desk's records ({"open": N, "resolved": M}), the voids
    # the hub was not told of yet, and the published resident list's version applied here.
    cases: dict[str, int] = field(default_factory=lambda: {"open": 0, "resolved": 0})
    voids_unsent: int = 0
    published_version: int | None = None

    @property
    def waiting(self) -> int:
        """Recordings of this desk not yet sent: queued or being sent."""
        return self.outbox.by_state["queued"] + self.outbox.by_state["sending"]

    def to_json(self) -> dict[str, object]:
        out = asdict(self)
        out["forwarded"]["by_desk_and_state"] = [list(r) for r in self.forwarded.by_desk_and_state]
        out["rerecord"] = [{"record_id": r.record_id, "nama": r.nama} for r in self.rerecord]
        return out


def status_of(desk: Desk) -> DeskStatus:
    session = desk.session
    conn = session.connection
    queue_total, queue_today = queue_store.counts(conn, session.today().isoformat())
    region = session.regions.get(session.kecamatan)
    settings = session.settings
    recordings, outbox = recording_store.counts(conn)
    free = desk.health.disk_free_mb()
    return DeskStatus(
        desk=DeskIdentity(
            desk_id=session.desk_id,
            kecamatan=session.kecamatan,
            kecamatan_name=region.name if region else None,
            timezone=session.timezone.key,
            target=int(settings["target"]) if "target" in settings else None,
            data_dir=str(session.data_dir),
            training=session.training,
        ),
        residents=resident_store.count(conn),
        queue=QueueCounts(total=queue_total, today=queue_today),
        recordings=recordings,
        outbox=outbox,
        forwarded=Forwarded(
            waiting=outbox_store.count_waiting(conn, "forwarded"),
            by_desk_and_state=bundle_store.forwarded_summary(conn),
        ),
        disk=DiskStatus(free_mb=round(free), warning=desk.health.disk_warning(free)),
        backup=desk.backups.status(),
        rerecord=desk.health.rerecord_list(),
        damaged=session.damaged,
        sync=_sync_status(desk),
        awaiting_approval=approval_store.waiting_count(conn),
        cases=desk.city.cases(),
        voids_unsent=city_store.voids_waiting(conn),
        published_version=desk.city.published_version(),
    )


def _sync_status(desk: Desk) -> SyncStatus:
    settings = desk.session.settings
    sync = outbox_store.meta(desk.session.connection)
    skew = float(sync["clock_skew_seconds"]) if "clock_skew_seconds" in sync else None
    return SyncStatus(
        hub_url=settings.get("hub_url"),
        key_id=settings.get("hub_key_id"),
        last_success=sync.get("last_success"),
        last_attempt=sync.get("last_attempt"),
        last_error=sync.get("last_error"),
        clock_skew_seconds=skew,
        token=desk.hub.token_storage(),
        audit_refused=sync.get(AUDIT_REFUSED),
        audit_restored=sync.get(AUDIT_RESTORED),
        clock_warning=(
            f"the desk clock differs from the hub's by {abs(skew):.0f} s; set the clock"
            if skew is not None and abs(skew) > CLOCK_WARNING_SECONDS
            else None
        ),
    )
