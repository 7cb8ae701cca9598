"""What the hub's store hands out and takes in: a desk, a record held, a new record, a
rejection, a desk's audit head."""

from __future__ import annotations

from dataclasses import dataclass

# A record id the hub holds with other content (or from another desk): never overwritten.
CONFLICT_REASON = "conflict: this record id is held with other content"


@dataclass(frozen=True, slots=True)
class DeskRow:
    desk_id: str
    kecamatan: str
    created_at: str
    revoked_at: str | None


@dataclass(frozen=True, slots=True)
class HeldRecord:
    record_id: str
    desk_id: str
    nik: str
    kecamatan: str
    sha256: str
    size: int
    finalized_at: str
    recorded_on: str
    received_at: str
    outcome: str
    first_record_id: str | None


@dataclass(frozen=True, slots=True)
class NewRecord:
    record: HeldRecord
    batch_id: str
    envelope: bytes
    approval: dict[str, object] | None = None  # a supervisor's at the desk, when needed


@dataclass(frozen=True, slots=True)
class DeskAudit:
    """The audit head the hub holds for a desk, and whether the desk is flagged."""

    count: int
    hash: str
    at: str
    flagged_at: str | None
    flag_reason: str | None
    accept_next: bool


@dataclass(frozen=True, slots=True)
class Rejection:
    record_id: str
    desk_id: str
    sha256: str
    reason: str


@dataclass(frozen=True, slots=True)
class Admitted:
    """What became of a new record in the store: `record` as the hub now holds it, stored
    now or (`stored` false) held already under its id; `first`, the NIK's accepted record
    a duplicate names."""

    record: HeldRecord
    stored: bool
    first: HeldRecord | None
