"""`ektp-hub`: the reference Disdukcapil intake server that desks sync to.

The API as plain calls (`service`), spoken over HTTP by FastAPI (`app`) or, for the demo,
the standard library (`lite`); the rules a batch and its records must meet (`ingest`,
`rules`, `unpack`) under caps declared once (`limits`); the store (`store`); and how the
server faces the network (`serving`, `connections`, `nginx`). It imports the contract
(ektp_desk.protocol) and the pure rules (ektp_desk.domain), never the desk's store or sync.
"""

from __future__ import annotations


class HubError(Exception):
    """A problem the hub operator must be told about."""
