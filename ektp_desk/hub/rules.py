"""What the hub requires of a record's content before it takes it: a NIK of ASCII digits,
dates that KTP-el could have produced (not before it began, not after the hub's clock plus
the drift allowance), and every mandatory capture present as a whole image of the kind its
manifest declares, or, for fingers and irises, an exception with its reason.

A kelurahan outside the desk's kecamatan or province is allowed (a resident may record at
another office); the record counts in the recording desk's kecamatan."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from ektp_desk.domain.captures import (
    BIOMETRIC_SLOTS,
    FACE_MIN_HEIGHT,
    FACE_MIN_WIDTH,
    Capture,
)
from ektp_desk.domain.images import ImageError, sniff
from ektp_desk.hub.limits import HubLimits, setting
from ektp_desk.hub.unpack import ContentError, OpenedRecord
from ektp_desk.protocol.wire import ManifestEntry

# A desk's local date may run ahead of UTC by its zone's offset; WIT (UTC+9) is
# Indonesia's easternmost.
LATEST_OFFSET = timedelta(hours=9)
NOT_EXCEPTABLE = ("face", "signature")


def ascii_nik(value: object) -> bool:
    """Sixteen ASCII digits (str.isdigit alone also takes full-width and other digits)."""
    return isinstance(value, str) and len(value) == 16 and value.isascii() and value.isdigit()


def _bounds(what: str, limits: HubLimits) -> str:
    return (
        f"{what} must be from {limits.earliest_date.isoformat()} ({setting('earliest_date')}) "
        f"up to the hub's clock plus {limits.clock_drift_minutes} minutes "
        f"({setting('clock_drift_minutes')})"
    )


def check_date(what: str, value: object, *, now: datetime, limits: HubLimits) -> date:
    """A calendar date YYYY-MM-DD within the bounds; raises ContentError naming `what`."""
    try:
        if not isinstance(value, str) or len(value) != 10 or not value.isascii():
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise ContentError(f"{what} {str(value)[:40]!r} is not a date YYYY-MM-DD") from None
    latest = (now.astimezone(UTC) + limits.clock_drift + LATEST_OFFSET).date()
    if not limits.earliest_date <= day <= latest:
        raise ContentError(f"{what} {value} is out of range: {_bounds(what, limits)}")
    return day


def check_moment(what: str, value: object, *, now: datetime, limits: HubLimits) -> datetime:
    """An ISO 8601 time with its offset, within the bounds; raises ContentError."""
    try:
        if not isinstance(value, str) or len(value) > 40 or not value.isascii():
            raise ValueError
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ContentError(
            f"{what} {str(value)[:40]!r} is not an ISO 8601 time with its offset"
        ) from None
    if moment.utcoffset() is None:
        raise ContentError(f"{what} {value} has no offset (such as +00:00)")
    if moment.date() < limits.earliest_date or moment > now + limits.clock_drift:
        raise ContentError(f"{what} {value} is out of range: {_bounds(what, limits)}")
    return moment


def check_entry(entry: ManifestEntry, *, now: datetime, limits: HubLimits) -> None:
    """The batch manifest's own fields for one record."""
    if not ascii_nik(entry.nik):
        raise ContentError("the NIK must be 16 ASCII digits")
    check_date("recorded_on", entry.recorded_on, now=now, limits=limits)
    check_moment("finalized_at", entry.finalized_at, now=now, limits=limits)


def _image(slot: str, name: object, kind: object, opened: OpenedRecord) -> tuple[int, int]:
    data = opened.data.get(name) if isinstance(name, str) else None
    if data is None:
        raise ContentError(f"capture {slot}: its image {str(name)[:60]!r} is not in the payload")
    try:
        info = sniff(data)
    except ImageError as exc:
        raise ContentError(f"capture {slot}: {name} is not a whole PNG or JPEG ({exc})") from None
    if kind is not None and info.format != kind:
        raise ContentError(f"capture {slot}: {name} is a {info.format} image, not {kind}")
    return info.width, info.height


def check_captures(opened: OpenedRecord) -> None:
    """Every slot of a recording, as the desk's `capture_summary` lists it in the sealed
    manifest, backed by the image it names."""
    summary = opened.manifest.get("biometrics")
    if not isinstance(summary, Mapping):
        raise ContentError("the sealed manifest lists no captures")
    for slot in BIOMETRIC_SLOTS:
        item = summary.get(slot)
        if not isinstance(item, Mapping):
            raise ContentError(f"capture {slot} is missing")
        if "exception" in item:
            reason = item["exception"]
            if slot in NOT_EXCEPTABLE:
                raise ContentError(f"capture {slot} cannot be excepted; it must be an image")
            if not isinstance(reason, str) or not reason.strip():
                raise ContentError(f"capture {slot}: an exception without its reason")
            if item.get("photo") is not None:
                _image(slot, item["photo"], None, opened)
            continue
        kind = item.get("format")
        if kind not in ("png", "jpeg"):
            raise ContentError(f"capture {slot}: format {str(kind)[:20]!r} is not png or jpeg")
        expected = Capture(slot, format=kind).file_name
        if item.get("file") != expected:
            raise ContentError(f"capture {slot}: its image must be {expected}")
        width, height = _image(slot, expected, kind, opened)
        if (item.get("width"), item.get("height")) != (width, height):
            raise ContentError(
                f"capture {slot}: {expected} is {width}x{height}, not the size declared"
            )
        if slot == "face" and (width < FACE_MIN_WIDTH or height < FACE_MIN_HEIGHT):
            raise ContentError(
                f"capture face: {width}x{height} is smaller than {FACE_MIN_WIDTH}x{FACE_MIN_HEIGHT}"
            )


def check_content(opened: OpenedRecord, *, now: datetime, limits: HubLimits) -> None:
    """The sealed record's rules besides its identity (record, desk, NIK, kelurahan), which
    the ingest checks itself, and its batch entry's (`check_entry`, checked before the
    envelope is opened); raises ContentError with the reason the desk is shown."""
    if not ascii_nik(opened.biodata.get("nik")):
        raise ContentError("the NIK in the biodata must be 16 ASCII digits")
    for name in ("recorded_at", "finalized_at"):
        check_moment(f"the sealed {name}", opened.manifest.get(name), now=now, limits=limits)
    check_captures(opened)
