"""The hub's own audit log (`hub_audit`): who decided what, when: case decisions, published
lists, voids received, and what the dashboard adds (log-ins). Written in the transaction of
the change it records (see `changes.audit`), or on its own here."""

from __future__ import annotations

import json

from ektp_desk.hub.store import changes
from ektp_desk.hub.store.base import StoreBase


class HubAuditTables(StoreBase):
    def add_audit(
        self, *, at: str, actor: str, action: str, subject: str, detail: dict[str, object]
    ) -> None:
        with self._db.write() as conn:
            changes.audit(conn, at=at, actor=actor, action=action, subject=subject, detail=detail)

    def hub_audit(self, limit: int = 100) -> list[dict[str, object]]:
        """The latest entries, newest first."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT id, at, actor, action, subject, detail FROM hub_audit"
                " ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            {"id": int(i), "at": str(at), "actor": str(actor), "action": str(action),
             "subject": str(subject), "detail": json.loads(detail)}
            for i, at, actor, action, subject, detail in rows
        ]  # fmt: skip
