"""The recording: biodata as printed on the KTP-el plus the biometric captures, and its rules.

`build_recording` turns what a clerk typed (the form) or a JSON file gave (the CLI) into a
validated `Recording`, reporting every problem at once, each on its field.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ektp_desk.domain import vocab
from ektp_desk.domain.eligibility import Eligibility, eligibility, refusal
from ektp_desk.domain.images import ImageError, ImageInfo, sniff
from ektp_desk.domain.nik import Nik, NikError, parse_nik
from ektp_desk.domain.problems import Problem, error, errors_in, warning
from ektp_desk.domain.regions import Level, RegionList, regions

BIODATA_FIELDS = (
    "nik",
    "no_kk",
    "nama",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "golongan_darah",
    "alamat",
    "rt",
    "rw",
    "kelurahan",
    "agama",
    "status_perkawinan",
    "pekerjaan",
    "kewarganegaraan",
)
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
MAX_FUTURE_SKEW = timedelta(minutes=5)

_LABELS = {
    "nik": ("NIK", "NIK"),
    "no_kk": ("Nomor KK", "Family card number"),
    "nama": ("Nama", "Name"),
    "tempat_lahir": ("Tempat lahir", "Place of birth"),
    "tanggal_lahir": ("Tanggal lahir", "Date of birth"),
    "jenis_kelamin": ("Jenis kelamin", "Sex"),
    "golongan_darah": ("Golongan darah", "Blood type"),
    "alamat": ("Alamat", "Address"),
    "rt": ("RT", "RT"),
    "rw": ("RW", "RW"),
    "kelurahan": ("Kelurahan/desa", "Kelurahan/village"),
    "agama": ("Agama", "Religion"),
    "status_perkawinan": ("Status perkawinan", "Marital status"),
    "pekerjaan": ("Pekerjaan", "Occupation"),
    "kewarganegaraan": ("Kewarganegaraan", "Citizenship"),
    "recorded_at": ("Waktu perekaman", "Recording time"),
}
_MAX_LENGTH = {"nama": 80, "tempat_lahir": 60, "alamat": 150}
_NAME_RE = re.compile(r"^[A-Z][A-Z .,'-]*$")


@dataclass(frozen=True, slots=True)
class DeskContext:
    """What validation needs to know about the desk it runs on."""

    kecamatan: str
    timezone: ZoneInfo
    region_list: RegionList = field(default_factory=regions)


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


def label(field_name: str) -> tuple[str, str]:
    return _LABELS.get(field_name, (field_name, field_name))


def _required(name: str) -> Problem:
    id_label, en_label = label(name)
    return error(name, "required", f"{id_label} wajib diisi.", f"{en_label} is required.")


def _not_in_list(name: str, value: str) -> Problem:
    id_label, en_label = label(name)
    return error(
        name,
        "not_in_list",
        f"{id_label} '{value}' tidak ada dalam daftar yang berlaku.",
        f"{en_label} '{value}' is not one of the allowed values.",
    )


def _clean_text(raw: Mapping[str, object], name: str, problems: list[Problem]) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        id_label, en_label = label(name)
        problems.append(
            error(name, "type", f"{id_label} harus berupa teks.", f"{en_label} must be text.")
        )
        return None
    text = " ".join(value.split())
    return text or None


def _parse_date(name: str, text: str, problems: list[Problem]) -> date | None:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        id_label, en_label = label(name)
        problems.append(
            error(
                name,
                "date_format",
                f"{id_label} '{text}' bukan tanggal yang sah (format TTTT-BB-HH).",
                f"{en_label} '{text}' is not a valid date (format YYYY-MM-DD).",
            )
        )
        return None


def normalize_biodata(
    raw: Mapping[str, object],
    *,
    context: DeskContext,
    reference: date,
    required: tuple[str, ...] = BIODATA_FIELDS,
) -> tuple[dict[str, str], Nik | None, list[Problem]]:
    """Canonical biodata (as printed, upper case) and every problem found in it.

    Fields missing from `required` may be absent; those present are still checked. The
    NIK's sex and date of birth fill the biodata's when those are absent.
    """
    problems: list[Problem] = []
    out: dict[str, str] = {}
    texts = {name: _clean_text(raw, name, problems) for name in BIODATA_FIELDS}

    for name in ("nama", "tempat_lahir", "alamat"):
        text = texts[name]
        if text is None:
            continue
        text = text.upper()
        id_label, en_label = label(name)
        if len(text) > _MAX_LENGTH[name]:
            problems.append(
                error(
                    name,
                    "too_long",
                    f"{id_label} terlalu panjang (paling banyak {_MAX_LENGTH[name]} karakter).",
                    f"{en_label} is too long (at most {_MAX_LENGTH[name]} characters).",
                )
            )
            continue
        if name == "nama" and not _NAME_RE.match(text):
            problems.append(
                error(
                    name,
                    "name_characters",
                    "Nama hanya boleh berisi huruf, spasi, titik, koma, tanda petik dan "
                    "tanda hubung.",
                    "A name may hold only letters, spaces, full stops, commas, apostrophes "
                    "and hyphens.",
                )
            )
            continue
        out[name] = text

    birth: date | None = None
    if texts["tanggal_lahir"] is not None:
        birth = _parse_date("tanggal_lahir", texts["tanggal_lahir"], problems)
        if birth is not None and birth > reference:
            problems.append(
                error(
                    "tanggal_lahir",
                    "future_date",
                    "Tanggal lahir tidak boleh sesudah tanggal perekaman.",
                    "The date of birth cannot be after the recording date.",
                )
            )
            birth = None
        if birth is not None:
            out["tanggal_lahir"] = birth.isoformat()

    nik: Nik | None = None
    if texts["nik"] is not None:
        try:
            nik = parse_nik(
                texts["nik"],
                reference=reference,
                known_birth_date=birth,
                region_list=context.region_list,
            )
            out["nik"] = nik.value
            problems.extend(nik.warnings)
        except NikError as exc:
            problems.append(exc.problem)

    if texts["no_kk"] is not None:
        kk = texts["no_kk"]
        if len(kk) != 16 or not kk.isascii() or not kk.isdigit() or kk == "0" * 16:
            problems.append(
                error(
                    "no_kk",
                    "kk_format",
                    "Nomor KK harus tepat 16 angka.",
                    "The family card number must be exactly 16 digits.",
                )
            )
        else:
            out["no_kk"] = kk

    for name in vocab.VOCABULARIES:
        text = texts[name]
        if text is None:
            continue
        value = vocab.canonical(name, text)
        if value is None:
            problems.append(_not_in_list(name, text))
        else:
            out[name] = value

    for name in ("rt", "rw"):
        text = texts[name]
        if text is None:
            continue
        if not (text.isascii() and text.isdigit() and 1 <= len(text) <= 3 and int(text) > 0):
            problems.append(
                error(
                    name,
                    "rt_rw_format",
                    f"{name.upper()} harus angka 1 sampai 999.",
                    f"{name.upper()} must be a number from 1 to 999.",
                )
            )
        else:
            out[name] = f"{int(text):03d}"

    if texts["kelurahan"] is not None:
        code = texts["kelurahan"]
        region = context.region_list.get(code)
        if region is None or region.level is not Level.KELURAHAN:
            problems.append(
                error(
                    "kelurahan",
                    "kelurahan_unknown",
                    f"Kode kelurahan/desa '{code}' tidak dikenal (contoh: 72.71.02.1007).",
                    f"Kelurahan/village code '{code}' is unknown (for example 72.71.02.1007).",
                )
            )
        else:
            out["kelurahan"] = code
            if not code.startswith(context.kecamatan + "."):
                problems.append(
                    warning(
                        "kelurahan",
                        "kelurahan_elsewhere",
                        f"Kelurahan/desa {code} ({region.name}) bukan bagian kecamatan desk ini "
                        f"({context.kecamatan}).",
                        f"Kelurahan/village {code} ({region.name}) is outside this desk's "
                        f"kecamatan ({context.kecamatan}).",
                    )
                )

    if nik is not None:
        _cross_check(nik, out, problems)
        out.setdefault("jenis_kelamin", nik.sex)
        out.setdefault("tanggal_lahir", nik.birth_date.isoformat())
    if "golongan_darah" not in out and "golongan_darah" not in {p.field for p in problems}:
        out["golongan_darah"] = "-"

    reported = {p.field for p in problems if p.is_error}
    for name in required:
        if name not in out and name not in reported:
            problems.append(_required(name))
    return out, nik, problems


def _cross_check(nik: Nik, biodata: dict[str, str], problems: list[Problem]) -> None:
    sex = biodata.get("jenis_kelamin")
    if sex is not None and sex != nik.sex:
        problems.append(
            error(
                "jenis_kelamin",
                "nik_sex_mismatch",
                f"Jenis kelamin {sex} tidak sesuai NIK (NIK menunjukkan {nik.sex}).",
                f"Sex {sex} does not match the NIK (the NIK says {nik.sex}).",
            )
        )
    birth_text = biodata.get("tanggal_lahir")
    if birth_text is not None and birth_text != nik.birth_date.isoformat():
        problems.append(
            error(
                "tanggal_lahir",
                "nik_birth_mismatch",
                f"Tanggal lahir {birth_text} tidak sesuai NIK "
                f"(NIK menunjukkan {nik.birth_date:%d-%m-%y}).",
                f"Date of birth {birth_text} does not match the NIK "
                f"(the NIK says {nik.birth_date:%d-%m-%y}).",
            )
        )


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
    if not isinstance(item, Mapping):
        problems.append(
            error(
                fld,
                "biometric_format",
                "Isi biometrik harus berupa objek dengan 'file', 'base64' atau 'exception'.",
                "A biometric item must be an object with 'file', 'base64' or 'exception'.",
            )
        )
        return None
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
        return None
    if "exception" in item:
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
                    problems.append(_unknown_key(f"biometrics.{key}.{sub}"))
                else:
                    items[f"{key}.{sub}"] = item
        elif key in ("face", "signature"):
            items[key] = value
        else:
            problems.append(_unknown_key(f"biometrics.{key}"))
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


def _unknown_key(fld: str) -> Problem:
    return error(
        fld,
        "unknown_field",
        f"Kolom '{fld}' tidak dikenal.",
        f"Unknown field '{fld}'.",
    )


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
    raw: object,
    *,
    context: DeskContext,
    now: datetime,
    read_file: FileReader | None = None,
) -> tuple[Recording | None, list[Problem]]:
    """Validate one recording as given by the form or a JSON file.

    Returns the recording (None when any error was found) and every problem, errors and
    warnings, each naming its field.
    """
    if not isinstance(raw, Mapping):
        return None, [
            error(
                "recording",
                "not_an_object",
                "Data perekaman harus berupa objek JSON.",
                "A recording must be a JSON object.",
            )
        ]
    problems: list[Problem] = []
    allowed = {*BIODATA_FIELDS, "recorded_at", "biometrics"}
    for key in raw:
        if key not in allowed:
            problems.append(_unknown_key(str(key)))
    recorded_at = parse_recorded_at(raw.get("recorded_at"), now=now, problems=problems)
    reference = (recorded_at or now).astimezone(context.timezone).date()
    biodata, nik, found = normalize_biodata(raw, context=context, reference=reference)
    problems.extend(found)

    age = 0
    status = Eligibility.NOT_ELIGIBLE
    if "tanggal_lahir" in biodata and "status_perkawinan" in biodata:
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

    captures, capture_problems = parse_captures(raw.get("biometrics"), read_file=read_file)
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


def file_reader(base_dir: Path) -> FileReader:
    """Reads biometric files named relative to the JSON file that names them."""

    def read(name: str) -> bytes:
        return (base_dir / name).read_bytes()

    return read
