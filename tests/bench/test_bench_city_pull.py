"""Issue 16: the time for a desk with 200,000 residents to apply a full first pull of the
status feed (every record of its kecamatan, pages of 5,000 rows as the hub sends them,
parsed, checked and applied one transaction per page), against importing the same
residents' list with `residents import` in the same run.

The pages come from a stub client holding the feed's JSON bytes, so the figure is the
desk's own work (JSON, checks, SQLite), not the link's. `EKTP_BENCH_RESIDENTS` sets the
size (200,000 by default).
"""

from __future__ import annotations

import json
import os
import string
import time
from pathlib import Path
from typing import Any

from ektp_desk.protocol.status import COLUMNS, DEFAULT_LIMIT
from ektp_desk.store import city as city_store
from ektp_desk.sync.city import pull_status
from ektp_desk.sync.report import RunReport
from tests.conftest import new_desk

RESIDENTS = int(os.environ.get("EKTP_BENCH_RESIDENTS", "200000"))
KELURAHAN = "72.71.02.1007"


def nik(i: int) -> str:
    day = 1 + (i // 9000) % 28
    return f"727102{day:02d}0190{i % 9000 + 1:04d}"


def name(i: int) -> str:
    letters = string.ascii_uppercase
    return f"WARGA {letters[i % 26]}{letters[i // 26 % 26]}{letters[i // 676 % 26]}"


class _Response:
    def __init__(self, body: bytes) -> None:
        self.content = body
        self.headers: dict[str, str] = {"content-type": "application/json"}

    def json(self) -> Any:
        return json.loads(self.content)


class _FeedClient:
    """The hub's feed as pages of JSON bytes, answered by cursor."""

    def __init__(self, rows: list[list[Any]]) -> None:
        self.pages: dict[int, bytes] = {}
        for start in range(0, len(rows), DEFAULT_LIMIT):
            chunk = rows[start : start + DEFAULT_LIMIT]
            cursor = start + len(chunk)
            page = {"cursor": cursor, "more": cursor < len(rows), "columns": list(COLUMNS),
                    "rows": chunk, "cases": [], "published": None}  # fmt: skip
            self.pages[start] = json.dumps(page, separators=(",", ":")).encode()

    def get(self, path: str, **kwargs: Any) -> _Response:
        return _Response(self.pages[int(kwargs["params"]["after"])])


def test_a_full_first_pull_against_a_residents_import(tmp_path: Path) -> None:
    listing = tmp_path / "daftar.csv"
    with listing.open("w", encoding="utf-8", newline="") as f:
        f.write("nik,nama,tanggal_lahir,jenis_kelamin,kelurahan\n")
        for i in range(RESIDENTS):
            f.write(
                f"{nik(i)},{name(i)},1990-01-{1 + (i // 9000) % 28:02d},LAKI-LAKI,{KELURAHAN}\n"
            )
    desk = new_desk(tmp_path / "desk")
    try:
        started = time.perf_counter()
        result = desk.residents.import_file(listing)
        baseline = time.perf_counter() - started
        assert result.imported == RESIDENTS, result.plan.problems[:3]

        rows = [
            [f"{i:08x}-0000-4000-8000-000000000000", nik(i), f"PALU-BARAT-{1 + i % 4}",
             "2026-11-28", "accepted", None, None, None]
            for i in range(RESIDENTS)
        ]  # fmt: skip
        client = _FeedClient(rows)
        wire = sum(len(b) for b in client.pages.values())
        report = RunReport()
        started = time.perf_counter()
        pull_status(desk.session.connection, client, report)  # type: ignore[arg-type]
        pulled = time.perf_counter() - started
        assert report.status_rows == RESIDENTS
        assert city_store.cursor(desk.session.connection) == RESIDENTS

        started = time.perf_counter()
        left = desk.reports.outreach()
        outreach = time.perf_counter() - started
        assert left == {}
    finally:
        desk.close()
    print(
        f"\n[bench] full first pull: {RESIDENTS:,} status rows in {report.status_pages} pages"
        f" ({wire / 1e6:.1f} MB of JSON) applied in {pulled:.2f} s"
        f" ({RESIDENTS / pulled:,.0f} rows/s)"
        f"\n[bench]   baseline (residents import of the same {RESIDENTS:,} residents):"
        f" {baseline:.2f} s"
        f"\n[bench]   ratio: {pulled / baseline:.2f}x"
        f"\n[bench]   the outreach list over them after the pull: {outreach:.2f} s"
    )
    assert pulled < baseline  # applying status rows must cost less than importing the list
