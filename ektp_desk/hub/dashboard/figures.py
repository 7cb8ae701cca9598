"""The figures the dashboard shows, computed from the hub's store: per kecamatan (and per
kelurahan of one) what was recorded, against the target of its published list, with the
days left and the pace needed; the city's totals; the series the chart draws."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ektp_desk.domain.progress import WINDOW_DAYS, must_hold_by, standing
from ektp_desk.domain.regions import regions
from ektp_desk.domain.workdays import Holidays, load_holidays, working_days
from ektp_desk.hub.store import DashboardStore

DEFAULT_DEADLINE = date(2026, 12, 31)  # no civil-registry service without an e-KTP after it


def _decimal(value: float, places: int = 1) -> str:
    """A number as Indonesian writes it: a decimal comma, dots between thousands."""
    text = f"{value:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@dataclass(frozen=True, slots=True)
class AreaRow:
    """One kecamatan, one kelurahan, or the city's total. With no published list there is
    no target: `recorded` is then every record that counts, and the pace is unknown."""

    code: str
    name: str
    recorded: int
    target: int | None
    remaining: int | None
    percent: float | None
    needed_per_day: float | None
    average: float  # recordings a day over the last 7 days
    duplicates: int = 0
    outside: int = 0  # recorded but not on the list: walk-ins, early recordings
    link: str | None = None

    @property
    def behind(self) -> bool:
        return self.needed_per_day is not None and self.needed_per_day > self.average

    @property
    def percent_text(self) -> str:
        return "–" if self.percent is None else _decimal(self.percent) + "%"

    @property
    def needed_text(self) -> str:
        return "–" if self.needed_per_day is None else _decimal(self.needed_per_day)

    @property
    def average_text(self) -> str:
        return _decimal(self.average)


# kecamatan -> (kelurahan, target, recorded) of its published list (DashboardStore's)
_Listed = dict[str, list[tuple[str | None, int, int]]]


@dataclass(frozen=True, slots=True)
class KecamatanView:
    area: AreaRow
    kelurahan: list[AreaRow]
    daily: dict[str, int]  # the recordings counted, by day


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


@dataclass(frozen=True, slots=True)
class Settings:
    """What the figures depend on besides the store: the deadline and the holidays (the
    shipped list unless the hub was given `--holidays`)."""

    deadline: date = DEFAULT_DEADLINE
    holidays: Holidays = field(default_factory=load_holidays)


def cumulative(daily: dict[str, int]) -> list[tuple[date, int]]:
    total = 0
    out = []
    for day in sorted(daily):
        total += daily[day]
        out.append((date.fromisoformat(day), total))
    return out


def _last_7(daily: dict[str, int], today: date) -> int:
    first = (today - timedelta(days=WINDOW_DAYS - 1)).isoformat()
    return sum(n for day, n in daily.items() if first <= day <= today.isoformat())


@dataclass(frozen=True, slots=True)
class _Counts:
    """An area's counts before they become figures."""

    target: int | None  # None: no published list
    recorded: int  # of the target when there is one, else every record that counts
    daily: dict[str, int]  # the recordings counted, by day
    duplicates: int = 0
    outside: int = 0


def _row(code: str, name: str, counts: _Counts, settings: Settings, today: date) -> AreaRow:
    last_7 = _last_7(counts.daily, today)
    if counts.target is None:
        return AreaRow(
            code, name, counts.recorded, None, None, None, None,
            round(last_7 / WINDOW_DAYS, 1), counts.duplicates, counts.outside,
        )  # fmt: skip
    figures = standing(
        counts.target, counts.recorded, as_of=today, deadline=settings.deadline,
        holidays=settings.holidays, last_7_days=last_7,
    )  # fmt: skip
    return AreaRow(
        code, name, figures.recorded, figures.target, figures.remaining, figures.percent,
        figures.needed_per_day, figures.average_last_7_days, counts.duplicates, counts.outside,
    )  # fmt: skip


def _add(into: dict[str, int], daily: dict[str, int]) -> None:
    for day, count in daily.items():
        into[day] = into.get(day, 0) + count


def _listed(store: DashboardStore, settings: Settings, today: date) -> _Listed:
    """Each kecamatan's published list: per kelurahan, its target and those recorded."""
    born_by = must_hold_by(settings.deadline).isoformat()
    return store.listed_progress(born_by=born_by, as_of=today.isoformat())


def _kecamatan_counts(store: DashboardStore, today: date, listed: _Listed) -> dict[str, _Counts]:
    """Each kecamatan's counts: against its published list (`listed`) when it has one."""
    as_of = today.isoformat()
    listed_daily = store.listed_daily()
    walk_ins = store.walk_ins(as_of=as_of)
    all_daily: dict[str, dict[str, int]] = defaultdict(dict)
    for kecamatan, day, count in store.daily_recorded():
        if day <= as_of:
            all_daily[kecamatan][day] = count
    duplicates: dict[str, int] = defaultdict(int)
    for kecamatan, state, count in store.state_counts():
        if state == "duplicate_nik":
            duplicates[kecamatan] += count
    codes = set(all_daily) | set(duplicates) | {d.kecamatan for d in store.desks()}
    out = {}
    for code in sorted(codes | set(listed)):
        if code in listed:
            target = sum(t for _, t, _ in listed[code])
            recorded = sum(r for _, _, r in listed[code])
            out[code] = _Counts(
                target, recorded, listed_daily.get(code, {}), duplicates[code],
                walk_ins.get(code, 0),
            )  # fmt: skip
        else:
            everything = sum(all_daily[code].values())
            out[code] = _Counts(None, everything, all_daily[code], duplicates[code])
    return out


def _area_row(code: str, counts: _Counts, settings: Settings, today: date) -> AreaRow:
    row = _row(code, regions().name(code) or code, counts, settings, today)
    return replace(row, link=f"/kecamatan/{code}")


def city_view(store: DashboardStore, settings: Settings, today: date) -> CityView:
    counts = _kecamatan_counts(store, today, _listed(store, settings, today))
    rl = regions()
    areas = [_area_row(code, c, settings, today) for code, c in counts.items()]
    listed = [c for c in counts.values() if c.target is not None]
    unlisted = [c for c in counts.values() if c.target is None]
    # With any list, the city counts against the lists' targets only; the kecamatan with
    # no list yet count apart, never against the others' target.
    counted = listed or unlisted
    city_daily: dict[str, int] = {}
    for c in counted:
        _add(city_daily, c.daily)
    city = _Counts(
        sum(c.target or 0 for c in listed) if listed else None,
        sum(c.recorded for c in counted),
        city_daily,
        sum(c.duplicates for c in counts.values()),
        sum(c.outside for c in counts.values())
        + (sum(c.recorded for c in unlisted) if listed else 0),
    )
    cities = {code[:5] for code in counts}
    name = (rl.name(cities.pop()) or "Kota") if len(cities) == 1 else "Semua kecamatan"
    total = _row("", "Jumlah", city, settings, today)
    return CityView(
        name=name,
        today=today,
        deadline=settings.deadline,
        days_left=working_days(today + timedelta(days=1), settings.deadline, settings.holidays),
        areas=areas,
        total=total,
        series=cumulative(city_daily),
    )


def kecamatan_view(
    store: DashboardStore, settings: Settings, today: date, kecamatan: str
) -> KecamatanView | None:
    """One kecamatan's page, from one read of the lists (None: the hub knows no such
    kecamatan): its row as on the city page, its kelurahan, its recordings by day."""
    listed = _listed(store, settings, today)
    counts = _kecamatan_counts(store, today, listed).get(kecamatan)
    if counts is None:
        return None
    rows = _kelurahan_rows(store, settings, today, kecamatan, listed.get(kecamatan, []))
    return KecamatanView(_area_row(kecamatan, counts, settings, today), rows, counts.daily)


def _kelurahan_rows(
    store: DashboardStore,
    settings: Settings,
    today: date,
    kecamatan: str,
    listed: list[tuple[str | None, int, int]],
) -> list[AreaRow]:
    """The kecamatan's kelurahan, each against its part of the published list."""
    daily = store.listed_daily(kecamatan=kecamatan, by_kelurahan=True)
    rl = regions()
    rows = []
    for kelurahan, target, recorded in listed:
        counts = _Counts(target, recorded, daily.get(kelurahan or "", {}))
        name = (rl.name(kelurahan) if kelurahan else None) or kelurahan or "(tanpa kelurahan)"
        rows.append(_row(kelurahan or "", name, counts, settings, today))
    return rows
