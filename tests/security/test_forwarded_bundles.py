"""Forwarded bundles cannot poison a desk: records the hub would refuse are refused at
import, a forwarded record the hub refuses never blocks the others, forged copies of a real
bundle do not make it "here already", and a supervisor lists and drops forwarded bundles."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import requests

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk, DeskError
from ektp_desk.domain.accounts import Role
from ektp_desk.protocol import envelope as sealed
from ektp_desk.protocol.bundle import (
    BundleEntry,
    BundleHeader,
    BundleReader,
    bundle_key,
    sign_entry,
    write_bundle,
)
from ektp_desk.protocol.wire import AuditHeadReport, Manifest, Outcome, RecordOutcome
from ektp_desk.sync.client import (
    AuditAnswer,
    BatchResult,
    Health,
    HubClient,
    HubRefused,
)
from ektp_desk.sync.pace import forwardable_record_bytes
from tests.conftest import ADMIN_PASSWORD, new_desk, pin_test_hub
from tests.hubproc import HubProcess
from tests.integration.conftest import DeskMaker, hub_records, make_desk  # noqa: F401

HUB_BATCH_BYTES = 2 * 2**20


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """A hub that takes batches of at most 2 MiB, so a record of 3 MB is too large for it."""
    process = HubProcess(tmp_path / "hub")
    process.keygen()
    process.start("--max-batch-bytes", str(HUB_BATCH_BYTES))
    yield process
    process.stop()


def forged_envelope(key_id: str, size: int) -> bytes:
    """Bytes shaped like an envelope sealed for `key_id` (the key id is public), which no
    one can open: what a forger can make."""
    head = sealed.MAGIC + bytes.fromhex(key_id)
    return head + os.urandom(min(size, 4096) - len(head)) + b"\0" * max(0, size - 4096)


def forged_bundle(
    path: Path,
    key_id: str,
    *,
    sizes: list[int] | None = None,
    copy_of: Path | None = None,
    exporter: str = "LAPTOP-9",
    **entry_changes: str,
) -> Path:
    """A bundle made by someone without any desk's token: new records of `sizes`, or copies
    of the records of the bundle `copy_of` (same ids, origin and MACs) with other content."""
    entries: list[BundleEntry] = []
    envelopes: list[bytes] = []
    if copy_of is not None:
        for real in BundleReader(copy_of).header.entries:
            data = forged_envelope(key_id, real.size)
            envelopes.append(data)
            entries.append(
                BundleEntry(
                    real.record_id, real.desk_id, real.nik, real.finalized_at, real.recorded_on,
                    hashlib.sha256(data).hexdigest(), len(data), real.mac,
                )
            )  # fmt: skip
    for size in sizes or []:
        data = forged_envelope(key_id, size)
        envelopes.append(data)
        fields = {
            "record_id": str(uuid.uuid4()),
            "desk_id": "LAPTOP-9",
            "nik": "7271024507050001",
            "finalized_at": "2026-11-27T02:00:00+00:00",
            "recorded_on": "2026-11-27",
        } | entry_changes
        entries.append(
            sign_entry(
                bundle_key("a guessed token"),
                BundleEntry(
                    fields["record_id"], fields["desk_id"], fields["nik"],
                    fields["finalized_at"], fields["recorded_on"],
                    hashlib.sha256(data).hexdigest(), len(data), "",
                ),
            )
        )  # fmt: skip
    header = BundleHeader(
        str(uuid.uuid4()), exporter, "72.71.02", "2026-11-27T09:00:00+00:00", key_id,
        tuple(entries),
    )  # fmt: skip
    write_bundle(path, header, iter(envelopes))
    return path


def desk_cli(desk: Desk, *args: str, user: str = "admin") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "EKTP_DESK_DATA_DIR": str(desk.data_dir),
        "EKTP_DESK_USER": user,
        "EKTP_DESK_PASSWORD": ADMIN_PASSWORD,
        "XDG_STATE_HOME": str(desk.data_dir.parent / "state"),
    }
    return subprocess.run(
        [sys.executable, "-m", "ektp_desk", *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


def _one_line_refusal(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in done.stderr, done.stderr


def _forwarded(desk: Desk) -> int:
    return int(desk.session.connection.execute("SELECT count(*) FROM forwarded").fetchone()[0])


@pytest.mark.parametrize(
    ("sizes", "changes", "words"),
    [
        ([17 * 2**20], {}, ["bytes", "BatchSizer.max_bytes"]),
        ([2000], {"nik": "７２７１０２４５０７０５０００１"}, ["nik is not 16 ASCII digits"]),
        ([2000], {"desk_id": "LAPTOP 9; DROP"}, ["desk_id is not a desk id"]),
        ([2000], {"finalized_at": "garbage"}, ["finalized_at"]),
        ([2000], {"recorded_on": "1999-99-99"}, ["recorded_on"]),
    ],
)
def test_records_the_hub_would_refuse_are_refused_at_import(
    tmp_path: Path, sizes: list[int], changes: dict[str, str], words: list[str]
) -> None:
    office = new_desk(tmp_path / "office", "PALU-BARAT-1")
    pin_test_hub(office)
    kid = office.settings["hub_key_id"]
    bundle = forged_bundle(tmp_path / "f.ektpbundle", kid, sizes=[1000, *sizes], **changes)
    done = desk_cli(office, "bundle", "import", str(bundle))
    _one_line_refusal(done, "nothing was imported", *words)
    assert _forwarded(office) == 0
    office.close()


def test_an_envelope_not_sealed_for_the_hub_is_refused_at_import(tmp_path: Path) -> None:
    office = new_desk(tmp_path / "office", "PALU-BARAT-1")
    pin_test_hub(office)
    kid = office.settings["hub_key_id"]
    bundle = forged_bundle(tmp_path / "f.ektpbundle", "0123456789abcdef", sizes=[2000])
    # The bundle says it is for this hub, but its envelope is sealed for another key.
    reader = BundleReader(bundle)
    header = reader.header
    fixed = BundleHeader(
        header.bundle_id, header.desk_id, header.kecamatan, header.created_at, kid,
        header.entries,
    )  # fmt: skip
    write_bundle(bundle, fixed, (data for _, data in reader.envelopes()))
    with pytest.raises(DeskError, match=f"not an envelope sealed for hub key {kid}"):
        office.bundles.import_file(bundle)
    assert _forwarded(office) == 0
    office.close()


def test_the_record_size_limit_is_what_one_batch_of_the_hub_takes() -> None:
    assert 15 * 2**20 < forwardable_record_bytes() < 16 * 2**20


def test_a_forwarded_record_the_hub_finds_too_large_does_not_block_the_others(
    hub: HubProcess,
    make_desk: DeskMaker,  # noqa: F811
    tmp_path: Path,
) -> None:
    laptop = make_desk("LAPTOP-1")
    office = make_desk("PALU-BARAT-1")
    seed(laptop, recordings=6, seed_value=3, detail=BiometricDetail.SMALL)
    genuine = tmp_path / "laptop.ektpbundle"
    laptop.bundles.export(genuine)
    big = forged_bundle(
        tmp_path / "big.ektpbundle", office.settings["hub_key_id"], sizes=[3 * 2**20]
    )
    assert office.bundles.import_file(big)["new"] == 1  # within what a hub with 16 MiB takes
    assert office.bundles.import_file(genuine)["new"] == 6

    for _ in range(2):  # and every later run: nothing is stuck
        done = desk_cli(office, "sync", "--once", "--json")
        assert done.returncode == 0, done.stdout + done.stderr
    assert office.bundles.forwarded_summary() == [
        ("LAPTOP-1", "acked", 6),
        ("LAPTOP-9", "rejected", 1),
    ]
    quarantined = office.hub.overview().quarantine
    assert len(quarantined) == 1 and "larger than the hub accepts" in str(quarantined[0].detail)
    assert len(hub_records(hub)) == 6


class RefusingHub(HubClient):
    """A hub that refuses, as a malformed request (400), any batch holding a record of
    `refused`, and accepts every other record."""

    def __init__(self, refused: set[str]) -> None:
        super().__init__("http://127.0.0.1:9", "token")
        self.refused = refused
        self.batches: list[list[str]] = []

    def get(self, path: str, **kwargs: object) -> requests.Response:
        """A hub from before the status feed: no such path."""
        refused = HubRefused(f"the hub answered HTTP 404: no {path}")
        refused.status = 404
        raise refused

    def health(self) -> Health:
        return Health(None, 16 * 2**20, 500)

    def audit_held(self) -> int:
        return 0

    def send_audit_head(self, head: AuditHeadReport) -> AuditAnswer:
        return AuditAnswer((head.count, head.hash))

    def send_batch(
        self,
        manifest: Manifest,
        parts: list[tuple[str, bytes]],
        *,
        answer_within: float | None = None,
    ) -> BatchResult:
        ids = [e.record_id for e in manifest.records]
        self.batches.append(ids)
        if self.refused & set(ids):
            raise HubRefused("the hub answered HTTP 400: bad manifest")
        results = {i: RecordOutcome(i, Outcome.ACCEPTED) for i in ids}
        return BatchResult(results, datetime.now().astimezone(), 0)


def test_a_forwarded_record_the_hub_refuses_as_malformed_is_set_aside(tmp_path: Path) -> None:
    office = new_desk(tmp_path / "office", "PALU-BARAT-1")
    pin_test_hub(office)
    bundle = forged_bundle(
        tmp_path / "f.ektpbundle", office.settings["hub_key_id"], sizes=[1000] * 9
    )
    office.bundles.import_file(bundle)
    ids = [e.record_id for e in BundleReader(bundle).header.entries]
    client = RefusingHub({ids[4]})
    report = office.hub.engine(client).run()
    assert report.ok, report.error
    assert (report.acked, report.rejected, report.waiting) == (8, 1, 0)
    state = dict(office.session.connection.execute("SELECT record_id, state FROM forwarded"))
    assert state[ids[4]] == "rejected" and all(state[i] == "acked" for i in ids if i != ids[4])
    office.close()


def test_forged_copies_imported_first_do_not_shadow_the_real_bundle(
    hub: HubProcess,
    make_desk: DeskMaker,  # noqa: F811
    tmp_path: Path,
) -> None:
    laptop = make_desk("LAPTOP-1")
    office = make_desk("PALU-BARAT-1")
    seed(laptop, recordings=10, seed_value=4, detail=BiometricDetail.SMALL)
    real = tmp_path / "real.ektpbundle"
    laptop.bundles.export(real)
    forged = forged_bundle(
        tmp_path / "forged.ektpbundle", office.settings["hub_key_id"], copy_of=real
    )

    assert office.bundles.import_file(forged)["new"] == 10
    done = desk_cli(office, "bundle", "import", str(real))
    assert done.returncode == 0, done.stderr
    assert "10 recordings kept to forward, 0 were here already" in done.stdout
    again = office.bundles.import_file(real)  # the same stick plugged in twice: here already
    assert (again["new"], again["already_here"]) == (0, 10)

    report = office.hub.engine().run()
    assert report.ok, report.error
    assert office.bundles.forwarded_summary() == [
        ("LAPTOP-1", "acked", 10),
        ("LAPTOP-1", "rejected", 10),
    ]
    held = {r["record_id"] for r in hub_records(hub)}
    assert held == {e.record_id for e in BundleReader(real).header.entries}
    # The laptop, back online, learns from the hub that its records all arrived.
    report = laptop.hub.engine().run()
    assert report.ok and report.settled_by_query == 10


def test_a_supervisor_lists_and_drops_forwarded_bundles(tmp_path: Path) -> None:
    office = new_desk(tmp_path / "office", "PALU-BARAT-1")
    pin_test_hub(office)
    office.accounts.add("kasi", Role.SUPERVISOR, ADMIN_PASSWORD)
    office.accounts.add("ani", Role.CLERK, ADMIN_PASSWORD)
    kid = office.settings["hub_key_id"]
    first = forged_bundle(tmp_path / "a.ektpbundle", kid, sizes=[1000, 1200])
    second = forged_bundle(tmp_path / "b.ektpbundle", kid, sizes=[900], exporter="LAPTOP-7")
    office.bundles.import_file(first)
    office.bundles.import_file(second)
    first_id = BundleReader(first).header.bundle_id

    done = desk_cli(office, "bundle", "list", "--json", user="kasi")
    assert done.returncode == 0, done.stderr
    listed = {b["bundle_id"]: b for b in json.loads(done.stdout)}
    assert listed[first_id]["file"] == "a.ektpbundle"
    assert listed[first_id]["by_state"] == {"queued": 2} and listed[first_id]["records"] == 2
    assert {b["desk_id"] for b in listed.values()} == {"LAPTOP-9", "LAPTOP-7"}
    text = desk_cli(office, "bundle", "list", user="kasi").stdout
    assert first_id in text and "a.ektpbundle" in text

    refused = desk_cli(office, "bundle", "drop", first_id, user="ani")
    _one_line_refusal(refused, "may not transfer_bundles")
    done = desk_cli(office, "bundle", "drop", first_id, user="kasi")
    assert done.returncode == 0, done.stderr
    assert "2 queued" in done.stdout
    _one_line_refusal(desk_cli(office, "bundle", "drop", first_id, user="kasi"), "no forwarded")
    assert [b.bundle_id for b in office.bundles.forwarded()] == [
        BundleReader(second).header.bundle_id
    ]
    assert (
        office.session.connection.execute(
            "SELECT count(*) FROM payloads WHERE record_id LIKE '%:%'"
        ).fetchone()[0]
        == 1
    )  # the dropped bundle's payloads are gone too
    audit = office.session.connection.execute(
        "SELECT actor, subject FROM audit WHERE action = 'bundle.drop'"
    ).fetchall()
    assert audit == [("kasi", first_id)]
    office.close()


def test_forwarded_records_of_an_older_store_keep_their_payloads(tmp_path: Path) -> None:
    from ektp_desk.store.db import DB_FILE, connect, schema_version
    from ektp_desk.store.schema import MIGRATIONS, V10_FORWARDED_BUNDLES

    before = MIGRATIONS.index(V10_FORWARDED_BUNDLES)
    conn = connect(tmp_path / DB_FILE, upto=before)
    rid, sha = str(uuid.uuid4()), hashlib.sha256(b"\x01\x02\x03").hexdigest()
    conn.execute(
        "INSERT INTO forwarded (record_id, origin_desk, bundle_id, nik, finalized_at,"
        " recorded_on, sha256, size, mac, key_id, imported_at, updated_at)"
        " VALUES (?, 'LAPTOP-1', 'b1', '7271024507050001', 't', '2026-11-27', ?, 3, 'm', 'k',"
        " '2026-11-27T01:00:00', '2026-11-27T01:00:00')",
        (rid, sha),
    )
    conn.execute("INSERT INTO payloads (record_id, payload) VALUES (?, x'010203')", (rid,))
    conn.commit()
    conn.close()
    conn = connect(tmp_path / DB_FILE)
    assert schema_version(conn) > before
    from ektp_desk.store import bundles, outbox

    [pending] = outbox.claim(conn, max_records=10, max_bytes=2**20, at="now", table="forwarded")
    assert (pending.record_id, pending.envelope) == (rid, b"\x01\x02\x03")
    assert [b.bundle_id for b in bundles.forwarded_bundles(conn)] == ["b1"]
    conn.close()
