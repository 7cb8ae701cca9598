"""An SBI-compatible device service for tests and demos: one finger scanner and one iris
scanner answering MOSIPDISC, MOSIPDINFO, RCAPTURE and STREAM like certified devices do,
with signed answers and chained hashes, a configurable quality and delay, and a busy state
while a capture runs."""

from __future__ import annotations

import json
import random
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from ektp_desk.capture.jws import make_device_identity, sign
from ektp_desk.capture.sbi_messages import (
    ERROR_BUSY,
    SIMULATOR_IDENTITY,
    SPEC_VERSION,
    chained_hash,
    encode_bio_value,
)
from ektp_desk.domain.images import encode_png_gray

DEVICES = (
    {"deviceId": "SIM-FINGER-1", "type": "Finger", "deviceSubType": "Single", "deviceSubId": ["1"]},
    {"deviceId": "SIM-IRIS-1", "type": "Iris", "deviceSubType": "Double", "deviceSubId": ["3"]},
)


class SbiSimulator:
    def __init__(
        self,
        *,
        port: int = 4501,
        host: str = "127.0.0.1",
        quality: int | None = None,
        delay_ms: int = 0,
        identity: tuple[rsa.RSAPrivateKey, x509.Certificate] | None = None,
        seed: int = 1,
    ) -> None:
        self.key, self.cert = identity or make_device_identity("ektp-desk SBI simulator")
        self.quality = quality
        self.delay_ms = delay_ms
        self.rng = random.Random(seed)
        self.busy = threading.Lock()
        self.captures = 0
        handler = type("Handler", (_Handler,), {"simulator": self})
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self._thread: threading.Thread | None = None

    def digital_id(self, device: dict[str, Any]) -> dict[str, Any]:
        return {
            "serialNo": f"SN-{device['deviceId']}",
            "make": SIMULATOR_IDENTITY[0],
            "model": SIMULATOR_IDENTITY[1],
            "type": device["type"],
            "deviceSubType": device["deviceSubType"],
            "deviceProvider": "ektp-desk",
            "deviceProviderId": "ektp-desk",
            "dateTime": datetime.now(UTC).isoformat(timespec="milliseconds"),
        }

    def discovery(self, device: dict[str, Any]) -> dict[str, Any]:
        return {
            "deviceId": device["deviceId"],
            "deviceStatus": "Busy" if self.busy.locked() else "Ready",
            "certification": "L0",
            "serviceVersion": "1.0",
            "deviceSubId": device["deviceSubId"],
            "callbackId": f"http://127.0.0.1:{self.port}/",
            "digitalId": sign(self.digital_id(device), self.key, self.cert),
            "deviceCode": device["deviceId"],
            "specVersion": [SPEC_VERSION],
            "purpose": "Registration",
            "error": {"errorCode": "0", "errorInfo": "Success"},
        }

    def info(self, device: dict[str, Any]) -> dict[str, Any]:
        return {**self.discovery(device), "firmware": "sim-1", "env": "Staging"}

    def image(self, width: int, height: int) -> bytes:
        table = bytes((i % 4) * 64 for i in range(256))
        return encode_png_gray(
            width, height, self.rng.randbytes(width * height).translate(table), level=1
        )

    def capture(self, request: dict[str, Any]) -> dict[str, Any]:
        if not self.busy.acquire(blocking=False):
            busy = {"errorCode": ERROR_BUSY, "errorInfo": "Device busy"}
            return {
                "biometrics": [{"specVersion": SPEC_VERSION, "data": "", "hash": "", "error": busy}]
            }
        try:
            if self.delay_ms:
                time.sleep(self.delay_ms / 1000)
            self.captures += 1
            out = []
            for bio in request.get("bio") or []:
                previous = str(bio.get("previousHash", ""))
                for sub_type in bio.get("bioSubType") or []:
                    size = (160, 120) if bio.get("type") == "Iris" else (128, 128)
                    image = self.image(*size)
                    quality = self.quality if self.quality is not None else self.rng.randint(60, 95)
                    device = DEVICES[0 if bio.get("type") == "Finger" else 1]
                    data = {
                        "digitalId": sign(self.digital_id(device), self.key, self.cert),
                        "bioType": bio.get("type"),
                        "bioSubType": sub_type,
                        "purpose": "Registration",
                        "env": request.get("env", "Staging"),
                        "bioValue": encode_bio_value(image),
                        "transactionId": request.get("transactionId"),
                        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
                        "requestedScore": bio.get("requestedScore"),
                        "qualityScore": str(quality),
                    }  # fmt: skip
                    previous = chained_hash(previous, image)
                    out.append({
                        "specVersion": SPEC_VERSION,
                        "data": sign(data, self.key, self.cert),
                        "hash": previous,
                        "error": {"errorCode": "0", "errorInfo": "Success"},
                    })  # fmt: skip
            return {"biometrics": out}
        finally:
            self.busy.release()

    def start(self) -> SbiSimulator:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    """The simulator's HTTP side: one method per SBI verb."""

    simulator: SbiSimulator

    def log_message(self, *args: object) -> None:
        pass

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        try:
            value = json.loads(raw or b"{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def _json(self, value: object) -> None:
        body = json.dumps(value).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped waiting (its timeout); a real device carries on too

    def do_MOSIPDISC(self) -> None:
        wanted = str(self._body().get("type", "Biometric Device"))
        self._json([self.simulator.discovery(d) for d in DEVICES
                    if wanted in ("Biometric Device", d["type"])])  # fmt: skip

    def do_MOSIPDINFO(self) -> None:
        self._body()
        sim = self.simulator
        self._json([{"deviceInfo": sign(sim.info(d), sim.key, sim.cert),
                     "error": {"errorCode": "0", "errorInfo": "Success"}}
                    for d in DEVICES])  # fmt: skip

    def do_RCAPTURE(self) -> None:
        self._json(self.simulator.capture(self._body()))

    def do_STREAM(self) -> None:
        self._body()
        self.send_response(200)
        self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
        self.end_headers()
        for _ in range(3):
            frame = self.simulator.image(64, 64)
            self.wfile.write(
                b"--frame\r\nContent-Type: image/png\r\nContent-Length: "
                + str(len(frame)).encode() + b"\r\n\r\n" + frame + b"\r\n"
            )  # fmt: skip
            self.wfile.flush()
            time.sleep(0.05)
