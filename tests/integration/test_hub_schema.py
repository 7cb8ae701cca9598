"""schemathesis against the hub's OpenAPI document, in process (ASGI): whatever a client
sends, the hub answers without a 5xx, and never accepts a record it could not open."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from ektp_desk.hub.app import create_app
from ektp_desk.hub.store import SqliteHubStore
from ektp_desk.sync.envelope import generate_private_key

TOKEN = "schema-test-token"


def _app(folder: Path):  # type: ignore[no-untyped-def]
    store = SqliteHubStore(folder / "hub.sqlite3")
    store.add_desk("PALU-BARAT-1", "72.71.02", TOKEN, datetime.now(UTC).isoformat())
    return create_app(store, generate_private_key())


_folder = Path(__import__("tempfile").mkdtemp(prefix="ektp-schema-"))
schema = schemathesis.openapi.from_asgi("/openapi.json", _app(_folder))


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
