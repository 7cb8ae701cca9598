"""The records the hub holds, the ones it rejected, the batches they came in, and each
desk's audit head."""

from __future__ import annotations

from collections.abc import Iterator

from ektp_desk.hub.store.rows import DeskAudit, HeldRecord, NewRecord, Rejection
from ektp_desk.hub.store.schema import SqliteFile

_RECORD_COLUMNS = (
    "record_id, desk_id, nik, kecamatan, sha256, size, finalized_at, recorded_on, received_at,"
    " outcome, first_record_id"
)


class RecordTables(SqliteFile):
    def held(self, record_id: str) -> HeldRecord | None:
        row = (
            self._conn()
            .execute(f"SELECT {_RECORD_COLUMNS} FROM records WHERE record_id = ?", (record_id,))
            .fetchone()
        )
        return HeldRecord(*row) if row else None

    def first_for_nik(self, nik: str) -> HeldRecord | None:
        row = (
            self._conn()
            .execute(
                f"SELECT {_RECORD_COLUMNS} FROM records WHERE nik = ?"
                " ORDER BY received_at, rowid LIMIT 1",
                (nik,),
            )
            .fetchone()
        )
        return HeldRecord(*row) if row else None

    def envelope(self, record_id: str) -> bytes | None:
        row = (
            self._conn()
            .execute("SELECT envelope FROM records WHERE record_id = ?", (record_id,))
            .fetchone()
        )
        return bytes(row[0]) if row else None

    def records(self, desk_id: str | None = None) -> Iterator[HeldRecord]:
        if desk_id is None:
            rows = self._conn().execute(f"SELECT {_RECORD_COLUMNS} FROM records ORDER BY rowid")
        else:
            rows = self._conn().execute(
                f"SELECT {_RECORD_COLUMNS} FROM records WHERE desk_id = ? ORDER BY rowid",
                (desk_id,),
            )
        for row in rows:
            yield HeldRecord(*row)

    def rejections(self, desk_id: str | None = None) -> list[Rejection]:
        sql = "SELECT record_id, desk_id, sha256, reason FROM rejections"
        args: tuple[str, ...] = ()
        if desk_id is not None:
            sql += " WHERE desk_id = ?"
            args = (desk_id,)
        return [Rejection(*r) for r in self._conn().execute(sql + " ORDER BY id", args)]

    def tally(self, day: str) -> list[tuple[str, str, str, int]]:
        """(kecamatan, desk_id, outcome, count) of records recorded on `day`."""
        rows = self._conn().execute(
            "SELECT kecamatan, desk_id, outcome, count(*) FROM records WHERE recorded_on = ?"
            " GROUP BY kecamatan, desk_id, outcome ORDER BY kecamatan, desk_id, outcome",
            (day,),
        )
        return [(str(a), str(b), str(c), int(d)) for a, b, c, d in rows]

    def ingest(
        self,
        *,
        batch_id: str,
        desk_id: str,
        at: str,
        new: list[NewRecord],
        rejected: list[Rejection],
        total_bytes: int,
    ) -> None:
        conn = self._conn()
        with self._write(conn):
            for item in new:
                r = item.record
                conn.execute(
                    f"INSERT INTO records ({_RECORD_COLUMNS}, batch_id, envelope)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        r.record_id, r.desk_id, r.nik, r.kecamatan, r.sha256, r.size,
                        r.finalized_at, r.recorded_on, r.received_at, r.outcome,
                        r.first_record_id, item.batch_id, item.envelope,
                    ),
                )  # fmt: skip
            for rej in rejected:
                conn.execute(
                    "INSERT INTO rejections (record_id, desk_id, sha256, reason, batch_id, at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (rej.record_id, rej.desk_id, rej.sha256, rej.reason, batch_id, at),
                )
            conn.execute(
                "INSERT INTO batches VALUES (?, ?, ?, ?, ?)",
                (batch_id, desk_id, at, len(new) + len(rejected), total_bytes),
            )


class AuditHeads(SqliteFile):
    """The audit head each desk sent and the hub confirmed, and every decision on one."""

    def desk_audit(self, desk_id: str) -> DeskAudit | None:
        row = (
            self._conn()
            .execute(
                "SELECT count, hash, at, flagged_at, flag_reason, accept_next FROM desk_audit"
                " WHERE desk_id = ?",
                (desk_id,),
            )
            .fetchone()
        )
        if row is None:
            return None
        count, digest, at, flagged_at, reason, accept_next = row
        return DeskAudit(int(count), str(digest), str(at), flagged_at, reason, bool(accept_next))

    def _log_head(self, desk_id: str, count: int, digest: str, at: str, event: str) -> None:
        self._conn().execute(
            "INSERT INTO audit_heads (desk_id, count, hash, at, event) VALUES (?, ?, ?, ?, ?)",
            (desk_id, count, digest, at, event),
        )

    def hold_audit_head(
        self, desk_id: str, *, count: int, digest: str, at: str, event: str
    ) -> None:
        """Hold `count`/`digest` as the desk's confirmed head (the flag, if any, cleared)."""
        conn = self._conn()
        with self._write(conn):
            conn.execute(
                "INSERT INTO desk_audit (desk_id, count, hash, at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (desk_id) DO UPDATE SET count = excluded.count,"
                " hash = excluded.hash, at = excluded.at, flagged_at = NULL,"
                " flag_reason = NULL, accept_next = 0",
                (desk_id, count, digest, at),
            )
            self._log_head(desk_id, count, digest, at, event)

    def flag_audit(self, desk_id: str, *, count: int, digest: str, at: str, reason: str) -> None:
        """The desk sent a head that went back: keep the head held, flag the desk, and log
        the head it sent."""
        conn = self._conn()
        with self._write(conn):
            conn.execute(
                "UPDATE desk_audit SET flagged_at = coalesce(flagged_at, ?), flag_reason = ?,"
                " accept_next = 0 WHERE desk_id = ?",
                (at, reason, desk_id),
            )
            self._log_head(desk_id, count, digest, at, "refused: " + reason)

    def accept_rollback(self, desk_id: str, at: str) -> bool:
        """Let the desk's next head be held whatever it is (after a phone call that
        explained the rollback, a restore from backup for one)."""
        conn = self._conn()
        with self._write(conn):
            held = self.desk_audit(desk_id)
            if held is None:
                return False
            conn.execute("UPDATE desk_audit SET accept_next = 1 WHERE desk_id = ?", (desk_id,))
            self._log_head(desk_id, held.count, held.hash, at, "rollback accepted")
        return True

    def audit_heads(self, desk_id: str) -> list[tuple[int, str, str, str]]:
        """(count, hash, at, event) of every head the desk sent and what the hub did."""
        rows = self._conn().execute(
            "SELECT count, hash, at, event FROM audit_heads WHERE desk_id = ? ORDER BY id",
            (desk_id,),
        )
        return [(int(a), str(b), str(c), str(d)) for a, b, c, d in rows]
