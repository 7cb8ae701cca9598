from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from ektp_desk.capture import CaptureError, ImageFileDevice, SimulatedDevice
from ektp_desk.domain.images import sniff
from tests.conftest import FACE, SMALL


def test_simulated_device_is_deterministic_and_can_fail_be_slow_or_poor() -> None:
    a, b = SimulatedDevice(seed=4), SimulatedDevice(seed=4)
    first, second = a.capture("fingers.R1"), b.capture("fingers.R1")
    assert first.image == second.image and first.quality == second.quality
    face = SimulatedDevice(seed=1).capture("face")
    assert (sniff(face.image).width, sniff(face.image).height) == (480, 640)
    assert SimulatedDevice(quality=12).capture("iris.L").quality == 12
    with pytest.raises(CaptureError, match="failed"):
        SimulatedDevice(fail=True).capture("fingers.R1")
    started = time.monotonic()
    SimulatedDevice(delay_s=0.2).capture("fingers.R1")
    assert time.monotonic() - started >= 0.2


def test_image_file_device(tmp_path: Path) -> None:
    (tmp_path / "face.png").write_bytes(FACE)
    (tmp_path / "small.png").write_bytes(SMALL)
    (tmp_path / "junk.png").write_bytes(b"junk")
    assert ImageFileDevice(tmp_path / "face.png").capture("face").width == 480
    with pytest.raises(CaptureError, match="at least 480x640"):
        ImageFileDevice(tmp_path / "small.png").capture("face")
    with pytest.raises(CaptureError, match="not a whole PNG"):
        ImageFileDevice(tmp_path / "junk.png").capture("fingers.R1")
    with pytest.raises(CaptureError, match="cannot read"):
        ImageFileDevice(tmp_path / "missing.png").capture("fingers.R1")


def test_every_device_describes_itself_and_cancels(tmp_path: Path) -> None:
    sim = SimulatedDevice(delay_s=5)
    assert sim.describe()["kind"] == "simulated"
    assert sniff(sim.preview("face") or b"").format == "png"
    threading.Timer(0.2, sim.cancel).start()
    started = time.monotonic()
    with pytest.raises(CaptureError, match="cancelled"):
        sim.capture("fingers.R1")
    assert time.monotonic() - started < 2
    file_device = ImageFileDevice(tmp_path / "x.png")
    assert file_device.describe()["kind"] == "file" and file_device.preview("face") is None
    file_device.cancel()


def test_capture_best_keeps_the_best_and_stops_at_the_threshold() -> None:
    from ektp_desk.capture import CaptureResult, capture_best

    class Scripted:
        name = "scripted"

        def __init__(self, qualities: list[int | None], fail_after: int = 99) -> None:
            self.qualities, self.calls, self.fail_after = qualities, 0, fail_after

        def capture(self, slot: str) -> CaptureResult:
            self.calls += 1
            if self.calls > self.fail_after:
                raise CaptureError("gone", port=4501)  # unplugged
            q = self.qualities[self.calls - 1]
            return CaptureResult(slot, b"", "png", 1, 1, q, self.name)

    device = Scripted([20, 55, 90])
    assert capture_best(device, "x", threshold=40, retries=3).quality == 55  # type: ignore[arg-type]
    assert device.calls == 2
    assert capture_best(Scripted([10, 30, 25]), "x", threshold=40, retries=3).quality == 30  # type: ignore[arg-type]
    assert capture_best(Scripted([None]), "x", threshold=40, retries=3).quality is None  # type: ignore[arg-type]
    assert (
        capture_best(Scripted([10, 20], fail_after=1), "x", threshold=40, retries=3).quality == 10
    )  # type: ignore[arg-type]
    with pytest.raises(CaptureError, match="unplugged or its service stopped"):
        capture_best(Scripted([10], fail_after=0), "x", threshold=40, retries=3)  # type: ignore[arg-type]
