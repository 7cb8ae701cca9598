"""Who must record (wajib KTP): 17 or older, or married or ever married, on the recording date.

Sixteen-year-olds may record early so that their card is ready on their birthday; they are
flagged as such. Anyone else is refused with the reason.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from ektp_desk.domain.nik import age_on
from ektp_desk.domain.problems import Problem, error, warning

MINIMUM_AGE = 17
EARLY_AGE = 16
# The legal age of marriage (UU 16/2019); below it a marriage needs a court's dispensation.
MARRIAGE_AGE = 19


class Eligibility(StrEnum):
    ELIGIBLE = "eligible"
    EARLY = "early"
    NOT_ELIGIBLE = "not_eligible"


def eligibility(birth_date: date, status_perkawinan: str, on: date) -> tuple[Eligibility, int]:
    age = age_on(birth_date, on)
    if age >= MINIMUM_AGE or status_perkawinan != "BELUM KAWIN":
        return Eligibility.ELIGIBLE, age
    if age == EARLY_AGE:
        return Eligibility.EARLY, age
    return Eligibility.NOT_ELIGIBLE, age


def refusal(age: int) -> Problem:
    return error(
        "tanggal_lahir",
        "not_eligible",
        f"Belum wajib KTP: umur {age} tahun pada tanggal perekaman dan belum pernah kawin "
        f"(wajib KTP mulai {MINIMUM_AGE} tahun atau sudah/pernah kawin; "
        f"perekaman awal mulai {EARLY_AGE} tahun).",
        f"Not yet required to hold a KTP: aged {age} on the recording date and never married "
        f"(required from {MINIMUM_AGE} or once married; early recording from {EARLY_AGE}).",
    )


def marriage_age_problem(status_perkawinan: str, age: int, minimum: int) -> Problem | None:
    """A married or once-married status below `minimum` is refused; below the legal age of
    marriage it is only warned of (a dispensation makes it lawful)."""
    if status_perkawinan == "BELUM KAWIN" or age >= MARRIAGE_AGE:
        return None
    if age < minimum:
        return error(
            "status_perkawinan",
            "married_too_young",
            f"Status {status_perkawinan} tidak mungkin pada umur {age} tahun (paling muda "
            f"{minimum}); periksa status perkawinan dan tanggal lahir.",
            f"Status {status_perkawinan} is not possible at age {age} (the youngest is "
            f"{minimum}); check the marital status and the date of birth.",
        )
    return warning(
        "status_perkawinan",
        "married_under_age",
        f"Status {status_perkawinan} pada umur {age} tahun, di bawah umur perkawinan "
        f"{MARRIAGE_AGE}: pastikan ada dispensasi kawin.",
        f"Status {status_perkawinan} at age {age}, below the marriage age of {MARRIAGE_AGE}: "
        "make sure a marriage dispensation exists.",
    )
