"""The hub's ingest on its own, with no server: every record of a batch gets its outcome
from the store's state, the same id is idempotent by content, and a NIK held already is a
duplicate, never a second person."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.hub.ingest import Ingestor
from ektp_desk.hub.store import DeskRow, open_store
from ektp_desk.protocol.wire import Manifest, ManifestEntry, Outcome
from tests.conftest import full_biometrics, new_desk, pin_test_hub

Batch = tuple[Manifest, dict[str, bytes]]


def outbox_batch(desk: Desk) -> Batch:
    """Everything in the desk's outbox as one batch of its envelopes."""
    rows = desk.session.connection.execute(
        "SELECT o.record_id, r.nik, r.finalized_at, r.local_date, o.sha256, p.payload"
        " FROM outbox o JOIN recordings r USING (record_id)"
        " JOIN payloads p USING (record_id) ORDER BY o.id"
    ).fetchall()
    manifest = Manifest(
        "batch-1",
        "PALU-BARAT-1",
        tuple(ManifestEntry(r[0], r[1], r[2], r[3], r[4], len(r[5])) for r in rows),
    )
    return manifest, {r[0]: bytes(r[5]) for r in rows}


def intake(hub_db: str, private: X25519PrivateKey) -> tuple[Ingestor, DeskRow]:
    """A hub store (a SQLite path or a PostgreSQL URL) that knows the desk PALU-BARAT-1,
    and its ingest."""
    store = open_store(hub_db)
    store.add_desk("PALU-BARAT-1", "72.71.02", "token-1", "2026-11-27T00:00:00+00:00")
    sender = store.desk("PALU-BARAT-1")
    assert sender is not None
    return Ingestor(store, private, clock=lambda: datetime.now(UTC)), sender


@pytest.fixture
def hub(tmp_path: Path, hub_db: str) -> Iterator[tuple[Ingestor, DeskRow, Batch]]:
    desk = new_desk(tmp_path / "desk")
    private = pin_test_hub(desk)
    seed(desk, recordings=4, seed_value=3, detail=BiometricDetail.NONE)
    batch = outbox_batch(desk)
    desk.close()
    ingestor, sender = intake(hub_db, private)
    yield ingestor, sender, batch
    ingestor.store.close()


def outcomes(ingestor: Ingestor, sender: DeskRow, batch: Batch) -> list[Outcome]:
    return [o.outcome for o in ingestor.ingest(sender, *batch)]


def test_a_batch_is_accepted_then_already_received(
    hub: tuple[Ingestor, DeskRow, Batch],
) -> None:
    ingestor, sender, batch = hub
    assert outcomes(ingestor, sender, batch) == [Outcome.ACCEPTED] * 4
    assert outcomes(ingestor, sender, batch) == [Outcome.ALREADY_RECEIVED] * 4
    assert len(list(ingestor.store.records())) == 4


def test_the_same_id_with_other_content_is_rejected_and_never_overwrites(
    hub: tuple[Ingestor, DeskRow, Batch],
) -> None:
    ingestor, sender, (manifest, parts) = hub
    first = manifest.records[0]
    ingestor.ingest(sender, replace(manifest, records=(first,)), parts)
    other = parts[manifest.records[1].record_id]  # another record's envelope under this id
    forged = replace(first, sha256=hashlib.sha256(other).hexdigest(), size=len(other))
    [result] = ingestor.ingest(
        sender, replace(manifest, batch_id="b2", records=(forged,)), {first.record_id: other}
    )
    assert result.outcome is Outcome.REJECTED and result.reason
    held = ingestor.store.held(first.record_id)
    assert held is not None and held.sha256 == first.sha256


def test_a_tampered_envelope_is_rejected_and_the_others_are_kept(
    hub: tuple[Ingestor, DeskRow, Batch],
) -> None:
    ingestor, sender, (manifest, parts) = hub
    victim = manifest.records[2]
    bent = bytearray(parts[victim.record_id])
    bent[-5] ^= 0x01
    parts = {**parts, victim.record_id: bytes(bent)}
    entries = tuple(
        replace(e, sha256=hashlib.sha256(bytes(bent)).hexdigest()) if e is victim else e
        for e in manifest.records
    )
    results = ingestor.ingest(sender, replace(manifest, records=entries), parts)
    assert [r.outcome for r in results] == [
        Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.REJECTED, Outcome.ACCEPTED,
    ]  # fmt: skip
    assert ingestor.store.held(victim.record_id) is None


def test_a_nik_held_already_is_a_duplicate_naming_the_first(
    hub: tuple[Ingestor, DeskRow, Batch], tmp_path: Path
) -> None:
    ingestor, sender, (manifest, parts) = hub
    ingestor.ingest(sender, replace(manifest, records=manifest.records[:1]), parts)
    first = manifest.records[0]
    with closing(sqlite3.connect(tmp_path / "desk" / "desk.sqlite3")) as conn:
        (raw,) = conn.execute(
            "SELECT biodata FROM recordings WHERE record_id = ?", (first.record_id,)
        ).fetchone()
    biodata = json.loads(raw)
    ingestor.store.add_desk("PALU-BARAT-2", "72.71.02", "token-2", "2026-11-27T00:00:00+00:00")
    other_desk = ingestor.store.desk("PALU-BARAT-2")
    assert other_desk is not None
    # The same person recorded at a second desk: the first's biodata, sealed for this hub.
    second = new_desk(tmp_path / "desk2", "PALU-BARAT-2")
    pin_test_hub(second, ingestor.private_key)
    second.recordings.save({**biodata, "biometrics": full_biometrics()})
    row = second.session.connection.execute(
        "SELECT o.record_id, r.nik, r.finalized_at, r.local_date, o.sha256, p.payload"
        " FROM outbox o JOIN recordings r USING (record_id) JOIN payloads p USING (record_id)"
    ).fetchone()
    second.close()
    assert row[1] == first.nik
    entry = ManifestEntry(row[0], row[1], row[2], row[3], row[4], len(row[5]))
    [result] = ingestor.ingest(
        other_desk, Manifest("b3", "PALU-BARAT-2", (entry,)), {row[0]: bytes(row[5])}
    )
    assert result.outcome is Outcome.DUPLICATE_NIK
    assert result.first is not None and result.first["record_id"] == first.record_id
    # A case is opened for the NIK; the wire answer names it (the first stays accepted).
    assert result.as_dict()["case_id"] == "C000001"
    held_first = ingestor.store.held(first.record_id)
    assert held_first is not None and held_first.case_id == "C000001"
    assert held_first.state == held_first.outcome == "accepted"


def test_the_senders_own_records_are_checked_without_reading_its_desk_again(
    hub: tuple[Ingestor, DeskRow, Batch], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sender was authenticated: its records count in the kecamatan of the desk row at
    hand, with no read of that row per record (a round trip each on PostgreSQL)."""
    ingestor, sender, batch = hub
    read: list[str] = []
    real = ingestor.store.desk

    def desk(desk_id: str) -> DeskRow | None:
        read.append(desk_id)
        return real(desk_id)

    monkeypatch.setattr(ingestor.store, "desk", desk)
    assert outcomes(ingestor, sender, batch) == [Outcome.ACCEPTED] * 4
    assert read == []
    assert [r.kecamatan for r in ingestor.store.records()] == ["72.71.02"] * 4
