"""HTTP as an attacker writes it, for the hub's tests: a raw socket that frames a body as it
likes (chunked under a false Content-Length, ...) and stops sending as soon as the hub
answers; and a direct ASGI call to the FastAPI app, in process."""

from __future__ import annotations

import asyncio
import json
import select
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: dict[str, Any]
    sent: int  # body bytes the client had sent when the answer came


def _read_answer(sock: socket.socket) -> tuple[int, dict[str, Any]]:
    data = b""
    sock.settimeout(10)
    while b"\r\n\r\n" not in data:
        block = sock.recv(65536)
        if not block:
            break
        data += block
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(
        (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
         if line.lower().startswith(b"content-length:")),
        None,
    )  # fmt: skip
    while length is not None and len(body) < length:
        block = sock.recv(65536)
        if not block:
            break
        body += block
    try:
        return status, json.loads(body) if body else {}
    except ValueError:
        return status, {"text": body.decode("utf-8", "replace")}


def send_body(
    host: str,
    port: int,
    path: str,
    *,
    headers: dict[str, str],
    total: int,
    chunked: bool = True,
    prefix: bytes = b"",
    filler: bytes = b"x",
    step: int = 256 * 1024,
) -> Answer:
    """POST `prefix` then filler up to `total` bytes to `path`, chunked (or raw after the
    given headers), `step` bytes at a time, stopping as soon as the hub answers."""
    sock = socket.create_connection((host, port), timeout=10)
    try:
        head = f"POST {path} HTTP/1.1\r\nHost: {host}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        if chunked:
            head += "Transfer-Encoding: chunked\r\n"
        sock.sendall(head.encode() + b"\r\n")
        sent = 0
        first = True
        while sent < total:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            block = prefix + filler * (step - len(prefix)) if first else filler * step
            first = False
            framed = f"{len(block):x}\r\n".encode() + block + b"\r\n" if chunked else block
            try:
                sock.sendall(framed)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(block)
        else:
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        status, body = _read_answer(sock)
        return Answer(status, body, sent)
    finally:
        sock.close()


def asgi_request(
    app: Any, method: str, path: str, *, headers: dict[str, str], chunks: Iterable[bytes] = ()
) -> tuple[int, dict[str, Any]]:
    """One request to an ASGI app, its body given in `chunks`; returns (status, JSON body)."""
    status, _, body = asgi_exchange(app, method, path, headers=headers, chunks=chunks)
    return status, json.loads(body) if body else {}


def asgi_exchange(
    app: Any,
    method: str,
    path: str,
    *,
    headers: dict[str, str],
    chunks: Iterable[bytes] = (),
    query: str = "",
) -> tuple[int, dict[str, str], bytes]:
    """One request to an ASGI app; returns (status, headers, body bytes as sent)."""
    pending = [*chunks]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if pending:
            return {"type": "http.request", "body": pending.pop(0), "more_body": bool(pending)}
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    answer_headers = {k.decode().lower(): v.decode() for k, v in start.get("headers", [])}
    return int(start["status"]), answer_headers, body
