"""MOSIP SBI (Secure Biometric Interface) on loopback: the client the desk uses for
certified fingerprint and iris scanners of any vendor.

Devices listen on 127.0.0.1, ports 4501-4600, and answer the HTTP methods MOSIPDISC
(discovery), MOSIPDINFO (device info), RCAPTURE (registration capture) and STREAM
(preview). Every answer that matters is signed (JWS, RS256, certificate in x5c) and is
accepted only from a trusted device certificate; captures carry a chained hash.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests

from ektp_desk.capture import CaptureError, CaptureResult
from ektp_desk.capture.jws import SignatureError, b64url_decode, verify
from ektp_desk.domain.images import ImageError, sniff

SBI_HOST = "127.0.0.1"
SBI_PORTS = range(4501, 4601)
SPEC_VERSION = "1.0"
ERROR_BUSY = "703"

FINGER_SUBTYPES = {
    "R1": "Right Thumb", "R2": "Right IndexFinger", "R3": "Right MiddleFinger",
    "R4": "Right RingFinger", "R5": "Right LittleFinger", "L1": "Left Thumb",
    "L2": "Left IndexFinger", "L3": "Left MiddleFinger", "L4": "Left RingFinger",
    "L5": "Left LittleFinger",
}  # fmt: skip
IRIS_SUBTYPES = {"R": "Right", "L": "Left"}


def slot_to_sbi(slot: str) -> tuple[str, str]:
    """(SBI type, bioSubType) for a form slot: fingers.R1 -> (Finger, Right Thumb)."""
    group, _, sub = slot.partition(".")
    if group == "fingers" and sub in FINGER_SUBTYPES:
        return "Finger", FINGER_SUBTYPES[sub]
    if group == "iris" and sub in IRIS_SUBTYPES:
        return "Iris", IRIS_SUBTYPES[sub]
    raise CaptureError(f"an SBI scanner does not capture {slot}")


def sha256_upper(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest().upper()


def chained_hash(previous: str, bio_value: bytes) -> str:
    """SBI's chained hash: SHA-256 of the previous hash followed by the SHA-256 of this
    biometric value, both upper-case hex."""
    return sha256_upper((previous + sha256_upper(bio_value)).encode())


@dataclass(frozen=True, slots=True)
class SbiDevice:
    port: int
    device_id: str
    type: str
    sub_ids: tuple[str, ...]
    status: str
    make: str = ""
    model: str = ""
    serial: str = ""

    @property
    def name(self) -> str:
        return f"{self.make} {self.model} ({self.type}, port {self.port})".strip()


@dataclass(frozen=True, slots=True)
class SbiCapture:
    bio_sub_type: str
    image: bytes
    quality: int | None
    hash: str
    payload: dict[str, Any] = field(default_factory=dict)


class SbiClient:
    def __init__(
        self,
        *,
        trusted: set[str],
        host: str = SBI_HOST,
        timeout: float = 5.0,
        session: requests.Session | None = None,
    ) -> None:
        self.trusted = trusted
        self.host = host
        self.timeout = timeout
        self.session = session or requests.Session()

    def _call(self, method: str, port: int, path: str, body: dict[str, Any], timeout: float) -> Any:
        try:
            response = self.session.request(
                method, f"http://{self.host}:{port}{path}", data=json.dumps(body), timeout=timeout
            )
        except requests.Timeout:
            raise CaptureError(
                f"the device on port {port} did not answer in {timeout:.0f} s"
            ) from None
        except requests.ConnectionError:
            raise CaptureError(
                f"the device on port {port} is gone (unplugged or its service stopped)"
            ) from None
        if response.status_code != 200:
            raise CaptureError(f"the device on port {port} answered HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise CaptureError(
                f"the device on port {port} answered something that is not JSON"
            ) from None

    def _probe(self, port: int, device_type: str) -> list[SbiDevice]:
        try:
            answer = self._call("MOSIPDISC", port, "/device", {"type": device_type}, 0.5)
        except CaptureError:
            return []
        devices = []
        for item in answer if isinstance(answer, list) else []:
            try:
                digital = verify(item["digitalId"], self.trusted)
            except (SignatureError, KeyError, TypeError):
                continue  # an untrusted or malformed device is not offered
            devices.append(
                SbiDevice(
                    port=port,
                    device_id=str(item["deviceId"]),
                    type=str(digital.get("type", "")),
                    sub_ids=tuple(str(s) for s in item.get("deviceSubId", [])),
                    status=str(item.get("deviceStatus", "")),
                    make=str(digital.get("make", "")),
                    model=str(digital.get("model", "")),
                    serial=str(digital.get("serialNo", "")),
                )
            )
        return devices

    def discover(
        self, *, ports: range = SBI_PORTS, device_type: str = "Biometric Device"
    ) -> list[SbiDevice]:
        """Every trusted device answering on the port range, probed in parallel."""
        with ThreadPoolExecutor(max_workers=16) as pool:
            found = pool.map(lambda p: self._probe(p, device_type), ports)
        return [d for group in found for d in group]

    def info(self, device: SbiDevice) -> dict[str, Any]:
        answer = self._call("MOSIPDINFO", device.port, "/info", {}, self.timeout)
        for item in answer if isinstance(answer, list) else []:
            try:
                info = verify(item["deviceInfo"], self.trusted)
            except (SignatureError, KeyError, TypeError) as exc:
                raise CaptureError(f"device info refused: {exc}") from None
            if info.get("deviceId") == device.device_id:
                return info
        raise CaptureError(f"device {device.device_id} is not on port {device.port} any more")

    def capture(
        self,
        device: SbiDevice,
        sub_types: list[str],
        *,
        requested_score: int,
        exceptions: tuple[str, ...] = (),
        timeout_s: float = 15.0,
        previous_hash: str = "",
    ) -> list[SbiCapture]:
        """RCAPTURE: the images, signature-checked and hash-chained, in request order."""
        transaction = str(uuid.uuid4())
        body = {
            "env": "Staging",
            "purpose": "Registration",
            "specVersion": SPEC_VERSION,
            "timeout": int(timeout_s * 1000),
            "captureTime": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "transactionId": transaction,
            "bio": [
                {
                    "type": device.type,
                    "count": str(len(sub_types)),
                    "bioSubType": sub_types,
                    "exception": list(exceptions),
                    "requestedScore": str(requested_score),
                    "deviceId": device.device_id,
                    "deviceSubId": device.sub_ids[0] if device.sub_ids else "0",
                    "previousHash": previous_hash,
                }
            ],
            "customOpts": None,
        }
        answer = self._call("RCAPTURE", device.port, "/capture", body, timeout_s + 0.5)
        items = answer.get("biometrics") if isinstance(answer, dict) else None
        if not isinstance(items, list) or not items:
            raise CaptureError("the device's capture answer holds no biometrics")
        out = []
        previous = previous_hash
        for item in items:
            error = item.get("error") or {}
            if str(error.get("errorCode", "0")) != "0":
                busy = str(error.get("errorCode")) == ERROR_BUSY
                raise CaptureError(
                    "the device is busy with another capture; try again"
                    if busy
                    else f"the device reported: {error.get('errorInfo') or error.get('errorCode')}"
                )
            try:
                data = verify(str(item["data"]), self.trusted)
            except (SignatureError, KeyError) as exc:
                raise CaptureError(f"capture refused: {exc}") from None
            if data.get("transactionId") != transaction:
                raise CaptureError("the capture answers another request (transaction id)")
            image = b64url_decode(str(data.get("bioValue", "")))
            expected = chained_hash(previous, image)
            if str(item.get("hash", "")).upper() != expected:
                raise CaptureError("the capture's chained hash does not match: refused")
            previous = expected
            quality = data.get("qualityScore")
            out.append(
                SbiCapture(
                    bio_sub_type=str(data.get("bioSubType", "")),
                    image=image,
                    quality=int(float(quality)) if quality not in (None, "") else None,
                    hash=expected,
                    payload=data,
                )
            )
        return out

    def stream_frame(self, device: SbiDevice, *, timeout_s: float = 5.0) -> bytes:
        """One preview frame from STREAM (multipart/x-mixed-replace of images)."""
        body = {
            "deviceId": device.device_id,
            "deviceSubId": device.sub_ids[0] if device.sub_ids else "0",
        }
        try:
            with self.session.request(
                "STREAM", f"http://{self.host}:{device.port}/stream", data=json.dumps(body),
                timeout=timeout_s, stream=True,
            ) as response:  # fmt: skip
                buffer = b""
                for chunk in response.iter_content(8192):
                    buffer += chunk
                    frame = _first_frame(buffer)
                    if frame is not None:
                        return frame
        except requests.RequestException as exc:
            raise CaptureError(f"the preview stream failed: {exc}") from None
        raise CaptureError("the preview stream ended before a frame")


def _first_frame(buffer: bytes) -> bytes | None:
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


class SbiCaptureDevice:
    """The form's capture device for finger and iris slots, backed by SBI scanners."""

    name = "SBI"

    def __init__(
        self,
        client: SbiClient,
        devices: list[SbiDevice],
        *,
        requested_score: dict[str, int] | None = None,
    ) -> None:
        self.client = client
        self.devices = devices
        self.requested_score = requested_score or {"Finger": 40, "Iris": 60}
        self._cancelled = False

    def _device(self, slot: str) -> tuple[SbiDevice, str]:
        sbi_type, sub_type = slot_to_sbi(slot)
        device = next((d for d in self.devices if d.type == sbi_type), None)
        if device is None:
            raise CaptureError(
                f"no {sbi_type} scanner was found; check the cable and the SBI service"
            )
        return device, sub_type

    def describe(self) -> dict[str, str]:
        return {
            "kind": "SBI",
            "devices": ", ".join(f"{d.type} {d.make} {d.model} {d.serial}" for d in self.devices),
        }

    def preview(self, slot: str) -> bytes | None:
        device, _ = self._device(slot)
        return self.client.stream_frame(device)

    def cancel(self) -> None:
        """SBI has no cancel: the answer of the capture in progress is ignored."""
        self._cancelled = True

    def capture(self, slot: str) -> CaptureResult:
        device, sub_type = self._device(slot)
        self._cancelled = False
        (result,) = self.client.capture(
            device, [sub_type], requested_score=self.requested_score.get(device.type, 40)
        )
        if self._cancelled:
            raise CaptureError("the capture was cancelled")
        try:
            info = sniff(result.image)
        except ImageError as exc:
            raise CaptureError(f"the scanner sent an image that cannot be read ({exc})") from None
        return CaptureResult(
            slot, result.image, info.format, info.width, info.height, result.quality, device.name
        )


def encode_bio_value(image: bytes) -> str:
    return base64.urlsafe_b64encode(image).rstrip(b"=").decode()
