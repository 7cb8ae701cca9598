"""The desk's HTTP client for the hub (requests). The session is injected so tests and the
link benchmark can count what crosses the wire."""

from __future__ import annotations

import base64
import binascii
import io
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import formatdate, parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from ektp_desk import __version__
from ektp_desk.protocol.envelope import key_id
from ektp_desk.protocol.status import VOIDS_PATH
from ektp_desk.protocol.wire import (
    API,
    AUDIT_HEAD_PATH,
    MANIFEST_PART,
    AuditHeadReport,
    Manifest,
    Outcome,
    RecordOutcome,
)
from ektp_desk.sync import (
    HubAuthError,
    HubConflict,
    HubProtocolError,
    HubRefused,
    HubServerError,
    HubTooLarge,
    HubUnreachable,
    NotAHubUrl,
    PlainHttpRefused,
)
from ektp_desk.sync.transport import hub_session, is_loopback

# The failures live in ektp_desk.sync (no HTTP stack to import); they are named here too,
# beside the client that raises them.
__all__ = [
    "HubAuthError",
    "HubConflict",
    "HubProtocolError",
    "HubRefused",
    "HubServerError",
    "HubTooLarge",
    "HubUnreachable",
    "NotAHubUrl",
    "PlainHttpRefused",
]


def check_url(url: str, *, allow_http: bool) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotAHubUrl(f"{url!r} is not an http(s) URL of a hub")
    if parts.scheme == "http" and not allow_http and not is_loopback(url):
        raise PlainHttpRefused(
            "plain http would send recordings' metadata and the desk token unprotected; use "
            "https, or --allow-http on a network you trust"
        )
    return url.strip().rstrip("/")


@dataclass(frozen=True, slots=True)
class Health:
    server_time: datetime | None
    max_batch_bytes: int
    max_batch_records: int


@dataclass(frozen=True, slots=True)
class BatchResult:
    results: dict[str, RecordOutcome]
    server_time: datetime | None
    request_bytes: int
    response_bytes: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0  # from the request's start to the hub's answer


def _health(body: dict[str, Any], response: requests.Response) -> Health:
    """The hub's limits and clock, from `/health` or from the answer to the audit head."""
    limits = body.get("limits")
    if not isinstance(limits, dict):
        raise HubProtocolError("the hub's health answer has no limits")
    try:
        return Health(
            server_time=_server_time(response),
            max_batch_bytes=int(limits["max_batch_bytes"]),
            max_batch_records=int(limits["max_batch_records"]),
        )
    except (KeyError, TypeError, ValueError):
        raise HubProtocolError("the hub's limits are malformed") from None


@dataclass(frozen=True, slots=True)
class AuditAnswer:
    """The head the hub confirms, and its limits and clock when it sends them along (so a
    run on a far link needs no separate `/health` round trip)."""

    confirmed: tuple[int, str]
    health: Health | None = None
    release: dict[str, Any] | None = None  # the desk release offered, as sent (sync.update)


def _server_time(response: requests.Response) -> datetime | None:
    header = response.headers.get("date")
    if not header:
        return None
    try:
        return parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None


def encode_multipart(manifest: Manifest, parts: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """The body and its content type; envelopes go in as raw bytes, never base64."""
    boundary = uuid.uuid4().hex
    chunks = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{MANIFEST_PART}"\r\n'
        "Content-Type: application/json\r\n\r\n".encode(),
        json.dumps(manifest.as_dict(), separators=(",", ":")).encode(),
        b"\r\n",
    ]
    for record_id, data in parts:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{record_id}";'
            f' filename="{record_id}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        )
        chunks.append(data)
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


class HubClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        session: requests.Session | None = None,
        verify: bool | str = True,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = session or hub_session(self.base_url, verify=verify)
        self.verify = verify
        self.timeout = (connect_timeout, read_timeout)
        # Recordings waiting to be sent, told to the hub with each request (its desks page).
        self.waiting: int | None = None

    @property
    def answer_allowance(self) -> float:
        """How long the hub may take to answer once a request has crossed the link."""
        return self.timeout[1]

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        timeout = kwargs.pop("timeout", self.timeout)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        # What the hub's desks page shows: this program's version, this PC's clock (the
        # drift), and what waits to be sent.
        headers.setdefault("User-Agent", f"ektp-desk/{__version__}")
        headers.setdefault("Date", formatdate(usegmt=True))
        if self.waiting is not None:
            headers.setdefault("X-Ektp-Waiting", str(self.waiting))
        try:
            response = self.session.request(
                method,
                self.base_url + API + path,
                headers=headers,
                timeout=timeout,
                verify=self.verify,
                **kwargs,
            )
        except requests.exceptions.SSLError as exc:
            raise HubUnreachable(f"TLS failure talking to the hub: {exc}") from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise HubUnreachable(f"the hub does not answer ({type(exc).__name__})") from exc
        except requests.RequestException as exc:
            raise HubUnreachable(f"request to the hub failed: {exc}") from exc
        status = response.status_code
        if status in (401, 403):
            raise HubAuthError(f"the hub refused this desk's token: {_message(response)}")
        if status == 413:
            raise HubTooLarge(_message(response))
        if status >= 500:
            raise HubServerError(f"the hub failed with HTTP {status}")
        if status == 409:
            raise HubConflict(_message(response), _code(response))
        if status not in (200, 206):
            kind = HubRefused if 400 <= status < 500 else HubProtocolError
            failure = kind(f"the hub answered HTTP {status}: {_message(response)}")
            failure.status = status
            raise failure
        return response

    def _json(self, response: requests.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            raise HubProtocolError("the hub's answer is not JSON") from None
        if not isinstance(body, dict):
            raise HubProtocolError("the hub's answer is not a JSON object")
        return body

    def health(self) -> Health:
        response = self._request("GET", "/health")
        return _health(self._json(response), response)

    def config(self) -> tuple[bytes, str]:
        body = self._json(self._request("GET", "/config"))
        try:
            public = base64.b64decode(str(body["public_key"]), validate=True)
            advertised = str(body["key_id"])
        except (KeyError, binascii.Error, ValueError):
            raise HubProtocolError("the hub's key answer is malformed") from None
        if len(public) != 32 or key_id(public) != advertised:
            raise HubProtocolError("the hub's public key does not match its key id")
        return public, advertised

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        """GET `path` of the API (a 206 is an answer too), failures raised as for any call."""
        return self._request("GET", path, **kwargs)

    def whoami(self) -> dict[str, str]:
        body = self._json(self._request("GET", "/desk"))
        return {str(k): str(v) for k, v in body.items()}

    def send_batch(
        self,
        manifest: Manifest,
        parts: list[tuple[str, bytes]],
        *,
        answer_within: float | None = None,
    ) -> BatchResult:
        """Send one batch. `answer_within` is how long to wait for the answer once the last
        byte was handed to the operating system: on a slow link with deep buffers the bytes
        are still crossing then, so the caller gives the time they need on top of the hub's
        own allowance."""
        body, content_type = encode_multipart(manifest, parts)
        started = time.monotonic()
        # A file object makes urllib3 send the body in 16 KB writes, each with its own
        # timeout; one bytes object is one write whose timeout covers the whole upload.
        response = self._request(
            "POST",
            "/batches",
            data=io.BytesIO(body),
            headers={"Content-Type": content_type},
            timeout=(self.timeout[0], answer_within or self.timeout[1]),
        )
        seconds = time.monotonic() - started
        answer = self._json(response)
        raw = answer.get("results")
        if not isinstance(raw, list):
            raise HubProtocolError("the hub's batch answer has no results")
        results: dict[str, RecordOutcome] = {}
        for item in raw:
            try:
                result = RecordOutcome.parse(item)
            except ValueError:
                raise HubProtocolError("a result in the hub's batch answer is malformed") from None
            results[result.record_id] = result
        return BatchResult(
            results, _server_time(response), len(body), len(response.content), seconds=seconds
        )

    def audit_held(self) -> int:
        """The count of this desk's audit head the hub holds (0: none yet)."""
        count = self._json(self._request("GET", AUDIT_HEAD_PATH)).get("count")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise HubProtocolError("the hub's audit answer is malformed")
        return count

    def send_audit_head(self, head: AuditHeadReport) -> AuditAnswer:
        """The desk's audit head; the hub's confirmed head back, with its limits and clock
        when it sends them. A log that went back is refused with HubConflict (code
        audit_rolled_back)."""
        response = self._request("POST", AUDIT_HEAD_PATH, json=head.as_dict())
        body = self._json(response)
        confirmed = body.get("confirmed")
        if not isinstance(confirmed, dict):
            raise HubProtocolError("the hub's audit answer is malformed")
        try:
            kept = int(confirmed["count"]), str(confirmed["hash"])
        except (KeyError, TypeError, ValueError):
            raise HubProtocolError("the hub's audit answer is malformed") from None
        offer = body.get("release")
        health = _health(body, response) if "limits" in body else None
        return AuditAnswer(kept, health, offer if isinstance(offer, dict) else None)

    def record_states(self, asked: list[tuple[str, str]]) -> dict[str, RecordOutcome]:
        """The hub's word on records it may have received by other ways (a bundle): those
        it holds, by id; ids it does not hold are left out."""
        response = self._request(
            "POST",
            "/records/status",
            json={"records": [{"record_id": r, "sha256": h} for r, h in asked]},
        )
        raw = self._json(response).get("results")
        if not isinstance(raw, list):
            raise HubProtocolError("the hub's status answer has no results")
        known: dict[str, RecordOutcome] = {}
        wanted = {r for r, _ in asked}
        for item in raw:
            try:
                record_id, state = str(item["record_id"]), str(item["state"])
            except (KeyError, TypeError):
                raise HubProtocolError("a result in the hub's status answer is malformed") from None
            if state == "unknown" or record_id not in wanted:
                continue
            if state not in (Outcome.ACCEPTED, Outcome.DUPLICATE_NIK):
                raise HubProtocolError(f"the hub's status answer has an unknown state {state!r}")
            known[record_id] = RecordOutcome.parse(item, state="state")
        return known

    def send_voids(self, voids: list[dict[str, str]]) -> dict[str, str]:
        """This desk's voids (at most 500); the hub's outcome by record id: voided,
        already_voided, unknown (not received yet) or not_yours."""
        raw = self._json(self._request("POST", VOIDS_PATH, json={"voids": voids})).get("results")
        if not isinstance(raw, list):
            raise HubProtocolError("the hub's voids answer has no results")
        try:
            return {str(item["record_id"]): str(item["outcome"]) for item in raw}
        except (KeyError, TypeError):
            raise HubProtocolError("a result in the hub's voids answer is malformed") from None


def _code(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("error", "")) if isinstance(body, dict) else ""


def _message(response: requests.Response) -> str:
    try:
        body = response.json()
        if isinstance(body, dict) and "message" in body:
            return str(body["message"])
    except ValueError:
        pass
    return response.text[:200] or response.reason or str(response.status_code)
