"""`ektp-hub`: the reference Disdukcapil intake server that desks sync to."""

from __future__ import annotations


class HubError(Exception):
    """A problem the hub operator must be told about."""
