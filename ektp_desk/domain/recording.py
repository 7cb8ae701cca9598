"""The recording: biodata as printed on the KTP-el plus the biometric captures.

`build_recording` turns a draft (`domain.draft`: what a clerk typed and captured in the
form, or a JSON file gave the CLI) into a validated `Recording`, reporting every problem
at once, each on its field. The biodata's rules live in `biodata`, the captures' in
`captures`; the names the desk uses to build a recording are all importable from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from ektp_desk.domain.biodata import BIODATA_FIELDS, DeskContext, normalize_biodata
from ektp_desk.domain.captures import Capture, FileReader, check_captures
from ektp_desk.domain.draft import RecordingDraft, read_draft
from ektp_desk.domain.eligibility import Eligibility, eligibility, refusal
from ektp_desk.domain.problems import Problem, error, errors_in, unknown_field, warning

__all__ = [
    "DeskContext",
    "FileReader",
    "Recording",
    "RecordingDraft",
    "build_recording",
    "file_reader",
    "normalize_biodata",
    "parse_recorded_at",
    "read_draft",
]

MAX_FUTURE_SKEW = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Recording:
    """A validated recording, ready to be finalized (given its id) and saved."""

    biodata: dict[str, str]
    recorded_at: datetime
    local_date: date
    age: int
    eligibility: Eligibility
    captures: tuple[Capture, ...]
    warnings: tuple[Problem, ...] = ()

    @property
    def nik(self) -> str:
        return self.biodata["nik"]


def parse_recorded_at(raw: object, *, now: datetime, problems: list[Problem]) -> datetime | None:
    if raw is None:
        return now
    try:
        if not isinstance(raw, str):
            raise ValueError
        when = datetime.fromisoformat(raw)
    except ValueError:
        problems.append(
            error(
                "recorded_at",
                "datetime_format",
                "Waktu perekaman harus ISO 8601 dengan zona waktu, mis. 2026-11-28T09:15:00+08:00.",
                "The recording time must be ISO 8601 with an offset, "
                "e.g. 2026-11-28T09:15:00+08:00.",
            )
        )
        return None
    if when.tzinfo is None or when.utcoffset() is None:
        problems.append(
            error(
                "recorded_at",
                "datetime_offset",
                "Waktu perekaman harus menyebut zona waktunya (mis. +08:00).",
                "The recording time must include its offset (e.g. +08:00).",
            )
        )
        return None
    if when > now + MAX_FUTURE_SKEW:
        problems.append(
            error(
                "recorded_at",
                "future_time",
                "Waktu perekaman ada di masa depan; periksa jam komputer.",
                "The recording time is in the future; check the computer's clock.",
            )
        )
        return None
    return when


def build_recording(
    draft: RecordingDraft | object,
    *,
    context: DeskContext,
    now: datetime,
) -> tuple[Recording | None, list[Problem]]:
    """Validate one recording: a draft, or a JSON recording (its images as base64).

    Returns the recording (None when any error was found) and every problem, errors and
    warnings, each naming its field.
    """
    if not isinstance(draft, RecordingDraft):
        draft = read_draft(draft)
    if any(p.code == "not_an_object" for p in draft.problems):
        return None, list(draft.problems)
    raw = draft.fields
    problems: list[Problem] = []
    allowed = {*BIODATA_FIELDS, "recorded_at"}
    for key in raw:
        if key not in allowed:
            problems.append(unknown_field(str(key)))
    recorded_at = parse_recorded_at(raw.get("recorded_at"), now=now, problems=problems)
    reference = (recorded_at or now).astimezone(context.timezone).date()
    biodata, nik, found = normalize_biodata(raw, context=context, reference=reference)
    problems.extend(found)
    status, age = _eligibility(biodata, reference, problems)

    problems.extend(draft.problems)
    captures, capture_problems = check_captures(
        draft.captures, reported=frozenset(p.field for p in draft.problems)
    )
    problems.extend(capture_problems)

    if errors_in(problems) or recorded_at is None or nik is None:
        return None, problems
    return (
        Recording(
            biodata=biodata,
            recorded_at=recorded_at,
            local_date=reference,
            age=age,
            eligibility=status,
            captures=tuple(captures),
            warnings=tuple(problems),
        ),
        problems,
    )


def _eligibility(
    biodata: Mapping[str, str], reference: date, problems: list[Problem]
) -> tuple[Eligibility, int]:
    """Who may record on the reference date: a refusal is an error, an early one a warning."""
    if "tanggal_lahir" not in biodata or "status_perkawinan" not in biodata:
        return Eligibility.NOT_ELIGIBLE, 0
    status, age = eligibility(
        date.fromisoformat(biodata["tanggal_lahir"]), biodata["status_perkawinan"], reference
    )
    if status is Eligibility.NOT_ELIGIBLE:
        problems.append(refusal(age))
    elif status is Eligibility.EARLY:
        problems.append(
            warning(
                "tanggal_lahir",
                "early_recording",
                f"Perekaman awal: umur {age} tahun, KTP-el berlaku mulai umur 17.",
                f"Early recording: aged {age}; the KTP-el applies from age 17.",
            )
        )
    return status, age


def file_reader(base_dir: Path) -> FileReader:
    """Reads biometric files named relative to the JSON file that names them."""

    def read(name: str) -> bytes:
        return (base_dir / name).read_bytes()

    return read
