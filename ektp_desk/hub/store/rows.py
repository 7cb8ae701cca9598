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
    # What the hub holds it as now (issue 16): `outcome` stays what the wire said.
    state: str = "accepted"
    reason: str | None = None
    replaces: str | None = None
    case_id: str | None = None
    change_seq: int | None = None


@dataclass(frozen=True, slots=True)
class NewRecord:
    record: HeldRecord
    batch_id: str
    envelope: bytes
    approval: dict[str, object] | None = None  # a supervisor's at the desk, when needed
    replaces: str | None = None  # the record id this one corrects


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


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """A record in a duplicate-NIK case, as the case lists it."""

    record_id: str
    desk_id: str
    state: str
    recorded_on: str


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A duplicate-NIK case: open until an operator (or a void leaving one record) decides."""

    case_id: str
    nik: str
    kecamatan: str
    state: str
    opened_at: str
    decision: str | None
    kept_record_id: str | None
    reason: str | None
    decided_by: str | None
    decided_at: str | None
    records: tuple[CaseRecord, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "case_id": self.case_id,
            "nik": self.nik,
            "state": self.state,
            "records": [
                {
                    "record_id": r.record_id,
                    "desk_id": r.desk_id,
                    "state": r.state,
                    "recorded_on": r.recorded_on,
                }
                for r in self.records
            ],
            "decision": self.decision,
            "kept_record_id": self.kept_record_id,
            "reason": self.reason,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at,
            "opened_at": self.opened_at,
        }
