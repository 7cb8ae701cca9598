"""Dates, times and numbers as an Indonesian reads them (and an English reader in the
English window); dates as a person types them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from ektp_desk.domain.formats import (
    local_time,
    long_date,
    number,
    parse_date,
    percent,
    short_date,
    zone_name,
)

STAMP = "2026-11-30T06:05:25+00:00"  # as the store keeps it, in UTC


def test_dates_in_words_and_in_tables() -> None:
    assert long_date(date(2026, 11, 30)) == "30 November 2026"
    assert long_date(date(2026, 8, 1)) == "1 Agustus 2026"
    assert long_date(date(2026, 8, 1), "en") == "1 August 2026"
    assert short_date(date(2026, 3, 5)) == "05-03-2026"


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Makassar", "30-11-2026 14.05 WITA"),
        ("Asia/Jakarta", "30-11-2026 13.05 WIB"),
        ("Asia/Jayapura", "30-11-2026 15.05 WIT"),
    ],
)
def test_times_are_local_and_named_by_their_zone_never_utc(zone: str, shown: str) -> None:
    assert local_time(STAMP, ZoneInfo(zone)) == shown
    assert local_time(datetime(2026, 11, 30, 6, 5, tzinfo=UTC), ZoneInfo(zone)) == shown
    assert "UTC" not in shown and "+00:00" not in shown


def test_english_times_and_empty_ones() -> None:
    assert local_time(STAMP, ZoneInfo("Asia/Makassar"), "en") == "30-11-2026 14:05 WITA"
    assert local_time(None, ZoneInfo("Asia/Makassar")) == "-"
    assert zone_name(ZoneInfo("Europe/Berlin")) in ("CET", "CEST")


def test_numbers_and_percentages() -> None:
    assert number(12345) == "12.345"
    assert number(12345, "en") == "12,345"
    assert number(1234567.25, decimals=2) == "1.234.567,25"
    assert percent(61.7) == "61,7%"
    assert percent(61.66, "en") == "61.7%"
    assert percent(None) == "-"


@pytest.mark.parametrize("typed", ["30-11-2026", "30/11/2026", "30.11.2026", "2026-11-30"])
def test_a_date_typed_the_indonesian_way_or_the_iso_way(typed: str) -> None:
    assert parse_date(f" {typed} ") == date(2026, 11, 30)


@pytest.mark.parametrize("typed", ["31-11-2026", "11/30/2026", "30 November", "2026/11/30", ""])
def test_anything_else_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_date(typed)
