"""How much the engine sends at once and how long it waits after a failure: the batch
sizer (sized by the link's measured rate) and the backoff. Plain Python, no I/O."""

from __future__ import annotations

import random
from dataclasses import dataclass

TARGET_BATCH_SECONDS = 10.0
UNKNOWN_LINK_RATE = 32 * 1024  # bytes/s assumed before a batch was measured: a slow modem


@dataclass
class BatchSizer:
    """Batch limits that grow after a success and shrink after a timeout or a 413."""

    records: int = 25
    bytes: int = 4 * 1024 * 1024
    max_records: int = 500
    max_bytes: int = 16 * 1024 * 1024
    min_bytes: int = 64 * 1024
    link_aware: bool = False  # sized by the link's measured rate (the engine's own sizer)
    ceiling: int | None = None  # growth stops here: a few targets' worth at that rate

    def aim(self, rate: float) -> None:
        """Batches that cross a link of `rate` bytes/s in about `TARGET_BATCH_SECONDS`."""
        target = int(rate * TARGET_BATCH_SECONDS)
        self.ceiling = max(self.min_bytes, min(self.max_bytes, 3 * target))
        self.bytes = max(self.min_bytes, min(self.bytes, self.ceiling, target))

    def fit(self, *, max_records: int, max_bytes: int) -> None:
        # Leave room for the multipart framing and the manifest.
        self.max_records = max_records
        self.max_bytes = max(self.min_bytes, int(max_bytes * 0.95) - 64 * 1024)
        self.records = min(self.records, self.max_records)
        self.bytes = min(self.bytes, self.max_bytes)

    def grow(self, *, at_least: int = 0) -> None:
        """Double, or jump to `at_least` (a target the link's measured rate gives)."""
        self.records = min(self.max_records, self.records * 2)
        self.bytes = min(
            self.max_bytes, self.ceiling or self.max_bytes, max(self.bytes * 2, at_least)
        )

    def shrink(self) -> None:
        self.records = max(1, self.records // 2)
        self.bytes = max(self.min_bytes, self.bytes // 2)


def forwardable_record_bytes() -> int:
    """The largest envelope the engine can send to a hub with the default batch limit
    (16 MiB) in a batch of its own: room is left for the manifest and the framing."""
    sizer = BatchSizer()
    sizer.fit(max_records=1, max_bytes=sizer.max_bytes)
    return sizer.max_bytes


class Backoff:
    """Exponential backoff with full jitter, capped: 0..min(cap, base * 2**n) seconds."""

    def __init__(
        self, *, base: float = 2.0, cap: float = 300.0, rng: random.Random | None = None
    ) -> None:
        self.base = base
        self.cap = cap
        self.failures = 0
        self.rng = rng or random.Random()

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.base * 2**self.failures)
        self.failures += 1
        return self.rng.uniform(0, ceiling)

    def reset(self) -> None:
        self.failures = 0


def kept_rate(value: str | None) -> float | None:
    """The link's rate as the store keeps it (bytes/s), if it is a positive number."""
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and number > 0 else None
