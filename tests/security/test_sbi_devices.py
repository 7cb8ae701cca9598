"""Issue 13, item 11: a process on an SBI port cannot stall or fool the desk.

Fake device services on loopback answer with wrong types, a trickle, a huge streamed body,
or a real device's signed identity replayed; discovery still lists the good device within
its deadline, and no capture takes a fake's word or waits on it beyond its own deadline.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ektp_desk.capture import CaptureError
from ektp_desk.capture.jws import fingerprint, make_device_identity, sign
from ektp_desk.capture.sbi import (
    MAX_CAPTURE_BYTES,
    MAX_INFO_BYTES,
    SBI_PORTS,
    SCAN_DEADLINE_S,
    SbiCaptureDevice,
    SbiClient,
    SbiDevice,
)
from ektp_desk.capture.sbi_simulator import DEVICES, SbiSimulator
from tests.hubproc import free_port

IDENTITY = make_device_identity("real scanner")
TRUSTED = {fingerprint(IDENTITY[1])}

Behaviour = Callable[[str, bytes, socket.socket], None]


class FakeDevice:
    """A raw TCP service on a loopback port: reads one request and hands the method, the
    body and the socket to `behaviour`, which answers as it likes (or never)."""

    def __init__(self, behaviour: Behaviour, *, port: int | None = None) -> None:
        self.behaviour = behaviour
        self.listener = socket.create_server(("127.0.0.1", port or 0))
        self.port = int(self.listener.getsockname()[1])
        self.sent = 0  # body bytes the behaviour wrote
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.listener.settimeout(0.1)
        while not self.stop_event.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            fields = (line.partition(":") for line in lines[1:])
            length = next((int(v) for k, _, v in fields if k.lower() == "content-length"), 0)
            while len(body) < length:
                body += conn.recv(65536)
            self.behaviour(lines[0].split(" ")[0], body, conn)
        except OSError:
            pass  # the desk hung up: what it should do with such a service
        finally:
            conn.close()

    def write(self, conn: socket.socket, data: bytes) -> None:
        conn.sendall(data)
        self.sent += len(data)

    def stop(self) -> None:
        self.stop_event.set()
        self.listener.close()


def answer(conn: socket.socket, value: object) -> None:
    body = json.dumps(value).encode()
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )


@pytest.fixture
def real() -> Iterator[SbiSimulator]:
    sim = SbiSimulator(port=free_port(), identity=IDENTITY, quality=80).start()
    yield sim
    sim.stop()


@pytest.fixture
def fakes() -> Iterator[list[FakeDevice]]:
    made: list[FakeDevice] = []
    yield made
    for fake in made:
        fake.stop()


def fake(fakes: list[FakeDevice], behaviour: Behaviour) -> FakeDevice:
    device = FakeDevice(behaviour)
    fakes.append(device)
    return device


def span(*ports: int) -> list[int]:
    """The ports given, and a few free ones between: as a scan of the SBI range sees them."""
    return sorted({*ports, *(free_port() for _ in range(3))})


def test_wrong_types_skip_the_port_and_list_the_good_device(
    real: SbiSimulator, fakes: list[FakeDevice], caplog: pytest.LogCaptureFixture
) -> None:
    shapes: list[object] = [
        [{"digitalId": 1}],
        [{"digitalId": None, "deviceId": []}],
        {"not": "a list"},
        [1, "two", None],
        [{"digitalId": "a.b.c", "deviceSubId": 7}],
    ]
    bad = [fake(fakes, lambda _m, _b, c, v=v: answer(c, v)) for v in shapes]
    client = SbiClient(trusted=TRUSTED)
    with caplog.at_level("WARNING", logger="ektp_desk.capture.sbi"):
        devices = client.discover(ports=span(real.port, *(f.port for f in bad)))
    assert sorted((d.type, d.port) for d in devices) == [
        ("Finger", real.port),
        ("Iris", real.port),
    ]
    logged = caplog.text
    assert all(f"SBI port {f.port}" in logged for f in bad)


def test_a_trickled_answer_is_cut_at_the_deadline(
    real: SbiSimulator, fakes: list[FakeDevice]
) -> None:
    def trickle(_method: str, _body: bytes, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        for _ in range(400):  # 40 s if let
            conn.sendall(b" ")
            time.sleep(0.1)

    def trickled_head(_method: str, _body: bytes, conn: socket.socket) -> None:
        for _ in range(400):
            conn.sendall(b"X")
            time.sleep(0.1)

    slow = [fake(fakes, trickle), fake(fakes, trickled_head)]
    client = SbiClient(trusted=TRUSTED)
    started = time.monotonic()
    devices = client.discover(ports=span(real.port, *(f.port for f in slow)))
    assert time.monotonic() - started < 3.0
    assert {d.type for d in devices} == {"Finger", "Iris"}


def test_a_full_scan_of_every_sbi_port_ends_within_its_deadline(
    fakes: list[FakeDevice],
) -> None:
    """4501-4600, with a trickling fake on the first free of them: under 3 s."""

    def trickle(_method: str, _body: bytes, conn: socket.socket) -> None:
        for _ in range(400):
            conn.sendall(b"H")
            time.sleep(0.1)

    for port in SBI_PORTS:
        try:
            fakes.append(FakeDevice(trickle, port=port))
            break
        except OSError:
            continue
    assert SCAN_DEADLINE_S < 3.0
    started = time.monotonic()
    SbiClient(trusted=TRUSTED).discover()
    assert time.monotonic() - started < 3.0


def test_a_huge_answer_is_refused_at_the_cap_without_being_held(
    real: SbiSimulator, fakes: list[FakeDevice]
) -> None:
    piece = b" " * 65536

    def huge(_method: str, _body: bytes, conn: socket.socket) -> None:
        # 1,000 MB announced as chunks, made as they are sent (never whole in memory).
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        for _ in range(1000 * 16):
            data = b"%x\r\n" % len(piece) + piece + b"\r\n"
            conn.sendall(data)
            big.sent += len(piece)

    def declared(_method: str, _body: bytes, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1048576000\r\n\r\n")
        for _ in range(1000 * 16):
            conn.sendall(piece)
            loud.sent += len(piece)

    big, loud = fake(fakes, huge), fake(fakes, declared)
    client = SbiClient(trusted=TRUSTED)
    tracemalloc.start()
    try:
        devices = client.discover(ports=span(real.port, big.port, loud.port))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert {d.type for d in devices} == {"Finger", "Iris"}
    assert peak < 16 * MAX_INFO_BYTES
    assert loud.sent < 20 * 2**20  # refused on its Content-Length, long before 1,000 MB
    time.sleep(0.2)
    assert big.sent < 64 * 2**20  # the desk stopped reading at its cap and hung up

    # A capture's cap is larger, and also counted on the bytes read.
    finger = next(d for d in devices if d.type == "Finger")
    tracemalloc.start()
    try:
        with pytest.raises(CaptureError, match="MAX_CAPTURE_BYTES"):
            client.capture(
                SbiDevice(big.port, finger.device_id, "Finger", ("1",), "Ready",
                          fingerprint=finger.fingerprint),
                ["Right Thumb"], requested_score=40,
            )  # fmt: skip
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * MAX_CAPTURE_BYTES


def stale_identity(device: dict[str, Any], when: datetime) -> str:
    """The real scanner's signed identity as recorded at `when` (a replay of it)."""
    return sign(
        {
            "serialNo": f"SN-{device['deviceId']}",
            "make": "ektp-desk",
            "model": "Simulator",
            "type": device["type"],
            "deviceSubType": device["deviceSubType"],
            "dateTime": when.isoformat(timespec="milliseconds"),
        },
        *IDENTITY,
    )


def test_a_replayed_old_identity_is_not_listed(real: SbiSimulator, fakes: list[FakeDevice]) -> None:
    old = datetime.now(UTC) - timedelta(hours=2)
    recorded = [{**real.discovery(d), "digitalId": stale_identity(d, old)} for d in DEVICES]
    replay = fake(fakes, lambda _m, _b, c: answer(c, recorded))
    devices = SbiClient(trusted=TRUSTED).discover(ports=span(real.port, replay.port))
    assert {d.port for d in devices} == {real.port}


def relaying(real: SbiSimulator, capture: Callable[[bytes, socket.socket], None]) -> Behaviour:
    """A fake that relays the real scanner's live identity (so it is listed) and handles
    captures its own way."""

    def behaviour(method: str, body: bytes, conn: socket.socket) -> None:
        if method == "MOSIPDISC":
            answer(conn, [real.discovery(d) for d in DEVICES])
        elif method == "RCAPTURE":
            capture(body, conn)

    return behaviour


def test_a_replayed_capture_is_refused(real: SbiSimulator, fakes: list[FakeDevice]) -> None:
    client = SbiClient(trusted=TRUSTED)
    finger = next(d for d in client.discover(ports=span(real.port)) if d.type == "Finger")
    # What the real scanner signed for someone else's request earlier.
    recorded = real.capture(
        {"transactionId": "earlier", "bio": [{"type": "Finger", "bioSubType": ["Right Thumb"]}]}
    )
    replay = fake(fakes, relaying(real, lambda _b, c: answer(c, recorded)))
    listed = client.discover(ports=span(replay.port))
    assert {d.type for d in listed} == {"Finger", "Iris"}  # its identity is the real one...
    fake_finger = next(d for d in listed if d.type == "Finger")
    # Beside the real one, the same identity on two ports is shown for what it is.
    both_ports = client.discover(ports=span(real.port, replay.port))
    assert len(both_ports) == 4 and all(d.status.startswith("DUPLICATE") for d in both_ports)
    with pytest.raises(CaptureError, match="transaction id"):  # ...but not its captures
        client.capture(fake_finger, ["Right Thumb"], requested_score=40)
    # A capture signed for our request by another (also trusted) certificate than the one
    # the device was found with is refused too.
    other = make_device_identity("another scanner")
    twin = SbiSimulator(port=free_port(), identity=other).start()
    try:
        both = SbiClient(trusted=TRUSTED | {fingerprint(other[1])})
        pinned = SbiDevice(
            twin.port, finger.device_id, "Finger", ("1",), "Ready", fingerprint=finger.fingerprint
        )
        with pytest.raises(CaptureError, match="another certificate"):
            both.capture(pinned, ["Right Thumb"], requested_score=40)
    finally:
        twin.stop()


def test_a_stalled_capture_times_out_and_cancels(
    real: SbiSimulator, fakes: list[FakeDevice]
) -> None:
    def stall(_body: bytes, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n")
        time.sleep(60)  # and never the body

    staller = fake(fakes, relaying(real, stall))
    client = SbiClient(trusted=TRUSTED)
    finger = next(d for d in client.discover(ports=span(staller.port)) if d.type == "Finger")
    started = time.monotonic()
    with pytest.raises(CaptureError, match="did not answer"):
        client.capture(finger, ["Right Thumb"], requested_score=40, timeout_s=0.5)
    assert time.monotonic() - started < 3.0

    scanner = SbiCaptureDevice(client, [finger])
    threading.Timer(0.3, scanner.cancel).start()
    started = time.monotonic()
    with pytest.raises(CaptureError, match="cancelled"):
        scanner.capture("fingers.R1")  # 15 s if not cancelled
    assert time.monotonic() - started < 3.0


def test_the_simulator_still_passes_every_check(real: SbiSimulator) -> None:
    client = SbiClient(trusted=TRUSTED)
    finger, iris = sorted(client.discover(ports=span(real.port)), key=lambda d: d.type)
    assert finger.fingerprint == fingerprint(IDENTITY[1])
    assert client.info(finger)["deviceId"] == finger.device_id
    (capture,) = client.capture(iris, ["Left"], requested_score=60)
    assert capture.quality == 80
    assert MAX_CAPTURE_BYTES == 20 * 2**20 and MAX_INFO_BYTES == 2**20


def test_a_stuck_slot_is_cancelled_and_blocks_no_other(
    qtbot: Any, tmp_path: Any, real: SbiSimulator, fakes: list[FakeDevice]
) -> None:
    """In the window: a finger scanner that never answers its first capture; the iris
    scanner captures meanwhile, the next finger waits its turn, and cancelling the stuck
    slot frees it at once and lets the next finger go."""
    import gc

    from ektp_desk.ui.main_window import MainWindow
    from ektp_desk.ui.sync_page import SyncController
    from tests.conftest import new_desk

    captures = []

    def first_stalls(body: bytes, conn: socket.socket) -> None:
        captures.append(body)
        if len(captures) == 1:
            time.sleep(60)  # stuck
        else:
            answer(conn, real.capture(json.loads(body)))  # the real scanner, relayed

    staller = fake(fakes, relaying(real, first_stalls))
    client = SbiClient(trusted=TRUSTED)
    finger = next(d for d in client.discover(ports=[staller.port]) if d.type == "Finger")
    iris = next(d for d in client.discover(ports=[real.port]) if d.type == "Iris")
    gc.disable()
    desk = new_desk(tmp_path / "desk")
    try:
        window = MainWindow(desk, SyncController(desk.data_dir))
        qtbot.addWidget(window)
        page = window.recording_page
        page.use_scanner(SbiCaptureDevice(client, [finger, iris]))
        stuck, other, eye = (page.slots[s] for s in ("fingers.R1", "fingers.R2", "iris.L"))
        stuck.capture_button.click()
        qtbot.waitUntil(lambda: len(captures) == 1, timeout=5000)
        eye.capture_button.click()
        other.capture_button.click()
        qtbot.waitUntil(lambda: eye.result is not None, timeout=5000)  # another scanner
        assert stuck.pending and other.pending and other.result is None  # same scanner: waits
        started = time.monotonic()
        stuck.capture_button.click()  # pressed again: cancel
        assert not stuck.pending and stuck.result is None
        assert "Dibatalkan" in stuck.status.text()
        qtbot.waitUntil(lambda: other.result is not None, timeout=5000)
        assert time.monotonic() - started < 5.0  # not the stuck capture's 15 s deadline
        assert stuck.result is None and "Dibatalkan" in stuck.status.text()
        # A capture running when the form is cleared never lands in the next resident's.
        from ektp_desk.capture import SimulatedDevice

        page.device = SimulatedDevice(delay_s=0.3)
        face = page.slots["face"]
        face.capture_button.click()
        assert face.pending
        page.clear()
        assert not face.pending
        qtbot.wait(600)
        assert face.result is None
        window.close()
    finally:
        desk.close()
        gc.collect()
        gc.enable()
