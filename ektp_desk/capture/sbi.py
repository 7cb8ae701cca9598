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

Here: discovery, device info, capture and preview, and the form's SBI device. The socket
with its deadline and caps is in `loopback`; the messages and the checks an answer must
pass (signature, fresh time, transaction id, chained hash) in `sbi_messages`.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from ektp_desk.capture import SBI_CAPTURE_TIMEOUT_S, CaptureError, CaptureResult
from ektp_desk.capture.jws import SignatureError, verify_signed
from ektp_desk.capture.loopback import (
    LOOPBACK_HOST,
    POLL_S,
    AnswerTooLarge,
    Budget,
    DeviceGone,
    LoopbackHttp,
    Transport,
    first_frame,
)
from ektp_desk.capture.sbi_messages import (
    SbiCapture,
    SbiDevice,
    capture_request,
    captures_from_answer,
    device_from_entry,
    slot_to_sbi,
)
from ektp_desk.domain.defaults import QUALITY_MIN
from ektp_desk.domain.images import ImageError, sniff

# SbiDevice is the Devices page's as much as this module's: it is listed here with the rest.
__all__ = [
    "CAPTURE_MARGIN_S",
    "MAX_CAPTURE_BYTES",
    "MAX_INFO_BYTES",
    "PORT_DEADLINE_S",
    "SBI_HOST",
    "SBI_PORTS",
    "SCAN_DEADLINE_S",
    "SCAN_WORKERS",
    "SbiCaptureDevice",
    "SbiClient",
    "SbiDevice",
]

log = logging.getLogger(__name__)

SBI_HOST = LOOPBACK_HOST
SBI_PORTS = range(4501, 4601)

# Limits on what a device (or whatever listens on its port) may take and send. Each is a
# default an integrator may change here; the error each one raises names it.
PORT_DEADLINE_S = 1.0  # one port's discovery or info answer, from connecting to the last byte
SCAN_DEADLINE_S = 2.5  # a whole discovery of the port range, all ports probed at once
SCAN_WORKERS = 100  # ports probed at the same time
CAPTURE_MARGIN_S = 0.5  # a capture's answer: the timeout asked of the device, plus this
MAX_INFO_BYTES = 1024 * 1024  # a discovery, info or preview answer
MAX_CAPTURE_BYTES = 20 * 1024 * 1024  # a capture answer


class SbiClient:
    def __init__(
        self,
        *,
        trusted: set[str],
        host: str = SBI_HOST,
        timeout: float = 5.0,
        transport: Transport | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.trusted = trusted
        self.host = host
        self.timeout = timeout
        self.transport: Transport = transport or LoopbackHttp(host)
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
        budget = Budget(deadline, limit, f"{setting} in {__name__}", cancel)
        status, raw = self.transport.exchange(method, port, path, json.dumps(body).encode(), budget)
        if status != 200:
            raise CaptureError("http_status", port=port, status=status)
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            raise CaptureError("not_json", port=port) from None

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
                devices.append(
                    device_from_entry(port, item, trusted=self.trusted, now=self.clock())
                )
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
                raise CaptureError("info_refused", detail=exc) from None
            if device.fingerprint and signer != device.fingerprint:
                raise CaptureError("other_certificate")
            if info.get("deviceId") == device.device_id:
                return info
        raise CaptureError("not_on_port", device_id=device.device_id, port=device.port)

    def capture(
        self,
        device: SbiDevice,
        sub_types: list[str],
        *,
        requested_score: int,
        exceptions: tuple[str, ...] = (),
        timeout_s: float = SBI_CAPTURE_TIMEOUT_S,
        previous_hash: str = "",
        cancel: threading.Event | None = None,
    ) -> list[SbiCapture]:
        """RCAPTURE: the images, signature-checked against the device's pinned certificate,
        for this request (our transaction id, signed now) and hash-chained, in request
        order. The answer must be whole within `timeout_s` + CAPTURE_MARGIN_S."""
        transaction = str(uuid.uuid4())
        body = capture_request(
            device, sub_types, requested_score=requested_score, exceptions=exceptions,
            timeout_s=timeout_s, previous_hash=previous_hash, now=self.clock(),
            transaction=transaction,
        )  # fmt: skip
        answer = self._call(
            "RCAPTURE", device.port, "/capture", body,
            deadline=time.monotonic() + timeout_s + CAPTURE_MARGIN_S,
            limit=MAX_CAPTURE_BYTES, setting="MAX_CAPTURE_BYTES", cancel=cancel,
        )  # fmt: skip
        return captures_from_answer(
            answer, device, transaction=transaction, previous_hash=previous_hash,
            trusted=self.trusted, now=self.clock(),
        )  # fmt: skip

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
                raise CaptureError("preview_status", status=answer.status)
            buffer = b""
            for piece in answer.body():
                buffer += piece
                frame = first_frame(buffer)
                if frame is not None:
                    return frame
                if len(buffer) > MAX_INFO_BYTES:
                    raise AnswerTooLarge("preview_too_large", limit=MAX_INFO_BYTES, module=__name__)
        raise CaptureError("preview_ended")


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


class SbiCaptureDevice:
    """The form's capture device for finger and iris slots, backed by SBI scanners."""

    name = "SBI"

    def __init__(
        self,
        client: SbiClient,
        devices: list[SbiDevice],
        *,
        requested_score: dict[str, int] | None = None,
        timeout_s: float = SBI_CAPTURE_TIMEOUT_S,
    ) -> None:
        self.client = client
        self.devices = devices
        self.requested_score = requested_score or dict(QUALITY_MIN)
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._waiting: set[tuple[str, threading.Event]] = set()

    def _device(self, slot: str) -> tuple[SbiDevice, str]:
        sbi_type, sub_type = slot_to_sbi(slot)
        device = next((d for d in self.devices if d.type == sbi_type), None)
        if device is None:
            raise CaptureError("no_scanner", kind=sbi_type)
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
                requested_score=self.requested_score.get(device.type, QUALITY_MIN["Finger"]),
                timeout_s=self.timeout_s,
                cancel=entry[1],
            )
        finally:
            with self._lock:
                self._waiting.discard(entry)
        if len(results) != 1:
            raise CaptureError("several_captures", count=len(results))
        (result,) = results
        try:
            info = sniff(result.image)
        except ImageError as exc:
            raise CaptureError("bad_image", detail=exc) from None
        return CaptureResult(
            slot, result.image, info.format, info.width, info.height, result.quality, device.name
        )
