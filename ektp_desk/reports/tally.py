"""The tally of a date or a date range, by local date, voided recordings excluded, and the
progress of the kecamatan towards the deadline."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from ektp_desk.domain.progress import must_hold_by, standing
from ektp_desk.domain.workdays import Holidays
from ektp_desk.store import tallies
from ektp_desk.store.recordings import OUTBOX_STATES

AGE_BANDS = ("<17", "17-20", "21-30", "31-40", "41-50", "51-60", ">60")
SEXES = ("LAKI-LAKI", "PEREMPUAN")
HOURS = tuple(f"{h:02d}" for h in range(24))
TALLY_VERSION = 1
BREAKDOWN_KEYS = (
    "by_kelurahan", "by_sex", "by_age_band", "by_operator", "by_hour", "by_sync_state",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class QueueFigures:
    """Tickets of the period, those served, and the average wait and service in minutes."""

    tickets: int
    served: int
    average_wait_minutes: float | None
    average_service_minutes: float | None


@dataclass(frozen=True, slots=True)
class DailyCount:
    date: str
    count: int


@dataclass(frozen=True, slots=True)
class AreaProgress:
    """One kelurahan's target and its residents recorded (`domain.progress`)."""

    kelurahan: str
    target: int
    recorded: int
    percent: float | None


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the kecamatan stands on `as_of` against its target and deadline. The target
    and `recorded` are the listed residents who must hold a KTP by the deadline; walk-ins
    and early recordings are counted apart (`walk_ins`, `early`), never against it. The
    days left are calendar days (`days_left`) and working days (`working_days_left`, no
    Sundays or holidays), and the rate needed is per working day."""

    as_of: str
    deadline: str
    target: int
    recorded: int
    remaining: int
    percent: float | None
    days_left: int
    needed_per_day: float
    average_last_7_days: float
    daily: list[DailyCount]
    working_days_left: int = 0
    walk_ins: int = 0
    early: int = 0
    by_kelurahan: list[AreaProgress] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Tally:
    """The tally of one desk's period, or of several desks' merged (`desks` set, and no
    `generated_at` or `progress`). Dates are ISO text, as in its JSON; each breakdown maps
    a key to its count. `to_json()` is the tally's JSON file format."""

    version: int
    desk_id: str
    kecamatan: str
    date_from: str
    date_to: str
    total: int
    by_kelurahan: dict[str, int]
    by_sex: dict[str, int]
    by_age_band: dict[str, int]
    by_operator: dict[str, int]
    by_hour: dict[str, int]
    by_sync_state: dict[str, int]
    early: int
    walk_ins: int
    queue: QueueFigures
    kecamatan_name: str | None = None
    desks: list[str] | None = None
    generated_at: str | None = None
    progress: Progress | None = None

    def breakdown(self, key: str) -> dict[str, int]:
        """The breakdown named `key` (one of BREAKDOWN_KEYS)."""
        if key not in BREAKDOWN_KEYS:
            raise KeyError(key)
        counts: dict[str, int] = getattr(self, key)
        return counts

    @property
    def desk_list(self) -> list[str]:
        return self.desks or [self.desk_id]

    def to_json(self) -> dict[str, object]:
        out = asdict(self)
        for key in ("desks", "generated_at", "progress"):
            if out[key] is None:
                del out[key]
        return out


def age_band(age: int) -> str:
    if age < 17:
        return "<17"
    if age > 60:
        return ">60"
    if age <= 20:
        return "17-20"
    return f"{(age - 1) // 10 * 10 + 1}-{(age - 1) // 10 * 10 + 10}"


def _minutes(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 60


def compute_tally(
    conn: sqlite3.Connection,
    *,
    date_from: date,
    date_to: date,
    desk_id: str,
    kecamatan: str,
    kelurahan_codes: list[str],
) -> Tally:
    """Every figure of the tally for local dates `date_from`..`date_to` inclusive."""
    period = (date_from.isoformat(), date_to.isoformat())

    def grouped(column: str) -> dict[object, int]:
        return tallies.grouped(conn, column, period)

    total, early, walk_ins = tallies.totals(conn, period)
    by_kelurahan: Counter[str] = Counter(dict.fromkeys(kelurahan_codes, 0))
    by_kelurahan.update({str(k): n for k, n in grouped("kelurahan").items()})
    by_sex: Counter[str] = Counter(dict.fromkeys(SEXES, 0))
    by_sex.update({str(k): n for k, n in grouped("jenis_kelamin").items()})
    by_band: Counter[str] = Counter(dict.fromkeys(AGE_BANDS, 0))
    for age, n in grouped("age").items():
        by_band[age_band(int(age))] += n  # type: ignore[call-overload]
    by_operator = Counter({str(k): n for k, n in grouped("operator").items()})
    by_hour: Counter[str] = Counter(dict.fromkeys(HOURS, 0))
    by_hour.update({f"{int(k):02d}": n for k, n in grouped("local_hour").items()})  # type: ignore[call-overload]
    by_state: Counter[str] = Counter(dict.fromkeys(OUTBOX_STATES, 0))
    by_state.update(tallies.sync_states(conn, period))
    return Tally(
        version=TALLY_VERSION,
        desk_id=desk_id,
        kecamatan=kecamatan,
        date_from=date_from.isoformat(),
        date_to=date_to.isoformat(),
        total=int(total),
        by_kelurahan=dict(sorted(by_kelurahan.items())),
        by_sex={s: by_sex[s] for s in SEXES},
        by_age_band={b: by_band[b] for b in AGE_BANDS},
        by_operator=dict(sorted(by_operator.items())),
        by_hour={h: by_hour[h] for h in HOURS},
        by_sync_state={s: by_state[s] for s in OUTBOX_STATES},
        early=int(early),
        walk_ins=int(walk_ins),
        queue=_queue_figures(tallies.tickets(conn, period)),
    )


def _queue_figures(
    tickets: list[tuple[str | None, str | None, str | None, str]],
) -> QueueFigures:
    waits = [w for c, called, _f, _s in tickets if (w := _minutes(c, called)) is not None]
    services = [
        s for _c, called, fin, state in tickets
        if state == "done" and (s := _minutes(called, fin)) is not None
    ]  # fmt: skip
    return QueueFigures(
        tickets=len(tickets),
        served=len(services),
        average_wait_minutes=round(sum(waits) / len(waits), 1) if waits else None,
        average_service_minutes=round(sum(services) / len(services), 1) if services else None,
    )


def default_deadline(today: date) -> date:
    return date(today.year, 12, 31)


def compute_progress(
    conn: sqlite3.Connection,
    *,
    as_of: date,
    target: int | None,
    deadline: date,
    holidays: Holidays,
) -> Progress:
    """Where the kecamatan stands on `as_of`: its listed residents who must hold a KTP by
    the deadline and how many of them are recorded, by kelurahan too, and the rate still
    needed per working day. `target` (the setting) replaces the list's count when set."""
    areas = tallies.listed_progress(
        conn, born_by=must_hold_by(deadline).isoformat(), as_of=as_of.isoformat()
    )
    listed_target = sum(t for _, t, _ in areas)
    recorded = sum(r for _, _, r in areas)
    walk_ins, early = tallies.apart_upto(conn, as_of.isoformat())
    week_start = as_of - timedelta(days=6)
    daily = tallies.daily_listed(
        conn, ((as_of - timedelta(days=29)).isoformat(), as_of.isoformat())
    )
    last_30 = [
        (d.isoformat(), int(daily.get(d.isoformat(), 0)))
        for d in (as_of - timedelta(days=29 - i) for i in range(30))
    ]
    last_7 = sum(count for day, count in last_30 if day >= week_start.isoformat())
    figures = standing(
        listed_target if target is None else target,
        recorded,
        as_of=as_of,
        deadline=deadline,
        holidays=holidays,
        last_7_days=last_7,
    )
    return Progress(
        as_of=as_of.isoformat(),
        deadline=deadline.isoformat(),
        target=figures.target,
        recorded=figures.recorded,
        remaining=figures.remaining,
        percent=figures.percent,
        days_left=figures.days_left,
        needed_per_day=figures.needed_per_day,
        average_last_7_days=figures.average_last_7_days,
        daily=[DailyCount(day, count) for day, count in last_30],
        working_days_left=figures.working_days_left,
        walk_ins=walk_ins,
        early=early,
        by_kelurahan=[
            AreaProgress(code or "", t, r, round(100 * r / t, 1) if t else None)
            for code, t, r in areas
        ],
    )
