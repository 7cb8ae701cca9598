"""The biometric captures of a recording: the slots, and the rules a capture must meet.

`check_captures` turns the captures of a draft (`CaptureDraft`: the bytes the form holds or
a file gave, see `domain.draft`) into one `Capture` per slot, each an image checked by its
content or an exception with its reason, and reports every problem on its slot.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ektp_desk.domain.images import ImageError, ImageInfo, sniff
from ektp_desk.domain.problems import Problem, error

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


@dataclass(frozen=True, slots=True)
class CaptureDraft:
    """One slot as the clerk left it, not yet checked: an image's bytes (with its quality),
    or an exception's reason (with the bytes of its photo)."""

    image: bytes | None = None
    quality: int | None = None
    exception: str | None = None
    exception_photo: bytes | None = None


FileReader = Callable[[str], bytes]


def _sniffed(fld: str, data: bytes, problems: list[Problem]) -> ImageInfo | None:
    try:
        return sniff(data)
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


def _imaged(
    slot: str, fld: str, data: bytes, quality: int | None, problems: list[Problem]
) -> Capture | None:
    info = _sniffed(fld, data, problems)
    if info is None:
        return None
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
        slot, image=data, format=info.format, width=info.width, height=info.height,
        quality=quality,
    )  # fmt: skip


def _excepted(slot: str, fld: str, draft: CaptureDraft, problems: list[Problem]) -> Capture | None:
    reason = draft.exception or ""
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
    if not reason.strip():
        problems.append(
            error(
                fld,
                "exception_reason",
                "Pengecualian biometrik wajib menyebut alasannya.",
                "A biometric exception must give its reason.",
            )
        )
        return None
    info: ImageInfo | None = None
    if draft.exception_photo is not None:
        info = _sniffed(f"{fld}.photo", draft.exception_photo, problems)
        if info is None:
            return None
    return Capture(
        slot,
        exception=" ".join(reason.split()),
        exception_photo=draft.exception_photo if info else None,
        exception_photo_format=info.format if info else None,
    )


def check_captures(
    drafts: Mapping[str, CaptureDraft], *, reported: frozenset[str] = frozenset()
) -> tuple[list[Capture], list[Problem]]:
    """Every biometric slot, captured or excepted; a missing slot is an error on that slot,
    unless reading the draft already reported one on it or its group (`reported`)."""
    problems: list[Problem] = []
    captures: list[Capture] = []
    for slot in BIOMETRIC_SLOTS:
        fld = f"biometrics.{slot}"
        draft = drafts.get(slot)
        if draft is None or (draft.exception is None and draft.image is None):
            said = {"biometrics", fld, f"biometrics.{slot.split('.')[0]}"} & reported
            if not said and not any(f.startswith(fld + ".") for f in reported):
                problems.append(
                    error(
                        fld,
                        "capture_missing",
                        "Belum direkam dan tidak ada pengecualian.",
                        "Not captured and no exception given.",
                    )
                )
            continue
        if draft.exception is not None:
            capture = _excepted(slot, fld, draft, problems)
        else:
            assert draft.image is not None
            capture = _imaged(slot, fld, draft.image, draft.quality, problems)
        if capture is not None:
            captures.append(capture)
    return captures, problems
