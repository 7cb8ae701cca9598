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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ektp_desk.domain.regions import Level, RegionList, regions
from ektp_desk.hub.store import DeskRow, HeldRecord, HubStore, NewRecord, Rejection
from ektp_desk.sync.bundle import (
    BundleEntry,
    BundleError,
    BundleReader,
    DeskBundleKey,
    signed_by_desk,
)
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


def check_training(manifest: Mapping[str, object], *, training_hub: bool) -> None:
    """A training desk's recording (simulated captures) is taken only by a hub started
    with --training; raises ContentError otherwise."""
    if "training" in manifest and manifest["training"] is not False and not training_hub:
        raise ContentError(
            "a training desk's recording (simulated captures): this hub takes real "
            "recordings only (ektp-hub serve --training is for training)"
        )


class Ingestor:
    def __init__(
        self,
        store: HubStore,
        private_key: X25519PrivateKey,
        *,
        clock: Callable[[], datetime],
        region_list: RegionList | None = None,
        training: bool = False,
    ) -> None:
        self.store = store
        self.private_key = private_key
        self.clock = clock
        self._regions = region_list
        self.training = training  # takes training desks' recordings (and only then)

    @property
    def regions(self) -> RegionList:
        if self._regions is None:
            self._regions = regions()
        return self._regions

    def _origin(self, sender: DeskRow, entry: ManifestEntry) -> str:
        """The desk that recorded the entry; raises ContentError when a forwarded record
        is not signed by an enrolled desk."""
        if entry.origin is None or entry.origin == sender.desk_id:
            return sender.desk_id
        origin = self.store.desk(entry.origin)
        if origin is None:
            raise ContentError(f"forwarded for desk {entry.origin}, which is not enrolled")
        if origin.revoked_at is not None:
            raise ContentError(f"forwarded for desk {entry.origin}, whose token was revoked")
        keys = self.store.bundle_keys(entry.origin)
        signed = BundleEntry(
            entry.record_id,
            entry.origin,
            entry.nik,
            entry.finalized_at,
            entry.recorded_on,
            entry.sha256,
            entry.size,
            entry.mac or "",
        )
        if not signed_by_desk(keys, signed):
            raise ContentError(f"forwarded record not signed by desk {entry.origin}")
        return entry.origin

    def _check_content(self, entry: ManifestEntry, desk_id: str, envelope: bytes) -> str:
        """The record's kecamatan code; raises ContentError / EnvelopeError when refused."""
        opened = open_record(
            envelope, private_key=self.private_key, record_id=entry.record_id, desk_id=desk_id
        )
        check_training(opened.manifest, training_hub=self.training)
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
                try:
                    origin = self._origin(desk, entry)
                except ContentError as exc:
                    refuse(str(exc))
                    continue
                held = in_batch.get(entry.record_id) or self.store.held(entry.record_id)
                if held is not None:
                    if held.sha256 == entry.sha256 and held.desk_id == origin:
                        outcomes.append(RecordOutcome(entry.record_id, Outcome.ALREADY_RECEIVED))
                    else:
                        refuse("conflict: this record id is held with other content")
                    continue
                try:
                    kecamatan = self._check_content(entry, origin, data)
                except (EnvelopeError, ContentError) as exc:
                    refuse(f"envelope not openable or not valid: {exc}")
                    continue
                first = by_nik.get(entry.nik) or self.store.first_for_nik(entry.nik)
                outcome = Outcome.DUPLICATE_NIK if first is not None else Outcome.ACCEPTED
                record = HeldRecord(
                    record_id=entry.record_id,
                    desk_id=origin,
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

    def states(self, desk: DeskRow, asked: Sequence[tuple[str, str]]) -> list[dict[str, object]]:
        """What became of a desk's records, asked by (record id, sha256): `accepted` or
        `duplicate_nik` when the hub holds exactly that content from that desk, else
        `unknown` (never sent, refused, or someone else's: the desk sends it as usual)."""
        out: list[dict[str, object]] = []
        for record_id, sha256 in asked:
            held = self.store.held(record_id)
            if held is None or held.desk_id != desk.desk_id or held.sha256 != sha256:
                out.append({"record_id": record_id, "state": "unknown"})
                continue
            answer: dict[str, object] = {"record_id": record_id, "state": held.outcome}
            first = self.store.held(held.first_record_id) if held.first_record_id else None
            if first is not None:
                answer["first"] = {
                    "record_id": first.record_id,
                    "desk_id": first.desk_id,
                    "received_at": first.received_at,
                    "recorded_on": first.recorded_on,
                }
            out.append(answer)
        return out

    def import_bundle(
        self, reader: BundleReader, *, hub_key_id: str, chunk: int = 200
    ) -> list[RecordOutcome]:
        """A bundle carried here on a USB stick: refused whole when it is not for this hub
        or any entry is not signed by its enrolled desk; else each record gets the outcome
        a batch would have given it."""
        header = reader.header
        if header.key_id != hub_key_id:
            raise BundleError(
                f"{reader.path.name} is sealed for hub key {header.key_id}, not this hub's key "
                f"{hub_key_id}: it is not for this hub"
            )
        desks: dict[str, DeskRow] = {}
        keys: dict[str, list[DeskBundleKey]] = {}  # each desk's bundle keys, read once
        for entry in header.entries:
            if entry.desk_id not in desks:
                row = self.store.desk(entry.desk_id)
                if row is None:
                    raise BundleError(
                        f"{reader.path.name} holds records of desk {entry.desk_id}, which is "
                        "not enrolled at this hub"
                    )
                if row.revoked_at is not None:
                    raise BundleError(
                        f"{reader.path.name} holds records of desk {entry.desk_id}, whose "
                        "token was revoked"
                    )
                desks[entry.desk_id] = row
                keys[entry.desk_id] = self.store.bundle_keys(entry.desk_id)
            if not signed_by_desk(keys[entry.desk_id], entry):
                raise BundleError(
                    f"{reader.path.name}: record {entry.record_id} is not signed by desk "
                    f"{entry.desk_id}; the bundle is forged or damaged and was refused whole"
                )
        outcomes: list[RecordOutcome] = []
        group: list[tuple[BundleEntry, bytes]] = []

        def flush() -> None:
            desk = desks[group[0][0].desk_id]
            manifest = Manifest(
                batch_id=header.bundle_id,
                desk_id=desk.desk_id,
                records=tuple(
                    ManifestEntry(
                        e.record_id, e.nik, e.finalized_at, e.recorded_on, e.sha256, e.size
                    )
                    for e, _ in group
                ),
            )
            outcomes.extend(self.ingest(desk, manifest, {e.record_id: data for e, data in group}))
            group.clear()

        for entry, data in reader.envelopes():
            if group and (len(group) >= chunk or group[0][0].desk_id != entry.desk_id):
                flush()
            group.append((entry, data))
        if group:
            flush()
        return outcomes
