"""The network campaign: several desks sync at once through a proxy that, period after period
in random order, passes, slows, answers errors or garbage, refuses, or cuts the hub's answer
in the middle (after the hub stored the batch), while the hub itself is killed and restarted.
At the end every record must be at the hub once and acked on its desk.

Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import random
import socket
import threading
import time
from pathlib import Path

from ektp_desk.desk import Desk
from ektp_desk.sync.engine import SyncEngine
from ektp_desk.sync.pace import Backoff
from ektp_desk.sync.service import SyncService
from tests.campaign.common import CampaignFailure, Row
from tests.campaign.sites import make_desks, verify
from tests.hubproc import HubProcess, free_port
from tests.pgproc import PostgresServer, missing_reason

MODES = ("pass", "slow", "error", "garbage", "refuse", "cut", "restart")


def _read_request(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


class FaultProxy:
    """One request per connection, forwarded to the hub or spoiled, as `mode` says."""

    def __init__(self, target_port: int, rng: random.Random) -> None:
        self.target_port = target_port
        self.rng = rng
        self.mode = "pass"
        self.faults = 0
        self.lock = threading.Lock()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        self.server.settimeout(0.2)
        while not self.stopping:
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _fault(self) -> None:
        with self.lock:
            self.faults += 1

    def _handle(self, conn: socket.socket) -> None:
        mode = self.mode
        with conn:
            try:
                request = _read_request(conn)
                if request is None:
                    return
                if mode == "refuse":
                    self._fault()
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
                    return
                if mode == "error":
                    self._fault()
                    body = b"<html>502 Bad Gateway</html>"
                    conn.sendall(
                        b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: "
                        + str(len(body)).encode()
                        + b"\r\nConnection: close\r\n\r\n"
                        + body
                    )
                    return
                if mode == "garbage":
                    self._fault()
                    body = bytes(self.rng.randrange(256) for _ in range(64))
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 64\r\nConnection: close\r\n\r\n" + body
                    )
                    return
                with socket.create_connection(("127.0.0.1", self.target_port), timeout=30) as up:
                    up.sendall(request)
                    answer = b""
                    while chunk := up.recv(65536):
                        answer += chunk
                if mode == "cut" and len(answer) > 20:
                    self._fault()  # the hub has done the work; the desk never hears it all
                    conn.sendall(answer[: self.rng.randrange(10, len(answer) - 5)])
                    return
                if mode == "slow":
                    self._fault()
                    time.sleep(self.rng.uniform(3.0, 5.0))  # beyond the desk's read timeout
                conn.sendall(answer)
            except OSError:
                return

    def close(self) -> None:
        self.stopping = True
        self.server.close()
        self.thread.join(5)


def campaign(
    rounds: int, rng: random.Random, work: Path, *, db: str | None = None, workers: int = 1
) -> Row:
    """On the SQLite hub, or on the database `db` names served by `workers` processes."""
    row = Row("network: faults during sync" + (f" (PostgreSQL, {workers} workers)" if db else ""))
    hub = HubProcess(work / "hub", port=free_port(), db=db)
    hub.keygen()
    serve = ("--workers", str(workers)) if workers > 1 else ()
    hub.start(*serve)
    proxy = FaultProxy(hub.port, rng)
    desks_count = 3 if rounds < 12 else 5
    per_desk = 40 * rounds
    dirs = make_desks(work, hub, count=desks_count, recordings=per_desk, rng=rng, url=proxy.url)
    stop = threading.Event()
    threads = []

    def sync(data: Path, seed: float) -> None:
        opened: list[Desk] = []  # a connection belongs to its thread: closed here

        def make_engine() -> SyncEngine:
            desk = Desk.open(data)
            opened.append(desk)
            engine = desk.hub.engine()
            engine.client.timeout = (1.0, 2.0)
            return engine

        try:
            SyncService(
                make_engine,
                backoff=Backoff(base=0.1, cap=1.0, rng=random.Random(seed)),
                probe_interval=0.2,
                idle_interval=0.2,
            ).run_forever(stop)
        finally:
            for desk in opened:
                desk.close()

    try:
        for data in dirs:
            thread = threading.Thread(target=sync, args=(data, rng.random()), daemon=True)
            thread.start()
            threads.append(thread)
        restarts = 0
        for _ in range(rounds):
            mode = rng.choice(MODES)
            if mode == "restart":
                hub.kill()  # in the middle of whatever it was doing
                restarts += 1
                time.sleep(rng.uniform(0.2, 1.0))
                hub.start(*serve)
                continue
            proxy.mode = mode
            time.sleep(rng.uniform(0.5, 1.5))
        proxy.mode = "pass"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            waiting = 0
            for data in dirs:
                with Desk.open(data) as desk:
                    waiting += desk.session.connection.execute(
                        "SELECT count(*) FROM outbox WHERE state != 'acked'"
                    ).fetchone()[0]
            if waiting == 0:
                break
            time.sleep(0.5)
        else:
            raise CampaignFailure(f"{waiting} records still not acked 180 s after the faults")
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
        proxy.close()
        hub.stop()
    row.rounds = rounds
    row.faults = proxy.faults + restarts
    row.checked, row.lost, row.duplicated = verify(dirs, hub)
    row.figures["desks"] = str(desks_count)
    row.figures["hub restarts"] = str(restarts)
    return row


def campaign_postgres(rounds: int, rng: random.Random, work: Path) -> list[Row]:
    """The same faults against the production shape: the hub on PostgreSQL (a server of
    its own, tests/pgproc.py) with two workers. Where PostgreSQL is missing the part is
    skipped with the reason, unless EKTP_REQUIRE_POSTGRES=1 (CI)."""
    reason = missing_reason()
    if reason is not None:
        if os.environ.get("EKTP_REQUIRE_POSTGRES") == "1":
            raise CampaignFailure(f"PostgreSQL is required (EKTP_REQUIRE_POSTGRES=1): {reason}")
        print(f"  network-postgresql: skipped ({reason})", flush=True)
        return []
    with PostgresServer() as server:  # in a folder of its own the postgres user can reach
        return [campaign(rounds, rng, work, db=server.new_database(), workers=2)]
