"""How a moment is stored and sent: in UTC, as ISO 8601, to the millisecond unless a
table keeps whole seconds. The one helper the desk, its sync and the hub write times with."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime, *, timespec: str = "milliseconds") -> str:
    """`moment` in UTC as ISO 8601 ("2026-11-27T02:00:00.000+00:00")."""
    return moment.astimezone(UTC).isoformat(timespec=timespec)
