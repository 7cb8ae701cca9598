"""NIK (Nomor Induk Kependudukan): the 16 digits PPKKCC DDMMYY SSSS.

PP.KK.CC is the Kemendagri code of the kecamatan where the NIK was first issued, DD has
40 added for women, and SSSS is a serial that is never 0000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ektp_desk.domain.problems import Problem, error, warning
from ektp_desk.domain.regions import RegionList, regions

MALE = "LAKI-LAKI"
FEMALE = "PEREMPUAN"


class NikError(ValueError):
    """A NIK that cannot be a NIK; `problem` says which rule it broke."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message_en)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Nik:
    value: str
    province: str
    regency: str
    kecamatan: str
    birth_date: date
    sex: str
    serial: str
    warnings: tuple[Problem, ...] = field(default=())

    @property
    def kecamatan_code(self) -> str:
        return f"{self.province}.{self.regency}.{self.kecamatan}"

    @property
    def regency_code(self) -> str:
        return f"{self.province}.{self.regency}"

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)

    def as_dict(self, region_list: RegionList | None = None) -> dict[str, object]:
        rl = region_list or regions()
        return {
            "nik": self.value,
            "province": {"code": self.province, "name": rl.name(self.province)},
            "regency": {"code": self.regency_code, "name": rl.name(self.regency_code)},
            "kecamatan": {"code": self.kecamatan_code, "name": rl.name(self.kecamatan_code)},
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat(),
            "serial": self.serial,
            "warnings": [w.as_dict() for w in self.warnings],
        }


def age_on(birth: date, day: date) -> int:
    """Completed years between `birth` and `day`; someone born on 29 February turns a year
    older on 1 March in common years."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve_birth_date(
    day: int, month: int, yy: int, *, reference: date, known_birth_date: date | None
) -> date | None:
    if known_birth_date is not None and (
        known_birth_date.day,
        known_birth_date.month,
        known_birth_date.year % 100,
    ) == (day, month, yy):
        return known_birth_date
        # The known date disagrees; the cross-check reports it. Fall back to the age rule.
    for century in (reference.year // 100 * 100, reference.year // 100 * 100 - 100):
        candidate = _make_date(century + yy, month, day)
        if candidate is not None and 0 <= age_on(candidate, reference) <= 99:
            return candidate
    return None


def parse_nik(
    text: str,
    *,
    reference: date,
    known_birth_date: date | None = None,
    region_list: RegionList | None = None,
    field_name: str = "nik",
) -> Nik:
    """Parse and validate a NIK; raises NikError on a hard error.

    `reference` is the date ages are counted on (the recording date); the two-digit year
    resolves to the century that makes the person 0 to 99 years old on it, unless
    `known_birth_date` (a full date of birth from the biodata) matches and decides.
    """
    rl = region_list or regions()
    value = text.strip()
    _require_digits(value, field_name)
    province, regency, kecamatan = value[0:2], value[2:4], value[4:6]
    dd, mm, yy, serial = int(value[6:8]), int(value[8:10]), int(value[10:12]), value[12:16]
    if province not in rl:
        raise NikError(
            error(
                field_name,
                "nik_province",
                f"Kode provinsi {province} pada NIK tidak dikenal.",
                f"Province code {province} in the NIK is unknown.",
            )
        )
    sex = FEMALE if dd > 40 else MALE
    day = dd - 40 if dd > 40 else dd
    birth = None
    if 1 <= day <= 31 and 1 <= mm <= 12:
        birth = _resolve_birth_date(
            day, mm, yy, reference=reference, known_birth_date=known_birth_date
        )
    if birth is None:
        raise NikError(
            error(
                field_name,
                "nik_date",
                f"Tanggal lahir pada NIK ({value[6:12]}) bukan tanggal yang mungkin.",
                f"The date of birth in the NIK ({value[6:12]}) is not a possible date.",
            )
        )
    if serial == "0000":
        raise NikError(
            error(
                field_name,
                "nik_serial",
                "Nomor urut NIK (4 angka terakhir) tidak boleh 0000.",
                "The NIK serial (last 4 digits) cannot be 0000.",
            )
        )
    warnings = _region_warnings(rl, province, regency, kecamatan, field_name)
    return Nik(value, province, regency, kecamatan, birth, sex, serial, tuple(warnings))


def _require_digits(value: str, field_name: str) -> None:
    if len(value) != 16 or not value.isascii() or not value.isdigit():
        raise NikError(
            error(
                field_name,
                "nik_format",
                f"NIK harus tepat 16 angka (tertulis {len(value)} karakter).",
                f"The NIK must be exactly 16 digits (got {len(value)} characters).",
            )
        )


def _region_warnings(
    rl: RegionList, province: str, regency: str, kecamatan: str, field_name: str
) -> list[Problem]:
    """A regency or kecamatan code missing from today's list: perhaps an old code."""
    regency_code = f"{province}.{regency}"
    kecamatan_code = f"{regency_code}.{kecamatan}"
    if regency_code not in rl:
        return [
            warning(
                field_name,
                "nik_regency_unknown",
                f"Kode kabupaten/kota {regency_code} tidak ada dalam daftar wilayah saat ini "
                "(mungkin kode lama).",
                f"Regency/city code {regency_code} is not in today's region list "
                "(it may be an old code).",
            )
        ]
    if kecamatan_code not in rl:
        return [
            warning(
                field_name,
                "nik_kecamatan_unknown",
                f"Kode kecamatan {kecamatan_code} tidak ada dalam daftar wilayah saat ini "
                "(mungkin kode lama).",
                f"Kecamatan code {kecamatan_code} is not in today's region list "
                "(it may be an old code).",
            )
        ]
    return []


def format_nik(*, kecamatan_code: str, birth_date: date, sex: str, serial: int) -> str:
    """Build a NIK from its parts (used by the demo generator and tests)."""
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be 1..9999")
    day = birth_date.day + (40 if sex == FEMALE else 0)
    return (
        kecamatan_code.replace(".", "")
        + f"{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"
    )
