"""schemathesis against the hub's OpenAPI document, in process (ASGI): whatever a client
sends, the hub answers without a 5xx, and never accepts a record it could not open; and
the shapes the attack trial used (deep JSON, bodies past their caps, zip bombs) likewise."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from ektp_desk.hub.app import create_app
from ektp_desk.hub.store import SqliteHubStore
from ektp_desk.protocol.envelope import generate_private_key, public_bytes, seal
from tests.security import zipcraft
from tests.security.rawhttp import asgi_request

TOKEN = "schema-test-token"
DESK = "PALU-BARAT-1"
KEY = generate_private_key()


def _app(folder: Path):  # type: ignore[no-untyped-def]
    store = SqliteHubStore(folder / "hub.sqlite3")
    store.add_desk(DESK, "72.71.02", TOKEN, datetime.now(UTC).isoformat())
    return create_app(store, KEY)


_folder = Path(__import__("tempfile").mkdtemp(prefix="ektp-schema-"))
APP = _app(_folder)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.mark.parametrize("authorized", [False, True])
@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_hub_never_fails_and_never_accepts_garbage(case, authorized: bool) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {TOKEN}"} if authorized else None
    response = case.call(headers=headers)
    assert response.status_code < 500, response.text
    if response.status_code == 200 and case.path == "/api/v1/batches":
        outcomes = {r["outcome"] for r in json.loads(response.text)["results"]}
        assert outcomes <= {"rejected"}, "a record made of generated data was accepted"
    if not authorized and case.path not in ("/api/v1/health", "/api/v1/config"):
        assert response.status_code in (400, 401, 404, 405, 411, 413, 422)


def _bomb_batch() -> tuple[bytes, str]:
    """A well-formed batch of one sealed record whose manifest inflates to 1 GiB."""
    record_id = str(uuid.uuid4())
    payload = zipcraft.archive([zipcraft.bomb("manifest.json", 1024)])
    envelope = seal(payload, public_key=public_bytes(KEY), record_id=record_id, desk_id=DESK)
    manifest = {
        "version": 1, "batch_id": "b", "desk_id": DESK,
        "records": [{
            "record_id": record_id, "nik": "7271024507050001", "size": len(envelope),
            "finalized_at": "2026-11-27T02:00:00+00:00", "recorded_on": "2026-11-27",
            "sha256": hashlib.sha256(envelope).hexdigest(),
        }],
    }  # fmt: skip
    body = (
        b'--b\r\nContent-Disposition: form-data; name="manifest"\r\n\r\n'
        + json.dumps(manifest).encode()
        + f'\r\n--b\r\nContent-Disposition: form-data; name="{record_id}"; filename="r"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + envelope
        + b"\r\n--b--\r\n"
    )
    return body, "multipart/form-data; boundary=b"


def _shapes() -> dict[str, tuple[str, dict[str, str], list[bytes]]]:
    multipart = {"Content-Type": "multipart/form-data; boundary=b"}
    part = b'--b\r\nContent-Disposition: form-data; name="manifest"\r\n\r\n'
    bomb, bomb_type = _bomb_batch()
    return {
        "a manifest nested 100,000 deep": (
            "/api/v1/batches", multipart, [part + b"[" * 100_000 + b"\r\n--b--\r\n"]
        ),
        "a status body nested 100,000 deep": ("/api/v1/records/status", {}, [b"[" * 100_000]),
        "a status body of 2 MiB in chunks": (
            "/api/v1/records/status", {}, [b" " * (256 << 10)] * 8
        ),
        "a batch of 17 MiB under Content-Length 1000": (
            "/api/v1/batches", multipart | {"Content-Length": "1000"},
            [part] + [b"x" * (1 << 20)] * 17,
        ),
        "a manifest field of 2 MiB": ("/api/v1/batches", multipart, [part + b" " * (2 << 20)]),
        "a sealed gigabyte bomb": ("/api/v1/batches", {"Content-Type": bomb_type}, [bomb]),
    }  # fmt: skip


@pytest.mark.parametrize("shape", sorted(_shapes()))
def test_the_shapes_of_the_attack_trial_get_no_5xx(shape: str) -> None:
    path, headers, chunks = _shapes()[shape]
    status, answer = asgi_request(
        APP, "POST", path, headers={"Authorization": f"Bearer {TOKEN}", **headers}, chunks=chunks
    )
    assert status < 500, answer
    if shape == "a sealed gigabyte bomb":
        assert status == 200 and answer["results"][0]["outcome"] == "rejected"
    else:
        assert status in (400, 413), answer
