"""Sync to Disdukcapil: sealed envelopes, the wire format, the HTTP client and the engine."""

from __future__ import annotations


class SyncError(Exception):
    """A sync problem the supervisor must be told about."""
