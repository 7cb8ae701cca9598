"""When a recording needs a supervisor's approval before it is sent (as MOSIP's
registration client asks): a capture still below its quality threshold after the
retries, more than two biometric exceptions, an early (16-year-old) recording, or a
correction of an earlier recording. The rules are pure; the desk holds such a recording
back from sync until a supervisor approves it."""

from __future__ import annotations

from dataclasses import dataclass

from ektp_desk.domain.eligibility import Eligibility
from ektp_desk.domain.problems import Text
from ektp_desk.domain.recording import Recording

MAX_EXCEPTIONS = 2  # more than this many slots without a capture need a supervisor
MAX_APPROVAL_REASON = 500

LOW_QUALITY, EXCEPTIONS, EARLY, CORRECTION = "low_quality", "exceptions", "early", "correction"
RULES: dict[str, Text] = {
    LOW_QUALITY: Text("mutu tangkapan di bawah ambang", "a capture below its quality threshold"),
    EXCEPTIONS: Text(
        f"lebih dari {MAX_EXCEPTIONS} pengecualian biometrik",
        f"more than {MAX_EXCEPTIONS} biometric exceptions",
    ),
    EARLY: Text("perekaman dini (usia 16 tahun)", "an early recording (aged 16)"),
    CORRECTION: Text("koreksi rekaman sebelumnya", "a correction of an earlier recording"),
}


@dataclass(frozen=True, slots=True)
class QualityFloor:
    """The lowest quality taken for each kind of capture (the desk's settings)."""

    finger: int
    iris: int

    def of(self, slot: str) -> int | None:
        if slot.startswith("fingers."):
            return self.finger
        if slot.startswith("iris."):
            return self.iris
        return None


def approval_rules(
    recording: Recording, *, floor: QualityFloor, replaces: str | None = None
) -> tuple[str, ...]:
    """The rules (codes of RULES, in their order) that ask a supervisor to approve
    `recording`; empty when none does. `replaces` is the id of the recording a correction
    replaces (`desk.recordings.correct`, `ektp-desk record correct`): every correction
    waits for a supervisor."""
    found: list[str] = []
    low = [
        c
        for c in recording.captures
        if c.image is not None
        and c.quality is not None
        and (minimum := floor.of(c.slot)) is not None
        and c.quality < minimum
    ]
    if low:
        found.append(LOW_QUALITY)
    if sum(1 for c in recording.captures if c.exception is not None) > MAX_EXCEPTIONS:
        found.append(EXCEPTIONS)
    if recording.eligibility is Eligibility.EARLY:
        found.append(EARLY)
    if replaces:
        found.append(CORRECTION)
    return tuple(found)


def rules_text(codes: tuple[str, ...] | list[str]) -> Text:
    """The rules as one line in both languages, e.g. for the approval dialog."""
    known = [RULES[c] for c in codes if c in RULES]
    return Text("; ".join(t.id for t in known), "; ".join(t.en for t in known))
