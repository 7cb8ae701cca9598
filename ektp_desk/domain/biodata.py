"""The biodata as printed on the KTP-el: its fields, their labels and their rules.

`normalize_biodata` turns what a clerk typed or a file gave into canonical biodata (upper
case, codes as listed) and reports every problem at once, each on its field. It is the one
home of the biodata field list; the resident store and the imports read it from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from ektp_desk.domain import vocab
from ektp_desk.domain.defaults import DEFAULT_MARRIAGE_MIN_AGE
from ektp_desk.domain.eligibility import marriage_age_problem
from ektp_desk.domain.nik import Nik, NikError, age_on, parse_nik
from ektp_desk.domain.permit import PERMIT_FIELDS, check_permit
from ektp_desk.domain.problems import Problem, error, warning
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
    *PERMIT_FIELDS,  # a WNA's only
)
REQUIRED_FIELDS = tuple(f for f in BIODATA_FIELDS if f not in PERMIT_FIELDS)
# What the core fills in for a field left out (the form shows it chosen from the start).
FILLED_IN = {"golongan_darah": "-"}
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
    "no_kitap": ("Nomor KITAP", "KITAP number"),
    "kitap_berlaku": ("KITAP berlaku hingga", "KITAP valid until"),
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
    marriage_min_age: int = DEFAULT_MARRIAGE_MIN_AGE


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


def _not_guessed(status: str) -> Problem:
    return error(
        "status_perkawinan",
        "status_ambiguous",
        f"Status '{status}' tidak ditebak: pilih CERAI HIDUP atau CERAI MATI.",
        f"Status '{status}' is not guessed: choose CERAI HIDUP (divorced) or CERAI MATI (widowed).",
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
    required: tuple[str, ...] = REQUIRED_FIELDS,
) -> tuple[dict[str, str], Nik | None, list[Problem]]:
    """Canonical biodata (as printed, upper case) and every problem found in it.

    Fields missing from `required` may be absent; those present are still checked. The
    NIK's sex and date of birth fill the biodata's when those are absent.
    """
    problems: list[Problem] = []
    out: dict[str, str] = {}
    texts = {name: _clean_text(raw, name, problems) for name in BIODATA_FIELDS}
    _check_free_text(texts, out, problems)
    birth = _check_birth_date(texts["tanggal_lahir"], reference, out, problems)
    nik = _check_nik(texts["nik"], reference, birth, context, out, problems)
    _check_no_kk(texts["no_kk"], out, problems)
    _check_listed(texts, out, problems)
    _check_rt_rw(texts, out, problems)
    _check_kelurahan(texts["kelurahan"], context, out, problems)
    check_permit(
        texts, citizenship=out.get("kewarganegaraan"), reference=reference, out=out,
        problems=problems,
    )  # fmt: skip

    if nik is not None:
        _cross_check(nik, out, problems)
        out.setdefault("jenis_kelamin", nik.sex)
        out.setdefault("tanggal_lahir", nik.birth_date.isoformat())
    for name, value in FILLED_IN.items():
        if name not in out and name not in {p.field for p in problems}:
            out[name] = value
    if "tanggal_lahir" in out and "status_perkawinan" in out:
        age = age_on(date.fromisoformat(out["tanggal_lahir"]), reference)
        found = marriage_age_problem(out["status_perkawinan"], age, context.marriage_min_age)
        if found is not None:
            problems.append(found)
            if found.is_error:
                del out["status_perkawinan"]

    reported = {p.field for p in problems if p.is_error}
    for name in required:
        if name not in out and name not in reported:
            problems.append(_required(name))
    return out, nik, problems


def _check_free_text(
    texts: Mapping[str, str | None], out: dict[str, str], problems: list[Problem]
) -> None:
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


def _check_birth_date(
    text: str | None, reference: date, out: dict[str, str], problems: list[Problem]
) -> date | None:
    if text is None:
        return None
    birth = _parse_date("tanggal_lahir", text, problems)
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
    return birth


def _check_nik(
    text: str | None,
    reference: date,
    birth: date | None,
    context: DeskContext,
    out: dict[str, str],
    problems: list[Problem],
) -> Nik | None:
    if text is None:
        return None
    try:
        nik = parse_nik(
            text,
            reference=reference,
            known_birth_date=birth,
            region_list=context.region_list,
        )
    except NikError as exc:
        problems.append(exc.problem)
        return None
    out["nik"] = nik.value
    problems.extend(nik.warnings)
    return nik


def _check_no_kk(kk: str | None, out: dict[str, str], problems: list[Problem]) -> None:
    if kk is None:
        return
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


def _check_listed(
    texts: Mapping[str, str | None], out: dict[str, str], problems: list[Problem]
) -> None:
    for name in vocab.VOCABULARIES:
        text = texts[name]
        if text is None:
            continue
        value = vocab.canonical(name, text)
        if name == "status_perkawinan" and text.upper() in vocab.AMBIGUOUS_STATUS:
            problems.append(_not_guessed(text.upper()))
        elif value is None:
            problems.append(_not_in_list(name, text))
        else:
            out[name] = value


def _check_rt_rw(
    texts: Mapping[str, str | None], out: dict[str, str], problems: list[Problem]
) -> None:
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


def _check_kelurahan(
    code: str | None, context: DeskContext, out: dict[str, str], problems: list[Problem]
) -> None:
    if code is None:
        return
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
        return
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
