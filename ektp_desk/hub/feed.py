"""The city's status between the hub and its desks, as plain calls (`HubService.feed`): the
status feed down (a page of the desk's kecamatan's changes after its cursor), the voids
up, and the answer's bytes, gzip'ed when the desk takes it."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ektp_desk.domain.boundedjson import JsonLimitError
from ektp_desk.hub.api_error import ApiError
from ektp_desk.hub.store import DeskRow, HubStore
from ektp_desk.protocol.residents_file import residents_csv
from ektp_desk.protocol.status import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    PUBLISHED_VERSION_HEADER,
    StatusError,
    parse_voids,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PublishedCsv:
    """A published list as sent: its version and its CSV bytes (UTF-8)."""

    version: int
    data: bytes

    def answer(self, accept_encoding: str | None) -> tuple[bytes, dict[str, str]]:
        return encoded(
            self.data,
            "text/csv; charset=utf-8",
            accept_encoding,
            {PUBLISHED_VERSION_HEADER: str(self.version)},
        )


class StatusFeed:
    def __init__(
        self,
        store: HubStore,
        *,
        clock: Callable[[], datetime],
        read_json: Callable[[bytes | str, str], object],
        refuse_flagged: Callable[[DeskRow], None],
    ) -> None:
        self.store = store
        self.clock = clock
        self._read_json = read_json  # the service's, under its JSON caps
        self._refuse_flagged = refuse_flagged  # a desk whose audit log went back sends nothing

    def status(self, desk: DeskRow, query: Mapping[str, str]) -> dict[str, Any]:
        """A page of the status feed for the desk's kecamatan (see `protocol.status`)."""
        after = _query_int(query, "after", 0, maximum=2**62)
        limit = _query_int(query, "limit", DEFAULT_LIMIT, maximum=MAX_LIMIT)
        if limit < 1:
            raise ApiError(400, "malformed", f"limit must be from 1 to {MAX_LIMIT}")
        return self.store.status_page(desk.kecamatan, after=after, limit=limit).as_dict()

    def published(self, desk: DeskRow, query: Mapping[str, str]) -> dict[str, Any] | PublishedCsv:
        """The kecamatan's published list: `unchanged` when the desk has its version (`have`),
        else the list as CSV in the desk's import format."""
        have = _query_int(query, "have", 0, maximum=2**31)
        publication = self.store.publication(desk.kecamatan)
        if publication is None:
            raise ApiError(
                404, "no_published_list", f"no resident list is published for {desk.kecamatan}"
            )
        if have == publication.version:
            return {"version": publication.version, "unchanged": True}
        text = residents_csv(self.store.published_rows(desk.kecamatan))
        return PublishedCsv(publication.version, text.encode("utf-8"))

    def voids(self, desk: DeskRow, body: bytes) -> dict[str, Any]:
        """The desk's voids: each record marked voided (when the hub holds it from that
        desk), the outcome of each in order."""
        try:
            voids = parse_voids(self._read_json(body, "the voids"))
        except (StatusError, JsonLimitError) as exc:
            raise ApiError(400, "malformed", f"bad voids: {exc}") from None
        self._refuse_flagged(desk)
        at = self.clock().isoformat(timespec="milliseconds")
        outcomes = self.store.void_records(desk.desk_id, voids, at=at)
        log.info("voids from %s: %d", desk.desk_id, len(voids))
        return {
            "results": [
                {"record_id": v.record_id, "outcome": o}
                for v, o in zip(voids, outcomes, strict=True)
            ]
        }


def _query_int(query: Mapping[str, str], name: str, default: int, *, maximum: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) > maximum:
        raise ApiError(400, "malformed", f"{name} must be a whole number from 0 to {maximum}")
    return int(raw)


def json_body(body: object, accept_encoding: str | None) -> tuple[bytes, dict[str, str]]:
    """An answer's JSON bytes and headers, gzip'ed when the client takes gzip and the body
    is worth it (the status feed is mostly digits and repeated words)."""
    data = json.dumps(body, separators=(",", ":")).encode()
    return encoded(data, "application/json", accept_encoding)


def encoded(
    data: bytes, content_type: str, accept_encoding: str | None, extra: Mapping[str, str] = {}
) -> tuple[bytes, dict[str, str]]:
    """An answer's bytes and headers, gzip'ed when the client takes gzip and it is worth it."""
    headers = {"Content-Type": content_type, **extra}
    takes_gzip = any(
        part.split(";")[0].strip().lower() == "gzip" for part in (accept_encoding or "").split(",")
    )
    if takes_gzip and len(data) > 1024:
        data = gzip.compress(data, compresslevel=6, mtime=0)
        headers["Content-Encoding"] = "gzip"
    headers["Content-Length"] = str(len(data))
    headers["Vary"] = "Accept-Encoding"
    return data, headers
