"""The tally of a date or a date range, by local date, voided recordings excluded, and the
progress of the kecamatan towards the deadline."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from ektp_desk.store.recordings import OUTBOX_STATES

AGE_BANDS = ("<17", "17-20", "21-30", "31-40", "41-50", "51-60", ">60")
SEXES = ("LAKI-LAKI", "PEREMPUAN")
HOURS = tuple(f"{h:02d}" for h in range(24))
TALLY_VERSION = 1


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
) -> dict[str, Any]:
    """Every figure of the tally for local dates `date_from`..`date_to` inclusive."""
    rows = conn.execute(
        "SELECT r.kelurahan, r.jenis_kelamin, r.age, r.operator, r.local_hour, o.state,"
        " r.early, r.on_list FROM recordings r JOIN outbox o ON o.record_id = r.record_id"
        " WHERE r.local_date BETWEEN ? AND ? AND r.voided_at IS NULL",
        (date_from.isoformat(), date_to.isoformat()),
    ).fetchall()
    by_kelurahan: Counter[str] = Counter(dict.fromkeys(kelurahan_codes, 0))
    by_sex: Counter[str] = Counter(dict.fromkeys(SEXES, 0))
    by_band: Counter[str] = Counter(dict.fromkeys(AGE_BANDS, 0))
    by_operator: Counter[str] = Counter()
    by_hour: Counter[str] = Counter(dict.fromkeys(HOURS, 0))
    by_state: Counter[str] = Counter(dict.fromkeys(OUTBOX_STATES, 0))
    early = walk_ins = 0
    for kelurahan, sex, age, operator, hour, state, is_early, on_list in rows:
        by_kelurahan[kelurahan] += 1
        by_sex[sex] += 1
        by_band[age_band(age)] += 1
        by_operator[operator] += 1
        by_hour[f"{hour:02d}"] += 1
        by_state[state] += 1
        early += is_early
        walk_ins += 0 if on_list else 1
    tickets = conn.execute(
        "SELECT created_at, called_at, finished_at, state FROM queue WHERE day BETWEEN ? AND ?",
        (date_from.isoformat(), date_to.isoformat()),
    ).fetchall()
    waits = [w for c, called, _f, _s in tickets if (w := _minutes(c, called)) is not None]
    services = [
        s for _c, called, fin, state in tickets
        if state == "done" and (s := _minutes(called, fin)) is not None
    ]  # fmt: skip
    return {
        "version": TALLY_VERSION,
        "desk_id": desk_id,
        "kecamatan": kecamatan,
        "date_from": date_from.isoformat(),
        "date_to": date_to.isoformat(),
        "total": len(rows),
        "by_kelurahan": dict(sorted(by_kelurahan.items())),
        "by_sex": {s: by_sex[s] for s in SEXES},
        "by_age_band": {b: by_band[b] for b in AGE_BANDS},
        "by_operator": dict(sorted(by_operator.items())),
        "by_hour": {h: by_hour[h] for h in HOURS},
        "by_sync_state": {s: by_state[s] for s in OUTBOX_STATES},
        "early": early,
        "walk_ins": walk_ins,
        "queue": {
            "tickets": len(tickets),
            "served": len(services),
            "average_wait_minutes": round(sum(waits) / len(waits), 1) if waits else None,
            "average_service_minutes": round(sum(services) / len(services), 1)
            if services
            else None,
        },
    }


def default_deadline(today: date) -> date:
    return date(today.year, 12, 31)


def compute_progress(
    conn: sqlite3.Connection, *, as_of: date, target: int | None, deadline: date
) -> dict[str, Any]:
    """Where the kecamatan stands on `as_of`: recorded so far against the target, and the
    daily rate still needed to reach it by the deadline."""
    if target is None:
        # The residents on the reference list: everyone who still had to record when the
        # campaign (this desk) started.
        target = int(conn.execute("SELECT count(*) FROM residents").fetchone()[0])
    recorded = int(
        conn.execute(
            "SELECT count(*) FROM recordings WHERE voided_at IS NULL AND local_date <= ?",
            (as_of.isoformat(),),
        ).fetchone()[0]
    )
    week_start = as_of - timedelta(days=6)
    daily = dict(
        conn.execute(
            "SELECT local_date, count(*) FROM recordings WHERE voided_at IS NULL"
            " AND local_date BETWEEN ? AND ? GROUP BY local_date",
            ((as_of - timedelta(days=29)).isoformat(), as_of.isoformat()),
        ).fetchall()
    )
    last_30 = [
        (d.isoformat(), int(daily.get(d.isoformat(), 0)))
        for d in (as_of - timedelta(days=29 - i) for i in range(30))
    ]
    last_7 = sum(count for day, count in last_30 if day >= week_start.isoformat())
    days_left = max(0, (deadline - as_of).days)
    remaining = max(0, target - recorded)
    return {
        "as_of": as_of.isoformat(),
        "deadline": deadline.isoformat(),
        "target": target,
        "recorded": recorded,
        "remaining": remaining,
        "percent": round(100 * recorded / target, 1) if target else None,
        "days_left": days_left,
        "needed_per_day": round(remaining / days_left, 1) if days_left else float(remaining),
        "average_last_7_days": round(last_7 / 7, 1),
        "daily": [{"date": day, "count": count} for day, count in last_30],
    }
