"""MOSIP SBI (Secure Biometric Interface) on loopback: the client the desk uses for
certified fingerprint and iris scanners of any vendor.

Devices listen on 127.0.0.1, ports 4501-4600, and answer the HTTP methods MOSIPDISC
(discovery), MOSIPDINFO (device info), RCAPTURE (registration capture) and STREAM
(preview). Every answer that matters is signed (JWS, RS256, certificate in x5c) and is
accepted only from a trusted device certificate, and a device's answers only from the
certificate it was found with; captures carry our transaction id, a fresh time and a
chained hash.

A process on this PC can listen on those ports too, so nothing a port answers is trusted
for its form, its size or its pace: each exchange has a deadline from connecting to the
last byte and a cap on the bytes read, and a port that answers wrongly is skipped with a
log line while the others are still listed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from ektp_desk.capture import CaptureError, CaptureResult
from ektp_desk.capture.jws import SignatureError, b64url_decode, verify_signed
from ektp_desk.domain.images import ImageError, sniff

log = logging.getLogger(__name__)

SBI_HOST = "127.0.0.1"
SBI_PORTS = range(4501, 4601)
SPEC_VERSION = "1.0"
ERROR_BUSY = "703"
SIMULATOR_IDENTITY = ("ektp-desk", "Simulator")  # make and model the simulator signs

# Limits on what a device (or whatever listens on its port) may take and send. Each is a
# default an integrator may change here; the error each one raises names it.
PORT_DEADLINE_S = 1.0  # one port's discovery or info answer, from connecting to the last byte
SCAN_DEADLINE_S = 2.5  # a whole discovery of the port range, all ports probed at once
SCAN_WORKERS = 100  # ports probed at the same time
CAPTURE_MARGIN_S = 0.5  # a capture's answer: the timeout asked of the device, plus this
MAX_INFO_BYTES = 1024 * 1024  # a discovery, info or preview answer
MAX_CAPTURE_BYTES = 20 * 1024 * 1024  # a capture answer
MAX_HEAD_BYTES = 64 * 1024  # an answer's status line and headers
CLOCK_ALLOWANCE = timedelta(minutes=10)  # a signed identity or capture older is a replay
POLL_S = 0.05  # how often a wait looks at its cancel and deadline
READ_SIZE = 64 * 1024

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
    # The SHA-256 of the certificate that signed its identity: every answer of this device
    # must be signed by that same certificate.
    fingerprint: str = ""

    @property
    def name(self) -> str:
        return f"{self.make} {self.model} ({self.type}, port {self.port})".strip()

    @property
    def simulated(self) -> bool:
        """The SBI simulator of this package (`ektp-desk sbi-simulator`): for training."""
        return (self.make, self.model) == SIMULATOR_IDENTITY


@dataclass(frozen=True, slots=True)
class SbiCapture:
    bio_sub_type: str
    image: bytes
    quality: int | None
    hash: str
    payload: dict[str, Any] = field(default_factory=dict)


class DeviceGone(CaptureError):
    """Nothing listens on the port (any more)."""


class DeviceTooSlow(CaptureError):
    """The answer did not arrive whole before its deadline."""


class AnswerTooLarge(CaptureError):
    """The answer is larger than its cap."""


class _Answer:
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
            raise CaptureError(f"the device on port {port} does not answer in HTTP")
        self.status = int(first[1])
        self.headers: dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                self.headers[name.strip().lower()] = value.strip()

    def _fill(self) -> None:
        while True:
            if self.cancel is not None and self.cancel.is_set():
                raise CaptureError("the capture was cancelled")
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise DeviceTooSlow(f"the device on port {self.port} did not answer in time")
            self.sock.settimeout(min(remaining, POLL_S))
            try:
                data = self.sock.recv(READ_SIZE)
            except TimeoutError:
                continue
            except OSError as exc:
                raise CaptureError(
                    f"the device on port {self.port} broke off its answer ({exc.strerror or exc})"
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
                    f"the device on port {self.port} sent a header over {limit} bytes "
                    f"(limit {setting} in {__name__})"
                )
            if self.eof:
                raise CaptureError(f"the device on port {self.port} ended its answer half-way")
            searched = max(0, len(self.buffer) - len(marker) + 1)
            self._fill()

    def _pieces(self, count: int | None) -> Iterator[bytes]:
        """`count` bytes of body (None: up to the end of the connection), as they come."""
        while count is None or count > 0:
            if not self.buffer:
                if self.eof:
                    if count is None:
                        return
                    raise CaptureError(f"the device on port {self.port} ended its answer half-way")
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
                    raise CaptureError(
                        f"the device on port {self.port} sent a broken chunked answer"
                    ) from None
                if size == 0:
                    return
                yield from self._pieces(size)
                self._until(b"\r\n", 2, "MAX_HEAD_BYTES")
        length = self.headers.get("content-length")
        if length is not None and not length.isdigit():
            raise CaptureError(f"the device on port {self.port} sent a bad Content-Length")
        yield from self._pieces(int(length) if length is not None else None)


class LoopbackHttp:
    """HTTP/1.1 to a device service on this PC over a plain socket, with a deadline from
    connecting to the last byte, a cap on the bytes read, and a cancel looked at while
    waiting. An HTTP library's timeout counts per read, so a service that trickles a byte
    at a time would hold it for ever; and no proxy or netrc of the environment applies."""

    def __init__(self, host: str = SBI_HOST) -> None:
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
    ) -> Iterator[_Answer]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DeviceTooSlow(f"the device on port {port} did not answer in time")
        try:
            sock = socket.create_connection((self.host, port), timeout=remaining)
        except TimeoutError:
            raise DeviceTooSlow(f"the device on port {port} did not answer in time") from None
        except OSError:
            raise DeviceGone(
                f"the device on port {port} is gone (unplugged or its service stopped)"
            ) from None
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
                raise DeviceTooSlow(f"the device on port {port} did not answer in time") from None
            except OSError as exc:
                raise DeviceGone(
                    f"the device on port {port} is gone ({exc.strerror or exc})"
                ) from None
            yield _Answer(sock, port=port, deadline=deadline, cancel=cancel)
        finally:
            sock.close()

    def exchange(
        self,
        method: str,
        port: int,
        path: str,
        body: bytes,
        *,
        deadline: float,
        limit: int,
        setting: str,
        cancel: threading.Event | None = None,
    ) -> tuple[int, bytes]:
        """(HTTP status, body); the body read in pieces and refused once past `limit`
        (named `setting` in the error)."""
        with self.answer(method, port, path, body, deadline=deadline, cancel=cancel) as answer:
            declared = answer.headers.get("content-length", "")
            too_large = AnswerTooLarge(
                f"the device on port {port} sent more than {limit} bytes "
                f"(limit {setting} in {__name__}); the answer was refused"
            )
            if declared.isdigit() and int(declared) > limit:
                raise too_large
            data = bytearray()
            for piece in answer.body():
                data += piece
                if len(data) > limit:
                    raise too_large
            return answer.status, bytes(data)


class SbiTransport(Protocol):
    def exchange(
        self,
        method: str,
        port: int,
        path: str,
        body: bytes,
        *,
        deadline: float,
        limit: int,
        setting: str,
        cancel: threading.Event | None = None,
    ) -> tuple[int, bytes]: ...


def _iso_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


class SbiClient:
    def __init__(
        self,
        *,
        trusted: set[str],
        host: str = SBI_HOST,
        timeout: float = 5.0,
        transport: SbiTransport | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.trusted = trusted
        self.host = host
        self.timeout = timeout
        self.transport: SbiTransport = transport or LoopbackHttp(host)
        self.clock = clock

    def _call(
        self,
        method: str,
        port: int,
        path: str,
        body: dict[str, Any],
        *,
        deadline: float,
        limit: int,
        setting: str,
        cancel: threading.Event | None = None,
    ) -> Any:
        status, raw = self.transport.exchange(
            method, port, path, json.dumps(body).encode(),
            deadline=deadline, limit=limit, setting=setting, cancel=cancel,
        )  # fmt: skip
        if status != 200:
            raise CaptureError(f"the device on port {port} answered HTTP {status}")
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            raise CaptureError(
                f"the device on port {port} answered something that is not JSON"
            ) from None

    def _fresh(self, value: object, what: str) -> None:
        """A signed time within CLOCK_ALLOWANCE of now: an older one is a replay."""
        moment = _iso_time(value)
        if moment is None:
            raise SignatureError(f"the {what} carries no signed time")
        if abs(self.clock() - moment) > CLOCK_ALLOWANCE:
            raise SignatureError(
                f"the {what} was signed at {value}, not now: a replayed answer "
                f"(allowance CLOCK_ALLOWANCE in {__name__})"
            )

    def _device(self, port: int, item: object) -> SbiDevice:
        if not isinstance(item, dict):
            raise ValueError("an entry is not an object")
        digital, signer = verify_signed(item.get("digitalId"), self.trusted)
        self._fresh(digital.get("dateTime"), "device identity")
        device_id = item.get("deviceId")
        sub_ids = item.get("deviceSubId", [])
        if not isinstance(device_id, str | int) or not str(device_id):
            raise ValueError("deviceId is missing or not a text")
        if not isinstance(sub_ids, list) or not all(isinstance(s, str | int) for s in sub_ids):
            raise ValueError("deviceSubId is not a list")
        return SbiDevice(
            port=port,
            device_id=str(device_id),
            type=str(digital.get("type", "")),
            sub_ids=tuple(str(s) for s in sub_ids),
            status=str(item.get("deviceStatus", "")),
            make=str(digital.get("make", "")),
            model=str(digital.get("model", "")),
            serial=str(digital.get("serialNo", "")),
            fingerprint=signer,
        )

    def _probe(
        self, port: int, device_type: str, *, deadline: float | None = None
    ) -> list[SbiDevice]:
        """The trusted devices on one port; a port that answers wrongly, slowly or too much
        is skipped with a log line."""
        own = time.monotonic() + PORT_DEADLINE_S
        try:
            answer = self._call(
                "MOSIPDISC", port, "/device", {"type": device_type},
                deadline=min(own, deadline) if deadline is not None else own,
                limit=MAX_INFO_BYTES, setting="MAX_INFO_BYTES",
            )  # fmt: skip
        except DeviceGone:
            return []  # nothing listens there: most ports
        except CaptureError as exc:
            log.warning("SBI port %d skipped: %s", port, exc)
            return []
        if not isinstance(answer, list):
            log.warning("SBI port %d skipped: its discovery answer is not a list", port)
            return []
        devices = []
        for item in answer:
            try:
                devices.append(self._device(port, item))
            except (SignatureError, ValueError, TypeError) as exc:
                log.warning("SBI port %d: a device was not offered: %s", port, exc)
        return devices

    def discover(
        self, *, ports: Sequence[int] = SBI_PORTS, device_type: str = "Biometric Device"
    ) -> list[SbiDevice]:
        """Every trusted device answering on the port range, all ports probed at once; done
        within SCAN_DEADLINE_S whatever the ports answer."""
        deadline = time.monotonic() + SCAN_DEADLINE_S
        pool = ThreadPoolExecutor(max_workers=max(1, min(SCAN_WORKERS, len(ports))))
        try:
            futures = [pool.submit(self._probe, p, device_type, deadline=deadline) for p in ports]
            wait(futures, timeout=max(0.0, deadline - time.monotonic()) + POLL_S * 2)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        found: list[SbiDevice] = []
        for port, future in zip(ports, futures, strict=True):
            if future.done() and not future.cancelled():
                found.extend(future.result())
            else:
                log.warning("SBI port %d skipped: no answer within the scan's deadline", port)
        return _flag_duplicates(found)

    def info(self, device: SbiDevice) -> dict[str, Any]:
        answer = self._call(
            "MOSIPDINFO", device.port, "/info", {},
            deadline=time.monotonic() + self.timeout,
            limit=MAX_INFO_BYTES, setting="MAX_INFO_BYTES",
        )  # fmt: skip
        for item in answer if isinstance(answer, list) else []:
            try:
                info, signer = verify_signed(
                    item.get("deviceInfo") if isinstance(item, dict) else None, self.trusted
                )
            except SignatureError as exc:
                raise CaptureError(f"device info refused: {exc}") from None
            if device.fingerprint and signer != device.fingerprint:
                raise CaptureError(
                    "device info refused: signed by another certificate than the device's"
                )
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
        cancel: threading.Event | None = None,
    ) -> list[SbiCapture]:
        """RCAPTURE: the images, signature-checked against the device's pinned certificate,
        for this request (our transaction id, signed now) and hash-chained, in request
        order. The answer must be whole within `timeout_s` + CAPTURE_MARGIN_S."""
        transaction = str(uuid.uuid4())
        body = {
            "env": "Staging",
            "purpose": "Registration",
            "specVersion": SPEC_VERSION,
            "timeout": int(timeout_s * 1000),
            "captureTime": self.clock().isoformat(timespec="milliseconds"),
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
        answer = self._call(
            "RCAPTURE", device.port, "/capture", body,
            deadline=time.monotonic() + timeout_s + CAPTURE_MARGIN_S,
            limit=MAX_CAPTURE_BYTES, setting="MAX_CAPTURE_BYTES", cancel=cancel,
        )  # fmt: skip
        items = answer.get("biometrics") if isinstance(answer, dict) else None
        if not isinstance(items, list) or not items:
            raise CaptureError("the device's capture answer holds no biometrics")
        out = []
        previous = previous_hash
        for item in items:
            if not isinstance(item, dict):
                raise CaptureError("the device's capture answer is malformed")
            error = item.get("error") or {}
            code = str(error.get("errorCode", "0")) if isinstance(error, dict) else "?"
            if code != "0":
                info = error.get("errorInfo") if isinstance(error, dict) else None
                raise CaptureError(
                    "the device is busy with another capture; try again"
                    if code == ERROR_BUSY
                    else f"the device reported: {info or code}"
                )
            data = self._capture_data(device, item.get("data"), transaction)
            try:
                image = b64url_decode(str(data.get("bioValue", "")))
                quality = data.get("qualityScore")
                score = int(float(quality)) if quality not in (None, "") else None
            except (ValueError, TypeError):
                raise CaptureError("the device's capture answer is malformed") from None
            expected = chained_hash(previous, image)
            if str(item.get("hash", "")).upper() != expected:
                raise CaptureError("the capture's chained hash does not match: refused")
            previous = expected
            out.append(
                SbiCapture(
                    bio_sub_type=str(data.get("bioSubType", "")),
                    image=image,
                    quality=score,
                    hash=expected,
                    payload=data,
                )
            )
        return out

    def _capture_data(self, device: SbiDevice, token: object, transaction: str) -> dict[str, Any]:
        """The signed data of one capture, refused unless it is this device's, for this
        request, and signed now."""
        try:
            data, signer = verify_signed(token, self.trusted)
            if device.fingerprint and signer != device.fingerprint:
                raise SignatureError(
                    "signed by another certificate than the device found on this port"
                )
            if data.get("transactionId") != transaction:
                raise CaptureError("the capture answers another request (transaction id)")
            self._fresh(data.get("timestamp"), "capture")
        except SignatureError as exc:
            raise CaptureError(f"capture refused: {exc}") from None
        return data

    def stream_frame(self, device: SbiDevice, *, timeout_s: float = 5.0) -> bytes:
        """One preview frame from STREAM (multipart/x-mixed-replace of images)."""
        body = {
            "deviceId": device.device_id,
            "deviceSubId": device.sub_ids[0] if device.sub_ids else "0",
        }
        http = self.transport if isinstance(self.transport, LoopbackHttp) else LoopbackHttp()
        deadline = time.monotonic() + timeout_s
        with http.answer(
            "STREAM", device.port, "/stream", json.dumps(body).encode(), deadline=deadline
        ) as answer:
            if answer.status != 200:
                raise CaptureError(f"the preview stream answered HTTP {answer.status}")
            buffer = b""
            for piece in answer.body():
                buffer += piece
                frame = _first_frame(buffer)
                if frame is not None:
                    return frame
                if len(buffer) > MAX_INFO_BYTES:
                    raise AnswerTooLarge(
                        f"the preview stream sent over {MAX_INFO_BYTES} bytes without a frame "
                        f"(limit MAX_INFO_BYTES in {__name__})"
                    )
        raise CaptureError("the preview stream ended before a frame")


def _flag_duplicates(devices: list[SbiDevice]) -> list[SbiDevice]:
    """The same signed identity answering on two ports: one of them replays the other's
    identity. Both stay listed, marked, so that nobody picks one unawares."""
    ports: dict[tuple[str, str, str], list[int]] = {}
    for d in devices:
        ports.setdefault((d.fingerprint, d.type, d.serial), []).append(d.port)
    out = []
    for d in devices:
        seen = ports[(d.fingerprint, d.type, d.serial)]
        if len(seen) > 1:
            log.warning(
                "SBI device %s %s answers on ports %s: one of them is not that device",
                d.type, d.serial, ", ".join(map(str, seen)),
            )  # fmt: skip
            out.append(replace(d, status=f"DUPLICATE (ports {', '.join(map(str, seen))})"))
        else:
            out.append(d)
    return out


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
        timeout_s: float = 15.0,
    ) -> None:
        self.client = client
        self.devices = devices
        self.requested_score = requested_score or {"Finger": 40, "Iris": 60}
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._waiting: set[tuple[str, threading.Event]] = set()

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

    def turn_key(self, slot: str) -> object:
        """The scanner that takes `slot`: one capture at a time each, the finger scanner's
        independent of the iris scanner's."""
        try:
            device, _ = self._device(slot)
        except CaptureError:
            return (id(self), slot)
        return (id(self), device.port, device.type)

    def cancel(self) -> None:
        """Stop waiting for every capture in progress: each raises CaptureError at once (SBI
        has no cancel of its own; the device's late answer is not read)."""
        self.cancel_slot(None)

    def cancel_slot(self, slot: str | None) -> None:
        """Stop waiting for the capture of `slot` (None: of every slot)."""
        with self._lock:
            for wanted, event in self._waiting:
                if slot is None or wanted == slot:
                    event.set()

    def capture(self, slot: str) -> CaptureResult:
        device, sub_type = self._device(slot)
        entry = (slot, threading.Event())
        with self._lock:
            self._waiting.add(entry)
        try:
            results = self.client.capture(
                device,
                [sub_type],
                requested_score=self.requested_score.get(device.type, 40),
                timeout_s=self.timeout_s,
                cancel=entry[1],
            )
        finally:
            with self._lock:
                self._waiting.discard(entry)
        if len(results) != 1:
            raise CaptureError(f"the scanner sent {len(results)} captures for one finger or eye")
        (result,) = results
        try:
            info = sniff(result.image)
        except ImageError as exc:
            raise CaptureError(f"the scanner sent an image that cannot be read ({exc})") from None
        return CaptureResult(
            slot, result.image, info.format, info.width, info.height, result.quality, device.name
        )


def encode_bio_value(image: bytes) -> str:
    return base64.urlsafe_b64encode(image).rstrip(b"=").decode()
