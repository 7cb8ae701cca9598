"""Capture devices behind one interface: what the form asks for a face, a signature, a
finger or an iris. Qt-free; the window shows what they return.

Here: the interface, the capture defaults, and the devices every desk has (a simulated one
for demos, training and tests; import from an image file, for vendor tools that save
captures as files). Beside it: the SBI scanners (`sbi`: discovery,
capture, the form's device), their messages and the checks an answer must pass
(`sbi_messages`, `jws`), the loopback HTTP they speak over (`loopback`), and an SBI
simulator (`sbi_simulator`).
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ektp_desk.capture.texts import CAPTURE_TEXTS
from ektp_desk.domain.captures import FACE_MIN_HEIGHT, FACE_MIN_WIDTH
from ektp_desk.domain.images import ImageError, encode_png_gray, sniff
from ektp_desk.domain.problems import CodedError

# How long an SBI scanner is given for one capture (the quality asked for and the captures
# a slot may take are settings: domain/defaults.py).
SBI_CAPTURE_TIMEOUT_S = 15.0


class CaptureError(CodedError):
    """The capture failed; the message says what to do, in both languages."""

    code = "capture"
    catalogue = CAPTURE_TEXTS


@dataclass(frozen=True, slots=True)
class CaptureResult:
    slot: str
    image: bytes
    format: str
    width: int
    height: int
    quality: int | None
    device: str


class CaptureDevice(Protocol):
    """What every device offers the form. `discover` (a class-level search for devices of
    a kind, such as SBI scanners on their ports) lives with each kind of device."""

    name: str

    def describe(self) -> dict[str, str]:
        """Who the device is: kind, make, model, serial or path."""
        ...

    def capture(self, slot: str) -> CaptureResult:
        """One capture for a form slot; quality thresholds and retries are the caller's."""
        ...

    def preview(self, slot: str) -> bytes | None:
        """A preview frame (PNG or JPEG) where the device has one, else None."""
        ...

    def cancel(self) -> None:
        """Stop waiting for a capture in progress; it then raises CaptureError."""
        ...


def _size_for(slot: str) -> tuple[int, int]:
    if slot == "face":
        return FACE_MIN_WIDTH, FACE_MIN_HEIGHT
    if slot == "signature":
        return 300, 100
    if slot.startswith("iris."):
        return 160, 120
    return 128, 128


class SimulatedDevice:
    """Deterministic synthetic captures; can be told to fail, to be slow, or to give low
    quality."""

    name = "simulasi"

    def __init__(
        self,
        *,
        seed: int = 1,
        quality: int | None = None,
        fail: bool = False,
        delay_s: float = 0.0,
    ) -> None:
        self.rng = random.Random(seed)
        self.quality = quality
        self.fail = fail
        self.delay_s = delay_s
        self._cancelled = threading.Event()

    def describe(self) -> dict[str, str]:
        return {"kind": "simulated", "make": "ektp-desk", "model": "Simulator"}

    def preview(self, slot: str) -> bytes | None:
        return encode_png_gray(64, 64, self.rng.randbytes(64 * 64))

    def cancel(self) -> None:
        self._cancelled.set()

    def capture(self, slot: str) -> CaptureResult:
        self._cancelled.clear()
        if self.delay_s and self._cancelled.wait(self.delay_s):
            raise CaptureError("cancelled")
        if self.fail:
            raise CaptureError("simulated_failed", slot=slot)
        width, height = _size_for(slot)
        table = bytes((i % 4) * 64 for i in range(256))
        pixels = self.rng.randbytes(width * height).translate(table)
        image = encode_png_gray(width, height, pixels, level=1)
        quality = self.quality if self.quality is not None else self.rng.randint(55, 98)
        return CaptureResult(slot, image, "png", width, height, quality, self.name)


class ImageFileDevice:
    """A capture read from an image file (PNG or JPEG), checked by its content."""

    name = "berkas"

    def __init__(self, path: Path, *, quality: int | None = None) -> None:
        self.path = path
        self.quality = quality

    def describe(self) -> dict[str, str]:
        return {"kind": "file", "path": str(self.path)}

    def preview(self, slot: str) -> bytes | None:
        return None

    def cancel(self) -> None:
        """Reading a file is immediate: nothing to cancel."""

    def capture(self, slot: str) -> CaptureResult:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise CaptureError(
                "cannot_read_file", path=self.path, detail=exc.strerror or exc
            ) from None
        try:
            info = sniff(data)
        except ImageError as exc:
            raise CaptureError("not_an_image", name=self.path.name, detail=exc) from None
        if slot == "face" and (info.width < FACE_MIN_WIDTH or info.height < FACE_MIN_HEIGHT):
            raise CaptureError(
                "face_too_small",
                name=self.path.name,
                width=info.width,
                height=info.height,
                min_width=FACE_MIN_WIDTH,
                min_height=FACE_MIN_HEIGHT,
            )
        return CaptureResult(
            slot, data, info.format, info.width, info.height, self.quality, self.name
        )


def capture_best(
    device: CaptureDevice,
    slot: str,
    *,
    threshold: int,
    retries: int,
    cancel: threading.Event | None = None,
) -> CaptureResult:
    """Up to `retries` captures, keeping the best, stopping at the first that reaches
    `threshold` (a capture with no score counts as good enough) or when `cancel` is set."""
    best: CaptureResult | None = None
    for _ in range(max(1, retries)):
        if cancel is not None and cancel.is_set():
            raise CaptureError("cancelled")
        try:
            result = device.capture(slot)
        except CaptureError:
            if best is None:
                raise
            break
        if best is None or (result.quality or 0) > (best.quality or 0):
            best = result
        if result.quality is None or result.quality >= threshold:
            break
    assert best is not None
    return best


class DeviceTurns:
    """One capture at a time per device (a scanner answers a second request "busy"), in
    turns that whoever cancels can give up: the next capture on that device then goes
    ahead at once, whatever the abandoned one is still waiting for."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._holders: dict[object, object] = {}

    def take(self, key: object, holder: object, cancel: threading.Event) -> None:
        """Wait for the device `key` to be free, then hold it; CaptureError when cancelled
        first."""
        with self._changed:
            while key in self._holders and not cancel.is_set():
                self._changed.wait(0.05)
            if cancel.is_set():
                raise CaptureError("cancelled")
            self._holders[key] = holder

    def holds(self, key: object, holder: object) -> bool:
        with self._changed:
            return self._holders.get(key) is holder

    def give_up(self, key: object, holder: object) -> None:
        """Free the device `key` if `holder` still holds it (the late release of an
        abandoned turn frees nothing)."""
        with self._changed:
            if self._holders.get(key) is holder:
                del self._holders[key]
                self._changed.notify_all()


class CaptureJob:
    """One slot's capture: run on a worker thread, cancelled from any other. A cancelled
    job is abandoned: its device turn is given up at once and its late result is void, so
    a device that never answers holds neither its slot nor any other."""

    def __init__(
        self,
        device: CaptureDevice,
        slot: str,
        *,
        threshold: int,
        retries: int,
        turns: DeviceTurns,
    ) -> None:
        self.device = device
        self.slot = slot
        self.threshold = threshold
        self.retries = retries
        self.turns = turns
        self.cancelled = threading.Event()

    @property
    def turn(self) -> object:
        """What must be free for this capture: the device, or the one scanner of it that
        takes this slot."""
        key_for = getattr(self.device, "turn_key", None)
        return key_for(self.slot) if callable(key_for) else id(self.device)

    def run(self) -> CaptureResult:
        turn = self.turn
        self.turns.take(turn, self, self.cancelled)
        try:
            result = capture_best(
                self.device,
                self.slot,
                threshold=self.threshold,
                retries=self.retries,
                cancel=self.cancelled,
            )
        finally:
            self.turns.give_up(turn, self)
        if self.cancelled.is_set():
            raise CaptureError("cancelled")
        return result

    def cancel(self) -> None:
        """Abandon the capture: the device is told to stop waiting when this job is the one
        using it, and its turn is given to the next capture at once."""
        self.cancelled.set()
        turn = self.turn
        if self.turns.holds(turn, self):
            cancel_slot = getattr(self.device, "cancel_slot", None)
            if callable(cancel_slot):
                cancel_slot(self.slot)
            else:
                self.device.cancel()
        self.turns.give_up(turn, self)
