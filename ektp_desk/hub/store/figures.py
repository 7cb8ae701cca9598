"""What the dashboard reads: records accepted per kecamatan and day, records by state,
the rejections with their reasons, and each desk's last batch. Read-only SQL."""

from __future__ import annotations

from dataclasses import dataclass

from ektp_desk.hub.store.base import StoreBase

# A record that counts: accepted, once per NIK (the unique index keeps one such per NIK).
LIVE = "state = 'accepted'"
STATE = "state"
# A listed resident must hold a KTP by the deadline when born on or before `born_by`, or
# married or once married (as the desk's tallies); recorded when a record of the NIK is
# accepted or waits in a duplicate case ("recorded anywhere", as the desks see it).
_MUST_HOLD = (
    "(p.tanggal_lahir <= ? OR coalesce(p.status_perkawinan, 'BELUM KAWIN') != 'BELUM KAWIN')"
)
_RECORDED = (
    "EXISTS (SELECT 1 FROM records g WHERE g.nik = p.nik"
    " AND g.state IN ('accepted', 'duplicate_nik') AND g.recorded_on <= ?)"
)


@dataclass(frozen=True, slots=True)
class RejectedRow:
    record_id: str
    desk_id: str
    kecamatan: str
    reason: str
    at: str


class FigureTables(StoreBase):
    def daily_recorded(self) -> list[tuple[str, str, int]]:
        """(kecamatan, day, records that count) of every day with any, by kecamatan, day."""
        with self._db.read() as conn:
            rows = conn.execute(
                f"SELECT kecamatan, recorded_on, count(*) FROM records WHERE {LIVE}"
                " GROUP BY kecamatan, recorded_on ORDER BY kecamatan, recorded_on"
            ).fetchall()
        return [(str(k), str(d), int(n)) for k, d, n in rows]

    def state_counts(self) -> list[tuple[str, str, int]]:
        """(kecamatan, state, records) of every state held."""
        with self._db.read() as conn:
            rows = conn.execute(
                f"SELECT kecamatan, {STATE}, count(*) FROM records GROUP BY kecamatan, {STATE}"
                f" ORDER BY kecamatan, {STATE}"
            ).fetchall()
        return [(str(k), str(s), int(n)) for k, s, n in rows]

    def rejected(self, limit: int = 500) -> list[RejectedRow]:
        """The latest rejections, newest first, with the kecamatan of the desk."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT r.record_id, r.desk_id, coalesce(d.kecamatan, ''), r.reason, r.at"
                " FROM rejections r LEFT JOIN desks d ON d.desk_id = r.desk_id"
                " ORDER BY r.id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [RejectedRow(*(str(v) for v in r)) for r in rows]

    def last_batches(self) -> dict[str, tuple[str, int]]:
        """desk id -> (its last batch's time, records it sent in all)."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT desk_id, max(received_at), sum(records) FROM batches GROUP BY desk_id"
            ).fetchall()
        return {str(d): (str(at), int(n or 0)) for d, at, n in rows}

    def listed_progress(
        self, *, born_by: str, as_of: str
    ) -> dict[str, list[tuple[str | None, int, int]]]:
        """kecamatan -> (kelurahan, target, recorded by `as_of`) of its published list's
        residents who must hold a KTP, for every kecamatan with a list."""
        with self._db.read() as conn:
            rows = conn.execute(
                f"SELECT p.kecamatan, p.kelurahan, count(*),"
                f" sum(CASE WHEN {_RECORDED} THEN 1 ELSE 0 END)"
                f" FROM published_residents p WHERE {_MUST_HOLD}"
                " GROUP BY p.kecamatan, p.kelurahan ORDER BY p.kecamatan, p.kelurahan",
                (as_of, born_by),
            ).fetchall()
        out: dict[str, list[tuple[str | None, int, int]]] = {}
        for kecamatan, kelurahan, target, recorded in rows:
            out.setdefault(str(kecamatan), []).append(
                (None if kelurahan is None else str(kelurahan), int(target), int(recorded or 0))
            )
        return out

    def listed_daily(
        self, *, kecamatan: str | None = None, by_kelurahan: bool = False
    ) -> dict[str, dict[str, int]]:
        """Records that count of residents on their kecamatan's published list, by day:
        kecamatan (or, with `by_kelurahan`, kelurahan) -> day -> count."""
        key = "coalesce(p.kelurahan, '')" if by_kelurahan else "p.kecamatan"
        where, args = ("AND p.kecamatan = ?", (kecamatan,)) if kecamatan else ("", ())
        with self._db.read() as conn:
            rows = conn.execute(
                f"SELECT {key}, r.recorded_on, count(*) FROM records r"
                " JOIN published_residents p ON p.nik = r.nik AND p.kecamatan = r.kecamatan"
                f" WHERE r.{LIVE} {where} GROUP BY {key}, r.recorded_on",
                args,
            ).fetchall()
        out: dict[str, dict[str, int]] = {}
        for area, day, count in rows:
            out.setdefault(str(area), {})[str(day)] = int(count)
        return out

    def walk_ins(self, *, as_of: str) -> dict[str, int]:
        """kecamatan -> records that count by `as_of` of people not on its published list
        (walk-ins, early recordings), for every kecamatan with a list."""
        with self._db.read() as conn:
            rows = conn.execute(
                f"SELECT r.kecamatan, count(*) FROM records r WHERE r.{LIVE}"
                " AND r.recorded_on <= ?"
                " AND EXISTS (SELECT 1 FROM published_lists l WHERE l.kecamatan = r.kecamatan)"
                " AND NOT EXISTS (SELECT 1 FROM published_residents p"
                " WHERE p.kecamatan = r.kecamatan AND p.nik = r.nik) GROUP BY r.kecamatan",
                (as_of,),
            ).fetchall()
        return {str(k): int(n) for k, n in rows}
