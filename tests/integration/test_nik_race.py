"""The same NIK from two desks through two hub workers at the same moment, a thousand times,
on one PostgreSQL database: each time exactly one record is `accepted` and the other is a
`duplicate_nik` naming it and the case opened for the NIK (one case, both records in it),
and the hub holds both (nothing lost, nothing twice), each at its own change number.

The two workers are two `ektp-hub serve` processes on one database, each desk talking to
its own, so the two records are decided in two processes for certain (with `--workers 2`
on one port the kernel picks the worker, possibly the same one for both)."""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import shutil
import threading
import uuid
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from ektp_desk.domain.recording import build_recording
from ektp_desk.hub.store import open_store
from ektp_desk.protocol.envelope import private_key_from_pem, public_bytes, seal
from ektp_desk.protocol.payload import build_payload
from ektp_desk.protocol.wire import Manifest, ManifestEntry
from ektp_desk.sync.client import encode_multipart
from tests.conftest import VALID, full_biometrics, new_desk
from tests.hubproc import PASSPHRASE, HubProcess

ROUNDS = 1000
DESKS = ("PALU-BARAT-1", "PALU-BARAT-2")


def _template(folder: Path, desk_id: str) -> dict[str, bytes]:
    """The files of one real payload from `desk_id`, to be varied per record."""
    desk = new_desk(folder / desk_id, desk_id, clock=lambda: datetime.now(UTC))
    try:
        raw = dict(VALID, biometrics=full_biometrics())
        recording, problems = build_recording(raw, context=desk.context(), now=desk.now())
        assert recording is not None, problems
        payload = build_payload(
            recording, record_id=str(uuid.uuid4()), desk_id=desk_id, operator="admin",
            finalized_at=desk.now(),
        )  # fmt: skip
    finally:
        desk.close()
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _envelope(files: dict[str, bytes], *, record_id: str, nik: str, public: bytes) -> bytes:
    manifest = json.loads(files["manifest.json"]) | {"record_id": record_id}
    biodata = json.loads(files["biodata.json"]) | {"nik": nik}
    content = dict(files)
    content["manifest.json"] = json.dumps(manifest).encode()
    content["biodata.json"] = json.dumps(biodata, ensure_ascii=False).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name, data in content.items():
            zf.writestr(name, data)
    desk_id = str(manifest["desk_id"])
    return seal(out.getvalue(), public_key=public, record_id=record_id, desk_id=desk_id)


@pytest.fixture
def two_workers(
    tmp_path: Path, pg_url: str
) -> Iterator[tuple[HubProcess, HubProcess, dict[str, str]]]:
    first = HubProcess(tmp_path / "worker-1", db=pg_url)
    first.keygen()
    second = HubProcess(tmp_path / "worker-2", db=pg_url)
    shutil.copy(first.key_path, second.key_path)
    tokens = {desk_id: secrets.token_urlsafe(32) for desk_id in DESKS}
    store = open_store(pg_url)  # enrolled here: two `desk add` processes cost seconds
    try:
        for desk_id, token in tokens.items():
            store.add_desk(desk_id, "72.71.02", token, datetime.now(UTC).isoformat())
    finally:
        store.close()
    first.start()
    second.start()
    yield first, second, tokens
    first.stop()
    second.stop()


@pytest.mark.slow
def test_the_same_nik_through_two_workers_at_once_is_one_accepted_one_duplicate(
    tmp_path: Path, two_workers: tuple[HubProcess, HubProcess, dict[str, str]]
) -> None:
    first, second, tokens = two_workers
    public = public_bytes(private_key_from_pem(first.key_path.read_bytes(), PASSPHRASE.encode()))
    templates = {desk_id: _template(tmp_path, desk_id) for desk_id in DESKS}
    finalized = json.loads(templates[DESKS[0]]["manifest.json"])["finalized_at"]
    recorded_on = datetime.now(ZoneInfo("Asia/Makassar")).date().isoformat()
    niks = [f"72710245070{5000 + n:05d}" for n in range(ROUNDS)]
    ids = {desk_id: [str(uuid.uuid4()) for _ in niks] for desk_id in DESKS}
    bodies: dict[str, list[tuple[bytes, str]]] = {}
    for desk_id in DESKS:
        bodies[desk_id] = []
        for record_id, nik in zip(ids[desk_id], niks, strict=True):
            envelope = _envelope(templates[desk_id], record_id=record_id, nik=nik, public=public)
            entry = ManifestEntry(
                record_id, nik, finalized, recorded_on, hashlib.sha256(envelope).hexdigest(),
                len(envelope),
            )  # fmt: skip
            manifest = Manifest(str(uuid.uuid4()), desk_id, (entry,))
            bodies[desk_id].append(encode_multipart(manifest, [(record_id, envelope)]))

    barrier = threading.Barrier(2)
    answers: dict[str, list[dict[str, object]]] = {desk_id: [] for desk_id in DESKS}
    failures: list[str] = []

    def desk(desk_id: str, hub: HubProcess) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {tokens[desk_id]}"
        try:
            for body, content_type in bodies[desk_id]:
                barrier.wait(timeout=30)
                response = session.post(
                    hub.url + "/api/v1/batches", data=body,
                    headers={"Content-Type": content_type}, timeout=30,
                )  # fmt: skip
                response.raise_for_status()
                answers[desk_id].append(response.json()["results"][0])
        except Exception as exc:  # the other desk must not wait for this one forever
            failures.append(f"{desk_id}: {exc!r}")
            barrier.abort()

    threads = [
        threading.Thread(target=desk, args=(DESKS[0], first)),
        threading.Thread(target=desk, args=(DESKS[1], second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures

    firsts = {"PALU-BARAT-1": 0, "PALU-BARAT-2": 0}
    for n in range(ROUNDS):
        one, other = answers[DESKS[0]][n], answers[DESKS[1]][n]
        assert {one["outcome"], other["outcome"]} == {"accepted", "duplicate_nik"}, (n, one, other)
        accepted, duplicate = (one, other) if one["outcome"] == "accepted" else (other, one)
        assert duplicate["first"]["record_id"] == accepted["record_id"]  # type: ignore[index]
        assert "case_id" in duplicate and "case_id" not in accepted
        firsts[DESKS[0] if accepted is one else DESKS[1]] += 1

    store = open_store(first.db)
    try:
        held = {r.record_id: r for r in store.records()}
        assert len(held) == 2 * ROUNDS  # nothing lost
        for n, nik in enumerate(niks):
            pair = [held[ids[desk_id][n]] for desk_id in DESKS]
            assert sorted(r.outcome for r in pair) == ["accepted", "duplicate_nik"]
            assert sorted(r.state for r in pair) == ["accepted", "duplicate_nik"]
            assert {r.nik for r in pair} == {nik}
            assert len({r.case_id for r in pair}) == 1 and pair[0].case_id is not None
        cases = store.cases()
        assert len(cases) == ROUNDS and {c.state for c in cases} == {"open"}
        assert {c.nik for c in cases} == set(niks)
        numbers = [r.change_seq for r in held.values()]
        assert None not in numbers and len(set(numbers)) == len(numbers)
    finally:
        store.close()
    # Both workers won some races: the two really decided at the same moment.
    assert min(firsts.values()) > 0, firsts
