"""HTTP/1.1 to a device service on this PC (127.0.0.1) over a plain socket.

A process on this PC can listen on a device's port, so nothing a port answers is trusted
for its form, its size or its pace: each exchange has a deadline from connecting to the
last byte, a cap on the bytes read and a cancel looked at while waiting.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from ektp_desk.capture import CaptureError

LOOPBACK_HOST = "127.0.0.1"
# Limits on an answer's form and pace; the error each one raises names it.
MAX_HEAD_BYTES = 64 * 1024  # an answer's status line and headers
POLL_S = 0.05  # how often a wait looks at its cancel and deadline
READ_SIZE = 64 * 1024


class DeviceGone(CaptureError):
    """Nothing listens on the port (any more)."""


class DeviceTooSlow(CaptureError):
    """The answer did not arrive whole before its deadline."""


class AnswerTooLarge(CaptureError):
    """The answer is larger than its cap."""


@dataclass(frozen=True, slots=True)
class Budget:
    """What one exchange may take: a deadline (monotonic) for the whole answer, a cap on
    its body and the setting that cap is named by in the error, and a cancel."""

    deadline: float
    limit: int
    setting: str
    cancel: threading.Event | None = None


class Transport(Protocol):
    def exchange(
        self, method: str, port: int, path: str, body: bytes, budget: Budget
    ) -> tuple[int, bytes]: ...


class Answer:
    """One HTTP/1.1 answer read from a socket within a deadline, its body in pieces."""

    def __init__(
        self, sock: socket.socket, *, port: int, deadline: float, cancel: threading.Event | None
    ) -> None:
        self.sock = sock
        self.port = port
        self.deadline = deadline
        self.cancel = cancel
        self.buffer = bytearray()
        self.eof = False
        head = self._until(b"\r\n\r\n", MAX_HEAD_BYTES, "MAX_HEAD_BYTES").decode("latin-1")
        lines = head.split("\r\n")
        first = lines[0].split(" ", 2)
        if len(first) < 2 or not first[0].startswith("HTTP/") or not first[1].isdigit():
            raise CaptureError("not_http", port=port)
        self.status = int(first[1])
        self.headers: dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                self.headers[name.strip().lower()] = value.strip()

    def _fill(self) -> None:
        while True:
            if self.cancel is not None and self.cancel.is_set():
                raise CaptureError("cancelled")
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise DeviceTooSlow("too_slow", port=self.port)
            self.sock.settimeout(min(remaining, POLL_S))
            try:
                data = self.sock.recv(READ_SIZE)
            except TimeoutError:
                continue
            except OSError as exc:
                raise CaptureError(
                    "broke_off", port=self.port, detail=exc.strerror or exc
                ) from None
            if data:
                self.buffer += data
            else:
                self.eof = True
            return

    def _take(self, n: int) -> bytes:
        out = bytes(self.buffer[:n])
        del self.buffer[:n]
        return out

    def _until(self, marker: bytes, limit: int, setting: str) -> bytes:
        searched = 0
        while True:
            at = self.buffer.find(marker, searched)
            if at >= 0:
                out = self._take(at)
                del self.buffer[: len(marker)]
                return out
            if len(self.buffer) > limit:
                raise AnswerTooLarge(
                    "header_too_large",
                    port=self.port,
                    limit=limit,
                    setting=setting,
                    module=__name__,
                )
            if self.eof:
                raise CaptureError("half_way", port=self.port)
            searched = max(0, len(self.buffer) - len(marker) + 1)
            self._fill()

    def _pieces(self, count: int | None) -> Iterator[bytes]:
        """`count` bytes of body (None: up to the end of the connection), as they come."""
        while count is None or count > 0:
            if not self.buffer:
                if self.eof:
                    if count is None:
                        return
                    raise CaptureError("half_way", port=self.port)
                self._fill()
                continue
            piece = self._take(len(self.buffer) if count is None else count)
            if count is not None:
                count -= len(piece)
            yield piece

    def body(self) -> Iterator[bytes]:
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            while True:
                line = self._until(b"\r\n", 1024, "MAX_HEAD_BYTES").split(b";")[0].strip()
                try:
                    size = int(line, 16)
                except ValueError:
                    raise CaptureError("bad_chunked", port=self.port) from None
                if size == 0:
                    return
                yield from self._pieces(size)
                self._until(b"\r\n", 2, "MAX_HEAD_BYTES")
        length = self.headers.get("content-length")
        if length is not None and not length.isdigit():
            raise CaptureError("bad_length", port=self.port)
        yield from self._pieces(int(length) if length is not None else None)


class LoopbackHttp:
    """HTTP/1.1 to a device service on this PC over a plain socket, with a deadline from
    connecting to the last byte, a cap on the bytes read, and a cancel looked at while
    waiting. An HTTP library's timeout counts per read, so a service that trickles a byte
    at a time would hold it for ever; and no proxy or netrc of the environment applies."""

    def __init__(self, host: str = LOOPBACK_HOST) -> None:
        self.host = host

    @contextmanager
    def answer(
        self,
        method: str,
        port: int,
        path: str,
        body: bytes,
        *,
        deadline: float,
        cancel: threading.Event | None = None,
    ) -> Iterator[Answer]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DeviceTooSlow("too_slow", port=port)
        try:
            sock = socket.create_connection((self.host, port), timeout=remaining)
        except TimeoutError:
            raise DeviceTooSlow("too_slow", port=port) from None
        except OSError:
            raise DeviceGone("gone", port=port) from None
        try:
            request = (
                f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                "Accept-Encoding: identity\r\nConnection: close\r\n\r\n"
            ).encode() + body
            try:
                sock.settimeout(max(0.001, deadline - time.monotonic()))
                sock.sendall(request)
            except TimeoutError:
                raise DeviceTooSlow("too_slow", port=port) from None
            except OSError as exc:
                raise DeviceGone("gone_because", port=port, detail=exc.strerror or exc) from None
            yield Answer(sock, port=port, deadline=deadline, cancel=cancel)
        finally:
            sock.close()

    def exchange(
        self, method: str, port: int, path: str, body: bytes, budget: Budget
    ) -> tuple[int, bytes]:
        """(HTTP status, body); the body read in pieces and refused once past the budget's
        limit (named by its setting in the error)."""
        limit = budget.limit
        with self.answer(
            method, port, path, body, deadline=budget.deadline, cancel=budget.cancel
        ) as answer:
            declared = answer.headers.get("content-length", "")
            too_large = AnswerTooLarge("too_much", port=port, limit=limit, setting=budget.setting)
            if declared.isdigit() and int(declared) > limit:
                raise too_large
            data = bytearray()
            for piece in answer.body():
                data += piece
                if len(data) > limit:
                    raise too_large
            return answer.status, bytes(data)


def first_frame(buffer: bytes) -> bytes | None:
    """The first whole part of a multipart/x-mixed-replace body, or None while partial."""
    head_end = buffer.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    headers = buffer[:head_end].decode("latin-1").lower()
    length = next(
        (
            int(line.split(":", 1)[1])
            for line in headers.splitlines()
            if line.startswith("content-length")
        ),
        None,
    )
    if length is None or len(buffer) < head_end + 4 + length:
        return None
    return buffer[head_end + 4 : head_end + 4 + length]
