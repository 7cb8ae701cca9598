"""How the PostgreSQL hub keeps envelopes (issue 15): bytea with the default TOAST storage
(EXTENDED: pglz tried on every value), bytea stored EXTERNAL (out of line, never
compressed), and a large object per envelope, each written 200 times (400 KB of random
bytes, as incompressible as a sealed envelope) in one transaction per 10, then all read
back, each way twice in turn (the better kept). The baseline is the default bytea,
measured in the same run.

    .venv/bin/python -m pytest tests/bench/test_bench_pg_envelopes.py -s
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import psycopg

COUNT = 200
SIZE = 400 * 1024
PER_TRANSACTION = 10


def _write_and_read(conn: psycopg.Connection[Any], insert: str, select: str) -> tuple[float, float]:
    """Seconds to write COUNT envelopes (`insert`, PER_TRANSACTION to a transaction), and
    to read them all back one by one (`select`)."""
    blobs = [os.urandom(SIZE) for _ in range(PER_TRANSACTION)]
    started = time.perf_counter()
    for start in range(0, COUNT, PER_TRANSACTION):
        with conn.transaction():
            for i in range(start, start + PER_TRANSACTION):
                conn.execute(insert.encode(), (i, blobs[i % PER_TRANSACTION]))
    wrote = time.perf_counter() - started
    started = time.perf_counter()
    with conn.cursor(binary=True) as cur:
        for i in range(COUNT):
            cur.execute(select.encode(), (i,))
            row = cur.fetchone()
            assert row is not None and len(row[0]) == SIZE
    return wrote, time.perf_counter() - started


def _bytea(conn: psycopg.Connection[Any], storage: str | None) -> tuple[float, float]:
    conn.execute("DROP TABLE IF EXISTS env")
    conn.execute("CREATE TABLE env (id int PRIMARY KEY, envelope bytea NOT NULL)")
    if storage:
        conn.execute(f"ALTER TABLE env ALTER COLUMN envelope SET STORAGE {storage}".encode())
    return _write_and_read(
        conn, "INSERT INTO env VALUES (%s, %b)", "SELECT envelope FROM env WHERE id = %s"
    )


def _large_objects(conn: psycopg.Connection[Any]) -> tuple[float, float]:
    conn.execute("DROP TABLE IF EXISTS env")
    conn.execute("CREATE TABLE env (id int PRIMARY KEY, oid oid NOT NULL)")
    return _write_and_read(
        conn,
        "INSERT INTO env VALUES (%s, lo_from_bytea(0, %b))",
        "SELECT lo_get(oid) FROM env WHERE id = %s",
    )


def test_envelope_storage_in_postgresql(pg_url: str) -> None:
    ways: dict[str, Callable[[psycopg.Connection[Any]], tuple[float, float]]] = {
        "bytea EXTENDED (default)": lambda c: _bytea(c, None),
        "bytea EXTERNAL": lambda c: _bytea(c, "EXTERNAL"),
        "large object": _large_objects,
    }
    figures: dict[str, tuple[float, float]] = {}
    with psycopg.connect(pg_url, autocommit=True) as conn:
        # Twice each, in turn, the better of the two kept: the first way run would
        # otherwise pay for a cold cache alone.
        for _ in range(2):
            for name, way in ways.items():
                wrote, read = way(conn)
                best = figures.get(name, (wrote, read))
                figures[name] = (min(best[0], wrote), min(best[1], read))
                conn.execute("DROP TABLE env")
                conn.execute("SELECT lo_unlink(l.oid) FROM pg_largeobject_metadata l")
    base_write, base_read = figures["bytea EXTENDED (default)"]
    mb = COUNT * SIZE / 1e6
    for name, (wrote, read) in figures.items():
        print(
            f"\n[bench] envelopes as {name}: write {mb / wrote:.0f} MB/s, read {mb / read:.0f}"
            f" MB/s; ratio to the default bytea: write {base_write / wrote:.2f}x,"
            f" read {base_read / read:.2f}x"
        )
