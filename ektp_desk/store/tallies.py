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


# A listed resident must hold a KTP by the deadline when born on or before `born_by`, or
# married or once married; one counts as recorded with a recording of theirs not voided.
_MUST_HOLD = (
    "(r.tanggal_lahir <= ? OR coalesce(r.status_perkawinan, 'BELUM KAWIN') != 'BELUM KAWIN')"
)
_RECORDED = (  # here, or at any desk as the hub's status feed says (store/city.py)
    "(EXISTS (SELECT 1 FROM recordings g WHERE g.nik = r.nik AND g.voided_at IS NULL"
    " AND g.local_date <= ?1) OR EXISTS (SELECT 1 FROM city_status c WHERE c.nik = r.nik"
    " AND c.state IN ('accepted', 'duplicate_nik') AND c.recorded_on <= ?1))"
)


def listed_progress(
    conn: sqlite3.Connection, *, born_by: str, as_of: str
) -> list[tuple[str | None, int, int]]:
    """(kelurahan, target, recorded by `as_of`) of the listed residents who must hold a KTP."""
    rows = conn.execute(
        f"SELECT r.kelurahan, count(*), coalesce(sum({_RECORDED}), 0) FROM residents r"
        f" WHERE {_MUST_HOLD} GROUP BY r.kelurahan ORDER BY r.kelurahan",
        (as_of, born_by),
    ).fetchall()
    return [(k, int(t), int(n)) for k, t, n in rows]


def apart_upto(conn: sqlite3.Connection, day: str) -> tuple[int, int]:
    """(walk-ins, early recordings) up to `day`: counted apart from the target."""
    walk_ins, early = conn.execute(
        "SELECT coalesce(sum(on_list = 0), 0), coalesce(sum(early), 0) FROM recordings"
        " WHERE voided_at IS NULL AND local_date <= ?",
        (day,),
    ).fetchone()
    return int(walk_ins), int(early)


def daily_listed(conn: sqlite3.Connection, period: Period) -> dict[str, int]:
    """Recordings of listed residents by local date, for the dates of the period with any."""
    return dict(
        conn.execute(
            "SELECT local_date, count(*) FROM recordings WHERE voided_at IS NULL AND on_list = 1"
            " AND local_date BETWEEN ? AND ? GROUP BY local_date",
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
