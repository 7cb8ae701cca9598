"""`desk.approvals`: recordings a supervisor must approve before they are sent (the rules
in domain/approval.py). Such a recording is saved as any other, and held from sync and
bundles until a supervisor approves it: at the desk right after the save (typing their
password over the clerk's session) or later from the waiting list. The approval is
audited and travels with the record to the hub in the batch's manifest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ektp_desk.desk.errors import DeskError, PermissionDenied
from ektp_desk.desk.session import User
from ektp_desk.domain.accounts import Permission, may
from ektp_desk.domain.approval import MAX_APPROVAL_REASON, QualityFloor, approval_rules
from ektp_desk.domain.moments import iso
from ektp_desk.domain.problems import Text
from ektp_desk.domain.recording import Recording
from ektp_desk.domain.words import role_word
from ektp_desk.store import approvals as approval_store
from ektp_desk.store import audit as audit_store
from ektp_desk.store import recordings as recording_store

if TYPE_CHECKING:
    from ektp_desk.desk import Desk

Approval = approval_store.Approval
WaitingApproval = approval_store.Waiting


class Approvals:
    """`desk.approvals`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.session = desk.session

    def rules_for(self, recording: Recording, *, replaces: str | None = None) -> tuple[str, ...]:
        floor = QualityFloor(
            finger=self.desk.setting("quality_finger_min"),
            iris=self.desk.setting("quality_iris_min"),
        )
        return approval_rules(recording, floor=floor, replaces=replaces)

    def hold(self, record_id: str, rules: tuple[str, ...], *, at: str) -> None:
        """Inside the save's transaction: the recording waits for approval."""
        approval_store.hold(self.session.connection, record_id, rules, at=at)

    def waiting(self) -> list[WaitingApproval]:
        self.session.require_user()  # names and NIKs
        return approval_store.waiting(self.session.connection)

    def get(self, record_id: str) -> Approval | None:
        return approval_store.get(self.session.connection, record_id)

    def approve(
        self,
        record_id: str,
        *,
        reason: str = "",
        supervisor: tuple[str, str] | None = None,
    ) -> Approval:
        """Approve a held recording as the logged-in supervisor, or, with `supervisor`
        (name, password), as that supervisor at the clerk's desk: the clerk's session
        stays as it was. A clerk may not approve."""
        reason = " ".join(reason.split())
        if len(reason) > MAX_APPROVAL_REASON:
            raise DeskError("approval_reason_long", limit=MAX_APPROVAL_REASON)
        held = self._held(record_id)
        if supervisor is None:
            approver = self.session.require(Permission.APPROVE_RECORDING)
        else:
            approver = self._supervisor_at_desk(*supervisor)
        now = iso(self.session.now())
        with self.session.transaction():
            if not approval_store.approve(
                self.session.connection, record_id, by=approver.name, at=now, reason=reason
            ):
                raise DeskError("already_approved", record_id=record_id, by="-")
            audit_store.append(
                self.session.connection,
                at=now,
                actor=approver.name,
                action="recording.approve",
                subject=record_id,
                detail={"reason": reason, "rules": list(held.rules)},
            )
        approved = approval_store.get(self.session.connection, record_id)
        assert approved is not None
        return approved

    def _held(self, record_id: str) -> Approval:
        entry = recording_store.get(self.session.connection, record_id)
        if entry is None:
            raise DeskError("no_recording", record_id=record_id)
        held = approval_store.get(self.session.connection, record_id)
        if held is None:
            raise DeskError("approval_not_needed", record_id=record_id)
        if held.approved:
            raise DeskError("already_approved", record_id=record_id, by=held.approved_by)
        if entry.voided:
            raise DeskError("approval_voided", record_id=record_id)
        return held

    def _supervisor_at_desk(self, name: str, password: str) -> User:
        """The supervisor's log-in checked (with its lockout and audit) and the session
        handed back to the one who was at the desk."""
        accounts = self.desk.accounts
        before, holding = self.session.user, accounts.holding_private
        try:
            approver = accounts.login(name, password)
        finally:
            self.session.act_as(before)
            accounts.holding_private = holding
        if not may(approver.role, Permission.APPROVE_RECORDING):
            raise PermissionDenied(
                "approver_not_supervisor",
                name=approver.name,
                role=Text(role_word(approver.role).id, approver.role.value),
            )
        return approver
