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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ektp_desk.store import city
from ektp_desk.store.db import transaction
from ektp_desk.sync import HubProtocolError, HubRefused, SyncError
from ektp_desk.sync.client import HubClient
from ektp_desk.sync.report import RunReport, failure_kind

log = logging.getLogger(__name__)

STATUS_PATH = "/status"
VOIDS_PATH = "/voids"
PUBLISHED_PATH = "/residents/published"
PAGE_ROWS = 5000
MAX_VOIDS = 500  # per request, as the hub takes them
MAX_PAGES = 10_000  # a hub whose `more` never ends cannot hold a run forever

# Applies a published list (its CSV text, its version) to the desk's residents.
PublishedApplier = Callable[[str, int], object]


@dataclass(frozen=True, slots=True)
class AppliedPage:
    rows: int
    cases: int
    cursor: int | None
    more: bool
    published: dict[str, Any] | None


def _int(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise city.StatusPageError(f"{what} must be a whole number")
    return value


def apply_status(conn: sqlite3.Connection, body: Mapping[str, Any]) -> AppliedPage:
    """Check and apply one page of the feed (or a status bundle's rows), rows, cases and
    cursor in one transaction. Raises `city.StatusPageError` (nothing applied)."""
    rows = city.status_rows(body.get("columns") or [], _list(body.get("rows"), "rows"))
    cases = city.case_rows(_list(body.get("cases", []), "cases"))
    cursor = _int(body.get("cursor"), "the cursor")
    published = body.get("published")
    if published is not None and not isinstance(published, dict):
        raise city.StatusPageError("published must be an object or null")
    with transaction(conn):
        if cursor < city.cursor(conn) and rows:
            # An older page (a stale bundle): the newer state already here must stay.
            known = {r[0] for r in rows} & _held(conn, [r[0] for r in rows if r[0]])
            rows = [r for r in rows if r[0] not in known]
            cursor = city.cursor(conn)
        city.apply_page(conn, rows, cases, cursor=cursor)
    return AppliedPage(len(rows), len(cases), cursor, body.get("more") is True, published)


def _held(conn: sqlite3.Connection, record_ids: list[str]) -> set[str]:
    held: set[str] = set()
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        held.update(
            r for (r,) in conn.execute(
                f"SELECT record_id FROM city_status WHERE record_id IN ({marks})", chunk
            )
        )  # fmt: skip
    return held


def _list(value: object, what: str) -> list[object]:
    if not isinstance(value, list):
        raise city.StatusPageError(f"{what} must be a list")
    return value


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
        response = client.get(STATUS_PATH, params={"after": after, "limit": PAGE_ROWS})
        report.status_bytes += len(response.content)
        try:
            body = response.json()
        except ValueError:
            raise HubProtocolError("the hub's status page is not JSON") from None
        if not isinstance(body, dict):
            raise HubProtocolError("the hub's status page is not a JSON object")
        try:
            page = apply_status(conn, body)
        except city.StatusPageError as exc:
            raise HubProtocolError(
                f"the hub's status page after {after} is malformed: {exc}"
            ) from None
        report.status_rows += page.rows
        report.status_pages += 1
        if not page.more:
            return page
        if page.cursor is not None and page.cursor <= after:
            raise HubProtocolError("the hub's status feed says more but its cursor did not move")
    return page


def pull_published(
    conn: sqlite3.Connection,
    client: HubClient,
    published: Mapping[str, Any] | None,
    apply: PublishedApplier,
) -> int | None:
    """The kecamatan's published list when the hub holds a newer version than this desk;
    the version applied, or None."""
    if not published:
        return None
    offered = published.get("version")
    have = city.published_version(conn)
    if not isinstance(offered, int) or (have is not None and offered <= have):
        return None
    response = client.get(PUBLISHED_PATH, params={"have": have or 0})
    if "json" in response.headers.get("content-type", ""):
        return None  # unchanged after all
    try:
        version = int(response.headers["x-published-version"])
    except (KeyError, ValueError):
        raise HubProtocolError("the hub's published list has no version") from None
    response.encoding = "utf-8"
    apply(response.text, version)
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
    as the engine's own do (in the report); what was applied before it stays."""
    try:
        report.voids_sent += push_voids(conn, client, clock=clock)
        page = pull_status(conn, client, report)
        if published is not None:
            report.published_version = pull_published(conn, client, page.published, published)
    except HubRefused as exc:
        if exc.status != 404:
            report.error, report.error_kind = str(exc), failure_kind(exc)
            return
        log.info("the hub serves no status feed yet (%s); only records were sent", exc)
    except SyncError as exc:
        report.error, report.error_kind = str(exc), failure_kind(exc)
        log.warning("sync run ended: %s", exc)
