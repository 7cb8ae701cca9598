"""The SBI client against the SBI simulator over loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.capture import CaptureError
from ektp_desk.capture.jws import fingerprint, make_device_identity
from ektp_desk.capture.sbi import SbiCaptureDevice, SbiClient
from ektp_desk.capture.sbi_messages import chained_hash
from ektp_desk.capture.sbi_simulator import SbiSimulator
from ektp_desk.domain.images import sniff
from tests.hubproc import free_port

IDENTITY = make_device_identity("test simulator")
TRUSTED = {fingerprint(IDENTITY[1])}


@pytest.fixture
def simulator() -> Iterator[SbiSimulator]:
    sim = SbiSimulator(port=free_port(), identity=IDENTITY, quality=77).start()
    yield sim
    sim.stop()


def around(port: int) -> range:
    return range(max(1024, port - 20), port + 20)


def test_discovery_across_the_port_range(simulator: SbiSimulator) -> None:
    client = SbiClient(trusted=TRUSTED)
    devices = client.discover(ports=around(simulator.port))
    assert sorted((d.type, d.port) for d in devices) == [
        ("Finger", simulator.port),
        ("Iris", simulator.port),
    ]
    assert all(d.status == "Ready" and d.make == "ektp-desk" for d in devices)
    finger = client.discover(ports=around(simulator.port), device_type="Finger")
    assert [d.type for d in finger] == ["Finger"]
    assert client.discover(ports=range(simulator.port + 1, simulator.port + 5)) == []
    info = client.info(devices[0])
    assert info["deviceId"] == devices[0].device_id


def test_capture_fingers_and_irises_with_chained_hashes(simulator: SbiSimulator) -> None:
    client = SbiClient(trusted=TRUSTED)
    finger, iris = sorted(client.discover(ports=around(simulator.port)), key=lambda d: d.type)
    captures = client.capture(finger, ["Right Thumb", "Right IndexFinger"], requested_score=40)
    assert [c.bio_sub_type for c in captures] == ["Right Thumb", "Right IndexFinger"]
    assert captures[0].hash == chained_hash("", captures[0].image)
    assert captures[1].hash == chained_hash(captures[0].hash, captures[1].image)
    assert all(c.quality == 77 for c in captures)
    assert sniff(captures[0].image).format == "png"
    (right,) = client.capture(iris, ["Right"], requested_score=60)
    assert (sniff(right.image).width, sniff(right.image).height) == (160, 120)

    device = SbiCaptureDevice(client, [finger, iris])
    result = device.capture("fingers.L5")
    assert result.quality == 77 and result.format == "png"
    assert device.capture("iris.L").width == 160
    with pytest.raises(CaptureError, match="does not capture face"):
        device.capture("face")


def test_an_untrusted_device_is_not_offered_nor_believed(simulator: SbiSimulator) -> None:
    stranger = SbiClient(trusted={"0" * 64})
    assert stranger.discover(ports=around(simulator.port)) == []
    finger = next(
        d for d in SbiClient(trusted=TRUSTED).discover(ports=around(simulator.port))
        if d.type == "Finger"
    )  # fmt: skip
    with pytest.raises(CaptureError, match="not among the trusted"):
        stranger.capture(finger, ["Right Thumb"], requested_score=40)


class ForgingSimulator(SbiSimulator):
    """Answers with a capture whose signature or hash was tampered with."""

    mode = "signature"

    def capture(self, request: dict[str, Any]) -> dict[str, Any]:
        answer = super().capture(request)
        item = answer["biometrics"][0]
        if self.mode == "signature":
            head, payload, sig = item["data"].split(".")
            item["data"] = f"{head}.{payload}.{sig[:-4]}AAAA"
        else:
            item["hash"] = "0" * 64
        return answer


@pytest.mark.parametrize(
    ("mode", "message"), [("signature", "does not verify"), ("hash", "chained hash")]
)
def test_a_bad_signature_or_hash_is_refused(mode: str, message: str) -> None:
    sim = ForgingSimulator(port=free_port(), identity=IDENTITY)
    sim.mode = mode
    sim.start()
    try:
        client = SbiClient(trusted=TRUSTED)
        finger = next(d for d in client.discover(ports=around(sim.port)) if d.type == "Finger")
        with pytest.raises(CaptureError, match=message):
            client.capture(finger, ["Right Thumb"], requested_score=40)
    finally:
        sim.stop()


def test_a_slow_device_times_out_and_a_busy_one_says_so() -> None:
    sim = SbiSimulator(port=free_port(), identity=IDENTITY, delay_ms=1500).start()
    try:
        client = SbiClient(trusted=TRUSTED)
        finger = next(d for d in client.discover(ports=around(sim.port)) if d.type == "Finger")
        started = time.monotonic()
        with pytest.raises(CaptureError, match="did not answer"):
            client.capture(finger, ["Right Thumb"], requested_score=40, timeout_s=0.5)
        assert time.monotonic() - started < 1.4
        while sim.busy.locked():  # the device finishes the capture nobody waits for any more
            time.sleep(0.05)
        errors: list[str] = []

        def grab() -> None:
            try:
                client_b = SbiClient(trusted=TRUSTED)
                client_b.capture(finger, ["Right Thumb"], requested_score=40)
            except CaptureError as exc:
                errors.append(str(exc))

        first = threading.Thread(target=grab)
        first.start()
        time.sleep(0.3)
        with pytest.raises(CaptureError, match="busy"):
            client.capture(finger, ["Left Thumb"], requested_score=40)
        first.join()
        assert errors == []
    finally:
        sim.stop()


def test_a_device_that_goes_away_gives_a_clear_message(simulator: SbiSimulator) -> None:
    client = SbiClient(trusted=TRUSTED)
    finger = next(d for d in client.discover(ports=around(simulator.port)) if d.type == "Finger")
    simulator.stop()
    with pytest.raises(CaptureError, match="gone"):
        client.capture(finger, ["Right Thumb"], requested_score=40)


def test_preview_stream(simulator: SbiSimulator) -> None:
    client = SbiClient(trusted=TRUSTED)
    finger = next(d for d in client.discover(ports=around(simulator.port)) if d.type == "Finger")
    frame = client.stream_frame(finger)
    assert sniff(frame).format == "png"


def test_the_simulator_command(tmp_path: Path) -> None:
    port = free_port()
    cert = tmp_path / "sim.pem"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ektp_desk", "sbi-simulator", "--port", str(port),
         "--quality", "88", "--cert-out", str(cert)],
        stdout=subprocess.PIPE, text=True, env={**os.environ},
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "fingerprint" in line
        trusted = {line.split("fingerprint")[1].split()[0]}
        from cryptography import x509

        assert fingerprint(x509.load_pem_x509_certificate(cert.read_bytes())) in trusted
        client = SbiClient(trusted=trusted)
        deadline = time.monotonic() + 10
        devices = []
        while not devices and time.monotonic() < deadline:
            devices = client.discover(ports=range(port, port + 1))
        finger = next(d for d in devices if d.type == "Finger")
        (capture,) = client.capture(finger, ["Right Thumb"], requested_score=40)
        assert capture.quality == 88
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_scanner_device_describes_previews_and_cancels(simulator: SbiSimulator) -> None:
    client = SbiClient(trusted=TRUSTED)
    device = SbiCaptureDevice(client, client.discover(ports=around(simulator.port)))
    assert "Finger ektp-desk Simulator" in device.describe()["devices"]
    assert sniff(device.preview("fingers.R1") or b"").format == "png"
    simulator.delay_ms = 500
    threading.Timer(0.1, device.cancel).start()
    with pytest.raises(CaptureError, match="cancelled"):
        device.capture("iris.R")
