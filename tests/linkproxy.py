"""A slow, far link on loopback: a TCP proxy that paces each direction at a set rate,
delays every byte by a set one-way time, and can hold a deep buffer as a shared 4G modem
does. This machine has no `netem`, so the link is made in user space.

    with SlowLink(upstream=("127.0.0.1", hub_port), rate_bits=512_000, rtt=0.5) as link:
        ... talk to ("127.0.0.1", link.port) ...
        link.bytes_up  # bytes that went toward the upstream

Each direction is a queue: bytes read from the sender depart one after another at the
rate, and arrive at the far side one delay later. The proxy stops reading from the sender
while more than `buffer` bytes wait to depart, so TCP's own back-pressure reaches the
sender then, as it does behind a modem's buffer.
"""

from __future__ import annotations

import collections
import contextlib
import socket
import threading
import time
from types import TracebackType

CHUNK = 8192


class _Direction:
    def __init__(self, link: SlowLink, src: socket.socket, dst: socket.socket, up: bool) -> None:
        self.link, self.src, self.dst, self.up = link, src, dst, up
        self.queue: collections.deque[tuple[float, bytes]] = collections.deque()
        self.ready = threading.Condition()
        self.last_departure = 0.0
        self.closed = False

    def read(self) -> None:
        rate = self.link.rate_bytes
        try:
            while not self.link.stopping.is_set():
                backlog = (self.last_departure - time.monotonic()) * rate
                if backlog > self.link.buffer:
                    time.sleep((backlog - self.link.buffer) / rate)
                    continue
                data = self.src.recv(CHUNK)
                if not data:
                    break
                now = time.monotonic()
                self.last_departure = max(now, self.last_departure) + len(data) / rate
                if self.up:
                    self.link.bytes_up += len(data)
                else:
                    self.link.bytes_down += len(data)
                with self.ready:
                    self.queue.append((self.last_departure + self.link.delay, data))
                    self.ready.notify()
        except OSError:
            pass
        with self.ready:
            self.queue.append((max(time.monotonic(), self.last_departure) + self.link.delay, b""))
            self.ready.notify()

    def write(self) -> None:
        try:
            while True:
                with self.ready:
                    while not self.queue:
                        self.ready.wait()
                    due, data = self.queue.popleft()
                wait = due - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                if not data:
                    self.dst.shutdown(socket.SHUT_WR)
                    return
                self.dst.sendall(data)
        except OSError:
            for s in (self.src, self.dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


class SlowLink:
    def __init__(
        self,
        *,
        upstream: tuple[str, int],
        rate_bits: int,
        rtt: float,
        buffer: int = 64 * 1024,
        host: str = "127.0.0.1",
    ) -> None:
        self.upstream = upstream
        self.rate_bytes = rate_bits / 8
        self.delay = rtt / 2
        self.buffer = buffer
        self.bytes_up = 0
        self.bytes_down = 0
        self.stopping = threading.Event()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # A small receive buffer, so that the deep buffer is the one we set, not loopback's.
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 * 1024)
        self.listener.bind((host, 0))
        self.listener.listen(16)
        self.host = host
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=10)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 * 1024)
            self.sockets += [client, server]
            for direction in (_Direction(self, client, server, True),
                              _Direction(self, server, client, False)):  # fmt: skip
                threading.Thread(target=direction.read, daemon=True).start()
                threading.Thread(target=direction.write, daemon=True).start()

    def close(self) -> None:
        self.stopping.set()
        self.listener.close()
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.close()

    def __enter__(self) -> SlowLink:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def raw_stream_seconds(link_args: dict[str, object], size: int) -> float:
    """The baseline: `size` bytes as one TCP stream through a link of the same shape to a
    sink that answers once it has them all; from connect to the answer."""
    sink = socket.socket()
    sink.bind(("127.0.0.1", 0))
    sink.listen(1)

    def serve() -> None:
        conn, _ = sink.accept()
        with conn:
            got = 0
            while got < size:
                data = conn.recv(65536)
                if not data:
                    break
                got += len(data)
            conn.sendall(b"ok")

    threading.Thread(target=serve, daemon=True).start()
    with SlowLink(upstream=sink.getsockname(), **link_args) as link:  # type: ignore[arg-type]
        data = bytes(size)
        start = time.perf_counter()
        with socket.create_connection(("127.0.0.1", link.port), timeout=600) as s:
            s.sendall(data)
            answer = s.recv(2)
        elapsed = time.perf_counter() - start
    sink.close()
    if answer != b"ok":
        raise AssertionError("the raw stream did not reach its sink")
    return elapsed
