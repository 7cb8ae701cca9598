"""Duplicate-NIK cases and voids: listing the cases, an operator's decision on one (the CLI's
and the dashboard's one way), and the voids desks send. Every state change moves the records
on in the change sequence, so the desks learn of it, and is audited."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import replace

from ektp_desk.hub import HubError
from ektp_desk.hub.store import changes
from ektp_desk.hub.store.base import StoreBase
from ektp_desk.hub.store.database import Connection
from ektp_desk.hub.store.rows import CaseRecord, CaseRow
from ektp_desk.protocol.status import Void

_CASE_COLUMNS = (
    "case_id, nik, kecamatan, state, opened_at, decision, kept_record_id, reason, decided_by,"
    " decided_at"
)
_ATTEMPTS = 8


def decision_reason(case_id: str, reason: str) -> str:
    """The reason a record voided by a case decision carries (shown at its desk)."""
    return f"Keputusan kasus {case_id}: {reason}"


class CaseTables(StoreBase):
    def cases(self, state: str | None = None) -> list[CaseRow]:
        """Every case (or those in `state`), oldest first, each with its records."""
        sql = f"SELECT {_CASE_COLUMNS} FROM cases"
        args: tuple[str, ...] = ()
        if state is not None:
            sql += " WHERE state = ?"
            args = (state,)
        with self._db.read() as conn:
            rows = conn.execute(sql + " ORDER BY case_id", args).fetchall()
            return [_with_records(conn, CaseRow(*row)) for row in rows]

    def case(self, case_id: str) -> CaseRow | None:
        with self._db.read() as conn:
            row = conn.execute(
                f"SELECT {_CASE_COLUMNS} FROM cases WHERE case_id = ?", (case_id,)
            ).fetchone()
            return _with_records(conn, CaseRow(*row)) if row else None

    def resolve_case(
        self, case_id: str, *, keep: str | None, reason: str, by: str, at: str
    ) -> CaseRow:
        """Decide an open case: the kept record (`keep`) becomes `accepted` and every other
        live one `voided`, with the decision's reason; none kept when `keep` is None
        (void all). Raises HubError naming what is wrong; nothing is changed then."""
        if not reason.strip():
            raise HubError("a case decision needs a reason")
        with self._db.write() as conn:
            changes.lock_case(conn, self._db.dialect, case_id)
            row = conn.execute(
                f"SELECT {_CASE_COLUMNS} FROM cases WHERE case_id = ?", (case_id,)
            ).fetchone()
            if row is None:
                raise HubError(f"no case {case_id} on this hub")
            case = _with_records(conn, CaseRow(*row))
            if case.state != "open":
                raise HubError(
                    f"case {case_id} is already resolved ({case.decision}, by {case.decided_by})"
                )
            live = [r for r in case.records if r.state in changes.LIVE_STATES]
            if keep is not None and keep not in {r.record_id for r in live}:
                raise HubError(
                    f"record {keep} is not a live record of case {case_id}; its records: "
                    + ", ".join(f"{r.record_id} ({r.state})" for r in case.records)
                )
            changed: list[str] = []
            voided_reason = decision_reason(case_id, reason)
            # Voids first: the kept record may then take the NIK's one accepted place.
            for r in live:
                if r.record_id != keep:
                    changes.set_state(conn, r.record_id, "voided", at=at, reason=voided_reason)
                    changed.append(r.record_id)
            if keep is not None:
                changes.set_state(conn, keep, "accepted", at=at, reason=reason)
                changed.append(keep)
            decision = "keep" if keep is not None else "void_all"
            conn.execute(
                "UPDATE cases SET state = 'resolved', decision = ?, kept_record_id = ?,"
                " reason = ?, decided_by = ?, decided_at = ? WHERE case_id = ?",
                (decision, keep, reason, by, at, case_id),
            )
            changes.audit(
                conn, at=at, actor=by, action="case_resolved", subject=case_id,
                detail={"decision": decision, "kept_record_id": keep, "reason": reason},
            )  # fmt: skip
            changes.bump(conn, self._db.dialect, changed)
        resolved = self.case(case_id)
        assert resolved is not None
        return resolved

    def void_records(self, desk_id: str, voids: Sequence[Void], *, at: str) -> list[str]:
        """The voids a desk sent, each `voided`, `already_voided`, `unknown` (never
        received) or `not_yours` (another desk's record), in order. A void that leaves one
        live record in an open case resolves it (`keep`, by `void:<desk>`)."""
        for attempt in range(_ATTEMPTS):
            try:
                with self._db.write() as conn:
                    return self._void(conn, desk_id, voids, at)
            except self._db.retryable:
                if attempt == _ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.001, 0.02 * (attempt + 1)))
        raise AssertionError("unreachable")

    def _void(self, conn: Connection, desk_id: str, voids: Sequence[Void], at: str) -> list[str]:
        outcomes: list[str] = []
        changed: list[str] = []
        for void in voids:
            read = "SELECT desk_id, state, case_id FROM records WHERE record_id = ?"
            row = conn.execute(read, (void.record_id,)).fetchone()
            if row is not None and row[2] is not None:
                # The case first, then the record read again: an operator deciding the
                # case at this moment decides before or after this void, never across it.
                changes.lock_case(conn, self._db.dialect, str(row[2]))
                row = conn.execute(read, (void.record_id,)).fetchone()
            if row is None:
                outcomes.append("unknown")
                continue
            if row[0] != desk_id:
                outcomes.append("not_yours")
                continue
            if row[1] == "voided":
                outcomes.append("already_voided")
                continue
            changes.set_state(conn, void.record_id, "voided", at=at, reason=void.reason)
            changed.append(void.record_id)
            changes.audit(
                conn, at=at, actor=f"desk:{desk_id}", action="record_voided",
                subject=void.record_id,
                detail={"reason": void.reason, "voided_at": void.voided_at, "was": row[1]},
            )  # fmt: skip
            if row[2] is not None:
                changes.settle_case(conn, str(row[2]), by=f"void:{desk_id}", at=at, changed=changed)
            outcomes.append("voided")
        changes.bump(conn, self._db.dialect, changed)
        return outcomes


def _with_records(conn: Connection, case: CaseRow) -> CaseRow:
    rows = conn.execute(
        "SELECT record_id, desk_id, state, recorded_on FROM records WHERE case_id = ?"
        " ORDER BY received_at, record_id",
        (case.case_id,),
    ).fetchall()
    return replace(case, records=tuple(CaseRecord(*r) for r in rows))
