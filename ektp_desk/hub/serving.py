"""How `ektp-hub serve` faces the network: connection limits that keep slow or greedy
clients from taking every file descriptor, the guard against plain http off loopback,
and the nginx site that the production deployment puts in front of the hub.

The limits live in the server's own accept loop and in the HTTP protocol, below the app:
a connection counts from the moment it is accepted, not from its first request. Each
connection must deliver its request head within `head_timeout` seconds (counted from the
connection, its TLS handshake included, or from the first byte of the next request on a
kept-alive one), and may not go `body_timeout` seconds without a byte
while its body is read. One address holds at most `per_address` connections and the whole
server `total`; a connection beyond either is answered 503 and closed at once, so that it
gives back its descriptor before the next is accepted. Drops are counted and logged as one
summary line a minute, never one line (let alone a traceback) per connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import logging
import socket
import ssl
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ektp_desk.hub import HubError

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

    class GuardedH11Protocol(H11Protocol):
        slot: Slot | None = None
        _head_timer: asyncio.TimerHandle | None = None
        _body_timer: asyncio.TimerHandle | None = None

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

        def _arm_head_timer(self, seconds: float) -> None:
            self._head_timer = self.loop.call_later(seconds, self._head_late)

        def _arm_body_timer(self) -> None:
            if self._body_timer is not None:
                self._body_timer.cancel()
            self._body_timer = self.loop.call_later(guard.limits.body_timeout, self._body_late)

        def _cancel_timers(self) -> None:
            for timer in (self._head_timer, self._body_timer):
                if timer is not None:
                    timer.cancel()
            self._head_timer = self._body_timer = None

        def _address(self) -> str | None:
            return self.slot.address if self.slot else None

        def _head_late(self) -> None:
            self._head_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                guard.dropped(DropReason.HEAD_TIMEOUT, self._address())
                self.transport.abort()

        def _body_late(self) -> None:
            self._body_timer = None
            if self.conn.their_state is not h11.SEND_BODY or self.transport.is_closing():
                return
            if self.flow.read_paused:  # the app is behind, not the client: wait again
                self._arm_body_timer()
                return
            guard.dropped(DropReason.BODY_TIMEOUT, self._address())
            self.transport.abort()

    return GuardedH11Protocol


class ServeError(HubError):
    pass


def listening_sockets(host: str, port: int, *, backlog: int = 2048) -> list[socket.socket]:
    """Bound, listening, non-blocking sockets for every address `host` resolves to."""
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sockets: list[socket.socket] = []
    try:
        for family, kind, proto, _name, address in dict.fromkeys(infos):
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            if sys.platform != "win32":  # there it would let another process share the port
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.listen(backlog)
            sock.setblocking(False)
    except OSError as exc:
        for sock in sockets:
            sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sockets


def check_tls(cert: Path, key: Path) -> None:
    """Refuse, in one line, a certificate and key that TLS could not be served with."""
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ServeError(
            f"cannot serve TLS with --tls-cert {cert} --tls-key {key}: {reason}"
        ) from None
    except ValueError as exc:  # a key with a passphrase, which serve cannot ask for
        raise ServeError(f"cannot serve TLS with --tls-key {key}: {exc}") from None


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


def serve(
    app: Any,
    *,
    host: str,
    port: int,
    limits: ConnectionLimits,
    tls: tuple[Path, Path] | None = None,
    keep_alive: float = 30,
    listeners: list[socket.socket] | None = None,
) -> None:
    """Run `app` under uvicorn with the guard's limits until the process is told to stop,
    on `listeners` (from `listening_sockets`) or on sockets bound to `host` and `port`."""
    import uvicorn

    guard = ConnectionGuard(limits)
    protocol_class = guarded_protocol(guard)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol_class,
        ssl_certfile=str(tls[0]) if tls else None,
        ssl_keyfile=str(tls[1]) if tls else None,
        log_level="warning",
        timeout_keep_alive=int(keep_alive),
    )
    bound = listening_sockets(host, port) if listeners is None else listeners

    class GuardedServer(uvicorn.Server):
        acceptor: Acceptor | None = None

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=[])  # uvicorn listens on nothing; we accept
            if self.should_exit:
                return

            def protocol(slot: Slot) -> asyncio.Protocol:
                made = protocol_class(
                    config=config, server_state=self.server_state, app_state=self.lifespan.state
                )
                made.slot = slot
                return made  # type: ignore[no-any-return]

            self.acceptor = Acceptor(guard, protocol, config.ssl)
            self.acceptor.start(bound)

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            if self.acceptor is not None:
                self.acceptor.stop(bound)
            # What the last minute dropped, before waiting for open connections to end (a
            # TLS client may hold its end of the close for half a minute).
            guard.summarize()
            await super().shutdown(sockets)

    try:
        GuardedServer(config).run()
    finally:
        for sock in bound:
            sock.close()


DEFAULT_REQUESTS_PER_SECOND = 10
_NGINX_UNSAFE = set(" \t\r\n;{}\"'\\$#")


def _nginx_value(name: str, value: str) -> str:
    bad = sorted(set(value) & _NGINX_UNSAFE)
    if not value or bad:
        raise ValueError(f"{name} {value!r} cannot go into an nginx configuration as it is")
    return value


def _host_port(name: str, value: str) -> str:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{name} must be HOST:PORT, not {value!r}")
    return _nginx_value(name, value)


def nginx_site(
    *,
    listen: str,
    upstream: str,
    cert: Path,
    key: Path,
    server_name: str = "_",
    max_body_bytes: int,
    per_address: int = DEFAULT_MAX_CONNS_PER_ADDRESS,
    requests_per_second: int = DEFAULT_REQUESTS_PER_SECOND,
    client_timeout: int = int(DEFAULT_HEAD_TIMEOUT),
) -> str:
    """The nginx site (http context: /etc/nginx/sites-available/) of the production
    deployment: TLS ends here, slow and greedy clients are held off here, and the hub on
    loopback only ever sees whole requests."""
    listen_on = listen if listen.isdigit() else _host_port("--listen", listen)
    upstream = _host_port("--upstream", upstream)
    up_host = upstream.rpartition(":")[0]
    up_port = upstream.rpartition(":")[2]
    cert_path = _nginx_value("--cert", str(cert.absolute()))
    key_path = _nginx_value("--key", str(key.absolute()))
    server_name = _nginx_value("--server-name", server_name)
    if per_address < 1 or requests_per_second < 1 or client_timeout < 1 or max_body_bytes < 1:
        raise ValueError("the limits of an nginx site must be at least 1")
    loopback = is_loopback(up_host)
    hub_command = (
        f"ektp-hub serve --host {up_host} --port {up_port} --max-conns-per-address 0"
        f" --max-batch-bytes {max_body_bytes}" + ("" if loopback else " --allow-http")
    )
    burst = requests_per_second * 10
    return f"""\
# ektp-hub behind nginx: printed by `ektp-hub nginx-config`. Put this file in
# /etc/nginx/sites-available/, link it from sites-enabled/, check with `nginx -t` and
# reload. nginx ends TLS and holds off slow and greedy clients; the hub listens on
# loopback and only ever sees whole requests. Run the hub as:
#
#   {hub_command}
#
# --max-conns-per-address 0: every connection the hub sees comes from nginx's own
# address, so the cap per client address is nginx's (limit_conn below); the hub keeps
# its cap in all (--max-conns) and its head and body timeouts.
#
# limit_conn counts requests once their head is read; connections still sending their
# head are bounded by client_header_timeout and by nginx's connection count, set in
# /etc/nginx/nginx.conf (Debian's default of 768 is too few against a flood):
#
#   worker_rlimit_nofile 65536;
#   events {{ worker_connections 16384; }}

# Per client address: open connections, and requests per second.
limit_conn_zone $binary_remote_addr zone=ektp_hub_conn:10m;
limit_req_zone $binary_remote_addr zone=ektp_hub_req:10m rate={requests_per_second}r/s;

upstream ektp_hub {{
    server {upstream};
    # Idle connections to the hub kept for reuse (needs proxy_http_version 1.1 and an
    # empty Connection header, below).
    keepalive 32;
}}

server {{
    listen {listen_on} ssl;
    server_name {server_name};

    ssl_certificate {cert_path};
    ssl_certificate_key {key_path};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers off;
    ssl_session_cache shared:ektp_hub_tls:10m;
    ssl_session_timeout 1h;

    # A client must send its request head (the TLS handshake included) within
    # client_header_timeout, and may not pause longer than client_body_timeout between
    # two reads of its body or send_timeout between two reads of the answer; then its
    # connection is closed (as `ektp-hub serve --head-timeout/--body-timeout` does).
    client_header_timeout {client_timeout}s;
    client_body_timeout {client_timeout}s;
    send_timeout 30s;
    keepalive_timeout 30s;
    keepalive_requests 1000;
    large_client_header_buffers 4 8k;

    # The largest batch the hub takes (its --max-batch-bytes); nginx answers 413 to a
    # larger body before a byte of it reaches the hub.
    client_max_body_size {max_body_bytes};
    client_body_buffer_size 1m;

    # One address (an office behind its router may hold several desks) keeps at most
    # {per_address} connections and makes {requests_per_second} requests a second
    # (bursts of {burst}); beyond that nginx answers 503 (connections) or 429
    # (requests), which a desk takes as "retry later".
    limit_conn ektp_hub_conn {per_address};
    limit_conn_status 503;
    limit_req zone=ektp_hub_req burst={burst} nodelay;
    limit_req_status 429;

    server_tokens off;

    location / {{
        proxy_pass http://ektp_hub;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        # nginx is the edge: the client's address replaces whatever it claimed.
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Proto $scheme;

        # proxy_request_buffering on: nginx reads the whole body (to a temporary file
        # past client_body_buffer_size) before it opens a request to the hub, so a slow
        # uploader ties up nginx, built for it, and never a hub connection or worker; the
        # hub also gets a Content-Length, which it needs, even when the desk sent the
        # body chunked. `proxy_request_buffering off` would stream the body to the hub as
        # it comes (no disk write here, less latency for big batches) but hand every slow
        # uploader straight to the hub; keep "on" unless the disk here is the bottleneck.
        proxy_request_buffering on;
        proxy_buffering on;
        proxy_connect_timeout 5s;
        proxy_send_timeout 60s;
        # A batch of big records is decrypted and stored before the hub answers.
        proxy_read_timeout 120s;
    }}
}}
"""
