"""The records the hub holds, the ones it rejected, the batches they came in, and each
desk's audit head."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator

from ektp_desk.hub.store.base import StoreBase
from ektp_desk.hub.store.database import Connection
from ektp_desk.hub.store.rows import (
    CONFLICT_REASON,
    Admitted,
    DeskAudit,
    HeldRecord,
    NewRecord,
    Rejection,
)

_RECORD_COLUMNS = (
    "record_id, desk_id, nik, kecamatan, sha256, size, finalized_at, recorded_on, received_at,"
    " outcome, first_record_id"
)
_INSERT = (
    f"INSERT INTO records ({_RECORD_COLUMNS}, batch_id, envelope)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)
_ATTEMPTS = 8  # a PostgreSQL transaction picked as a deadlock's victim runs again


class RecordTables(StoreBase):
    def held(self, record_id: str) -> HeldRecord | None:
        row = self._one(f"SELECT {_RECORD_COLUMNS} FROM records WHERE record_id = ?", (record_id,))
        return HeldRecord(*row) if row else None

    def envelope(self, record_id: str) -> bytes | None:
        row = self._one("SELECT envelope FROM records WHERE record_id = ?", (record_id,))
        return bytes(row[0]) if row else None

    def records(self, desk_id: str | None = None) -> Iterator[HeldRecord]:
        if desk_id is None:
            rows = self._db.stream(f"SELECT {_RECORD_COLUMNS} FROM records ORDER BY rowid")
        else:
            rows = self._db.stream(
                f"SELECT {_RECORD_COLUMNS} FROM records WHERE desk_id = ? ORDER BY rowid",
                (desk_id,),
            )
        for row in rows:
            yield HeldRecord(*row)

    def envelopes(self) -> Iterator[tuple[str, str, str, int, bytes]]:
        """(record id, desk id, sha256, size, envelope) of every record, one at a time."""
        for record_id, desk_id, sha256, size, envelope in self._db.stream(
            "SELECT record_id, desk_id, sha256, size, envelope FROM records ORDER BY rowid",
            itersize=8,
        ):
            yield str(record_id), str(desk_id), str(sha256), int(size), bytes(envelope)

    def counts(self) -> list[tuple[str, str, int]]:
        """(desk id, outcome, records) of every desk that sent any."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT desk_id, outcome, count(*) FROM records GROUP BY desk_id, outcome"
                " ORDER BY desk_id, outcome"
            ).fetchall()
        return [(str(a), str(b), int(c)) for a, b, c in rows]

    def rejections(self, desk_id: str | None = None) -> list[Rejection]:
        sql = "SELECT record_id, desk_id, sha256, reason FROM rejections"
        args: tuple[str, ...] = ()
        if desk_id is not None:
            sql += " WHERE desk_id = ?"
            args = (desk_id,)
        with self._db.read() as conn:
            return [Rejection(*r) for r in conn.execute(sql + " ORDER BY id", args).fetchall()]

    def tally(self, day: str) -> list[tuple[str, str, str, int]]:
        """(kecamatan, desk_id, outcome, count) of records recorded on `day`."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT kecamatan, desk_id, outcome, count(*) FROM records WHERE recorded_on = ?"
                " GROUP BY kecamatan, desk_id, outcome ORDER BY kecamatan, desk_id, outcome",
                (day,),
            ).fetchall()
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
    ) -> list[Admitted]:
        """Store a batch in one transaction: each new record as the hub holds it after (see
        `_admit`), in `new`'s order; the rejections; the batch. A transaction PostgreSQL
        aborted as a deadlock's victim (two batches storing the same NIKs in crossed order)
        runs again from the start, deciding afresh."""
        for attempt in range(_ATTEMPTS):
            try:
                with self._db.write() as conn:
                    return self._ingest(conn, batch_id, desk_id, at, new, rejected, total_bytes)
            except self._db.retryable:
                if attempt == _ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.001, 0.02 * (attempt + 1)))
        raise AssertionError("unreachable")

    def _ingest(
        self,
        conn: Connection,
        batch_id: str,
        desk_id: str,
        at: str,
        new: list[NewRecord],
        rejected: list[Rejection],
        total_bytes: int,
    ) -> list[Admitted]:
        # By NIK, then as sent: every transaction takes the NIKs' index entries in one
        # order, which keeps two batches from waiting on each other.
        count = len(new) + len(rejected)
        order = sorted(range(len(new)), key=lambda i: new[i].record.nik)
        admitted: dict[int, Admitted] = {}
        for i in order:
            got = admitted[i] = self._admit(conn, new[i])
            mine = new[i].record
            if not got.stored and (got.record.sha256, got.record.desk_id) != (
                mine.sha256,
                mine.desk_id,
            ):
                conflict = Rejection(mine.record_id, desk_id, mine.sha256, CONFLICT_REASON)
                rejected = [*rejected, conflict]
        for rej in rejected:
            conn.execute(
                "INSERT INTO rejections (record_id, desk_id, sha256, reason, batch_id, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (rej.record_id, rej.desk_id, rej.sha256, rej.reason, batch_id, at),
            )
        conn.execute(
            "INSERT INTO batches VALUES (?, ?, ?, ?, ?)",
            (batch_id, desk_id, at, count, total_bytes),
        )
        return [admitted[i] for i in range(len(new))]

    def _admit(self, conn: Connection, item: NewRecord) -> Admitted:
        """The record stored as accepted; else, when its id is held, the record held (not
        stored again); else, when its NIK has an accepted record (the unique index said
        so), stored as a duplicate naming that one. Each insert waits for a concurrent
        transaction inserting the same id or NIK, and the statement after it sees that
        transaction's row."""
        r = item.record
        for _ in range(_ATTEMPTS):
            first: HeldRecord | None = None
            row = conn.execute(
                f"SELECT {_RECORD_COLUMNS} FROM records WHERE record_id = ?", (r.record_id,)
            ).fetchone()
            if row is not None:
                return Admitted(HeldRecord(*row), stored=False, first=None)
            found = conn.execute(
                f"SELECT {_RECORD_COLUMNS} FROM records WHERE nik = ? AND outcome = 'accepted'",
                (r.nik,),
            ).fetchone()
            if found is not None:
                first = HeldRecord(*found)
            record = HeldRecord(
                r.record_id, r.desk_id, r.nik, r.kecamatan, r.sha256, r.size, r.finalized_at,
                r.recorded_on, r.received_at,
                "duplicate_nik" if first else "accepted",
                first.record_id if first else None,
            )  # fmt: skip
            cur = conn.execute(
                _INSERT,
                (
                    record.record_id, record.desk_id, record.nik, record.kecamatan,
                    record.sha256, record.size, record.finalized_at, record.recorded_on,
                    record.received_at, record.outcome, record.first_record_id,
                    item.batch_id, item.envelope,
                ),
            )  # fmt: skip
            if cur.rowcount == 1:
                if item.approval is not None:
                    self._keep_approval(conn, r.record_id, item.approval)
                return Admitted(record, stored=True, first=first)
            # Another transaction stored this id, or an accepted record of this NIK, since
            # the reads above: read again, now that it has committed.
        raise RuntimeError(f"record {r.record_id} could not be stored: the hub kept changing")

    @staticmethod
    def _keep_approval(conn: Connection, record_id: str, approval: dict[str, object]) -> None:
        rules = approval.get("rules")
        conn.execute(
            "INSERT INTO approvals (record_id, approved_by, approved_at, reason, rules)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                record_id,
                str(approval["approved_by"]),
                str(approval["approved_at"]),
                str(approval.get("reason") or ""),
                ",".join(str(r) for r in rules) if isinstance(rules, list) else "",
            ),
        )

    def approval(self, record_id: str) -> dict[str, object] | None:
        """The supervisor's approval that came with a record, if it needed one."""
        row = self._one(
            "SELECT approved_by, approved_at, reason, rules FROM approvals WHERE record_id = ?",
            (record_id,),
        )
        if row is None:
            return None
        by, at, reason, rules = row
        return {
            "approved_by": str(by),
            "approved_at": str(at),
            "reason": str(reason),
            "rules": [r for r in str(rules).split(",") if r],
        }


class AuditHeads(StoreBase):
    """The audit head each desk sent and the hub confirmed, and every decision on one."""

    def desk_audit(self, desk_id: str) -> DeskAudit | None:
        row = self._one(
            "SELECT count, hash, at, flagged_at, flag_reason, accept_next FROM desk_audit"
            " WHERE desk_id = ?",
            (desk_id,),
        )
        if row is None:
            return None
        count, digest, at, flagged_at, reason, accept_next = row
        return DeskAudit(int(count), str(digest), str(at), flagged_at, reason, bool(accept_next))

    @staticmethod
    def _log_head(
        conn: Connection, desk_id: str, count: int, digest: str, at: str, event: str
    ) -> None:
        conn.execute(
            "INSERT INTO audit_heads (desk_id, count, hash, at, event) VALUES (?, ?, ?, ?, ?)",
            (desk_id, count, digest, at, event),
        )

    def hold_audit_head(
        self, desk_id: str, *, count: int, digest: str, at: str, event: str
    ) -> None:
        """Hold `count`/`digest` as the desk's confirmed head (the flag, if any, cleared)."""
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO desk_audit (desk_id, count, hash, at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (desk_id) DO UPDATE SET count = excluded.count,"
                " hash = excluded.hash, at = excluded.at, flagged_at = NULL,"
                " flag_reason = NULL, accept_next = 0",
                (desk_id, count, digest, at),
            )
            self._log_head(conn, desk_id, count, digest, at, event)

    def flag_audit(self, desk_id: str, *, count: int, digest: str, at: str, reason: str) -> None:
        """The desk sent a head that went back: keep the head held, flag the desk, and log
        the head it sent."""
        with self._db.write() as conn:
            conn.execute(
                "UPDATE desk_audit SET flagged_at = coalesce(flagged_at, ?), flag_reason = ?,"
                " accept_next = 0 WHERE desk_id = ?",
                (at, reason, desk_id),
            )
            self._log_head(conn, desk_id, count, digest, at, "refused: " + reason)

    def accept_rollback(self, desk_id: str, at: str) -> bool:
        """Let the desk's next head be held whatever it is (after a phone call that
        explained the rollback, a restore from backup for one)."""
        with self._db.write() as conn:
            held = self.desk_audit(desk_id)
            if held is None:
                return False
            conn.execute("UPDATE desk_audit SET accept_next = 1 WHERE desk_id = ?", (desk_id,))
            self._log_head(conn, desk_id, held.count, held.hash, at, "rollback accepted")
        return True

    def audit_heads(self, desk_id: str) -> list[tuple[int, str, str, str]]:
        """(count, hash, at, event) of every head the desk sent and what the hub did."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT count, hash, at, event FROM audit_heads WHERE desk_id = ? ORDER BY id",
                (desk_id,),
            ).fetchall()
        return [(int(a), str(b), str(c), str(d)) for a, b, c, d in rows]
