"""The recording draft: what the form holds, or a JSON file gave, before it is checked.

The form builds a `RecordingDraft` from its fields and the capture bytes it already has;
`ektp-desk record add` (and the demo) builds the same draft from a JSON recording with
`read_draft`, which loads each image the JSON names by 'file' or holds as 'base64' and
reports what is malformed on its field. `domain.recording.build_recording` checks a draft.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field

from ektp_desk.domain.captures import FINGERS, IRISES, CaptureDraft, FileReader
from ektp_desk.domain.problems import Problem, error, unknown_field


@dataclass(frozen=True, slots=True)
class RecordingDraft:
    """A recording not yet checked: the biodata fields and `recorded_at` as given (text,
    keyed as in the JSON format), the captures by slot ("face", "fingers.R1", ...), and
    what reading it from a file found wrong."""

    fields: Mapping[str, object]
    captures: Mapping[str, CaptureDraft] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def _bytes(fld: str, item: Mapping[str, object], read_file: FileReader | None) -> bytes | Problem:
    """The image an item names by 'file' or holds as 'base64'."""
    if "file" in item:
        name = item["file"]
        if not isinstance(name, str) or read_file is None:
            return error(
                fld, "file_unreadable", "Berkas gambar tidak dapat dibaca.",
                "The image file cannot be read.",
            )  # fmt: skip
        try:
            return read_file(name)
        except OSError as exc:
            return error(
                fld,
                "file_unreadable",
                f"Berkas gambar '{name}' tidak dapat dibaca ({exc.strerror or exc}).",
                f"Image file '{name}' cannot be read ({exc.strerror or exc}).",
            )
    encoded = item["base64"]
    try:
        if not isinstance(encoded, str):
            raise ValueError
        return base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        return error(
            fld, "base64", "Data base64 gambar tidak sah.", "The image's base64 data is not valid."
        )


def _well_formed(fld: str, item: object) -> Problem | None:
    """An object with exactly one source; a photo only beside an exception."""
    if not isinstance(item, Mapping):
        return error(
            fld,
            "biometric_format",
            "Isi biometrik harus berupa objek dengan 'file', 'base64' atau 'exception'.",
            "A biometric item must be an object with 'file', 'base64' or 'exception'.",
        )
    unknown = set(item) - {"file", "base64", "quality", "exception", "photo"}
    sources = [k for k in ("file", "base64", "exception") if k in item]
    if unknown or len(sources) != 1 or ("photo" in item and "exception" not in item):
        return error(
            fld,
            "biometric_format",
            "Isi biometrik harus memuat tepat satu dari 'file', 'base64', 'exception' "
            "(boleh ditambah 'quality', atau 'photo' untuk pengecualian).",
            "A biometric item must hold exactly one of 'file', 'base64', 'exception' "
            "(with an optional 'quality', or a 'photo' of the exception).",
        )
    return None


def _excepted(
    fld: str, item: Mapping[str, object], read_file: FileReader | None
) -> CaptureDraft | Problem:
    reason = item["exception"]
    photo: bytes | None = None
    if "photo" in item:
        photo_item = item["photo"]
        if not isinstance(photo_item, Mapping) or (
            len([k for k in ("file", "base64") if k in photo_item]) != 1
        ):
            return error(
                f"{fld}.photo",
                "biometric_format",
                "Foto pengecualian harus berupa objek dengan 'file' atau 'base64'.",
                "An exception photo must be an object with 'file' or 'base64'.",
            )
        loaded = _bytes(f"{fld}.photo", photo_item, read_file)
        if isinstance(loaded, Problem):
            return loaded
        photo = loaded
    # A reason that is not text is no reason: the check says so on the slot.
    return CaptureDraft(exception=reason if isinstance(reason, str) else "", exception_photo=photo)


def _capture(slot: str, item: object, read_file: FileReader | None) -> CaptureDraft | Problem:
    fld = f"biometrics.{slot}"
    wrong = _well_formed(fld, item)
    if wrong is not None:
        return wrong
    assert isinstance(item, Mapping)
    if "exception" in item:
        return _excepted(fld, item, read_file)
    quality = item.get("quality")
    if quality is not None and (
        not isinstance(quality, int) or isinstance(quality, bool) or not 0 <= quality <= 100
    ):
        return error(
            fld,
            "quality_range",
            "Nilai kualitas harus bilangan bulat 0 sampai 100.",
            "Quality must be a whole number from 0 to 100.",
        )
    loaded = _bytes(fld, item, read_file)
    if isinstance(loaded, Problem):
        return loaded
    return CaptureDraft(image=loaded, quality=quality)


def _slot_items(raw: Mapping[str, object], problems: list[Problem]) -> dict[str, object]:
    """The JSON's items by slot name, its groups ("fingers", "iris") opened."""
    items: dict[str, object] = {}
    for key, value in raw.items():
        if key in ("fingers", "iris"):
            names = FINGERS if key == "fingers" else IRISES
            if not isinstance(value, Mapping):
                problems.append(
                    error(
                        f"biometrics.{key}",
                        "biometric_format",
                        f"'{key}' harus berupa objek per slot ({', '.join(names)}).",
                        f"'{key}' must be an object keyed by slot ({', '.join(names)}).",
                    )
                )
                continue
            for sub, item in value.items():
                if sub not in names:
                    problems.append(unknown_field(f"biometrics.{key}.{sub}"))
                else:
                    items[f"{key}.{sub}"] = item
        elif key in ("face", "signature"):
            items[key] = value
        else:
            problems.append(unknown_field(f"biometrics.{key}"))
    return items


def read_draft(raw: object, *, read_file: FileReader | None = None) -> RecordingDraft:
    """A draft from a JSON recording; images named by 'file' are read with `read_file`
    (none given: a 'file' cannot be read, only 'base64' is)."""
    if not isinstance(raw, Mapping):
        return RecordingDraft(
            fields={},
            problems=(
                error(
                    "recording", "not_an_object", "Data perekaman harus berupa objek JSON.",
                    "A recording must be a JSON object.",
                ),
            ),
        )  # fmt: skip
    fields = {str(k): v for k, v in raw.items() if k != "biometrics"}
    biometrics = raw.get("biometrics")
    problems: list[Problem] = []
    if not isinstance(biometrics, Mapping):
        problems.append(
            error(
                "biometrics",
                "required",
                "Data biometrik (wajah, tanda tangan, sidik jari, iris) wajib ada.",
                "Biometrics (face, signature, fingerprints, irises) are required.",
            )
        )
        return RecordingDraft(fields=fields, problems=tuple(problems))
    captures: dict[str, CaptureDraft] = {}
    for slot, item in _slot_items(biometrics, problems).items():
        read = _capture(slot, item, read_file)
        if isinstance(read, Problem):
            problems.append(read)
        else:
            captures[slot] = read
    return RecordingDraft(fields=fields, captures=captures, problems=tuple(problems))
