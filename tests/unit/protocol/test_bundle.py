"""The bundle file format and the hub's checks on it, without any process or network."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ektp_desk.hub.ingest import Ingestor
from ektp_desk.hub.store import HeldRecord, NewRecord, open_store
from ektp_desk.protocol.bundle import (
    MAGIC,
    BundleEntry,
    BundleError,
    BundleHeader,
    BundleReader,
    bundle_key,
    entry_signed_by,
    sign_entry,
    write_bundle,
)
from ektp_desk.protocol.envelope import generate_private_key

TOKEN = "token-of-laptop-1"


def make(
    count: int, *, token: str = TOKEN, desk_id: str = "LAPTOP-1"
) -> tuple[BundleHeader, list[bytes]]:
    envelopes = [os.urandom(100 + i) for i in range(count)]
    entries = tuple(
        sign_entry(
            bundle_key(token),
            BundleEntry(
                str(uuid.uuid4()), desk_id, f"72710245070500{i:02d}", "2026-11-20T01:00:00+00:00",
                "2026-11-20", hashlib.sha256(e).hexdigest(), len(e), "",
            ),
        )
        for i, e in enumerate(envelopes)
    )  # fmt: skip
    header = BundleHeader(
        str(uuid.uuid4()), desk_id, "72.71.02", "2026-11-20T09:00:00+00:00", "k" * 16, entries
    )
    return header, envelopes


def test_a_bundle_reads_back_as_written(tmp_path: Path) -> None:
    header, envelopes = make(5)
    path = tmp_path / "a.ektpbundle"
    size = write_bundle(path, header, iter(envelopes))
    assert size == path.stat().st_size
    reader = BundleReader(path)
    assert reader.header == header
    assert [data for _, data in reader.envelopes()] == envelopes
    assert all(entry_signed_by(bundle_key(TOKEN), e) for e in reader.header.entries)
    assert not entry_signed_by(bundle_key("another token"), reader.header.entries[0])
    assert reader.header.summary()["from_desks"] == {"LAPTOP-1": 5}


def test_an_envelope_that_does_not_match_its_entry_leaves_no_file(tmp_path: Path) -> None:
    header, envelopes = make(3)
    envelopes[1] = b"x" + envelopes[1][1:]
    path = tmp_path / "a.ektpbundle"
    with pytest.raises(BundleError, match=f"record {header.entries[1].record_id}"):
        write_bundle(path, header, iter(envelopes))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda b: b[:-1], "damaged|cut short"),
        (lambda b: b + b"\x00", "damaged"),
        (lambda b: b[:200], "damaged|cut short|does not fit"),
        (lambda b: b[:60] + bytes([b[60] ^ 4]) + b[61:], "damaged"),
        (lambda b: b"PK\x03\x04" + b[4:], "not an ektp-desk bundle"),
        (lambda b: MAGIC + b"\x07" + b[9:], "version 7, .* reads versions 1 and 2.*update it"),
        (lambda b: b"", "not an ektp-desk bundle"),
    ],
)
def test_damaged_and_foreign_files_are_refused(
    tmp_path: Path, change: object, message: str
) -> None:
    header, envelopes = make(3)
    path = tmp_path / "a.ektpbundle"
    write_bundle(path, header, iter(envelopes))
    assert callable(change)
    path.write_bytes(change(path.read_bytes()))
    with pytest.raises(BundleError, match=message):
        BundleReader(path)


def _held(record_id: str, desk_id: str, sha: str) -> NewRecord:
    record = HeldRecord(
        record_id, desk_id, "7271024507050001", "72.71.02", sha, 10, "2026-11-20T01:00:00",
        "2026-11-20", "2026-11-20T02:00:00", "accepted", None,
    )  # fmt: skip
    return NewRecord(record, "b1", b"0123456789")


def test_the_hub_refuses_bundles_of_unknown_or_revoked_desks(tmp_path: Path, hub_db: str) -> None:
    store = open_store(hub_db)
    ingestor = Ingestor(
        store, generate_private_key(), clock=lambda: datetime(2026, 11, 20, 2, tzinfo=UTC)
    )
    header, envelopes = make(2)
    path = tmp_path / "a.ektpbundle"
    write_bundle(path, header, iter(envelopes))
    with pytest.raises(BundleError, match="not this hub's key"):
        ingestor.import_bundle(BundleReader(path), hub_key_id="z" * 16)
    with pytest.raises(BundleError, match="desk LAPTOP-1, which is not enrolled"):
        ingestor.import_bundle(BundleReader(path), hub_key_id="k" * 16)
    store.add_desk("LAPTOP-1", "72.71.02", "another token", "2026-11-01T00:00:00")
    with pytest.raises(BundleError, match="not signed by desk LAPTOP-1"):
        ingestor.import_bundle(BundleReader(path), hub_key_id="k" * 16)
    store.revoke_desk("LAPTOP-1", "2026-11-02T00:00:00")
    with pytest.raises(BundleError, match="revoked"):
        ingestor.import_bundle(BundleReader(path), hub_key_id="k" * 16)
    assert list(store.records()) == []


def test_the_hub_tells_a_desk_only_of_its_own_records_with_that_content(hub_db: str) -> None:
    store = open_store(hub_db)
    store.add_desk("LAPTOP-1", "72.71.02", TOKEN, "2026-11-01T00:00:00")
    store.add_desk("OTHER-1", "72.71.02", "t2", "2026-11-01T00:00:00")
    ingestor = Ingestor(
        store, generate_private_key(), clock=lambda: datetime(2026, 11, 20, 2, tzinfo=UTC)
    )
    mine, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    with store.exclusive():
        store.ingest(
            batch_id="b1", desk_id="LAPTOP-1", at="2026-11-20T02:00:00",
            new=[_held(mine, "LAPTOP-1", "a" * 64), _held(theirs, "OTHER-1", "b" * 64)],
            rejected=[], total_bytes=20,
        )  # fmt: skip
    laptop = store.desk("LAPTOP-1")
    assert laptop is not None
    answers = ingestor.states(
        laptop,
        [(mine, "a" * 64), (mine, "c" * 64), (theirs, "b" * 64), (str(uuid.uuid4()), "a" * 64)],
    )
    assert [a["state"] for a in answers] == ["accepted", "unknown", "unknown", "unknown"]
    assert store.bundle_key("LAPTOP-1") == bundle_key(TOKEN)


def test_a_desk_enrolled_before_bundles_gets_its_key_when_it_presents_its_token(
    hub_db: str,
) -> None:
    from ektp_desk.hub.service import HubService

    store = open_store(hub_db)
    store.add_desk("LAPTOP-1", "72.71.02", TOKEN, "2026-11-01T00:00:00")
    with store.database.write() as conn:  # as a hub of before
        conn.execute("UPDATE desks SET bundle_key = NULL")
    assert store.bundle_key("LAPTOP-1") is None
    service = HubService(store, generate_private_key())
    service.authenticate(f"Bearer {TOKEN}")
    assert store.bundle_key("LAPTOP-1") == bundle_key(TOKEN)


def test_an_entry_without_approval_signs_and_reads_as_before_and_one_with_it_round_trips(
    tmp_path: Path,
) -> None:
    header, envelopes = make(2)
    plain = header.entries[0]
    assert "approval" not in plain.as_dict() and "replaces" not in plain.as_dict()
    # The v1 text, unchanged: a bundle exported by an older desk still verifies.
    assert plain.signed_text() == (
        "ektp-desk bundle entry v1\n"
        + "\n".join(
            (plain.record_id, "LAPTOP-1", plain.nik, plain.finalized_at, plain.recorded_on,
             plain.sha256, str(plain.size))
        )
    ).encode()  # fmt: skip
    approval: dict[str, object] = {
        "approved_by": "kasi",
        "approved_at": "2026-11-20T02:00:00+00:00",
        "reason": "foto diulang",
        "rules": ["correction"],
    }
    corrected = sign_entry(
        bundle_key(TOKEN),
        replace(header.entries[1], approval=approval, replaces=plain.record_id),
    )
    path = tmp_path / "a.ektpbundle"
    write_bundle(path, header, iter(envelopes))
    assert path.read_bytes()[len(MAGIC)] == 1  # none carries them: what every program reads
    write_bundle(path, replace(header, entries=(plain, corrected)), iter(envelopes))
    # Version 2 when one does: a program of before says to update it, instead of taking the
    # entry's MAC over the two fields it does not know for a forgery.
    assert path.read_bytes()[len(MAGIC)] == 2
    read = BundleReader(path).header.entries
    assert read == (plain, corrected)
    assert all(entry_signed_by(bundle_key(TOKEN), e) for e in read)
    for change in (
        {"approval": approval | {"reason": "lain"}},
        {"approval": None},
        {"replaces": None},
        {"replaces": str(uuid.uuid4())},
    ):
        assert not entry_signed_by(bundle_key(TOKEN), replace(corrected, **change))  # type: ignore[arg-type]
    assert not entry_signed_by(bundle_key(TOKEN), replace(plain, approval=approval))
