"""The one ISO helper: UTC, to the millisecond unless asked for whole seconds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from ektp_desk.domain.moments import iso, utc_now

WITA = timezone(timedelta(hours=8))


def test_a_moment_is_written_in_utc_to_the_millisecond() -> None:
    moment = datetime(2026, 11, 27, 10, 0, 5, 123456, tzinfo=WITA)
    assert iso(moment) == "2026-11-27T02:00:05.123+00:00"
    assert iso(moment, timespec="seconds") == "2026-11-27T02:00:05+00:00"
    assert datetime.fromisoformat(iso(moment)) == moment.replace(microsecond=123000)


def test_now_is_aware_and_in_utc() -> None:
    assert utc_now().tzinfo is UTC
