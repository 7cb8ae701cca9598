"""The desk's side of sync to Disdukcapil: the HTTP client of the hub (`client`) and the
engine that sends the outbox in batches and settles each record on the hub's word
(`engine`), with its batch sizer and backoff (`pace`), lease (`lease`), run report
(`report`) and the service that runs it while the link answers (`service`). The wire
format it speaks lives in ektp_desk.protocol, shared with the hub."""

from __future__ import annotations


class SyncError(Exception):
    """A sync problem the supervisor must be told about."""
