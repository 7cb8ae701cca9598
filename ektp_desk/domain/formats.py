"""How the window and the paper show dates, times and numbers: Indonesian by default
("30 November 2026", "30-11-2026" in tables, "14.05 WITA", "12.345", "61,7%"), English in
the English window; and the dates a person types (DD-MM-YYYY, with - / or ., or
YYYY-MM-DD). Times are stored in UTC and always shown in the desk's zone, named as
Indonesians name it (WIB, WITA, WIT)."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

MONTHS = {
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
        "September", "Oktober", "November", "Desember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
}  # fmt: skip

# Indonesia's three zones, by the names the tz database gives their cities.
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}

_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def zone_name(zone: tzinfo) -> str:
    """WIB, WITA or WIT for Indonesia's zones; another zone by its own abbreviation."""
    key = getattr(zone, "key", None)
    if key in ZONE_NAMES:
        return ZONE_NAMES[key]
    return datetime.now(zone).tzname() or str(zone)


def long_date(day: date, language: str = "id") -> str:
    """30 November 2026 (on paper, in titles and in sentences)."""
    months = MONTHS["en" if language == "en" else "id"]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """30-11-2026 (in tables and inputs; the same in both languages)."""
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def _moment(stamp: str | datetime) -> datetime:
    moment = datetime.fromisoformat(stamp) if isinstance(stamp, str) else stamp
    if moment.tzinfo is None:
        raise ValueError(f"a stored time without its zone: {stamp}")
    return moment


def clock_time(moment: datetime, language: str = "id") -> str:
    """14.05 in Indonesian, 14:05 in English."""
    return moment.strftime("%H.%M" if language != "en" else "%H:%M")


def local_time(
    stamp: str | datetime | None, zone: tzinfo, language: str = "id", *, empty: str = "-"
) -> str:
    """A stored (UTC) moment as the desk's local time: 30-11-2026 14.05 WITA."""
    if stamp is None or stamp == "":
        return empty
    local = _moment(stamp).astimezone(zone)
    return f"{short_date(local.date())} {clock_time(local, language)} {zone_name(zone)}"


def number(value: float, language: str = "id", *, decimals: int = 0) -> str:
    """12.345 and 61,7 in Indonesian; 12,345 and 61.7 in English."""
    text = f"{value:,.{decimals}f}"
    if language == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(value: float | None, language: str = "id", *, empty: str = "-") -> str:
    """61,7% in Indonesian, 61.7% in English (one decimal)."""
    return empty if value is None else number(value, language, decimals=1) + "%"


def parse_date(text: str) -> date:
    """A date as a person types it: 30-11-2026, 30/11/2026, 30.11.2026 or 2026-11-30.
    Raises ValueError for anything else, or for a day that does not exist."""
    text = text.strip()
    found = _YEAR_FIRST.fullmatch(text)
    if found:
        year, month, day = (int(g) for g in found.groups())
    else:
        found = _DAY_FIRST.fullmatch(text)
        if not found:
            raise ValueError(f"not a date (DD-MM-YYYY): {text!r}")
        day, month, year = (int(g) for g in found.groups())
    return date(year, month, day)
