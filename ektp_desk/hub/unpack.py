"""Opening a recording's payload (the ZIP inside a sealed envelope) under caps: how many
files, how far each file and all of them may inflate, how big and deep its JSON may be.
Every file is inflated in a stream that stops at its cap, so a payload of a megabyte that
inflates to a gigabyte is refused after reading at most the cap, never held whole."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from ektp_desk.domain.boundedjson import JsonLimitError, loads
from ektp_desk.hub.limits import HubLimits, setting

JSON_FILES = ("manifest.json", "biodata.json")
# The end-of-central-directory record, as zipfile finds it: at the very end, or followed
# by a comment of at most 64 KiB.
_EOCD = struct.Struct("<4s4H2LH")
_EOCD_MAGIC = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
# Room per file in the central directory (46 bytes and the name): bounds what zipfile
# parses before any file count can be checked.
_DIRECTORY_BYTES_PER_FILE = 512


class ContentError(ValueError):
    """A payload that is not a recording the hub can take; the message says why."""


@dataclass(frozen=True, slots=True)
class OpenedRecord:
    manifest: dict[str, object]
    biodata: dict[str, str]
    files: dict[str, int]  # every file but the two JSON ones: its inflated size
    data: Mapping[str, bytes] = field(default_factory=dict, repr=False)  # and its bytes


def _check_directory(payload: bytes, limits: HubLimits) -> None:
    """Refuse, before zipfile parses it, a central directory larger than the file cap
    allows (or a ZIP64 one, which no desk writes)."""
    if len(payload) < _EOCD.size:
        raise ContentError("the payload is not a recording (too short to be a ZIP)")
    start = len(payload) - _EOCD.size
    if payload[start : start + 4] != _EOCD_MAGIC:
        start = payload.rfind(_EOCD_MAGIC, max(0, start - 0xFFFF))
        if start < 0:
            raise ContentError("the payload is not a recording (not a ZIP)")
    _, _, _, _, count, directory_size, _, _ = _EOCD.unpack_from(payload, start)
    if payload[max(0, start - 20) : max(0, start - 16)] == _ZIP64_LOCATOR:
        raise ContentError("the payload is a ZIP64 archive, which no desk writes")
    cap = limits.max_payload_files
    if count > cap or directory_size > cap * _DIRECTORY_BYTES_PER_FILE:
        raise ContentError(
            f"the payload holds {count} files, more than the limit of {cap}"
            f" ({setting('max_payload_files')})"
        )


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, cap_name: str) -> bytes:
    """One file's bytes, refused when it passes `cap`. zipfile inflates a file only up to
    the size its directory entry declares, which is checked against the cap first, and
    the read asks for one byte past the cap at most: a file never holds more than that in
    memory, whatever its stream claims. (One read, not a loop of small ones: most files
    of a recording are small, and the loop's calls were a good part of the hub's cost.)"""
    if info.file_size > cap:
        raise _past_cap(info, cap, cap_name)
    with zf.open(info) as f:
        data = f.read(cap + 1)
    if len(data) > cap:
        raise _past_cap(info, cap, cap_name)
    return data


def _past_cap(info: zipfile.ZipInfo, cap: int, cap_name: str) -> ContentError:
    return ContentError(
        f"{info.filename} in the payload inflates past the limit of {cap} bytes"
        f" ({setting(cap_name)})"
    )


def read_payload(payload: bytes, limits: HubLimits | None = None) -> OpenedRecord:
    """The payload's manifest, biodata and files; raises ContentError when it is damaged,
    not a recording, or passes a cap."""
    limits = limits or HubLimits()
    _check_directory(payload, limits)
    contents: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as zf:
            infos = zf.infolist()
            if len(infos) > limits.max_payload_files:
                raise ContentError(
                    f"the payload holds {len(infos)} files, more than the limit of "
                    f"{limits.max_payload_files} ({setting('max_payload_files')})"
                )
            if len({i.filename for i in infos}) != len(infos):
                raise ContentError("the payload holds a file name twice")
            budget = limits.max_payload_bytes
            for info in infos:
                if info.flag_bits & 0x1:
                    raise ContentError(f"{info.filename} in the payload is encrypted")
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise ContentError(f"{info.filename} in the payload uses an unknown method")
                if info.filename in JSON_FILES:
                    cap, cap_name = limits.max_json_bytes, "max_json_bytes"
                else:
                    cap, cap_name = limits.max_payload_entry_bytes, "max_payload_entry_bytes"
                if budget < cap:
                    cap, cap_name = budget, "max_payload_bytes"
                contents[info.filename] = data = _inflate(zf, info, cap, cap_name)
                budget -= len(data)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # What zipfile raises for a damaged archive (a bad CRC, a cut-short stream, ...).
        raise ContentError(f"the payload is not a recording ({exc})") from None
    parsed: list[object] = []
    for name in JSON_FILES:
        if name not in contents:
            raise ContentError(f"the payload is not a recording (no {name})")
        try:
            parsed.append(
                loads(
                    contents.pop(name),
                    max_bytes=limits.max_json_bytes,
                    max_depth=limits.max_json_depth,
                    what=f"{name} in the payload",
                    size_setting=setting("max_json_bytes"),
                    depth_setting=setting("max_json_depth"),
                )
            )
        except JsonLimitError as exc:
            raise ContentError(str(exc)) from None
    manifest, biodata = parsed
    if not isinstance(manifest, dict) or not isinstance(biodata, dict):
        raise ContentError("the payload is not a recording")
    return OpenedRecord(
        manifest, biodata, {name: len(data) for name, data in contents.items()}, contents
    )
