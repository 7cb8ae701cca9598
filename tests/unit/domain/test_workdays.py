"""Working days to the deadline and the progress computed from them (`domain.workdays`,
`domain.progress`), against days counted one by one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ektp_desk.domain.progress import must_hold_by, standing
from ektp_desk.domain.workdays import (
    Holidays,
    HolidaysError,
    load_holidays,
    parse_holidays,
    working_days,
)

SHIPPED = load_holidays()


def one_by_one(start: date, end: date, holidays: Holidays) -> int:
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return sum(1 for d in days if d.weekday() != 6 and d not in holidays.days)


def test_the_shipped_list_covers_2026_and_2027() -> None:
    assert SHIPPED.years == [2026, 2027]
    assert SHIPPED.name(date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert SHIPPED.name(date(2026, 12, 24)) == "Cuti bersama Hari Raya Natal"
    assert working_days(date(2026, 12, 25), date(2026, 12, 25), SHIPPED) == 0
    assert working_days(date(2026, 11, 29), date(2026, 11, 29), SHIPPED) == 0  # a Sunday
    assert working_days(date(2026, 11, 28), date(2026, 11, 28), SHIPPED) == 1  # Saturdays count


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 1, 1), date(2027, 12, 31)),
        (date(2026, 3, 15), date(2026, 3, 29)),  # Idul Fitri and its cuti bersama
        (date(2026, 11, 29), date(2026, 11, 29)),
    ],
)
def test_working_days_match_a_count_day_by_day(start: date, end: date) -> None:
    assert working_days(start, end, SHIPPED) == one_by_one(start, end, SHIPPED)


def test_december_2026_has_25_working_days_and_a_backwards_span_none() -> None:
    assert working_days(date(2026, 12, 1), date(2026, 12, 31), SHIPPED) == 31 - 4 - 2
    assert working_days(date(2026, 12, 31), date(2026, 12, 1), SHIPPED) == 0


def test_a_holiday_on_a_sunday_is_not_taken_twice() -> None:
    holidays = parse_holidays("date,name\n2026-11-29,Minggu libur\n", "test")
    assert working_days(date(2026, 11, 23), date(2026, 11, 29), holidays) == 6


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tanggal,nama\n2026-01-01,x\n", "header 'date,name'"),
        ("date,name\n2026-13-01,x\n", "line 2: '2026-13-01' is not a date"),
        ("date,name\n2026-01-01,x\n2026-01-02\n", "line 3: expected 2 columns"),
        ("date,name\n2026-01-01,\n", "line 2: the holiday has no name"),
    ],
)
def test_a_bad_holidays_file_is_refused_naming_its_line(text: str, message: str) -> None:
    with pytest.raises(HolidaysError, match=message):
        parse_holidays(text, "libur.csv")


def test_progress_needs_per_working_day_and_never_passes_the_target() -> None:
    s = standing(
        100, 130, as_of=date(2026, 11, 30), deadline=date(2026, 12, 31), holidays=SHIPPED,
        last_7_days=14,
    )  # fmt: skip
    assert (s.recorded, s.remaining, s.percent) == (100, 0, 100.0)
    s = standing(
        100, 40, as_of=date(2026, 11, 30), deadline=date(2026, 12, 31), holidays=SHIPPED,
        last_7_days=14,
    )  # fmt: skip
    assert s.working_days_left == 25 and s.days_left == 31
    assert s.needed_per_day == round(60 / 25, 1) and s.average_last_7_days == 2.0
    after = standing(
        10, 4, as_of=date(2027, 1, 2), deadline=date(2026, 12, 31), holidays=SHIPPED,
        last_7_days=0,
    )  # fmt: skip
    assert after.working_days_left == 0 and after.needed_per_day == 6.0


def test_must_hold_by_is_the_17th_birthday_on_the_deadline() -> None:
    assert must_hold_by(date(2026, 12, 31)) == date(2009, 12, 31)
    assert must_hold_by(date(2025, 2, 28)) == date(2008, 2, 28)
