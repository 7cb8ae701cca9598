"""Deciding each record's outcome: the hub's rules, free of HTTP so batches and bundles share
them.

Same id and hash again: already_received. Same id, other content: rejected, never
overwritten. Unopenable envelope, or content that does not match its manifest: rejected.
A NIK the hub already holds: stored, and reported as duplicate_nik with where and when.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ektp_desk.domain.regions import Level, RegionList, regions
from ektp_desk.hub.store import DeskRow, HeldRecord, HubStore, NewRecord, Rejection
from ektp_desk.sync.envelope import EnvelopeError, open_envelope
from ektp_desk.sync.wire import Manifest, ManifestEntry, Outcome


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    record_id: str
    outcome: Outcome
    reason: str | None = None
    first: dict[str, str] | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"record_id": self.record_id, "outcome": self.outcome.value}
        if self.reason is not None:
            out["reason"] = self.reason
        if self.first is not None:
            out["first"] = self.first
        return out


class ContentError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class OpenedRecord:
    manifest: dict[str, object]
    biodata: dict[str, str]
    files: dict[str, int]


def read_payload(payload: bytes) -> OpenedRecord:
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as zf:
            bad = zf.testzip()
            if bad is not None:
                raise ContentError(f"damaged file {bad} in the payload")
            manifest = json.loads(zf.read("manifest.json"))
            biodata = json.loads(zf.read("biodata.json"))
            files = {
                i.filename: i.file_size
                for i in zf.infolist()
                if i.filename not in ("manifest.json", "biodata.json")
            }
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(f"the payload is not a recording ({exc})") from None
    if not isinstance(manifest, dict) or not isinstance(biodata, dict):
        raise ContentError("the payload is not a recording")
    return OpenedRecord(manifest, biodata, files)


def open_record(
    envelope: bytes, *, private_key: X25519PrivateKey, record_id: str, desk_id: str
) -> OpenedRecord:
    payload = open_envelope(envelope, private_key=private_key, record_id=record_id, desk_id=desk_id)
    return read_payload(payload)


class Ingestor:
    def __init__(
        self,
        store: HubStore,
        private_key: X25519PrivateKey,
        *,
        clock: Callable[[], datetime],
        region_list: RegionList | None = None,
    ) -> None:
        self.store = store
        self.private_key = private_key
        self.clock = clock
        self._regions = region_list

    @property
    def regions(self) -> RegionList:
        if self._regions is None:
            self._regions = regions()
        return self._regions

    def _check_content(self, entry: ManifestEntry, desk_id: str, envelope: bytes) -> str:
        """The record's kecamatan code; raises ContentError / EnvelopeError when refused."""
        opened = open_record(
            envelope, private_key=self.private_key, record_id=entry.record_id, desk_id=desk_id
        )
        if opened.manifest.get("record_id") != entry.record_id:
            raise ContentError("the sealed manifest names another record id")
        if opened.manifest.get("desk_id") != desk_id:
            raise ContentError("the sealed manifest names another desk")
        if opened.biodata.get("nik") != entry.nik:
            raise ContentError("the sealed biodata holds another NIK than the manifest")
        kelurahan = opened.biodata.get("kelurahan")
        region = self.regions.get(kelurahan) if isinstance(kelurahan, str) else None
        if region is None or region.level is not Level.KELURAHAN:
            raise ContentError(f"unknown kelurahan/kecamatan {kelurahan!r}")
        return region.code.rsplit(".", 1)[0]

    def ingest(
        self, desk: DeskRow, manifest: Manifest, parts: Mapping[str, bytes]
    ) -> list[RecordOutcome]:
        now = self.clock().isoformat(timespec="milliseconds")
        outcomes: list[RecordOutcome] = []
        new: list[NewRecord] = []
        rejected: list[Rejection] = []
        in_batch: dict[str, HeldRecord] = {}
        by_nik: dict[str, HeldRecord] = {}
        total = 0
        with self.store.exclusive():
            for entry in manifest.records:
                data = parts.get(entry.record_id)
                total += len(data or b"")

                def refuse(reason: str, entry: ManifestEntry = entry) -> None:
                    outcomes.append(RecordOutcome(entry.record_id, Outcome.REJECTED, reason))
                    rejected.append(Rejection(entry.record_id, desk.desk_id, entry.sha256, reason))

                if data is None:
                    refuse("no envelope part for this record")
                    continue
                digest = hashlib.sha256(data).hexdigest()
                if len(data) != entry.size or digest != entry.sha256:
                    refuse("hash mismatch: the envelope received is not the one described")
                    continue
                held = in_batch.get(entry.record_id) or self.store.held(entry.record_id)
                if held is not None:
                    if held.sha256 == entry.sha256 and held.desk_id == desk.desk_id:
                        outcomes.append(RecordOutcome(entry.record_id, Outcome.ALREADY_RECEIVED))
                    else:
                        refuse("conflict: this record id is held with other content")
                    continue
                try:
                    kecamatan = self._check_content(entry, desk.desk_id, data)
                except (EnvelopeError, ContentError) as exc:
                    refuse(f"envelope not openable or not valid: {exc}")
                    continue
                first = by_nik.get(entry.nik) or self.store.first_for_nik(entry.nik)
                outcome = Outcome.DUPLICATE_NIK if first is not None else Outcome.ACCEPTED
                record = HeldRecord(
                    record_id=entry.record_id,
                    desk_id=desk.desk_id,
                    nik=entry.nik,
                    kecamatan=kecamatan,
                    sha256=entry.sha256,
                    size=entry.size,
                    finalized_at=entry.finalized_at,
                    recorded_on=entry.recorded_on,
                    received_at=now,
                    outcome=outcome.value,
                    first_record_id=first.record_id if first else None,
                )
                in_batch[entry.record_id] = record
                by_nik.setdefault(entry.nik, record)
                new.append(NewRecord(record, manifest.batch_id, data))
                outcomes.append(
                    RecordOutcome(
                        entry.record_id,
                        outcome,
                        first={
                            "record_id": first.record_id,
                            "desk_id": first.desk_id,
                            "received_at": first.received_at,
                            "recorded_on": first.recorded_on,
                        }
                        if first
                        else None,
                    )
                )
            self.store.ingest(
                batch_id=manifest.batch_id,
                desk_id=desk.desk_id,
                at=now,
                new=new,
                rejected=rejected,
                total_bytes=total,
            )
        return outcomes
