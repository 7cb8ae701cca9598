"""The desk-to-hub wire format, shared by both ends.

`POST /api/v1/batches` is multipart/form-data: a part named `manifest` (JSON) and one
binary part per record, named by its record id, holding the sealed envelope as is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

API = "/api/v1"
MANIFEST_PART = "manifest"
PROTOCOL_VERSION = 1

# The shapes every part of the contract checks (the manifest, bundles, the status feed).
RECORD_ID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    ALREADY_RECEIVED = "already_received"
    REJECTED = "rejected"
    DUPLICATE_NIK = "duplicate_nik"


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    """The hub's word on one record: written by the hub (a batch's answer, `as_dict`), read
    by the desk (`parse`, from the batch's answer and the status of records it holds)."""

    record_id: str
    outcome: Outcome
    reason: str | None = None
    first: dict[str, Any] | None = None  # a duplicate NIK: the record the hub holds first
    case_id: str | None = None  # a duplicate NIK's case

    def as_dict(self) -> dict[str, object]:
        """Every field that has a value, the outcome as its text."""
        out: dict[str, object] = {k: v for k, v in asdict(self).items() if v is not None}
        out["outcome"] = self.outcome.value
        return out

    @classmethod
    def parse(cls, item: Any, *, state: str = "outcome") -> RecordOutcome:
        """One result of the hub's answer (its outcome under `state`); ValueError if it is
        malformed."""
        try:
            reason, first, case_id = item.get("reason"), item.get("first"), item.get("case_id")
            return cls(
                record_id=str(item["record_id"]),
                outcome=Outcome(item[state]),
                reason=reason if isinstance(reason, str) else None,
                first=first if isinstance(first, dict) else None,
                case_id=case_id if isinstance(case_id, str) else None,
            )
        except (AttributeError, KeyError, TypeError) as exc:
            raise ValueError(f"a malformed record result ({exc!r})") from None


class ManifestError(ValueError):
    """The manifest is malformed: the whole batch is refused with 400."""


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    record_id: str
    nik: str
    finalized_at: str
    recorded_on: str
    sha256: str
    size: int
    # A record forwarded for another desk: that desk, and its signature over the entry.
    origin: str | None = None
    mac: str | None = None
    # A supervisor's approval of a record that needed one (optional: a hub from before
    # approvals reads past it; see `parse_approval`).
    approval: dict[str, object] | None = None
    # A correction names the record id it replaces (optional: a hub from before reads past
    # it, and a desk from before never sends it).
    replaces: str | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "record_id": self.record_id,
            "nik": self.nik,
            "finalized_at": self.finalized_at,
            "recorded_on": self.recorded_on,
            "sha256": self.sha256,
            "size": self.size,
        }
        if self.origin is not None:
            out["origin_desk"] = self.origin
            out["mac"] = self.mac
        if self.approval is not None:
            out["approval"] = self.approval
        if self.replaces is not None:
            out["replaces"] = self.replaces
        return out


@dataclass(frozen=True, slots=True)
class Manifest:
    batch_id: str
    desk_id: str
    records: tuple[ManifestEntry, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "version": PROTOCOL_VERSION,
            "batch_id": self.batch_id,
            "desk_id": self.desk_id,
            "records": [r.as_dict() for r in self.records],
        }


def _text(obj: Mapping[str, object], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise ManifestError(f"{where}: '{key}' must be a non-empty string")
    return value


def parse_manifest(obj: object, *, max_records: int) -> Manifest:
    if not isinstance(obj, Mapping):
        raise ManifestError("the manifest must be a JSON object")
    if obj.get("version") != PROTOCOL_VERSION:
        raise ManifestError(f"unsupported manifest version {obj.get('version')!r}")
    batch_id = _text(obj, "batch_id", "manifest")
    desk_id = _text(obj, "desk_id", "manifest")
    records = obj.get("records")
    if not isinstance(records, list) or not records:
        raise ManifestError("'records' must be a non-empty list")
    if len(records) > max_records:
        raise ManifestError(f"a batch holds at most {max_records} records")
    entries: list[ManifestEntry] = []
    for index, item in enumerate(records):
        where = f"records[{index}]"
        if not isinstance(item, Mapping):
            raise ManifestError(f"{where} must be an object")
        record_id = _text(item, "record_id", where)
        if not RECORD_ID_RE.match(record_id):
            raise ManifestError(f"{where}: record_id is not a lower-case UUID")
        nik = _text(item, "nik", where)
        if len(nik) != 16 or not (nik.isascii() and nik.isdigit()):
            raise ManifestError(f"{where}: nik must be 16 ASCII digits")
        sha = _text(item, "sha256", where)
        if not HEX64_RE.match(sha):
            raise ManifestError(f"{where}: sha256 must be 64 lower-case hex digits")
        recorded_on = _text(item, "recorded_on", where)
        if not DATE_RE.match(recorded_on):
            raise ManifestError(f"{where}: recorded_on must be YYYY-MM-DD")
        size = item.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise ManifestError(f"{where}: size must be a positive integer")
        origin = mac = None
        if "origin_desk" in item:
            origin = _text(item, "origin_desk", where)
            mac = _text(item, "mac", where)
            if not HEX64_RE.match(mac):
                raise ManifestError(f"{where}: mac must be 64 lower-case hex digits")
        replaces = parse_replaces(item.get("replaces"), record_id, where)
        entries.append(
            ManifestEntry(
                record_id=record_id,
                nik=nik,
                finalized_at=_text(item, "finalized_at", where),
                recorded_on=recorded_on,
                sha256=sha,
                size=size,
                origin=origin,
                mac=mac,
                approval=parse_approval(item.get("approval"), where),
                replaces=replaces,
            )
        )
    return Manifest(batch_id, desk_id, tuple(entries))


def parse_replaces(raw: object, record_id: str, where: str) -> str | None:
    """The record a correction replaces, as a manifest or bundle entry names it."""
    if raw is not None and (
        not isinstance(raw, str) or not RECORD_ID_RE.match(raw) or raw == record_id
    ):
        raise ManifestError(f"{where}: replaces must be another record's lower-case UUID")
    return raw


MAX_APPROVAL_TEXT = 500
MAX_APPROVAL_RULES = 10


def parse_approval(raw: object, where: str) -> dict[str, object] | None:
    """A record's approval as the manifest carries it: who approved, when, why, and the
    rules that asked for it; None when the record needed none."""
    if raw is None:
        return None
    where = f"{where}.approval"
    if not isinstance(raw, Mapping):
        raise ManifestError(f"{where} must be an object")
    by, at = _text(raw, "approved_by", where), _text(raw, "approved_at", where)
    reason, rules = raw.get("reason", ""), raw.get("rules", [])
    if not isinstance(reason, str) or max(len(by), len(at), len(reason)) > MAX_APPROVAL_TEXT:
        raise ManifestError(f"{where}: texts of at most {MAX_APPROVAL_TEXT} characters")
    if (
        not isinstance(rules, list)
        or len(rules) > MAX_APPROVAL_RULES
        or not all(isinstance(r, str) and 0 < len(r) <= 40 for r in rules)
    ):
        raise ManifestError(f"{where}: rules must be a list of short names")
    return {"approved_by": by, "approved_at": at, "reason": reason, "rules": list(rules)}


# -- the desk's audit head, sent at the start of every sync run --------------------------------

AUDIT_HEAD_PATH = "/audit/head"


@dataclass(frozen=True, slots=True)
class AuditHeadReport:
    """The desk's audit log as it stands (entry count and the last entry's hash), and its
    entry's hash at the count the hub confirmed last: so the hub sees a log that lost
    entries or was rewritten before the point it confirmed."""

    count: int
    hash: str
    confirmed_count: int
    confirmed_hash: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def parse_audit_head(raw: object) -> AuditHeadReport:
    if not isinstance(raw, Mapping):
        raise ManifestError("the audit head is not a JSON object")
    count, confirmed = raw.get("count"), raw.get("confirmed_count")
    digest, confirmed_hash = raw.get("hash"), raw.get("confirmed_hash")
    for name, number in (("count", count), ("confirmed_count", confirmed)):
        if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number < 2**62:
            raise ManifestError(f"the audit head's {name} is not a count")
    if not isinstance(digest, str) or not HEX64_RE.match(digest):
        raise ManifestError("the audit head's hash is not a SHA-256 in hex")
    if not isinstance(confirmed_hash, str) or not (
        confirmed_hash == "" or HEX64_RE.match(confirmed_hash)
    ):
        raise ManifestError("the audit head's confirmed_hash is not a SHA-256 in hex")
    assert isinstance(count, int) and isinstance(confirmed, int)
    return AuditHeadReport(count, digest, confirmed, confirmed_hash)
