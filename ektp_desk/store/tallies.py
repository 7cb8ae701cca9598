"""The queries of the reports (ektp_desk/reports/ computes from their rows): the tally's
figures over the partial index of non-voided recordings, the progress's daily counts,
and the outreach list's residents not recorded yet."""

from __future__ import annotations

import sqlite3

from ektp_desk.store.city import RECORDED_ANYWHERE

Period = tuple[str, str]  # local dates, inclusive

# Every figure is a GROUP BY over the partial index of non-voided recordings, in SQLite.
_SOURCE = (
    " FROM recordings INDEXED BY recordings_tally"
    " WHERE local_date BETWEEN ? AND ? AND voided_at IS NULL"
)


def grouped(conn: sqlite3.Connection, column: str, period: Period) -> dict[object, int]:
    """Non-voided recordings of the period counted by `column` (a name of ours, not input)."""
    rows = conn.execute(f"SELECT {column}, count(*){_SOURCE} GROUP BY {column}", period)
    return {key: int(n) for key, n in rows}


def totals(conn: sqlite3.Connection, period: Period) -> tuple[int, int, int]:
    """(recordings, early ones, walk-ins not on the list) of the period, voided excluded."""
    total, early, walk_ins = conn.execute(
        f"SELECT count(*), coalesce(sum(early), 0), coalesce(sum(on_list = 0), 0){_SOURCE}",
        period,
    ).fetchone()
    return int(total), int(early), int(walk_ins)


def sync_states(conn: sqlite3.Connection, period: Period) -> dict[str, int]:
    """Sync states from the outbox's own index, less the few voided recordings."""
    states: dict[str, int] = {}
    for state, count in conn.execute(
        "SELECT state, count(*) FROM outbox WHERE local_date BETWEEN ? AND ? GROUP BY state",
        period,
    ):
        states[state] = states.get(state, 0) + count
    for state, count in conn.execute(
        "SELECT o.state, count(*) FROM recordings r INDEXED BY recordings_voided"
        " JOIN outbox o ON o.record_id = r.record_id"
        " WHERE r.voided_at IS NOT NULL AND r.local_date BETWEEN ? AND ? GROUP BY o.state",
        period,
    ):
        states[state] = states.get(state, 0) - count
    return states


def tickets(
    conn: sqlite3.Connection, period: Period
) -> list[tuple[str | None, str | None, str | None, str]]:
    """(created, called, finished, state) of each queue ticket of the period."""
    return conn.execute(
        "SELECT created_at, called_at, finished_at, state FROM queue WHERE day BETWEEN ? AND ?",
        period,
    ).fetchall()


def recorded_upto(conn: sqlite3.Connection, day: str) -> int:
    return int(
        conn.execute(
            "SELECT coalesce(sum(recorded), 0) FROM daily_counts WHERE local_date <= ?", (day,)
        ).fetchone()[0]
    )


def daily(conn: sqlite3.Connection, period: Period) -> dict[str, int]:
    """Recordings by local date, for the dates of the period that have any."""
    return dict(
        conn.execute(
            "SELECT local_date, recorded FROM daily_counts WHERE local_date BETWEEN ? AND ?",
            period,
        ).fetchall()
    )


def not_recorded(
    conn: sqlite3.Connection, *, kecamatan: str, kelurahan: str | None
) -> list[tuple[str, str, str, str | None, str | None, str | None, str | None]]:
    """(nik, nama, born, alamat, rt, rw, kelurahan) of each listed resident of the
    kelurahan (or the kecamatan) not recorded anywhere (here or at another desk, as the hub
    says), in door-to-door order."""
    where = "kelurahan = ?" if kelurahan else "(kelurahan LIKE ? OR kelurahan IS NULL)"
    arg = kelurahan if kelurahan else kecamatan + ".%"
    return conn.execute(
        "SELECT nik, nama, tanggal_lahir, alamat, rt, rw, kelurahan FROM residents"
        f" WHERE {where} AND nik NOT IN ({RECORDED_ANYWHERE})"
        " ORDER BY kelurahan, rw, rt, alamat, nama",
        (arg,),
    ).fetchall()
