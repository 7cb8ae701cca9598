"""Progress to the deadline, computed one way for the desk, the hub and the dashboard.

The target is the residents on the reference list who must hold a KTP by the deadline (17 by
then, or married or once married). Only their recordings count against it: walk-ins (not on
the list) and early recordings are counted apart by the callers, so the percentage can never
pass 100 while listed residents are still unrecorded. The days left are working days after
`as_of` up to the deadline (see `workdays`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ektp_desk.domain.workdays import Holidays, working_days

WINDOW_DAYS = 7


@dataclass(frozen=True, slots=True)
class Standing:
    """Where one area (a kecamatan, a kelurahan, the city) stands on `as_of`."""

    target: int
    recorded: int
    remaining: int
    percent: float | None
    days_left: int  # calendar days after as_of up to the deadline
    working_days_left: int
    needed_per_day: float  # per working day left
    average_last_7_days: float  # of the target's recordings per calendar day


def must_hold_by(deadline: date) -> date:
    """The latest date of birth of someone who is 17 on `deadline` (a 29 February birthday
    turns on 1 March in a common year, as `nik.age_on` counts)."""
    year = deadline.year - 17
    try:
        return deadline.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def standing(
    target: int,
    recorded: int,
    *,
    as_of: date,
    deadline: date,
    holidays: Holidays,
    last_7_days: int,
) -> Standing:
    recorded = min(recorded, target)
    remaining = target - recorded
    days_left = max(0, (deadline - as_of).days)
    work_left = working_days(as_of + timedelta(days=1), deadline, holidays)
    return Standing(
        target=target,
        recorded=recorded,
        remaining=remaining,
        percent=round(100 * recorded / target, 1) if target else None,
        days_left=days_left,
        working_days_left=work_left,
        needed_per_day=round(remaining / work_left, 1) if work_left else float(remaining),
        average_last_7_days=round(last_7_days / WINDOW_DAYS, 1),
    )
