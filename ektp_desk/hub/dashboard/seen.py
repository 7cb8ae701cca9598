"""What a desk's requests tell the desks page: when it was last seen, the program it runs
(its User-Agent, `ektp-desk/VERSION`), how far its clock is from the hub's (its `Date`
header) and how many recordings it has waiting (`X-Ektp-Waiting`). Kept at most once a
minute per desk, after the request is answered, so the API pays one indexed lookup."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ektp_desk.hub.store import DashboardStore

API_PREFIX = "/api/v1/"
EVERY_SECONDS = 60.0
WAITING_HEADER = b"x-ektp-waiting"
MAX_WAITING = 10_000_000


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _version(agent: str | None) -> str | None:
    if agent and agent.startswith("ektp-desk/"):
        return agent.removeprefix("ektp-desk/").split()[0][:40] or None
    return None


def _drift(date_header: str | None, now: datetime) -> int | None:
    if not date_header:
        return None
    try:
        sent = parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return None
    if sent.tzinfo is None:
        return None
    return round((sent - now).total_seconds())


def _waiting(text: str | None) -> int | None:
    if text is None or not text.isdigit() or len(text) > 8:
        return None
    return min(int(text), MAX_WAITING)


class DeskSeen:
    """ASGI middleware noting, after a desk's request is answered, what it told."""

    def __init__(
        self,
        app: ASGIApp,
        store: DashboardStore,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.app = app
        self.store = store
        self.clock = clock
        self._last: dict[str, float] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        status = 0

        async def sent(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, receive, sent)
        scheme, _, token = (_header(scope, b"authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip() or status >= 400:
            return
        key = hashlib.sha256(token.strip().encode()).hexdigest()
        if time.monotonic() - self._last.get(key, -EVERY_SECONDS) < EVERY_SECONDS:
            return
        self._last[key] = time.monotonic()
        await run_in_threadpool(self._note, scope, token.strip())

    def _note(self, scope: Scope, token: str) -> None:
        desk = self.store.desk_for_token(token)
        if desk is None:
            return
        now = self.clock()
        self.store.desk_seen(
            desk.desk_id,
            at=now.isoformat(timespec="seconds"),
            version=_version(_header(scope, b"user-agent")),
            clock_drift_seconds=_drift(_header(scope, b"date"), now),
            waiting=_waiting(_header(scope, WAITING_HEADER)),
        )
