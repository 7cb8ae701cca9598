"""How `ektp-hub serve` faces the network: the listening sockets, the TLS check, and
uvicorn run under the connection limits (`connections`); the guard against plain http off
loopback; and the nginx site the production deployment puts in front of the hub (`nginx`).
The CLI reads all of it from here.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import sys
from pathlib import Path
from typing import Any

from ektp_desk.hub import HubError
from ektp_desk.hub.connections import (
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_HEAD_TIMEOUT,
    DEFAULT_MAX_CONNS_PER_ADDRESS,
    Acceptor,
    ConnectionGuard,
    ConnectionLimits,
    Slot,
    default_max_connections,
    guarded_protocol,
    is_loopback,
)
from ektp_desk.hub.nginx import DEFAULT_REQUESTS_PER_SECOND, nginx_site

__all__ = [
    "DEFAULT_BODY_TIMEOUT",
    "DEFAULT_HEAD_TIMEOUT",
    "DEFAULT_MAX_CONNS_PER_ADDRESS",
    "DEFAULT_REQUESTS_PER_SECOND",
    "ConnectionLimits",
    "ServeError",
    "check_tls",
    "default_max_connections",
    "is_loopback",
    "listening_sockets",
    "nginx_site",
    "serve",
]


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
