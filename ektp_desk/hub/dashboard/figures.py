"""The figures the dashboard shows, computed from the hub's store: per kecamatan (and per
kelurahan of one) what was recorded, against the target of its published list, with the
days left and the pace needed; the city's totals; the series the chart draws."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ektp_desk.domain.regions import regions
from ektp_desk.hub.store import HubStore

AVERAGE_DAYS = 7
DEFAULT_DEADLINE = date(2026, 12, 31)  # no civil-registry service without an e-KTP after it


def _decimal(value: float, places: int = 1) -> str:
    """A number as Indonesian writes it: a decimal comma, dots between thousands."""
    text = f"{value:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@dataclass(frozen=True, slots=True)
class AreaRow:
    """One kecamatan, one kelurahan, or the city's total."""

    code: str
    name: str
    recorded: int
    target: int | None
    average: float  # records a day over the last AVERAGE_DAYS days
    days_left: int
    duplicates: int = 0
    outside: int = 0  # recorded but not on the list: walk-ins, early recordings
    link: str | None = None

    @property
    def remaining(self) -> int | None:
        return None if self.target is None else max(self.target - self.recorded, 0)

    @property
    def percent(self) -> float | None:
        if not self.target:
            return None
        return 100.0 * self.recorded / self.target

    @property
    def needed_per_day(self) -> float | None:
        remaining = self.remaining
        if remaining is None:
            return None
        if remaining == 0:
            return 0.0
        return remaining / self.days_left if self.days_left > 0 else float(remaining)

    @property
    def behind(self) -> bool:
        needed = self.needed_per_day
        return needed is not None and needed > self.average

    @property
    def percent_text(self) -> str:
        percent = self.percent
        return "–" if percent is None else _decimal(percent) + "%"

    @property
    def needed_text(self) -> str:
        needed = self.needed_per_day
        return "–" if needed is None else _decimal(needed)

    @property
    def average_text(self) -> str:
        return _decimal(self.average)


@dataclass(frozen=True, slots=True)
class CityView:
    name: str
    today: date
    deadline: date
    days_left: int
    areas: list[AreaRow]
    total: AreaRow
    series: list[tuple[date, int]] = field(default_factory=list)  # cumulative, by day

    @property
    def deadline_text(self) -> str:
        return indonesian_date(self.deadline)


MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip


def indonesian_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def working_days_left(today: date, deadline: date, holidays: frozenset[date]) -> int:
    """Working days from today to the deadline, both counted: no Sundays, no holidays."""
    days = 0
    day = today
    while day <= deadline:
        if day.weekday() != 6 and day not in holidays:
            days += 1
        day += timedelta(days=1)
    return days


@dataclass(frozen=True, slots=True)
class Settings:
    """What the figures depend on besides the store."""

    deadline: date = DEFAULT_DEADLINE
    holidays: frozenset[date] = frozenset()


def cumulative(daily: dict[str, int]) -> list[tuple[date, int]]:
    total = 0
    out = []
    for day in sorted(daily):
        total += daily[day]
        out.append((date.fromisoformat(day), total))
    return out


def _last_days(daily: dict[str, int], today: date) -> int:
    first = (today - timedelta(days=AVERAGE_DAYS - 1)).isoformat()
    return sum(n for day, n in daily.items() if first <= day <= today.isoformat())


def city_view(store: HubStore, settings: Settings, today: date) -> CityView:
    days_left = working_days_left(today, settings.deadline, settings.holidays)
    daily: dict[str, dict[str, int]] = defaultdict(dict)
    for kecamatan, day, count in store.daily_recorded():
        daily[kecamatan][day] = count
    duplicates: dict[str, int] = defaultdict(int)
    for kecamatan, state, count in store.state_counts():
        if state == "duplicate_nik":
            duplicates[kecamatan] += count
    codes = sorted(set(daily) | set(duplicates) | {d.kecamatan for d in store.desks()})
    rl = regions()
    areas = [
        AreaRow(
            code=code,
            name=rl.name(code) or code,
            recorded=sum(daily[code].values()),
            target=None,
            average=_last_days(daily[code], today) / AVERAGE_DAYS,
            days_left=days_left,
            duplicates=duplicates[code],
            link=f"/kecamatan/{code}",
        )
        for code in codes
    ]
    city_daily: dict[str, int] = defaultdict(int)
    for per_day in daily.values():
        for day, count in per_day.items():
            city_daily[day] += count
    targets = [a.target for a in areas if a.target is not None]
    total = AreaRow(
        code="",
        name="Jumlah",
        recorded=sum(a.recorded for a in areas),
        target=sum(targets) if targets else None,
        average=_last_days(city_daily, today) / AVERAGE_DAYS,
        days_left=days_left,
        duplicates=sum(a.duplicates for a in areas),
        outside=sum(a.outside for a in areas),
    )
    cities = {code[:5] for code in codes}
    name = (rl.name(cities.pop()) or "Kota") if len(cities) == 1 else "Semua kecamatan"
    return CityView(
        name=name,
        today=today,
        deadline=settings.deadline,
        days_left=days_left,
        areas=areas,
        total=total,
        series=cumulative(city_daily),
    )
