"""Issue 16: bytes on the wire per 1,000 rows of the status feed, as the hub sends them
(`GET /api/v1/status`: column names once, one list per row), plain and gzip'ed, against the
baseline of the same rows as one JSON object per row with its keys (plain and gzip'ed); and
the hub's time to serve a 200,000-record kecamatan's first pull (EKTP_BENCH_STATUS_ROWS).

The rows are a kecamatan's as a hub holds them: three desks, most records accepted, some
duplicates in cases, some voided with a reason, some replaced by a correction."""

from __future__ import annotations

import gzip
import json
import os
import random
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ektp_desk.hub.feed import json_body
from ektp_desk.hub.service import HubService
from ektp_desk.hub.store import HeldRecord, NewRecord, SqliteHubStore, Void
from ektp_desk.protocol.status import COLUMNS

AT = "2026-11-27T02:00:00.000+00:00"
ROWS = 1000
DESKS = ("PALU-BARAT-1", "PALU-BARAT-2", "PALU-BARAT-3")


def _fill(store: SqliteHubStore) -> None:
    rng = random.Random(16)
    for n, desk in enumerate(DESKS):
        store.add_desk(desk, "72.71.02", f"token-{n}", AT)
    niks = [f"727102{rng.randrange(41, 72):02d}{rng.randrange(1, 13):02d}{rng.randrange(60, 99)}"
            f"{rng.randrange(1, 9999):04d}" for _ in range(ROWS)]  # fmt: skip
    for i in range(0, ROWS, 100):
        desk = DESKS[(i // 100) % 3]
        new = []
        for n in range(i, i + 100):
            # About one in twenty a NIK recorded before: a duplicate, in a case.
            nik = niks[n - 7] if n >= 7 and rng.random() < 0.05 else niks[n]
            day = (date(2026, 11, 2) + timedelta(days=rng.randrange(28))).isoformat()
            record = HeldRecord(
                str(uuid.UUID(int=rng.getrandbits(128), version=4)), desk, nik, "72.71.02",
                "a" * 64, 3, AT, day, AT, "accepted", None,
            )  # fmt: skip
            new.append(NewRecord(record, f"b{i}", b"env"))
        got = store.ingest(
            batch_id=f"b{i}", desk_id=desk, at=AT, new=new, rejected=[], total_bytes=300
        )
        voids = [
            Void(a.record.record_id, "salah foto, direkam ulang", AT)
            for a in got
            if a.record.state == "accepted" and rng.random() < 0.03
        ]
        if voids:
            store.void_records(desk, voids, at=AT)


def test_status_rows_on_the_wire(tmp_path: Path) -> None:
    store = SqliteHubStore(tmp_path / "hub.sqlite3")
    _fill(store)
    hub = HubService(store, X25519PrivateKey.generate())
    desk = store.desk_for_token("token-1")
    assert desk is not None
    page = hub.feed.status(desk, {"after": "0", "limit": str(ROWS)})
    assert len(page["rows"]) == ROWS
    feed_plain, _ = json_body(page, None)
    feed_gzip, headers = json_body(page, "gzip")
    assert headers["Content-Encoding"] == "gzip"
    # The baseline: the same rows, one object per row with its keys, as compact JSON.
    objects = {**page, "rows": [dict(zip(COLUMNS, row, strict=True)) for row in page["rows"]]}
    objects.pop("columns")
    base_plain = json.dumps(objects, separators=(",", ":")).encode()
    base_gzip = gzip.compress(base_plain, compresslevel=6, mtime=0)
    per = 1000 / ROWS
    states = {s: sum(r[4] == s for r in page["rows"]) for s in ("accepted", "duplicate_nik",
                                                                "voided", "replaced")}  # fmt: skip
    print(
        f"\n[bench] status feed, {ROWS} rows ({states}, {len(page['cases'])} cases)"
        f"\n[bench]   columns + row lists, plain: {len(feed_plain) * per:,.0f} bytes per 1,000 rows"
        f"\n[bench]   columns + row lists, gzip:  {len(feed_gzip) * per:,.0f} bytes per 1,000 rows"
        f"\n[bench]   baseline (object per row with keys), plain: {len(base_plain) * per:,.0f}"
        f"\n[bench]   baseline (object per row with keys), gzip:  {len(base_gzip) * per:,.0f}"
        f"\n[bench]   ratio to the plain baseline: plain {len(feed_plain) / len(base_plain):.2f}x,"
        f" gzip {len(feed_gzip) / len(base_plain):.3f}x;"
        f" gzip to gzip'ed baseline {len(feed_gzip) / len(base_gzip):.2f}x"
    )
    assert len(feed_plain) < len(base_plain)
    assert len(feed_gzip) < len(base_gzip)
    store.close()


def test_serving_a_full_first_pull(tmp_path: Path) -> None:
    """The hub's side of a desk's first pull of a 200,000-record kecamatan (SQLite): every
    page of 5,000 read and encoded as sent (gzip'ed), against the baseline of one plain
    read of the same rows in change order."""

    total = int(os.environ.get("EKTP_BENCH_STATUS_ROWS", "200000"))
    store = SqliteHubStore(tmp_path / "hub.sqlite3")
    store.add_desk("PALU-BARAT-1", "72.71.02", "token-1", AT)
    rng = random.Random(16)
    with store.database.write() as conn:
        for n in range(total):
            conn.execute(
                "INSERT INTO records (record_id, desk_id, nik, kecamatan, sha256, size,"
                " finalized_at, recorded_on, received_at, batch_id, outcome, state,"
                " change_seq, envelope) VALUES (?, 'PALU-BARAT-1', ?, '72.71.02', 'a', 3, ?,"
                " '2026-11-28', ?, 'b', 'accepted', 'accepted', ?, x'00')",
                (str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                 f"72710245{n:08d}", AT, AT, n + 1),
            )  # fmt: skip
    hub = HubService(store, X25519PrivateKey.generate())
    desk = store.desk_for_token("token-1")
    assert desk is not None
    started = time.perf_counter()
    cursor, pages, sent = 0, 0, 0
    while True:
        page = hub.feed.status(desk, {"after": str(cursor), "limit": "5000"})
        data, _ = json_body(page, "gzip")
        sent += len(data)
        pages += 1
        cursor = page["cursor"]
        if not page["more"]:
            break
    served = time.perf_counter() - started
    started = time.perf_counter()
    with store.database.read() as conn:
        plain = conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM records ORDER BY change_seq"
        ).fetchall()
    baseline = time.perf_counter() - started
    assert len(plain) == total and cursor == total
    print(
        f"\n[bench] full first pull of {total:,} rows: {pages} pages of 5,000 served in"
        f" {served:.2f} s, {sent / 2**20:.1f} MiB gzip'ed on the wire"
        f"\n[bench]   baseline (one plain read of the same rows): {baseline:.2f} s;"
        f" ratio {served / baseline:.1f}x"
    )
    store.close()
