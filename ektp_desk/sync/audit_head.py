"""The audit head the desk tells the hub before each run, so that a log cut short or
rewritten is found: sent with the entry at the count the hub confirmed last, and the head
the hub confirms kept, with the desk release the hub offers in the same answer.

The count the hub holds is the one it confirmed last, kept here: one round trip on a far
link. Should the two differ (a store restored, or its bookkeeping altered), the hub asks
for its own count (409 `audit_resend`) and the desk asks which it is.
"""

from __future__ import annotations

import json
import logging
import sqlite3

from ektp_desk.protocol.wire import AuditHeadReport
from ektp_desk.store import audit, outbox
from ektp_desk.sync import AUDIT_REFUSED, AUDIT_RESTORED
from ektp_desk.sync.client import AuditAnswer, Health, HubClient, HubConflict, HubProtocolError

log = logging.getLogger(__name__)

RELEASE_OFFERED = "release_offered"  # sync_meta: the desk release the hub offered last (JSON)


def send_audit_head(conn: sqlite3.Connection, client: HubClient) -> Health | None:
    """Send the head and keep the one the hub confirms; the hub's limits and clock come
    back with it (None from a hub that does not send them). A hub from before audit heads
    is let be; HubConflict (`audit_rolled_back`: the log went back) and any other SyncError
    are the caller's."""
    count, digest = audit.head(conn)

    def send(held: int) -> AuditAnswer:
        return client.send_audit_head(
            AuditHeadReport(count, digest, held, audit.hash_at(conn, held) or "")
        )

    kept = outbox.meta(conn).get(audit.CONFIRMED_COUNT, "0")
    try:
        try:
            confirmed = send(int(kept) if kept.isdigit() else 0)
        except HubConflict as exc:
            if exc.code != "audit_resend":
                raise
            confirmed = send(client.audit_held())
    except HubConflict:
        raise
    except HubProtocolError as exc:
        if exc.status == 404:  # a hub from before audit heads
            log.warning("the hub does not take audit heads; syncing without")
            return None
        raise
    outbox.put_meta(
        conn,
        {
            audit.CONFIRMED_COUNT: str(confirmed.confirmed[0]),
            audit.CONFIRMED_HASH: confirmed.confirmed[1],
            AUDIT_REFUSED: None,
            AUDIT_RESTORED: None,
            # The release rides on the same answer: no extra round trip per run.
            RELEASE_OFFERED: json.dumps(confirmed.release) if confirmed.release else None,
        },
    )
    return confirmed.health
