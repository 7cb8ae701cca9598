"""How the desk's paper writes numbers, dates, times, zones and states: in Indonesian
(1.234.567 and 12,5; "30 November 2026"; "10.15 WITA"; "diterima Disdukcapil")."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from ektp_desk.domain import formats
from ektp_desk.domain.words import SYNC_STATES, sync_state_word

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SEXES = {"LAKI-LAKI": "Laki-laki", "PEREMPUAN": "Perempuan"}


def number(value: object) -> str:
    """1.234 for a whole number, 12,5 for a decimal one (one table: domain/formats);
    yes/no as words; anything else as text."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else ("ya" if value else "tidak")
    if isinstance(value, int):
        return formats.number(value)
    if isinstance(value, float):
        return formats.number(value, decimals=0 if value.is_integer() else 1)
    return str(value)


def long_date(day: date) -> str:
    """30 November 2026, 1 Desember 2026: the day without a leading zero."""
    return formats.long_date(day)


def dates_in_words(text: str) -> str:
    """Every YYYY-MM-DD in `text` as "30 November 2026"."""
    return _ISO_DATE.sub(lambda m: long_date(date.fromisoformat(m[0])), text)


def weekday_date(day: date) -> str:
    return f"{DAYS[day.weekday()]}, {long_date(day)}"


def clock_time(moment: time | datetime) -> str:
    return f"{moment.hour:02d}.{moment.minute:02d}"


def zone_name(moment: datetime) -> str:
    """WIB, WITA or WIT for Indonesia's zones; the zone's own abbreviation elsewhere."""
    return formats.zone_name(moment.tzinfo) if moment.tzinfo is not None else ""


def date_time(moment: datetime) -> str:
    """30 November 2026 pukul 10.15 WITA."""
    return f"{long_date(moment.date())} pukul {clock_time(moment)} {zone_name(moment)}".strip()


def place_and_date(place: str, day: date) -> str:
    """The line above the signatures: "Palu, 30 November 2026"."""
    return f"{place}, {long_date(day)}"


def masked_nik(nik: str) -> str:
    """The NIK with its middle digits hidden: the region (6) and the last 4 stay."""
    if len(nik) != 16:
        return "*" * len(nik)
    return f"{nik[:6]}******{nik[12:]}"


def state_words(breakdown: str, key: str) -> str:
    """A breakdown's key in words on paper: states from the one table (domain/words)."""
    if breakdown == "by_sync_state":
        return sync_state_word(key).id if key in SYNC_STATES else key
    if breakdown == "by_sex":
        return SEXES.get(key, key)
    return key
