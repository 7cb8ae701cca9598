"""The throwaway PostgreSQL server the hub's tests run on: durable as production's, and a
database of its own for each test."""

from __future__ import annotations

import psycopg
import pytest

from tests.pgproc import PostgresServer


def _setting(url: str, name: str) -> str:
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SHOW {name}".encode()).fetchone()
    assert row is not None
    return str(row[0])


def test_the_server_runs_with_fsync_on_loopback(pg_url: str) -> None:
    assert _setting(pg_url, "fsync") == "on"
    assert _setting(pg_url, "listen_addresses") == "127.0.0.1"
    assert _setting(pg_url, "server_version").startswith("15")


def test_each_test_database_starts_empty_and_is_dropped(pg_server: PostgresServer) -> None:
    with pg_server.database() as url:
        with psycopg.connect(url) as conn:
            conn.execute("CREATE TABLE left_behind (x int)")
        name = url.rsplit("/", 1)[1]
    with pg_server.database() as other:
        with psycopg.connect(other) as conn:
            tables = conn.execute(
                "SELECT count(*) FROM pg_tables WHERE tablename = 'left_behind'"
            ).fetchone()
        assert tables == (0,)
    with psycopg.connect(pg_server.url()) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    assert found is None


def test_hub_db_gives_a_path_or_a_url(hub_db: str, request: pytest.FixtureRequest) -> None:
    kind = request.node.callspec.params["hub_db"]
    assert hub_db.startswith("postgresql://") == (kind == "postgresql")
