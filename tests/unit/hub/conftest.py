"""The hub's store on each database the tests run on (`hub_db`: SQLite, and PostgreSQL where
it runs), empty; a test file that needs desks in it defines its own `store`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ektp_desk.hub.store import HubStore, open_store


@pytest.fixture
def store(hub_db: str) -> Iterator[HubStore]:
    opened = open_store(hub_db)
    yield opened
    opened.close()
