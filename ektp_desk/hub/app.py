"""The hub's HTTP API (FastAPI). The rules and answers live in `hub.service`; this module
only speaks HTTP: headers, the multipart body, and JSON errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ektp_desk import __version__
from ektp_desk.hub.feed import json_body
from ektp_desk.hub.limits import DEFAULT_MAX_BATCH_BYTES, HubLimits
from ektp_desk.hub.service import (
    DEFAULT_MAX_BATCH_RECORDS,
    MAX_STATUS_RECORDS,
    ApiError,
    HubService,
)
from ektp_desk.hub.store import HubStore
from ektp_desk.protocol.release import DOWNLOAD_PATH, RELEASE_PATH
from ektp_desk.protocol.status import MAX_VOIDS, PUBLISHED_PATH, STATUS_PATH, VOIDS_PATH
from ektp_desk.protocol.wire import AUDIT_HEAD_PATH, MANIFEST_PART

__all__ = ["DEFAULT_MAX_BATCH_BYTES", "DEFAULT_MAX_BATCH_RECORDS", "create_app"]


# The bodies the handlers read themselves (binary stays binary: no model parses them),
# described for the OpenAPI document so that clients and fuzzers know their shape.
BATCH_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [MANIFEST_PART],
                    "properties": {
                        MANIFEST_PART: {
                            "type": "string",
                            "description": "JSON: version, batch_id, desk_id, records[]",
                        }
                    },
                    "additionalProperties": {
                        "type": "string",
                        "format": "binary",
                        "description": "one sealed envelope per record, named by record id",
                    },
                }
            }
        },
    }
}


def _json_list_body(key: str, max_items: int, fields: tuple[str, ...]) -> dict[str, Any]:
    """A JSON body holding one list of objects of string fields, for the OpenAPI document."""
    item = {
        "type": "object",
        "required": list(fields),
        "properties": {name: {"type": "string"} for name in fields},
    }
    schema = {
        "type": "object",
        "required": [key],
        "properties": {key: {"type": "array", "maxItems": max_items, "items": item}},
    }
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _query(*names: str) -> dict[str, Any]:
    """Whole-number query parameters, read (and refused with 400) by the service itself."""
    return {
        "parameters": [
            {"name": n, "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 0}}
            for n in names
        ]
    }  # fmt: skip


STATUS_BODY = _json_list_body("records", MAX_STATUS_RECORDS, ("record_id", "sha256"))
VOIDS_BODY = _json_list_body("voids", MAX_VOIDS, ("record_id", "reason", "voided_at"))


def _error(exc: ApiError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status)


class BodyTooLarge(Exception):
    """Raised from `receive` when a body passes its cap; answered with 413."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.message)
        self.error = error


class BodyCap:
    """ASGI middleware: every request body is counted as it is read, whatever its framing
    (chunked, a Content-Length that lies or none), and the request is refused with 413 as
    soon as the count passes the cap for its path; a Content-Length above the cap is
    refused before anything is read. The server only reads what the app asks for, so the
    hub never holds more than the cap of any body."""

    def __init__(self, app: ASGIApp, hub: HubService) -> None:
        self.app = app
        self.hub = hub

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        cap, _ = self.hub.body_cap(path)
        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        try:
            self.hub.check_length(path, length.decode("latin-1") if length else None)
        except ApiError as exc:
            await _error(exc)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise BodyTooLarge(self.hub.too_large(path, seen))
            return message

        await self.app(scope, counted, send)


def create_app(
    store: HubStore,
    private_key: X25519PrivateKey,
    *,
    limits: HubLimits | None = None,
    max_batch_bytes: int | None = None,
    max_batch_records: int = DEFAULT_MAX_BATCH_RECORDS,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    training: bool = False,
    release_dir: Path | None = None,
) -> FastAPI:
    app = FastAPI(
        title="ektp-hub",
        version=__version__,
        description="Disdukcapil intake for e-KTP recordings sealed by ektp-desk desks.",
    )
    hub = HubService(
        store,
        private_key,
        limits=limits,
        max_batch_bytes=max_batch_bytes,
        max_batch_records=max_batch_records,
        clock=clock,
        training=training,
        release_dir=release_dir,
    )
    app.add_middleware(BodyCap, hub=hub)

    @app.exception_handler(BodyTooLarge)
    async def body_too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
        return _error(exc.error)

    _add_reads(app, hub)
    _add_batches(app, hub, max_batch_records)
    _add_desk_reports(app, hub)
    _add_release(app, hub)
    _add_status(app, hub)
    return app


def _add_status(app: FastAPI, hub: HubService) -> None:
    """What the city knows, down to a desk: the status feed."""

    @app.get("/api/v1" + STATUS_PATH, response_model=None, openapi_extra=_query("after", "limit"))
    def status(request: Request) -> Response:
        """The desk's kecamatan's records changed after `after` (gzip'ed when asked)."""
        try:
            desk = hub.authenticate(request.headers.get("authorization"))
            body = hub.feed.status(desk, dict(request.query_params))
        except ApiError as exc:
            return _error(exc)
        data, headers = json_body(body, request.headers.get("accept-encoding"))
        return Response(data, headers=headers)

    @app.get("/api/v1" + PUBLISHED_PATH, response_model=None, openapi_extra=_query("have"))
    def published(request: Request) -> Response:
        """The kecamatan's published resident list (CSV), or `unchanged` when the desk has
        the version it names (`have`)."""
        try:
            desk = hub.authenticate(request.headers.get("authorization"))
            body = hub.feed.published(desk, dict(request.query_params))
        except ApiError as exc:
            return _error(exc)
        encoding = request.headers.get("accept-encoding")
        data, headers = (
            json_body(body, encoding) if isinstance(body, dict) else body.answer(encoding)
        )
        return Response(data, headers=headers)

    @app.post("/api/v1" + VOIDS_PATH, response_model=None, openapi_extra=VOIDS_BODY)
    async def voids(request: Request) -> JSONResponse | dict[str, Any]:
        """The desk's voids, each with its reason: the records are kept, marked voided."""
        try:
            desk = hub.authenticate(request.headers.get("authorization"))
            body = await request.body()
            return await run_in_threadpool(hub.feed.voids, desk, body)
        except ApiError as exc:
            return _error(exc)


def _add_release(app: FastAPI, hub: HubService) -> None:
    """The desk installer offered: its signed description, and its bytes (resumable)."""

    @app.get("/api/v1" + RELEASE_PATH, response_model=None)
    def release(request: Request) -> JSONResponse | dict[str, Any]:
        """The current desk release: version, size, sha256 and its Ed25519 signature."""
        try:
            return hub.release(hub.authenticate(request.headers.get("authorization")))
        except ApiError as exc:
            return _error(exc)

    @app.get("/api/v1" + DOWNLOAD_PATH, response_model=None)
    def download(request: Request) -> JSONResponse | StreamingResponse:
        """The current installer's bytes; one `Range: bytes=N-` resumes a download (206)."""
        try:
            desk = hub.authenticate(request.headers.get("authorization"))
            body = hub.release_bytes(desk, request.headers.get("range"))
        except ApiError as exc:
            return _error(exc)
        return StreamingResponse(
            body.chunks(), status_code=206 if body.partial else 200, headers=body.headers()
        )


def _add_reads(app: FastAPI, hub: HubService) -> None:
    """Health, config and who the caller is."""

    @app.get("/api/v1/health")
    def health() -> dict[str, Any]:
        return hub.health()

    @app.get("/api/v1/config")
    def get_config() -> dict[str, str]:
        return hub.config()

    @app.get("/api/v1/desk", response_model=None)
    def whoami(request: Request) -> JSONResponse | dict[str, str]:
        try:
            return hub.whoami(hub.authenticate(request.headers.get("authorization")))
        except ApiError as exc:
            return _error(exc)


def _add_batches(app: FastAPI, hub: HubService, max_batch_records: int) -> None:
    """A batch of sealed envelopes, multipart: the manifest and one file part per record."""

    @app.post("/api/v1/batches", response_model=None, openapi_extra=BATCH_BODY)
    async def post_batch(request: Request) -> JSONResponse | dict[str, Any]:
        try:
            desk = hub.authenticate(request.headers.get("authorization"))
        except ApiError as exc:
            return _error(exc)
        try:
            form = await request.form(
                max_files=max_batch_records + 1,
                max_fields=max_batch_records + 1,
                max_part_size=hub.limits.max_json_bytes,  # the manifest, the only field
            )
        except BodyTooLarge:
            raise
        except Exception as exc:  # the multipart parser raises several types for bad bodies
            return _error(
                ApiError(400, "malformed", f"the body is not valid multipart/form-data ({exc})")
            )
        try:
            raw = form.get(MANIFEST_PART)
            manifest = hub.manifest(desk, await raw.read() if isinstance(raw, UploadFile) else raw)
            parts: dict[str, bytes] = {}
            for entry in manifest.records:
                part = form.get(entry.record_id)
                if isinstance(part, UploadFile):  # envelopes come as file parts, binary as is
                    parts[entry.record_id] = await part.read()
        except ApiError as exc:
            return _error(exc)
        finally:
            await form.close()
        return await run_in_threadpool(hub.batch, desk, manifest, parts)


def _add_desk_reports(app: FastAPI, hub: HubService) -> None:
    """What a desk asks of its records sent by other ways, and its audit head."""

    @app.post("/api/v1/records/status", response_model=None, openapi_extra=STATUS_BODY)
    async def record_status(request: Request) -> JSONResponse | dict[str, Any]:
        """What became of records the desk sent by other ways (a bundle on a USB stick)."""
        try:
            desk = hub.authenticate(request.headers.get("authorization"))
            body = await request.body()
            return await run_in_threadpool(hub.record_status, desk, body)
        except ApiError as exc:
            return _error(exc)

    @app.get("/api/v1" + AUDIT_HEAD_PATH, response_model=None)
    def audit_held(request: Request) -> JSONResponse | dict[str, Any]:
        """The count of this desk's audit head the hub holds."""
        try:
            return hub.audit_held(hub.authenticate(request.headers.get("authorization")))
        except ApiError as exc:
            return _error(exc)

    @app.post("/api/v1" + AUDIT_HEAD_PATH, response_model=None)
    async def audit_head(request: Request) -> JSONResponse | dict[str, Any]:
        """The desk's audit head: held when the log only grew, refused (409) when it went back."""
        try:
            desk = hub.authenticate(request.headers.get("authorization"))
            body = await request.body()
            return await run_in_threadpool(hub.audit_head, desk, body)
        except ApiError as exc:
            return _error(exc)
