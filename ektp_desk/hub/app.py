"""The hub's HTTP API (FastAPI). Storage and the ingest rules live elsewhere; this module
only speaks HTTP: authentication, limits, parsing, and JSON errors."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ektp_desk import __version__
from ektp_desk.hub.ingest import Ingestor
from ektp_desk.hub.store import DeskRow, HubStore
from ektp_desk.sync.envelope import key_id, public_bytes
from ektp_desk.sync.wire import MANIFEST_PART, ManifestError, parse_manifest

log = logging.getLogger(__name__)

DEFAULT_MAX_BATCH_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_BATCH_RECORDS = 500
MAX_STATUS_RECORDS = 1000


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def create_app(
    store: HubStore,
    private_key: X25519PrivateKey,
    *,
    max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES,
    max_batch_records: int = DEFAULT_MAX_BATCH_RECORDS,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> FastAPI:
    app = FastAPI(
        title="ektp-hub",
        version=__version__,
        description="Disdukcapil intake for e-KTP recordings sealed by ektp-desk desks.",
    )
    ingestor = Ingestor(store, private_key, clock=clock)
    public = public_bytes(private_key)
    config = {
        "public_key": base64.b64encode(public).decode(),
        "key_id": key_id(public),
        "algorithm": "X25519-HKDF-SHA256-AES256GCM",
    }

    @app.get("/api/v1/health")
    def health() -> dict[str, Any]:
        return {
            "status": "ok",
            "server_time": clock().isoformat(timespec="seconds"),
            "version": __version__,
            "limits": {"max_batch_bytes": max_batch_bytes, "max_batch_records": max_batch_records},
        }

    @app.get("/api/v1/config")
    def get_config() -> dict[str, str]:
        return config

    keyed: set[str] = set()  # desks whose bundle key is known to be stored

    def authenticate(request: Request) -> DeskRow | JSONResponse:
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        desk = store.desk_for_token(token.strip()) if scheme.lower() == "bearer" else None
        if desk is None:
            return _error(401, "unauthorized", "missing or unknown desk token")
        if desk.revoked_at is not None:
            return _error(401, "revoked", f"the token of desk {desk.desk_id} was revoked")
        if desk.desk_id not in keyed:
            if store.bundle_key(desk.desk_id) is None:
                store.remember_bundle_key(desk.desk_id, token)
            keyed.add(desk.desk_id)
        return desk

    @app.get("/api/v1/desk", response_model=None)
    def whoami(request: Request) -> JSONResponse | dict[str, str]:
        desk = authenticate(request)
        if isinstance(desk, JSONResponse):
            return desk
        return {"desk_id": desk.desk_id, "kecamatan": desk.kecamatan}

    @app.post("/api/v1/batches", response_model=None)
    async def post_batch(request: Request) -> JSONResponse | dict[str, Any]:
        desk = authenticate(request)
        if isinstance(desk, JSONResponse):
            return desk
        length = request.headers.get("content-length")
        if length is None:
            return _error(411, "length_required", "send Content-Length")
        if not length.isdigit():
            return _error(400, "malformed", "bad Content-Length")
        if int(length) > max_batch_bytes:
            return _error(
                413,
                "too_large",
                f"a batch is at most {max_batch_bytes} bytes; this one is {length}",
            )
        try:
            form = await request.form(
                max_files=max_batch_records + 1, max_fields=max_batch_records + 1
            )
        except Exception as exc:  # the multipart parser raises several types for bad bodies
            return _error(400, "malformed", f"the body is not valid multipart/form-data ({exc})")
        try:
            raw_manifest = form.get(MANIFEST_PART)
            if raw_manifest is None:
                raise ManifestError("no 'manifest' part")
            text = (
                await raw_manifest.read() if isinstance(raw_manifest, UploadFile) else raw_manifest
            )
            manifest = parse_manifest(json.loads(text), max_records=max_batch_records)
        except (ManifestError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            await form.close()
            return _error(400, "malformed", f"bad manifest: {exc}")
        if manifest.desk_id != desk.desk_id:
            await form.close()
            return _error(401, "wrong_desk", "the token does not belong to the manifest's desk")
        parts: dict[str, bytes] = {}
        for entry in manifest.records:
            part = form.get(entry.record_id)
            if isinstance(part, UploadFile):  # envelopes come as file parts, binary as is
                parts[entry.record_id] = await part.read()
        await form.close()
        outcomes = await run_in_threadpool(ingestor.ingest, desk, manifest, parts)
        log.info("batch %s from %s: %d records", manifest.batch_id, desk.desk_id, len(outcomes))
        return {"batch_id": manifest.batch_id, "results": [o.as_dict() for o in outcomes]}

    @app.post("/api/v1/records/status", response_model=None)
    async def record_status(request: Request) -> JSONResponse | dict[str, Any]:
        """What became of records the desk sent by other ways (a bundle on a USB stick)."""
        desk = authenticate(request)
        if isinstance(desk, JSONResponse):
            return desk
        try:
            body = json.loads(await request.body())
            items = body["records"]
            if not isinstance(items, list) or len(items) > MAX_STATUS_RECORDS:
                raise ValueError(f"'records' must be a list of at most {MAX_STATUS_RECORDS}")
            asked = [(str(i["record_id"]), str(i["sha256"])) for i in items]
        except (ValueError, KeyError, TypeError) as exc:
            return _error(400, "malformed", f"bad status request: {exc}")
        results = await run_in_threadpool(ingestor.states, desk, asked)
        return {"results": results}

    return app
