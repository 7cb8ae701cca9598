"""Fixtures of the integration tests: a real hub process and desks enrolled at it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ektp_desk.desk import Desk
from tests.conftest import new_desk
from tests.hubproc import HubProcess


@pytest.fixture
def hub(tmp_path: Path, hub_db: str) -> Iterator[HubProcess]:
    """A hub serving on loopback, once on SQLite and once on PostgreSQL."""
    process = HubProcess(tmp_path / "hub", db=hub_db)
    process.keygen()
    process.start()
    yield process
    process.stop()


DeskMaker = Callable[..., Desk]


@pytest.fixture
def make_desk(tmp_path: Path, hub: HubProcess) -> Iterator[DeskMaker]:
    desks: list[Desk] = []

    def make(desk_id: str = "PALU-BARAT-1", *, connect: bool = True) -> Desk:
        desk = new_desk(tmp_path / desk_id, desk_id)
        desk.hub_token = hub.add_desk(desk_id)  # type: ignore[attr-defined]
        if connect:
            desk.hub.set(hub.url, desk.hub_token)  # type: ignore[attr-defined]
        desks.append(desk)
        return desk

    yield make
    for desk in desks:
        desk.close()


def states(desk: Desk) -> dict[str, int]:
    return dict(
        desk.session.connection.execute("SELECT state, count(*) FROM outbox GROUP BY state")
    )


def hub_records(hub: HubProcess) -> list[dict[str, str]]:
    return json.loads(hub.cli("records", "--json").stdout)  # type: ignore[no-any-return]
