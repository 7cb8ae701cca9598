"""Capture devices behind one interface: what the form asks for a face, a signature, a
finger or an iris. Qt-free; the window shows what they return.

This holds the devices every desk has: a simulated one (demos, training, tests) and import
from an image file (vendor tools that save captures as files).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ektp_desk.domain.images import ImageError, encode_png_gray, sniff
from ektp_desk.domain.recording import FACE_MIN_HEIGHT, FACE_MIN_WIDTH


class CaptureError(Exception):
    """The capture failed; the message says what to do."""


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
    name: str

    def capture(self, slot: str) -> CaptureResult: ...


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

    def capture(self, slot: str) -> CaptureResult:
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.fail:
            raise CaptureError(f"the simulated device failed to capture {slot}")
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

    def capture(self, slot: str) -> CaptureResult:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise CaptureError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        try:
            info = sniff(data)
        except ImageError as exc:
            raise CaptureError(f"{self.path.name} is not a whole PNG or JPEG ({exc})") from None
        if slot == "face" and (info.width < FACE_MIN_WIDTH or info.height < FACE_MIN_HEIGHT):
            raise CaptureError(
                f"{self.path.name} is {info.width}x{info.height}; a face photo needs at least "
                f"{FACE_MIN_WIDTH}x{FACE_MIN_HEIGHT}"
            )
        return CaptureResult(
            slot, data, info.format, info.width, info.height, self.quality, self.name
        )
