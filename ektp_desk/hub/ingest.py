"""Deciding each record's outcome: the hub's rules, free of HTTP so batches and bundles share
them.

Same id and hash again: already_received. Same id, other content: rejected, never
overwritten. Unopenable envelope, or content that does not match its manifest: rejected.
A NIK the hub already holds: stored, and reported as duplicate_nik with where and when.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ektp_desk.domain.regions import Level, RegionList, regions
from ektp_desk.hub.limits import HubLimits
from ektp_desk.hub.rules import check_content, check_entry
from ektp_desk.hub.store import (
    CONFLICT_REASON,
    DeskRow,
    HeldRecord,
    HubStore,
    NewRecord,
    Rejection,
)
from ektp_desk.hub.unpack import ContentError, OpenedRecord, read_payload
from ektp_desk.protocol.bundle import (
    BundleEntry,
    BundleError,
    BundleReader,
    DeskBundleKey,
    signed_by_desk,
)
from ektp_desk.protocol.envelope import EnvelopeError, open_envelope
from ektp_desk.protocol.wire import Manifest, ManifestEntry, Outcome, RecordOutcome

__all__ = [
    "ContentError",
    "Ingestor",
    "OpenedRecord",
    "RecordOutcome",
    "open_record",
    "read_payload",
]


def open_record(
    envelope: bytes,
    *,
    private_key: X25519PrivateKey,
    record_id: str,
    desk_id: str,
    limits: HubLimits | None = None,
) -> OpenedRecord:
    payload = open_envelope(envelope, private_key=private_key, record_id=record_id, desk_id=desk_id)
    return read_payload(payload, limits)


@dataclass(frozen=True, slots=True)
class _Opened:
    """A record whose envelope opened and whose content passed: what storing it needs."""

    entry: ManifestEntry
    origin: str
    kecamatan: str
    data: bytes


def _rejected(entry: ManifestEntry, reason: str) -> RecordOutcome:
    return RecordOutcome(entry.record_id, Outcome.REJECTED, reason)


def _held_outcome(entry: ManifestEntry, origin: str, held: HeldRecord) -> RecordOutcome:
    if held.sha256 == entry.sha256 and held.desk_id == origin:
        return RecordOutcome(entry.record_id, Outcome.ALREADY_RECEIVED)
    return _rejected(entry, CONFLICT_REASON)


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
        limits: HubLimits | None = None,
    ) -> None:
        self.store = store
        self.private_key = private_key
        self.clock = clock
        self._regions = region_list
        self.training = training  # takes training desks' recordings (and only then)
        self.limits = limits or HubLimits()

    @property
    def regions(self) -> RegionList:
        if self._regions is None:
            self._regions = regions()
        return self._regions

    def _origin(self, sender: DeskRow, entry: ManifestEntry) -> DeskRow:
        """The desk that recorded the entry: the sender (enrolled: it was authenticated),
        or the enrolled desk a forwarded record names; raises ContentError when a forwarded
        record is not signed by an enrolled desk."""
        if entry.origin is None or entry.origin == sender.desk_id:
            return sender
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
            approval=entry.approval,
            replaces=entry.replaces,
        )
        if not signed_by_desk(keys, signed):
            raise ContentError(f"forwarded record not signed by desk {entry.origin}")
        return origin

    def _check_content(
        self, entry: ManifestEntry, desk: DeskRow, envelope: bytes, now: datetime
    ) -> None:
        """Raises ContentError / EnvelopeError when the record is refused."""
        desk_id = desk.desk_id
        opened = open_record(
            envelope,
            private_key=self.private_key,
            record_id=entry.record_id,
            desk_id=desk_id,
            limits=self.limits,
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
        check_content(opened, now=now, limits=self.limits)

    def _open(
        self, desk: DeskRow, entry: ManifestEntry, data: bytes | None, now: datetime
    ) -> RecordOutcome | _Opened:
        """Everything about one record that needs no lock: its hash, its signature when
        forwarded, and its content (decrypted, unpacked under caps, checked). Returns the
        outcome when already decided, else the record ready to be stored."""
        if data is None:
            return _rejected(entry, "no envelope part for this record")
        digest = hashlib.sha256(data).hexdigest()
        if len(data) != entry.size or digest != entry.sha256:
            return _rejected(entry, "hash mismatch: the envelope received is not the one described")
        try:
            origin = self._origin(desk, entry)
        except ContentError as exc:
            return _rejected(entry, str(exc))
        held = self.store.held(entry.record_id)  # records are never changed once held
        if held is not None:
            return _held_outcome(entry, origin.desk_id, held)
        try:
            check_entry(entry, now=now, limits=self.limits)
        except ContentError as exc:
            return _rejected(entry, f"refused: {exc}")
        try:
            self._check_content(entry, origin, data, now)
        except EnvelopeError as exc:
            return _rejected(entry, f"envelope not openable: {exc}")
        except ContentError as exc:
            return _rejected(entry, f"refused: {exc}")
        # It counts in its desk's kecamatan, wherever the resident lives.
        return _Opened(entry, origin.desk_id, origin.kecamatan, data)

    def ingest(
        self, desk: DeskRow, manifest: Manifest, parts: Mapping[str, bytes]
    ) -> list[RecordOutcome]:
        moment = self.clock()
        now = moment.isoformat(timespec="milliseconds")
        # Decrypting and unpacking come first, with no lock held, so that a batch of big or
        # hostile envelopes never makes another desk (or a bundle import) wait; the write
        # transaction below only decides what depends on what the hub holds, and stores.
        opened = [
            self._open(desk, entry, parts.get(entry.record_id), moment)
            for entry in manifest.records
        ]
        total = sum(len(parts.get(entry.record_id) or b"") for entry in manifest.records)
        # The store decides what depends on what the hub holds, in one transaction and by
        # the database's constraints (one record per id, one accepted record per NIK), so
        # that any number of workers deciding at once decide as one would.
        ready = [item for item in opened if isinstance(item, _Opened)]
        refused = [
            Rejection(item.record_id, desk.desk_id, entry.sha256, item.reason or "")
            for entry, item in zip(manifest.records, opened, strict=True)
            if isinstance(item, RecordOutcome) and item.outcome is Outcome.REJECTED
        ]
        admitted = self.store.ingest(
            batch_id=manifest.batch_id,
            desk_id=desk.desk_id,
            at=now,
            new=[
                NewRecord(
                    _held_record(item, received_at=now),
                    manifest.batch_id,
                    item.data,
                    item.entry.approval,
                    item.entry.replaces,
                )
                for item in ready
            ],
            rejected=refused,
            total_bytes=total,
        )
        stored = iter(zip(ready, admitted, strict=True))
        outcomes: list[RecordOutcome] = []
        for item in opened:
            if isinstance(item, RecordOutcome):
                outcomes.append(item)
                continue
            _, got = next(stored)
            if got.stored:
                outcome = Outcome(got.record.outcome)
                outcomes.append(
                    _stored_outcome(item.entry.record_id, outcome, got.first, got.record.case_id)
                )
            else:
                outcomes.append(_held_outcome(item.entry, item.origin, got.record))
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
        desks = self._bundle_desks(reader)
        outcomes: list[RecordOutcome] = []
        group: list[tuple[BundleEntry, bytes]] = []

        def flush() -> None:
            desk = desks[group[0][0].desk_id]
            manifest = Manifest(
                batch_id=header.bundle_id,
                desk_id=desk.desk_id,
                records=tuple(
                    ManifestEntry(e.record_id, e.nik, e.finalized_at, e.recorded_on, e.sha256,
                                  e.size, approval=e.approval, replaces=e.replaces)
                    for e, _ in group
                ),
            )  # fmt: skip
            outcomes.extend(self.ingest(desk, manifest, {e.record_id: data for e, data in group}))
            group.clear()

        for entry, data in reader.envelopes():
            if group and (len(group) >= chunk or group[0][0].desk_id != entry.desk_id):
                flush()
            group.append((entry, data))
        if group:
            flush()
        return outcomes

    def _bundle_desks(self, reader: BundleReader) -> dict[str, DeskRow]:
        """The enrolled desks a bundle's records come from; raises BundleError (the bundle
        refused whole) when one is not enrolled or revoked, or an entry not signed by it."""
        desks: dict[str, DeskRow] = {}
        keys: dict[str, list[DeskBundleKey]] = {}  # each desk's bundle keys, read once
        for entry in reader.header.entries:
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
        return desks


def _held_record(item: _Opened, *, received_at: str) -> HeldRecord:
    """The record to store; the store sets its outcome (accepted, or a duplicate NIK)."""
    entry = item.entry
    return HeldRecord(
        record_id=entry.record_id,
        desk_id=item.origin,
        nik=entry.nik,
        kecamatan=item.kecamatan,
        sha256=entry.sha256,
        size=entry.size,
        finalized_at=entry.finalized_at,
        recorded_on=entry.recorded_on,
        received_at=received_at,
        outcome=Outcome.ACCEPTED.value,
        first_record_id=None,
    )


def _stored_outcome(
    record_id: str, outcome: Outcome, first: HeldRecord | None, case_id: str | None
) -> RecordOutcome:
    """Accepted, or a duplicate NIK naming the record the hub holds first for it and the
    case opened for the NIK."""
    return RecordOutcome(
        record_id,
        outcome,
        first={
            "record_id": first.record_id,
            "desk_id": first.desk_id,
            "received_at": first.received_at,
            "recorded_on": first.recorded_on,
        }
        if first
        else None,
        case_id=case_id if outcome is Outcome.DUPLICATE_NIK else None,
    )
