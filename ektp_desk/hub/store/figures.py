"""What the dashboard reads: records accepted per kecamatan and day, records by state,
the rejections with their reasons, and each desk's last batch. Read-only SQL."""

from __future__ import annotations

from dataclasses import dataclass

from ektp_desk.hub.store.base import StoreBase

# A record that counts: accepted, once per NIK (the unique index keeps one such per NIK).
LIVE = "outcome = 'accepted'"
STATE = "outcome"


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
