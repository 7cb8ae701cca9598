"""The hub's connection limits, below the app: a connection counts from the moment it is
accepted, not from its first request.

Each connection must deliver its request head within `head_timeout` seconds (counted from
the connection, its TLS handshake included, or from the first byte of the next request on
a kept-alive one), and may not go `body_timeout` seconds without a byte while its body is
read. One address holds at most `per_address` connections and the whole server `total`; a
connection beyond either is answered 503 and closed at once, so that it gives back its
descriptor before the next is accepted (the accept loop here takes each connection itself).
Drops are counted and logged as one summary line a minute, never one line (let alone a
traceback) per connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import logging
import socket
import ssl
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_HEAD_TIMEOUT = 10.0
DEFAULT_BODY_TIMEOUT = 10.0
DEFAULT_MAX_CONNS_PER_ADDRESS = 64
SUMMARY_INTERVAL = 60.0
ADDRESSES_COUNTED = 10_000  # per summary, for its "most from"
# Descriptors kept back from the connection cap for what the hub opens itself: the store
# (SQLite opens three files per worker thread), logs, the listening socket, the key.
DESCRIPTOR_RESERVE_MIN = 128


class DropReason:
    HEAD_TIMEOUT = "head_timeout"
    BODY_TIMEOUT = "body_timeout"
    PER_ADDRESS = "per_address_cap"
    TOTAL = "total_cap"
    DESCRIPTORS = "descriptors_exhausted"
    TLS_FAILED = "tls_failed"
    ACCEPT_FAILED = "accept_failed"


def descriptor_limit() -> int | None:
    """The process's soft limit on open files, or None where there is none to read."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return None if soft == resource.RLIM_INFINITY else int(soft)


def default_max_connections(limit: int | None = None) -> int:
    """Three quarters of the open-file limit (at least 128 descriptors kept back), so that
    the cap is reached before the descriptors run out; 1,000 where there is no limit."""
    limit = descriptor_limit() if limit is None else limit
    if limit is None:
        return 1000
    return max(16, limit - max(DESCRIPTOR_RESERVE_MIN, limit // 4))


@dataclass(frozen=True)
class ConnectionLimits:
    head_timeout: float = DEFAULT_HEAD_TIMEOUT
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    per_address: int = DEFAULT_MAX_CONNS_PER_ADDRESS  # 0: no cap per address
    total: int = 1000

    def describe(self) -> str:
        per_address = str(self.per_address) if self.per_address else "off"
        return (
            f"head {self.head_timeout:g} s, body gap {self.body_timeout:g} s,"
            f" {per_address} per address, {self.total} in all"
        )


def is_loopback(host: str) -> bool:
    """Whether every address `host` names is a loopback one (a name that does not resolve,
    and "" or 0.0.0.0 meaning every interface, are not)."""
    if not host:
        return False
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)


def _busy_reply(limit: str, value: int, option: str) -> bytes:
    body = f"too many connections ({limit} is {value}; ektp-hub serve {option})\n".encode()
    return (
        b"HTTP/1.1 503 Service Unavailable\r\n"
        b"content-type: text/plain; charset=utf-8\r\n"
        b"retry-after: 10\r\n"
        b"connection: close\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )


class ConnectionGuard:
    """The counts shared by every connection of one server process: open connections per
    address and in all, and the drops since the last summary line."""

    def __init__(
        self,
        limits: ConnectionLimits,
        *,
        interval: float = SUMMARY_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits
        self.interval = interval
        self.clock = clock
        self.open: Counter[str] = Counter()
        self.total = 0
        self.drops: Counter[str] = Counter()
        self.drops_by_address: Counter[str] = Counter()
        self.since = clock()
        self._summary: asyncio.TimerHandle | None = None
        self._per_address_reply = _busy_reply(
            "the cap per address", limits.per_address, "--max-conns-per-address"
        )
        self._total_reply = _busy_reply("the cap in all", limits.total, "--max-conns")

    def admit(self, address: str) -> bytes | None:
        """Count a new connection in, or give the 503 to answer it with (it is counted
        as dropped, and not as open)."""
        if self.limits.per_address and self.open[address] >= self.limits.per_address:
            self.dropped(DropReason.PER_ADDRESS, address)
            return self._per_address_reply
        if self.total >= self.limits.total:
            self.dropped(DropReason.TOTAL, address)
            return self._total_reply
        self.open[address] += 1
        self.total += 1
        return None

    def release(self, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]
        self.total -= 1

    def dropped(self, reason: str, address: str | None = None) -> None:
        if not self.drops:
            self.since = self.clock()
        self.drops[reason] += 1
        # Addresses are counted for the summary's "most from", up to a bound: a flood from
        # many addresses must not grow the counts without end.
        if address is not None and (
            address in self.drops_by_address or len(self.drops_by_address) < ADDRESSES_COUNTED
        ):
            self.drops_by_address[address] += 1
        if self._summary is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # counted outside the server (tests); summarized on demand
                return
            self._summary = loop.call_later(self.interval, self.summarize)

    def summary_line(self) -> str | None:
        if not self.drops:
            return None
        counts = ", ".join(f"{reason} {n}" for reason, n in sorted(self.drops.items()))
        line = (
            f"dropped {sum(self.drops.values())} connections in the last"
            f" {self.clock() - self.since:.0f} s: {counts}"
        )
        if self.drops_by_address:
            address, n = self.drops_by_address.most_common(1)[0]
            line += f"; most from {address} ({n})"
        return f"{line}; {self.total} open (limits: {self.limits.describe()})"

    def summarize(self) -> None:
        """Log the drops counted since the last line, if any, and start counting afresh."""
        if self._summary is not None:
            self._summary.cancel()
            self._summary = None
        line = self.summary_line()
        if line is not None:
            log.warning("%s", line)
        self.drops.clear()
        self.drops_by_address.clear()
        self.since = self.clock()


class Slot:
    """One admitted connection's place in the guard's counts, given back once."""

    __slots__ = ("accepted_at", "address", "guard")

    def __init__(self, guard: ConnectionGuard, address: str) -> None:
        self.guard: ConnectionGuard | None = guard
        self.address = address
        self.accepted_at = guard.clock()

    def head_time_left(self) -> float:
        if self.guard is None:
            return 0.0
        return self.guard.limits.head_timeout - (self.guard.clock() - self.accepted_at)

    def release(self) -> None:
        if self.guard is not None:
            self.guard.release(self.address)
            self.guard = None


def guarded_protocol(guard: ConnectionGuard) -> type[Any]:
    """uvicorn's h11 protocol with the guard's timeouts; each instance is given the `slot`
    its connection was admitted with, and gives it back when the connection ends."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11Protocol(_Timers, H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            # The head is due `head_timeout` after the connection was accepted, the TLS
            # handshake included.
            left = self.slot.head_time_left() if self.slot else guard.limits.head_timeout
            self._arm_head_timer(max(left, 0.0))

        def connection_lost(self, exc: Exception | None) -> None:
            if self.slot is not None:
                self.slot.release()
            self._cancel_timers()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self._head_timer is None and self.conn.their_state is h11.IDLE:
                self._arm_head_timer(guard.limits.head_timeout)  # the next request begins
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE and self._head_timer is not None:
                self._head_timer.cancel()  # the head is complete
                self._head_timer = None
            if self.conn.their_state is h11.SEND_BODY:
                self._arm_body_timer()
            elif self._body_timer is not None:
                self._body_timer.cancel()
                self._body_timer = None

    GuardedH11Protocol.guard = guard
    GuardedH11Protocol.idle, GuardedH11Protocol.send_body = h11.IDLE, h11.SEND_BODY
    return GuardedH11Protocol


class _Timers:
    """The head and body timers of a guarded connection, mixed into uvicorn's protocol
    (whose `conn`, `flow`, `loop` and `transport` they read)."""

    guard: ConnectionGuard
    idle: Any  # h11's states, given with the guard (h11 is imported only to serve)
    send_body: Any
    conn: Any
    flow: Any
    loop: Any
    transport: Any
    slot: Slot | None = None
    _head_timer: asyncio.TimerHandle | None = None
    _body_timer: asyncio.TimerHandle | None = None

    def _arm_head_timer(self, seconds: float) -> None:
        self._head_timer = self.loop.call_later(seconds, self._head_late)

    def _arm_body_timer(self) -> None:
        if self._body_timer is not None:
            self._body_timer.cancel()
        self._body_timer = self.loop.call_later(self.guard.limits.body_timeout, self._body_late)

    def _cancel_timers(self) -> None:
        for timer in (self._head_timer, self._body_timer):
            if timer is not None:
                timer.cancel()
        self._head_timer = self._body_timer = None

    def _address(self) -> str | None:
        return self.slot.address if self.slot else None

    def _head_late(self) -> None:
        self._head_timer = None
        if self.conn.their_state is self.idle and not self.transport.is_closing():
            self.guard.dropped(DropReason.HEAD_TIMEOUT, self._address())
            self.transport.abort()

    def _body_late(self) -> None:
        self._body_timer = None
        if self.conn.their_state is not self.send_body or self.transport.is_closing():
            return
        if self.flow.read_paused:  # the app is behind, not the client: wait again
            self._arm_body_timer()
            return
        self.guard.dropped(DropReason.BODY_TIMEOUT, self._address())
        self.transport.abort()


_OUT_OF_DESCRIPTORS = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}


class Acceptor:
    """Accepts connections itself, so that each is checked against the caps the moment
    it has a descriptor and one beyond a cap gives it back at once: asyncio's own accept
    takes up to its backlog (2,048) connections in a row before any protocol runs, which
    exhausts the descriptors of a hub limited to a few hundred."""

    def __init__(
        self,
        guard: ConnectionGuard,
        protocol: Callable[[Slot], asyncio.Protocol],
        tls: ssl.SSLContext | None,
    ) -> None:
        self.guard = guard
        self.protocol = protocol
        self.tls = tls
        self.tasks: set[asyncio.Task[None]] = set()

    def start(self, sockets: list[socket.socket]) -> None:
        loop = asyncio.get_running_loop()
        for sock in sockets:
            self._spawn(loop.create_task(self._accept(sock)))

    def stop(self, sockets: list[socket.socket]) -> None:
        for task in list(self.tasks):
            task.cancel()
        for sock in sockets:
            sock.close()

    def _spawn(self, task: asyncio.Task[None]) -> None:
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _accept(self, listener: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                conn, peer = await loop.sock_accept(listener)
            except OSError as exc:
                if listener.fileno() == -1:  # closed: the server is stopping
                    return
                if exc.errno in _OUT_OF_DESCRIPTORS:
                    self.guard.dropped(DropReason.DESCRIPTORS)
                    await asyncio.sleep(0.05)  # until a connection ends
                else:  # aborted before it was taken, and the like: that one only
                    self.guard.dropped(DropReason.ACCEPT_FAILED)
                    await asyncio.sleep(0.001)
                continue
            address = str(peer[0]) if isinstance(peer, tuple) and peer else "?"
            refusal = self.guard.admit(address)
            if refusal is not None:
                if self.tls is None:
                    with contextlib.suppress(OSError):
                        conn.send(refusal)
                conn.close()
                continue
            slot = Slot(self.guard, address)
            self._spawn(loop.create_task(self._connect(conn, slot)))

    async def _connect(self, conn: socket.socket, slot: Slot) -> None:
        loop = asyncio.get_running_loop()
        try:
            await loop.connect_accepted_socket(
                lambda: self.protocol(slot),
                conn,
                ssl=self.tls,
                ssl_handshake_timeout=max(slot.head_time_left(), 0.1) if self.tls else None,
            )
        except (OSError, ssl.SSLError) as exc:  # asyncio ends a late handshake with an OSError
            late = isinstance(exc, TimeoutError) or slot.head_time_left() <= 0.05
            reason = DropReason.HEAD_TIMEOUT if late else DropReason.TLS_FAILED
            self.guard.dropped(reason, slot.address)
            slot.release()
            conn.close()
