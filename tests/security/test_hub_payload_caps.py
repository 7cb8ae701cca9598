"""Decompression and parsing caps (issue 13, item 3). A 1 MB sealed payload whose manifest
inflated to 1 GiB made the hub allocate 2.5 GB and stall every other desk for 11 s; a
bundle of such bombs imported while the hub served gave another desk HTTP 500 `database
is locked`; deeply nested JSON gave 500. Now every ZIP entry and the total are inflated in
steps that stop at a cap, JSON has a size and a depth cap, a bomb is rejected with a reason
in well under a second and 64 MB, nothing is decrypted or unpacked under the write lock,
and no such input gives a 5xx."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import subprocess
import sys
import threading
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

import ektp_desk.hub.ingest as ingest_module
from ektp_desk.hub.app import create_app
from ektp_desk.hub.ingest import ContentError, Ingestor, read_payload
from ektp_desk.hub.lite import LiteHub
from ektp_desk.hub.store import SqliteHubStore
from ektp_desk.protocol.bundle import (
    BundleEntry,
    BundleHeader,
    BundleReader,
    bundle_key,
    sign_entry,
    write_bundle,
)
from ektp_desk.protocol.envelope import generate_private_key, key_id, public_bytes, seal
from ektp_desk.protocol.wire import Manifest, ManifestEntry, Outcome
from tests.hubproc import HubProcess
from tests.security.rawhttp import asgi_request
from tests.security.zipcraft import MIB, archive, bomb, deflated, stored

KEY = generate_private_key()
DESK = "PALU-BARAT-1"
NIK = "7271024507050001"
BIODATA = deflated("biodata.json", json.dumps({"nik": NIK}).encode())
MANIFEST = deflated("manifest.json", b"{}")


def _measured(call: Callable[[], object]) -> tuple[object, float, int]:
    """What `call` returned (or raised), the seconds it took and its peak of new memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result: object = call()
    except Exception as exc:
        result = exc
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, elapsed, peak


def _store(folder: Path) -> SqliteHubStore:
    store = SqliteHubStore(folder / "hub.sqlite3")
    store.add_desk(DESK, "72.71.02", f"token-of-{DESK}", "2026-11-01")
    return store


def _sealed(payload: bytes) -> tuple[ManifestEntry, bytes]:
    record_id = str(uuid.uuid4())
    envelope = seal(payload, public_key=public_bytes(KEY), record_id=record_id, desk_id=DESK)
    entry = ManifestEntry(
        record_id, NIK, "2026-11-27T02:00:00+00:00", "2026-11-27",
        hashlib.sha256(envelope).hexdigest(), len(envelope),
    )  # fmt: skip
    return entry, envelope


def test_a_gigabyte_manifest_bomb_is_rejected_in_under_a_second_and_64_mb(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path)
    ingestor = Ingestor(store, KEY, clock=lambda: datetime.now(UTC))
    entry, envelope = _sealed(archive([bomb("manifest.json", 1024), BIODATA]))
    assert len(envelope) < 2 * MIB  # the bomb: about a megabyte
    sender = store.desk(DESK)
    assert sender is not None
    result, elapsed, peak = _measured(
        lambda: ingestor.ingest(sender, Manifest("b", DESK, (entry,)), {entry.record_id: envelope})
    )
    assert isinstance(result, list), result
    (outcome,) = result
    assert outcome.outcome is Outcome.REJECTED
    assert "manifest.json" in (outcome.reason or "") and "EKTP_HUB_MAX_JSON_BYTES" in (
        outcome.reason or ""
    )
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert peak < 64 * MIB, f"{peak / MIB:.0f} MiB"
    assert [r.record_id for r in store.rejections()] == [entry.record_id]


BOMBS: dict[str, tuple[Callable[[], bytes], str]] = {
    "manifest inflating to 1 GiB": (
        lambda: archive([bomb("manifest.json", 1024), BIODATA]),
        "max_json_bytes",
    ),
    "manifest declaring 100 bytes, inflating to 1 GiB": (
        lambda: archive([bomb("manifest.json", 1024, declared=100), BIODATA]),
        "not a recording",
    ),
    "image inflating to 1 GiB": (
        lambda: archive([MANIFEST, BIODATA, bomb("face.png", 1024)]),
        "max_payload_entry_bytes",
    ),
    "image declaring 8 MiB, inflating to 1 GiB": (
        lambda: archive([MANIFEST, BIODATA, bomb("face.png", 1024, declared=8 * MIB)]),
        "not a recording",
    ),
    "three images of 15 MiB": (
        lambda: archive([MANIFEST, BIODATA, *(bomb(f"{n}.png", 15) for n in "abc")]),
        "max_payload_bytes",
    ),
    "100,000 files": (
        lambda: archive([MANIFEST, BIODATA, *(stored(f"{n}", b"") for n in range(100_000))]),
        "max_payload_files",
    ),
    "manifest nested 100,000 deep": (
        lambda: archive([deflated("manifest.json", b"[" * 100_000), BIODATA]),
        "max_json_depth",
    ),
    "biodata nested 33 deep": (
        lambda: archive([MANIFEST, deflated("biodata.json", b"[" * 33 + b"]" * 33)]),
        "max_json_depth",
    ),
}


@pytest.mark.parametrize("shape", sorted(BOMBS))
def test_every_bomb_is_refused_at_its_cap(shape: str) -> None:
    make, named = BOMBS[shape]
    payload = make()
    result, elapsed, peak = _measured(lambda: read_payload(payload))
    assert isinstance(result, ContentError), result
    assert named in str(result)
    assert peak < 64 * MIB, f"{peak / MIB:.0f} MiB"
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_a_payload_within_its_caps_is_read() -> None:
    opened = read_payload(archive([MANIFEST, BIODATA, bomb("face.png", 15)]))
    assert opened.biodata == {"nik": NIK} and opened.files == {"face.png": 15 * MIB}


def _probe_write_lock(store: SqliteHubStore, seen: list[str]) -> Callable[..., Any]:
    """An `open_record` that first checks that another process and another thread could
    write to the hub right now."""
    real = ingest_module.open_record

    def probing(*args: Any, **kwargs: Any) -> Any:
        other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            seen.append("database free")
        except sqlite3.OperationalError as exc:
            seen.append(f"database: {exc}")
        finally:
            other.close()

        def write() -> None:
            with store.exclusive():
                pass

        thread = threading.Thread(target=write)
        thread.start()
        thread.join(2)
        seen.append("thread free" if not thread.is_alive() else "thread blocked")
        return real(*args, **kwargs)

    return probing


def test_no_lock_is_held_while_a_batch_is_decrypted_and_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)
    seen: list[str] = []
    monkeypatch.setattr(ingest_module, "open_record", _probe_write_lock(store, seen))
    ingestor = Ingestor(store, KEY, clock=lambda: datetime.now(UTC))
    entry, envelope = _sealed(archive([bomb("manifest.json", 64), BIODATA]))
    sender = store.desk(DESK)
    assert sender is not None
    (outcome,) = ingestor.ingest(sender, Manifest("b", DESK, (entry,)), {entry.record_id: envelope})
    assert outcome.outcome is Outcome.REJECTED
    assert seen == ["database free", "thread free"]


def _bomb_bundle(path: Path, *, token: str, hub_public: bytes, count: int) -> None:
    entries, envelopes = [], []
    for _ in range(count):
        record_id = str(uuid.uuid4())
        envelope = seal(
            archive([bomb("manifest.json", 1024), BIODATA]),
            public_key=hub_public, record_id=record_id, desk_id=DESK,
        )  # fmt: skip
        unsigned = BundleEntry(
            record_id, DESK, NIK, "2026-11-27T02:00:00+00:00", "2026-11-27",
            hashlib.sha256(envelope).hexdigest(), len(envelope), "",
        )  # fmt: skip
        entries.append(sign_entry(bundle_key(token), unsigned))
        envelopes.append(envelope)
    header = BundleHeader(
        str(uuid.uuid4()), DESK, "72.71.02", "2026-11-27T02:00:00+00:00",
        key_id(hub_public), tuple(entries),
    )  # fmt: skip
    write_bundle(path, header, iter(envelopes))


def test_no_lock_is_held_while_a_bundle_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)
    seen: list[str] = []
    monkeypatch.setattr(ingest_module, "open_record", _probe_write_lock(store, seen))
    path = tmp_path / "bombs.ektpbundle"
    _bomb_bundle(path, token=f"token-of-{DESK}", hub_public=public_bytes(KEY), count=2)
    ingestor = Ingestor(store, KEY, clock=lambda: datetime.now(UTC))
    outcomes = ingestor.import_bundle(BundleReader(path), hub_key_id=key_id(public_bytes(KEY)))
    assert [o.outcome for o in outcomes] == [Outcome.REJECTED] * 2
    assert seen == ["database free", "thread free"] * 2


def _multipart(manifest: bytes) -> tuple[bytes, str]:
    body = (
        b'--b\r\nContent-Disposition: form-data; name="manifest"\r\n\r\n'
        + manifest
        + b"\r\n--b--\r\n"
    )
    return body, "multipart/form-data; boundary=b"


DEEP = [b"[" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000, b"[" * 33 + b"]" * 33]


@pytest.fixture
def asgi_hub(tmp_path: Path) -> Any:
    return create_app(_store(tmp_path), KEY)


@pytest.mark.parametrize("deep", DEEP, ids=["lists", "objects", "33 levels"])
def test_deep_json_in_a_manifest_or_status_body_is_a_400(asgi_hub: Any, deep: bytes) -> None:
    auth = {"Authorization": f"Bearer token-of-{DESK}"}
    body, content_type = _multipart(deep)
    status, answer = asgi_request(
        asgi_hub, "POST", "/api/v1/batches",
        headers=auth | {"Content-Type": content_type, "Content-Length": str(len(body))},
        chunks=[body],
    )  # fmt: skip
    assert status == 400 and "max_json_depth" in answer["message"]
    status, answer = asgi_request(
        asgi_hub, "POST", "/api/v1/records/status",
        headers=auth | {"Content-Type": "application/json"},
        chunks=[b'{"records": ' + deep + b"}"],
    )  # fmt: skip
    assert status == 400 and "max_json_depth" in answer["message"]


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[tuple[LiteHub, str]]:
    hub = LiteHub(tmp_path / "lite")
    token = hub.enroll(DESK, "72.71.02", "2026-11-01")
    hub.start()
    yield hub, token
    hub.stop()


@pytest.mark.parametrize("deep", DEEP, ids=["lists", "objects", "33 levels"])
def test_deep_json_is_a_400_from_the_demo_hub_too(lite: tuple[LiteHub, str], deep: bytes) -> None:
    hub, token = lite
    auth = {"Authorization": f"Bearer {token}"}
    body, content_type = _multipart(deep)
    answer = requests.post(
        hub.url + "/api/v1/batches",
        data=body,
        headers=auth | {"Content-Type": content_type},
        timeout=10,
    )
    assert answer.status_code == 400 and "max_json_depth" in answer.json()["message"]
    answer = requests.post(
        hub.url + "/api/v1/records/status",
        data=b'{"records": ' + deep + b"}",
        headers=auth,
        timeout=10,
    )
    assert answer.status_code == 400 and "max_json_depth" in answer.json()["message"]


def test_a_bundle_of_bombs_imported_while_the_hub_serves_gives_no_5xx(tmp_path: Path) -> None:
    """While `ektp-hub bundle import` takes in 30 bombs, another desk keeps sending."""
    hub = HubProcess(tmp_path / "hub")
    hub.keygen()
    token = hub.add_desk(DESK)
    other = hub.add_desk("PALU-BARAT-2")
    hub.start()
    try:
        public = requests.get(hub.url + "/api/v1/config", timeout=10).json()["public_key"]
        path = tmp_path / "bombs.ektpbundle"
        _bomb_bundle(path, token=token, hub_public=base64.b64decode(public), count=30)
        importing = subprocess.Popen(
            [sys.executable, "-m", "ektp_desk.hub", "bundle", "import", str(path), "--json"],
            env=hub.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        statuses: list[int] = []
        while importing.poll() is None or not statuses:
            record_id = str(uuid.uuid4())
            manifest = {
                "version": 1, "batch_id": str(uuid.uuid4()), "desk_id": "PALU-BARAT-2",
                "records": [{
                    "record_id": record_id, "nik": NIK, "finalized_at": "2026-11-27T02:00:00Z",
                    "recorded_on": "2026-11-27", "size": 3,
                    "sha256": hashlib.sha256(b"abc").hexdigest(),
                }],
            }  # fmt: skip
            answer = requests.post(
                hub.url + "/api/v1/batches",
                files={"manifest": (None, json.dumps(manifest).encode()), record_id: ("r", b"abc")},
                headers={"Authorization": f"Bearer {other}"},
                timeout=30,
            )
            statuses.append(answer.status_code)
        out, err = importing.communicate(timeout=60)
    finally:
        hub.stop()
    assert importing.returncode == 0, err
    assert json.loads(out)["outcomes"]["rejected"] == 30
    assert statuses and set(statuses) == {200}, statuses
