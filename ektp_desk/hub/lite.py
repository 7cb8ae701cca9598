"""The hub in the desk's own process, on a loopback port, with the standard library's HTTP
server: for the demo, where the real server's dependencies (FastAPI, uvicorn) may be
absent, as in the installed one-folder app. Same store, same rules, same answers as
`ektp-hub serve` (both speak through `hub.service`); not for production: no TLS, one
process, loopback only."""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ektp_desk.hub.feed import PublishedCsv, json_body
from ektp_desk.hub.limits import HubLimits
from ektp_desk.hub.service import ApiError, HubService, ReleaseBytes
from ektp_desk.hub.store import SqliteHubStore
from ektp_desk.protocol.envelope import generate_private_key
from ektp_desk.protocol.release import DOWNLOAD_PATH, RELEASE_PATH
from ektp_desk.protocol.status import PUBLISHED_PATH, STATUS_PATH, VOIDS_PATH
from ektp_desk.protocol.wire import API, AUDIT_HEAD_PATH, MANIFEST_PART

log = logging.getLogger(__name__)

_NAME_RE = re.compile(rb'name="([^"]*)"')
_MAX_LINE = 1024  # a chunk-size or trailer line


def parse_multipart(content_type: str, body: bytes) -> dict[str, bytes]:
    """The parts of a multipart/form-data body, by name, binary as sent."""
    kind, _, params = content_type.partition(";")
    match = re.search(r'boundary="?([^";]+)"?', params)
    if kind.strip().lower() != "multipart/form-data" or match is None:
        raise ApiError(400, "malformed", "the body is not multipart/form-data")
    delimiter = b"\r\n--" + match.group(1).encode()
    sections = (b"\r\n" + body).split(delimiter)
    if len(sections) < 3 or not sections[-1].startswith(b"--"):
        raise ApiError(400, "malformed", "the multipart body is not closed")
    parts: dict[str, bytes] = {}
    for section in sections[1:-1]:
        head, sep, content = section.partition(b"\r\n\r\n")
        name = _NAME_RE.search(head)
        if not sep or name is None:
            raise ApiError(400, "malformed", "a multipart part has no name")
        parts[name.group(1).decode("utf-8", "replace")] = content
    return parts


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("demo hub: " + format, *args)

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_answer(self, body: dict[str, Any] | PublishedCsv) -> None:
        """A 200 answer, gzip'ed when the client takes it (the status feed, a list)."""
        encoding = self.headers.get("accept-encoding")
        data, headers = (
            json_body(body, encoding) if isinstance(body, dict) else body.answer(encoding)
        )
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_file(self, body: ReleaseBytes) -> None:
        self.send_response(206 if body.partial else 200)
        for name, value in body.headers().items():
            self.send_header(name, value)
        self.end_headers()
        try:
            for chunk in body.chunks():
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            log.info("demo hub: a desk left a release download; it resumes with a range")
            self.close_connection = True

    def _read_body(self, path: str) -> bytes:
        """The request's body, counted on the bytes read against the path's cap whatever
        the framing: chunked (which wins over a Content-Length, as HTTP/1.1 says), a
        Content-Length (refused before reading when above the cap), or none (no body)."""
        hub = self.server.hub
        cap, _ = hub.body_cap(path)
        encoding = self.headers.get("transfer-encoding")
        if encoding is None:
            length = hub.check_length(path, self.headers.get("content-length"))
            return self.rfile.read(length) if length else b""
        if encoding.strip().lower() != "chunked":
            raise ApiError(400, "malformed", f"unsupported Transfer-Encoding {encoding!r}")
        body = bytearray()
        while True:
            line = self.rfile.readline(_MAX_LINE)
            size_text = line.split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise ApiError(400, "malformed", "bad chunk size in a chunked body") from None
            if size < 0:
                raise ApiError(400, "malformed", "bad chunk size in a chunked body")
            if size == 0:
                while self.rfile.readline(_MAX_LINE) not in (b"\r\n", b"\n", b""):
                    pass  # trailer fields, which the hub does not use
                return bytes(body)
            if len(body) + size > cap:
                raise hub.too_large(path, len(body) + size)
            chunk = self.rfile.read(size)
            if len(chunk) != size or self.rfile.readline(_MAX_LINE).strip():
                raise ApiError(400, "malformed", "a chunked body cut short or misframed")
            body += chunk

    def _route(self, method: str) -> None:
        hub = self.server.hub
        path, _, query = self.path.partition("?")
        try:
            if method == "GET" and path == API + STATUS_PATH:
                desk = hub.authenticate(self.headers.get("authorization"))
                asked = dict(urllib.parse.parse_qsl(query))
                self._send_answer(hub.feed.status(desk, asked))
            elif method == "GET" and path == API + PUBLISHED_PATH:
                desk = hub.authenticate(self.headers.get("authorization"))
                self._send_answer(hub.feed.published(desk, dict(urllib.parse.parse_qsl(query))))
            elif method == "GET" and path == API + "/health":
                self._send(200, hub.health())
            elif method == "GET" and path == API + "/config":
                self._send(200, hub.config())
            elif method == "GET" and path == API + "/desk":
                self._send(200, hub.whoami(hub.authenticate(self.headers.get("authorization"))))
            elif method == "GET" and path == API + RELEASE_PATH:
                self._send(200, hub.release(hub.authenticate(self.headers.get("authorization"))))
            elif method == "GET" and path == API + DOWNLOAD_PATH:
                desk = hub.authenticate(self.headers.get("authorization"))
                self._send_file(hub.release_bytes(desk, self.headers.get("range")))
            elif path == API + AUDIT_HEAD_PATH and method in ("GET", "POST"):
                desk = hub.authenticate(self.headers.get("authorization"))
                if method == "GET":
                    self._send(200, hub.audit_held(desk))
                else:
                    self._send(200, hub.audit_head(desk, self._read_body(path)))
            elif method == "POST" and path == API + VOIDS_PATH:
                desk = hub.authenticate(self.headers.get("authorization"))
                self._send(200, hub.feed.voids(desk, self._read_body(path)))
            elif method == "POST" and path in (API + "/batches", API + "/records/status"):
                desk = hub.authenticate(self.headers.get("authorization"))
                body = self._read_body(path)
                if path.endswith("/status"):
                    self._send(200, hub.record_status(desk, body))
                    return
                parts = parse_multipart(self.headers.get("content-type", ""), body)
                manifest = hub.manifest(desk, parts.pop(MANIFEST_PART, None))
                self._send(200, hub.batch(desk, manifest, parts))
            else:
                self._send(404, {"error": "not_found", "message": f"no {method} {path}"})
        except ApiError as exc:
            self.close_connection = True  # what is left of the body is not read
            self._send(exc.status, exc.body())

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], hub: HubService) -> None:
        super().__init__(address, _Handler)
        self.hub = hub


class LiteHub:
    """A hub with a fresh key in `folder`, serving on 127.0.0.1 in a thread of this process."""

    def __init__(self, folder: Path, *, port: int = 0, training: bool = False) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.store = SqliteHubStore(folder / "hub.sqlite3")
        self.service = HubService(
            self.store,
            generate_private_key(),
            limits=HubLimits.from_env(),
            training=training,
            release_dir=folder / "releases",
        )
        self._server = _Server(("127.0.0.1", port), self.service)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def enroll(self, desk_id: str, kecamatan: str, at: str) -> str:
        """Enrol a desk; returns its token."""
        token = secrets.token_urlsafe(32)
        self.store.add_desk(desk_id, kecamatan, token, at)
        return token

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="demo-hub", daemon=True
        )
        self._thread.start()
        log.info("demo hub serving on %s", self.url)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
