"""The records the hub holds, the ones it rejected, the batches they came in, and each
desk's audit head."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ektp_desk.hub.store import changes
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
    " outcome, first_record_id, state, reason, replaces, case_id, change_seq"
)
_INSERT = (
    "INSERT INTO records (record_id, desk_id, nik, kecamatan, sha256, size, finalized_at,"
    " recorded_on, received_at, outcome, first_record_id, state, state_at, replaces,"
    " batch_id, envelope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT DO NOTHING"
)
# The record a new one of the NIK is a duplicate of: its accepted record, else (its case
# still open after the accepted one was voided) its earliest live one.
_LIVE_OF_NIK = (
    f"SELECT {_RECORD_COLUMNS} FROM records WHERE nik = ? AND state IN ('accepted',"
    " 'duplicate_nik') ORDER BY CASE WHEN state = 'accepted' THEN 0 ELSE 1 END, received_at"
    " LIMIT 1"
)
_ATTEMPTS = 8  # a PostgreSQL transaction picked as a deadlock's victim runs again


@dataclass(frozen=True, slots=True)
class _Taken:
    """The record a correction of the same NIK replaced: its state before, and its case."""

    state: str
    case_id: str | None


def _first_of_nik(conn: Connection, nik: str, taken: _Taken | None) -> HeldRecord | None:
    """The record a new one of `nik` duplicates, None when it is accepted. A correction of
    the NIK's accepted record takes its place: it duplicates only another accepted one."""
    if taken is not None and taken.state == "accepted":
        found = conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM records WHERE nik = ? AND state = 'accepted'", (nik,)
        ).fetchone()
    else:
        found = conn.execute(_LIVE_OF_NIK, (nik,)).fetchone()
    return HeldRecord(*found) if found is not None else None


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
        """(kecamatan, desk_id, state, count) of the live records recorded on `day`:
        accepted (one per NIK, by the unique index) and duplicate_nik (waiting for their
        case); a voided or replaced record never counts."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT kecamatan, desk_id, state, count(*) FROM records WHERE recorded_on = ?"
                " AND state IN ('accepted', 'duplicate_nik')"
                " GROUP BY kecamatan, desk_id, state ORDER BY kecamatan, desk_id, state",
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
        changed: list[str] = []  # records stored or changed: numbered at the end
        for i in order:
            got = admitted[i] = self._admit(conn, new[i], at, changed)
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
        numbers = changes.bump(conn, self._db.dialect, changed)
        return [_numbered(admitted[i], conn, numbers) for i in range(len(new))]

    def _admit(self, conn: Connection, item: NewRecord, at: str, changed: list[str]) -> Admitted:
        """The record stored as accepted; else, when its id is held, the record held (not
        stored again); else, when its NIK has a live record (the unique index on accepted
        ones says so when two come at once), stored as a duplicate naming that one, both in
        the NIK's open case. The record it `replaces`, if held, is replaced first. Each
        insert waits for a concurrent transaction inserting the same id or NIK, and the
        statement after it sees that transaction's row."""
        r = item.record
        taken: _Taken | None = None
        replaced = item.replaces is None
        for _ in range(_ATTEMPTS):
            row = conn.execute(
                f"SELECT {_RECORD_COLUMNS} FROM records WHERE record_id = ?", (r.record_id,)
            ).fetchone()
            if row is not None:
                return Admitted(HeldRecord(*row), stored=False, first=None)
            if not replaced and item.replaces is not None:
                taken, replaced = self._replace(conn, item.replaces, r, at, changed), True
            first = _first_of_nik(conn, r.nik, taken)
            outcome = "duplicate_nik" if first else "accepted"
            cur = conn.execute(
                _INSERT,
                (
                    r.record_id, r.desk_id, r.nik, r.kecamatan, r.sha256, r.size,
                    r.finalized_at, r.recorded_on, r.received_at, outcome,
                    first.record_id if first else None, outcome, at, item.replaces,
                    item.batch_id, item.envelope,
                ),
            )  # fmt: skip
            if cur.rowcount == 1:
                if item.approval is not None:
                    self._keep_approval(conn, r.record_id, item.approval)
                case_id = self._place(conn, r, first, taken, at, changed)
                record = replace(
                    r, outcome=outcome, first_record_id=first.record_id if first else None,
                    state=outcome, replaces=item.replaces, case_id=case_id, reason=None,
                )  # fmt: skip
                return Admitted(record, stored=True, first=first)
            # Another transaction stored this id, or an accepted record of this NIK, since
            # the reads above: read again, now that it has committed.
        raise RuntimeError(f"record {r.record_id} could not be stored: the hub kept changing")

    def _place(
        self,
        conn: Connection,
        r: HeldRecord,
        first: HeldRecord | None,
        taken: _Taken | None,
        at: str,
        changed: list[str],
    ) -> str | None:
        """The case a record just stored is in: a duplicate's, opened or joined with the
        record it duplicates; or, for a correction that took its record's place, that
        record's case while it is open."""
        if first is not None:
            changed.append(first.record_id)
            case_id: str | None = changes.open_or_join_case(
                conn, self._db.dialect, nik=r.nik, kecamatan=first.kecamatan, at=at,
                record_ids=[first.record_id, r.record_id],
            )  # fmt: skip
        elif taken is not None and taken.case_id is not None:
            changes.lock_case(conn, self._db.dialect, taken.case_id)
            still_open = conn.execute(
                "SELECT 1 FROM cases WHERE case_id = ? AND state = 'open'", (taken.case_id,)
            ).fetchone()
            case_id = taken.case_id if still_open else None
            if case_id is not None:
                conn.execute(
                    "UPDATE records SET case_id = ? WHERE record_id = ?", (case_id, r.record_id)
                )
        else:
            case_id = None
        changed.append(r.record_id)
        return case_id

    @staticmethod
    def _replace(
        conn: Connection, replaced_id: str, new: HeldRecord, at: str, changed: list[str]
    ) -> _Taken | None:
        """A correction: the record it names becomes `replaced` (a record of the same
        kecamatan, live or voided). Of the same NIK, the correction takes its place (its
        state before, its case): returned. Of another NIK (a wrong NIK corrected), its case
        settles if that leaves one record. A record the hub never held (a rejection) keeps
        only the link, in the new record."""
        row = conn.execute(
            "SELECT kecamatan, state, case_id, nik FROM records WHERE record_id = ?",
            (replaced_id,),
        ).fetchone()
        if row is None or row[0] != new.kecamatan or row[1] == "replaced":
            return None
        changes.set_state(conn, replaced_id, "replaced", at=at, reason=None)
        changed.append(replaced_id)
        if row[3] == new.nik:
            return _Taken(str(row[1]), None if row[2] is None else str(row[2]))
        if row[2] is not None:
            changes.settle_case(conn, str(row[2]), by=f"replace:{new.desk_id}", at=at,
                                changed=changed)  # fmt: skip
        return None

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


def _numbered(got: Admitted, conn: Connection, numbers: dict[str, int]) -> Admitted:
    """The record as stored, with its place in the change sequence (and the case of its
    first, which joining a case changed)."""
    if not got.stored:
        return got
    first = got.first
    if first is not None:
        row = conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM records WHERE record_id = ?", (first.record_id,)
        ).fetchone()
        first = HeldRecord(*row) if row is not None else first
    record = replace(got.record, change_seq=numbers.get(got.record.record_id))
    return Admitted(record, stored=True, first=first)
