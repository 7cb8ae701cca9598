"""The NIK race of tests/integration/test_nik_race.py, timed: two desks, each talking to its
own hub process on one PostgreSQL database, send one record each at the same moment (a
barrier before every pair), and a pair's latency is from the first send to the last answer."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

from ektp_desk.protocol.envelope import private_key_from_pem, public_bytes
from ektp_desk.protocol.wire import Manifest, ManifestEntry
from ektp_desk.sync.client import encode_multipart
from tests.hubproc import PASSPHRASE, HubProcess
from tests.integration.test_nik_race import DESKS, _envelope, _template

Body = tuple[bytes, str]
WARM_UP = 10  # pairs of two NIKs first, not counted: connections opened, caches filled


def _bodies(folder: Path, public: bytes, niks: dict[str, list[str]]) -> dict[str, list[Body]]:
    """Each desk's batches of one record, one per NIK of its list."""
    templates = {desk_id: _template(folder, desk_id) for desk_id in DESKS}
    finalized = json.loads(templates[DESKS[0]]["manifest.json"])["finalized_at"]
    recorded_on = datetime.now(ZoneInfo("Asia/Makassar")).date().isoformat()
    bodies: dict[str, list[Body]] = {}
    for desk_id in DESKS:
        bodies[desk_id] = []
        for nik in niks[desk_id]:
            record_id = str(uuid.uuid4())
            envelope = _envelope(templates[desk_id], record_id=record_id, nik=nik, public=public)
            digest = hashlib.sha256(envelope).hexdigest()
            entry = ManifestEntry(record_id, nik, finalized, recorded_on, digest, len(envelope))
            manifest = Manifest(str(uuid.uuid4()), desk_id, (entry,))
            bodies[desk_id].append(encode_multipart(manifest, [(record_id, envelope)]))
    return bodies


def _pairs(
    hubs: dict[str, HubProcess], tokens: dict[str, str], bodies: dict[str, list[Body]]
) -> tuple[list[float], list[set[str]]]:
    """Per pair: its latency (s) and the two outcomes."""
    count = len(bodies[DESKS[0]])
    barrier = threading.Barrier(2)
    sent: dict[str, list[tuple[float, float, str]]] = {d: [] for d in DESKS}
    failures: list[str] = []

    def desk(desk_id: str) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {tokens[desk_id]}"
        try:
            for body, content_type in bodies[desk_id]:
                barrier.wait(timeout=30)
                start = time.perf_counter()
                response = session.post(
                    hubs[desk_id].url + "/api/v1/batches", data=body,
                    headers={"Content-Type": content_type}, timeout=30,
                )  # fmt: skip
                response.raise_for_status()
                outcome = str(response.json()["results"][0]["outcome"])
                sent[desk_id].append((start, time.perf_counter(), outcome))
        except Exception as exc:  # the other desk must not wait for this one forever
            failures.append(f"{desk_id}: {exc!r}")
            barrier.abort()

    threads = [threading.Thread(target=desk, args=(desk_id,)) for desk_id in DESKS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not failures, failures
    latencies, outcomes = [], []
    for n in range(count):
        one, other = sent[DESKS[0]][n], sent[DESKS[1]][n]
        latencies.append(max(one[1], other[1]) - min(one[0], other[0]))
        outcomes.append({one[2], other[2]})
    return latencies, outcomes


def timed_race(folder: Path, url: str, *, pairs: int) -> tuple[list[float], list[float]]:
    """Per-pair latencies (s) of `pairs` races on one NIK, and of as many pairs of two NIKs
    (the baseline), through two hub processes on the database at `url`."""
    first = HubProcess(folder / "worker-1", db=url)
    first.keygen()
    second = HubProcess(folder / "worker-2", db=url)
    shutil.copy(first.key_path, second.key_path)
    tokens = {desk_id: first.add_desk(desk_id) for desk_id in DESKS}
    public = public_bytes(private_key_from_pem(first.key_path.read_bytes(), PASSPHRASE.encode()))
    same = [f"72710245071{n:05d}" for n in range(pairs)]
    race_bodies = _bodies(folder, public, dict.fromkeys(DESKS, same))
    calm_bodies = _bodies(
        folder / "calm",
        public,
        {DESKS[0]: [f"72710245072{n:05d}" for n in range(pairs + WARM_UP)],
         DESKS[1]: [f"72710245073{n:05d}" for n in range(pairs + WARM_UP)]},
    )  # fmt: skip
    hubs = dict(zip(DESKS, (first, second), strict=True))
    first.start()
    second.start()
    try:
        calm, calm_outcomes = _pairs(hubs, tokens, calm_bodies)
        race, race_outcomes = _pairs(hubs, tokens, race_bodies)
    finally:
        first.stop()
        second.stop()
    assert all(o == {"accepted"} for o in calm_outcomes), "two NIKs: both accepted"
    assert all(o == {"accepted", "duplicate_nik"} for o in race_outcomes), "one NIK: one each"
    return race, calm[WARM_UP:]
