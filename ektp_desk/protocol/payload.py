"""The full payload of a finalized recording: a ZIP of its biodata, manifest and images.

This is what gets sealed for the hub. Images are stored, not deflated (PNG and JPEG are
compressed already); the layout and timestamps are fixed so equal input gives equal bytes.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

from ektp_desk.domain.recording import Recording

PAYLOAD_VERSION = 1
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def _entry(zf: zipfile.ZipFile, name: str, data: bytes, *, compress: bool) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def capture_summary(recording: Recording) -> dict[str, dict[str, object]]:
    """Per slot what was captured, without the image: what the desk keeps in clear."""
    summary: dict[str, dict[str, object]] = {}
    for c in recording.captures:
        if c.exception is not None:
            summary[c.slot] = {"exception": c.exception}
            if c.exception_photo is not None:
                summary[c.slot]["photo"] = c.exception_photo_name
        else:
            summary[c.slot] = {
                "file": c.file_name,
                "format": c.format,
                "width": c.width,
                "height": c.height,
                "quality": c.quality,
                "size": len(c.image or b""),
            }
    return summary


def capture_qualities(recording: Recording) -> dict[str, object]:
    """Per slot its quality score (or None), or {"exception": reason}: the short form the
    desk's log keeps in clear."""
    return {
        c.slot: {"exception": c.exception} if c.exception is not None else c.quality
        for c in recording.captures
    }


def build_payload(
    recording: Recording,
    *,
    record_id: str,
    desk_id: str,
    operator: str,
    finalized_at: datetime,
    training: bool = False,
) -> bytes:
    """The payload's bytes. A training desk's recording carries `"training": true` in its
    manifest, which a production hub refuses."""
    manifest: dict[str, object] = {
        "version": PAYLOAD_VERSION,
        "record_id": record_id,
        "desk_id": desk_id,
        "operator": operator,
        "recorded_at": recording.recorded_at.isoformat(),
        "finalized_at": finalized_at.isoformat(),
        "eligibility": recording.eligibility.value,
        "age": recording.age,
        "biometrics": capture_summary(recording),
    }
    if training:
        manifest["training"] = True
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        _entry(zf, "manifest.json", json.dumps(manifest, sort_keys=True).encode(), compress=True)
        _entry(
            zf,
            "biodata.json",
            json.dumps(recording.biodata, sort_keys=True, ensure_ascii=False).encode(),
            compress=True,
        )
        for c in recording.captures:
            if c.image is not None:
                _entry(zf, c.file_name, c.image, compress=False)
            if c.exception_photo is not None:
                _entry(zf, c.exception_photo_name, c.exception_photo, compress=False)
    return buf.getvalue()
