"""The SBI messages: the devices and captures an answer describes, the capture request
we send, and the checks an answer must pass to be believed (its JWS signature by the
certificate the device was found with, a fresh signed time, our transaction id, the
chained hash).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ektp_desk.capture import CaptureError
from ektp_desk.capture.jws import SignatureError, b64url_decode, verify_signed

SPEC_VERSION = "1.0"
ERROR_BUSY = "703"
SIMULATOR_IDENTITY = ("ektp-desk", "Simulator")  # make and model the simulator signs
CLOCK_ALLOWANCE = timedelta(minutes=10)  # a signed identity or capture older is a replay

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
    raise CaptureError("sbi_slot", slot=slot)


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


def iso_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def check_fresh(value: object, what: str, *, now: datetime) -> None:
    """A signed time within CLOCK_ALLOWANCE of now: an older one is a replay."""
    moment = iso_time(value)
    if moment is None:
        raise SignatureError(f"the {what} carries no signed time")
    if abs(now - moment) > CLOCK_ALLOWANCE:
        raise SignatureError(
            f"the {what} was signed at {value}, not now: a replayed answer "
            f"(allowance CLOCK_ALLOWANCE in {__name__})"
        )


def device_from_entry(port: int, item: object, *, trusted: set[str], now: datetime) -> SbiDevice:
    """The device one discovery entry describes, its identity signed by a trusted
    certificate and signed now; ValueError, TypeError or SignatureError otherwise."""
    if not isinstance(item, dict):
        raise ValueError("an entry is not an object")
    digital, signer = verify_signed(item.get("digitalId"), trusted)
    check_fresh(digital.get("dateTime"), "device identity", now=now)
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


def capture_request(
    device: SbiDevice,
    sub_types: list[str],
    *,
    requested_score: int,
    exceptions: tuple[str, ...],
    timeout_s: float,
    previous_hash: str,
    now: datetime,
    transaction: str,
) -> dict[str, Any]:
    """The body of an RCAPTURE request."""
    return {
        "env": "Staging",
        "purpose": "Registration",
        "specVersion": SPEC_VERSION,
        "timeout": int(timeout_s * 1000),
        "captureTime": now.isoformat(timespec="milliseconds"),
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


def captures_from_answer(
    answer: object,
    device: SbiDevice,
    *,
    transaction: str,
    previous_hash: str,
    trusted: set[str],
    now: datetime,
) -> list[SbiCapture]:
    """The captures of an RCAPTURE answer, each checked, in the answer's order."""
    items = answer.get("biometrics") if isinstance(answer, dict) else None
    if not isinstance(items, list) or not items:
        raise CaptureError("no_biometrics")
    out = []
    previous = previous_hash
    for item in items:
        if not isinstance(item, dict):
            raise CaptureError("malformed")
        _raise_device_error(item.get("error") or {})
        data = capture_data(
            device, item.get("data"), transaction=transaction, trusted=trusted, now=now
        )
        try:
            image = b64url_decode(str(data.get("bioValue", "")))
            quality = data.get("qualityScore")
            score = int(float(quality)) if quality not in (None, "") else None
        except (ValueError, TypeError):
            raise CaptureError("malformed") from None
        expected = chained_hash(previous, image)
        if str(item.get("hash", "")).upper() != expected:
            raise CaptureError("chained_hash")
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


def _raise_device_error(error: object) -> None:
    code = str(error.get("errorCode", "0")) if isinstance(error, dict) else "?"
    if code != "0":
        info = error.get("errorInfo") if isinstance(error, dict) else None
        if code == ERROR_BUSY:
            raise CaptureError("busy")
        raise CaptureError("device_reported", detail=info or code)


def capture_data(
    device: SbiDevice, token: object, *, transaction: str, trusted: set[str], now: datetime
) -> dict[str, Any]:
    """The signed data of one capture, refused unless it is this device's, for this
    request, and signed now."""
    try:
        data, signer = verify_signed(token, trusted)
        if device.fingerprint and signer != device.fingerprint:
            raise SignatureError("signed by another certificate than the device found on this port")
        if data.get("transactionId") != transaction:
            raise CaptureError("other_transaction")
        check_fresh(data.get("timestamp"), "capture", now=now)
    except SignatureError as exc:
        raise CaptureError("capture_refused", detail=exc) from None
    return data


def encode_bio_value(image: bytes) -> str:
    return base64.urlsafe_b64encode(image).rstrip(b"=").decode()
