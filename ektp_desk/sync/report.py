"""What one sync run did and, if it ended early, why: the report the CLI, the window and
the service read."""

from __future__ import annotations

from dataclasses import dataclass

from ektp_desk.sync import HubAuthError, HubProtocolError, HubServerError, HubUnreachable


@dataclass
class RunReport:
    batches: int = 0
    sent: int = 0
    acked: int = 0
    rejected: int = 0
    duplicates: int = 0
    waiting: int = 0
    bytes_sent: int = 0
    settled_by_query: int = 0  # records the hub already had (a bundle, a lost answer)
    lost_answers: int = 0  # batches whose answer did not come in time
    seconds: float = 0.0
    link_rate: float | None = None  # bytes/s, as measured by this run's batches
    error: str | None = None
    error_kind: str | None = None  # network | auth | server | protocol | busy | audit
    clock_skew: float | None = None
    voids_sent: int = 0  # voids the hub took (sync.city)
    status_rows: int = 0  # rows of the status feed applied
    status_pages: int = 0
    status_bytes: int = 0  # the feed's JSON bytes, once unpacked (the hub may gzip them)
    published_version: int | None = None  # a published resident list applied this run

    @property
    def ok(self) -> bool:
        return self.error is None


def failure_kind(exc: Exception) -> str:
    """The report's `error_kind` for the error that ended a run."""
    if isinstance(exc, HubUnreachable):
        return "network"
    if isinstance(exc, HubAuthError):
        return "auth"
    if isinstance(exc, HubServerError):
        return "server"
    if isinstance(exc, HubProtocolError):
        return "protocol"
    return "other"
