"""The city's truth both ways, at each sync after the records are sent: this desk's voids
up to the hub, then the status feed down (what every desk of the kecamatan recorded, and
the duplicate cases) page by page from a cursor, then the published resident list when the
hub holds a newer one than this desk.

Each page is applied in one transaction with the cursor after it: a page that does not
read as the contract says is not applied at all, and the cursor stays where it was, so the
next sync asks for the same rows again. A USB status bundle (`ektp-desk bundle import`)
is applied through the same `apply_status`.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ektp_desk.protocol.status import (
    DEFAULT_LIMIT,
    MAX_VOIDS,
    PUBLISHED_PATH,
    PUBLISHED_VERSION_HEADER,
    STATUS_PATH,
    CaseStatus,
    PublishedList,
    StatusError,
    StatusRow,
    parse_status_page,
)
from ektp_desk.store import city
from ektp_desk.store.db import transaction
from ektp_desk.sync import HubProtocolError, HubRefused, SyncError
from ektp_desk.sync.report import RunReport, failure_kind

if TYPE_CHECKING:  # the desk applies status bundles with no HTTP stack loaded
    from ektp_desk.sync.client import HubClient

log = logging.getLogger(__name__)

MAX_PAGES = 100_000  # a hub whose `more` never ends cannot hold a run forever

# Applies a published list (its CSV text, its version) to the desk's residents.
PublishedApplier = Callable[[str, int], object]


@dataclass(frozen=True, slots=True)
class AppliedPage:
    rows: int
    cases: int
    cursor: int
    more: bool
    published: PublishedList | None


def apply_status(
    conn: sqlite3.Connection,
    rows: Sequence[StatusRow],
    cases: Sequence[CaseStatus],
    *,
    cursor: int,
) -> int:
    """Apply checked rows and cases with the cursor after them, in one transaction; the
    rows applied. Rows and cases older than this desk's cursor (a status bundle written
    before the last pull) do not overwrite what is held of those records and cases."""
    with transaction(conn):
        held_cursor = city.cursor(conn)
        if cursor < held_cursor:
            known = _held(conn, "city_status", "record_id", [r.record_id for r in rows])
            rows = [r for r in rows if r.record_id not in known]
            known = _held(conn, "city_cases", "case_id", [c.case_id for c in cases])
            cases = [c for c in cases if c.case_id not in known]
            cursor = held_cursor
        city.apply_page(
            conn,
            [tuple(r.as_list()) for r in rows],
            [tuple(c.as_dict()[k] for k in city.CASE_COLUMNS) for c in cases],
            cursor=cursor,
        )
    return len(rows)


def apply_page(conn: sqlite3.Connection, body: object) -> AppliedPage:
    """Check and apply one page of the feed; raises StatusError (nothing applied)."""
    page = parse_status_page(body)
    applied = apply_status(conn, page.rows, page.cases, cursor=page.cursor)
    return AppliedPage(applied, len(page.cases), page.cursor, page.more, page.published)


def _held(conn: sqlite3.Connection, table: str, key: str, ids: list[str]) -> set[str]:
    """Those of `ids` already in `table` (city_status or city_cases, by its key)."""
    held: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        held.update(
            r for (r,) in conn.execute(f"SELECT {key} FROM {table} WHERE {key} IN ({marks})", chunk)
        )
    return held


def push_voids(
    conn: sqlite3.Connection, client: HubClient, *, clock: Callable[[], datetime]
) -> int:
    """Every void the hub holds the record of and was not told yet; those it does not know
    (`unknown`: its record not arrived yet) stay to go again. Returns how many it took."""
    taken = 0
    skipped: set[str] = set()
    while True:
        waiting = [
            v for v in city.voids_to_send(conn, limit=MAX_VOIDS + len(skipped))
            if v[0] not in skipped
        ][:MAX_VOIDS]  # fmt: skip
        if not waiting:
            return taken
        outcomes = client.send_voids(
            [{"record_id": r, "reason": reason, "voided_at": at} for r, reason, at in waiting]
        )
        settled = [
            r for r, _, _ in waiting if outcomes.get(r) in ("voided", "already_voided", "not_yours")
        ]
        skipped.update(r for r, _, _ in waiting if r not in settled)
        with transaction(conn):
            city.voids_sent(conn, settled, at=clock().isoformat())
        taken += sum(1 for r in settled if outcomes.get(r) in ("voided", "already_voided"))
        for r, _, _ in waiting:
            if outcomes.get(r) == "not_yours":
                log.warning("the hub says the voided record %s is not this desk's", r)


def pull_status(conn: sqlite3.Connection, client: HubClient, report: RunReport) -> AppliedPage:
    """The feed from this desk's cursor until the hub says there is no more."""
    page = AppliedPage(0, 0, city.cursor(conn), False, None)
    for _ in range(MAX_PAGES):
        after = city.cursor(conn)
        response = client.get(STATUS_PATH, params={"after": after, "limit": DEFAULT_LIMIT})
        report.status_bytes += len(response.content)
        try:
            body = response.json()
        except ValueError:
            raise HubProtocolError("the hub's status page is not JSON") from None
        try:
            page = apply_page(conn, body)
        except StatusError as exc:
            raise HubProtocolError(
                f"the hub's status page after {after} is malformed: {exc}"
            ) from None
        report.status_rows += page.rows
        report.status_pages += 1
        if not page.more:
            return page
        if page.cursor <= after:
            raise HubProtocolError("the hub's status feed says more but its cursor did not move")
    return page


def pull_published(
    conn: sqlite3.Connection,
    client: HubClient,
    published: PublishedList | None,
    apply: PublishedApplier,
) -> int | None:
    """The kecamatan's published list when the hub holds a newer version than this desk;
    the version applied, or None."""
    have = city.published_version(conn)
    if published is None or (have is not None and published.version <= have):
        return None
    response = client.get(PUBLISHED_PATH, params={"have": have or 0})
    if "json" in response.headers.get("content-type", ""):
        return None  # unchanged after all
    try:
        version = int(response.headers[PUBLISHED_VERSION_HEADER])
    except (KeyError, ValueError):
        raise HubProtocolError("the hub's published list has no version") from None
    response.encoding = "utf-8"
    try:
        apply(response.text, version)
    except Exception as exc:  # the desk's refusal (an unreadable list): the run says why
        raise HubProtocolError(
            f"the published resident list v{version} was not applied: {exc}"
        ) from exc
    return version


def exchange(
    conn: sqlite3.Connection,
    client: HubClient,
    report: RunReport,
    *,
    clock: Callable[[], datetime],
    published: PublishedApplier | None,
) -> None:
    """Voids up, the feed down, then the published list if newer. A failure ends the run
    as the engine's own do (in the report); what was applied before it stays. A hub from
    before voids or the feed (404) is let be: the records went, the rest waits for it."""
    try:
        try:
            report.voids_sent += push_voids(conn, client, clock=clock)
        except HubRefused as exc:
            if exc.status != 404:
                raise
            log.info("the hub takes no voids yet (%s); they wait for it", exc)
        try:
            page = pull_status(conn, client, report)
        except HubRefused as exc:
            if exc.status != 404:
                raise
            log.info("the hub serves no status feed yet (%s)", exc)
            return
        if published is not None:
            report.published_version = pull_published(conn, client, page.published, published)
    except SyncError as exc:
        report.error, report.error_kind = str(exc), failure_kind(exc)
        log.warning("sync run ended: %s", exc)
