"""The biometric captures of a recording: the slots, and the rules an item must meet.

`parse_captures` reads the `biometrics` object of a recording (the form's or a JSON
file's) into one `Capture` per slot, each an image checked by its content or an exception
with its reason, and reports every problem on its slot.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ektp_desk.domain.images import ImageError, ImageInfo, sniff
from ektp_desk.domain.problems import Problem, error, unknown_field

FINGERS = ("R1", "R2", "R3", "R4", "R5", "L1", "L2", "L3", "L4", "L5")
IRISES = ("R", "L")
BIOMETRIC_SLOTS = (
    "face",
    "signature",
    *(f"fingers.{f}" for f in FINGERS),
    *(f"iris.{i}" for i in IRISES),
)
FACE_MIN_WIDTH = 480
FACE_MIN_HEIGHT = 640


@dataclass(frozen=True, slots=True)
class Capture:
    """One biometric slot: an image with its quality, or an exception with its reason."""

    slot: str
    image: bytes | None = None
    format: str | None = None
    width: int = 0
    height: int = 0
    quality: int | None = None
    exception: str | None = None
    exception_photo: bytes | None = None
    exception_photo_format: str | None = None

    @property
    def exception_photo_name(self) -> str:
        ext = "png" if self.exception_photo_format == "png" else "jpg"
        return f"exceptions/{self.slot.replace('.', '_')}.{ext}"

    @property
    def file_name(self) -> str:
        ext = "png" if self.format == "png" else "jpg"
        return self.slot.replace(".", "/") + "." + ext


FileReader = Callable[[str], bytes]


def _load_image(
    fld: str, item: Mapping[str, object], *, read_file: FileReader | None, problems: list[Problem]
) -> tuple[bytes, ImageInfo] | None:
    """The image an item names by 'file' or holds as 'base64', checked by its content."""
    data: bytes
    if "file" in item:
        name = item["file"]
        if not isinstance(name, str) or read_file is None:
            problems.append(
                error(
                    fld,
                    "file_unreadable",
                    "Berkas gambar tidak dapat dibaca.",
                    "The image file cannot be read.",
                )
            )
            return None
        try:
            data = read_file(name)
        except OSError as exc:
            problems.append(
                error(
                    fld,
                    "file_unreadable",
                    f"Berkas gambar '{name}' tidak dapat dibaca ({exc.strerror or exc}).",
                    f"Image file '{name}' cannot be read ({exc.strerror or exc}).",
                )
            )
            return None
    else:
        encoded = item["base64"]
        try:
            if not isinstance(encoded, str):
                raise ValueError
            data = base64.b64decode(encoded, validate=True)
        except (ValueError, binascii.Error):
            problems.append(
                error(
                    fld,
                    "base64",
                    "Data base64 gambar tidak sah.",
                    "The image's base64 data is not valid.",
                )
            )
            return None
    try:
        info = sniff(data)
    except ImageError as exc:
        problems.append(
            error(
                fld,
                "image_content",
                f"Bukan gambar PNG atau JPEG yang utuh ({exc}).",
                f"Not a whole PNG or JPEG image ({exc}).",
            )
        )
        return None
    return data, info


def _capture(
    slot: str, item: object, *, read_file: FileReader | None, problems: list[Problem]
) -> Capture | None:
    fld = f"biometrics.{slot}"
    if not _well_formed(fld, item, problems):
        return None
    assert isinstance(item, Mapping)
    if "exception" in item:
        return _excepted(slot, fld, item, read_file=read_file, problems=problems)

    quality = item.get("quality")
    if quality is not None and (
        not isinstance(quality, int) or isinstance(quality, bool) or not 0 <= quality <= 100
    ):
        problems.append(
            error(
                fld,
                "quality_range",
                "Nilai kualitas harus bilangan bulat 0 sampai 100.",
                "Quality must be a whole number from 0 to 100.",
            )
        )
        return None

    loaded = _load_image(fld, item, read_file=read_file, problems=problems)
    if loaded is None:
        return None
    data, info = loaded
    if slot == "face" and (info.width < FACE_MIN_WIDTH or info.height < FACE_MIN_HEIGHT):
        problems.append(
            error(
                fld,
                "face_too_small",
                f"Foto wajah {info.width}x{info.height} terlalu kecil "
                f"(paling kecil {FACE_MIN_WIDTH}x{FACE_MIN_HEIGHT}).",
                f"Face photo {info.width}x{info.height} is too small "
                f"(at least {FACE_MIN_WIDTH}x{FACE_MIN_HEIGHT}).",
            )
        )
        return None
    return Capture(
        slot,
        image=data,
        format=info.format,
        width=info.width,
        height=info.height,
        quality=quality,
    )


def _well_formed(fld: str, item: object, problems: list[Problem]) -> bool:
    """An object with exactly one source; a photo only beside an exception."""
    if not isinstance(item, Mapping):
        problems.append(
            error(
                fld,
                "biometric_format",
                "Isi biometrik harus berupa objek dengan 'file', 'base64' atau 'exception'.",
                "A biometric item must be an object with 'file', 'base64' or 'exception'.",
            )
        )
        return False
    unknown = set(item) - {"file", "base64", "quality", "exception", "photo"}
    sources = [k for k in ("file", "base64", "exception") if k in item]
    if unknown or len(sources) != 1 or ("photo" in item and "exception" not in item):
        problems.append(
            error(
                fld,
                "biometric_format",
                "Isi biometrik harus memuat tepat satu dari 'file', 'base64', 'exception' "
                "(boleh ditambah 'quality', atau 'photo' untuk pengecualian).",
                "A biometric item must hold exactly one of 'file', 'base64', 'exception' "
                "(with an optional 'quality', or a 'photo' of the exception).",
            )
        )
        return False
    return True


def _excepted(
    slot: str,
    fld: str,
    item: Mapping[str, object],
    *,
    read_file: FileReader | None,
    problems: list[Problem],
) -> Capture | None:
    reason = item["exception"]
    if slot in ("face", "signature"):
        problems.append(
            error(
                fld,
                "exception_not_allowed",
                "Foto wajah dan tanda tangan tidak boleh dikecualikan.",
                "The face photo and the signature cannot be excepted.",
            )
        )
        return None
    if not isinstance(reason, str) or not reason.strip():
        problems.append(
            error(
                fld,
                "exception_reason",
                "Pengecualian biometrik wajib menyebut alasannya.",
                "A biometric exception must give its reason.",
            )
        )
        return None
    photo: tuple[bytes, ImageInfo] | None = None
    if "photo" in item:
        photo_item = item["photo"]
        if not isinstance(photo_item, Mapping):
            problems.append(
                error(
                    f"{fld}.photo",
                    "biometric_format",
                    "Foto pengecualian harus berupa objek dengan 'file' atau 'base64'.",
                    "An exception photo must be an object with 'file' or 'base64'.",
                )
            )
            return None
        photo = _load_image(f"{fld}.photo", photo_item, read_file=read_file, problems=problems)
        if photo is None:
            return None
    return Capture(
        slot,
        exception=" ".join(reason.split()),
        exception_photo=photo[0] if photo else None,
        exception_photo_format=photo[1].format if photo else None,
    )


def parse_captures(
    raw: object, *, read_file: FileReader | None
) -> tuple[list[Capture], list[Problem]]:
    """Every biometric slot, captured or excepted; a missing slot is an error on that slot."""
    problems: list[Problem] = []
    if not isinstance(raw, Mapping):
        problems.append(
            error(
                "biometrics",
                "required",
                "Data biometrik (wajah, tanda tangan, sidik jari, iris) wajib ada.",
                "Biometrics (face, signature, fingerprints, irises) are required.",
            )
        )
        return [], problems
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
    captures: list[Capture] = []
    reported = {p.field for p in problems}
    for slot in BIOMETRIC_SLOTS:
        if slot not in items:
            if f"biometrics.{slot.split('.')[0]}" not in reported:
                problems.append(
                    error(
                        f"biometrics.{slot}",
                        "capture_missing",
                        "Belum direkam dan tidak ada pengecualian.",
                        "Not captured and no exception given.",
                    )
                )
            continue
        capture = _capture(slot, items[slot], read_file=read_file, problems=problems)
        if capture is not None:
            captures.append(capture)
    return captures, problems
