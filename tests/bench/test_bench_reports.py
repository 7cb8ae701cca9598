"""Benchmarks of issue 5: one day's tally over a log of a million recordings, and each export
format for it."""

from __future__ import annotations

import json
import statistics
import time
from datetime import date
from pathlib import Path

from ektp_desk.desk import Desk
from ektp_desk.ui.pdf_report import write_tally_pdf
from tests.bench.bigstore import build_million_store
from tests.conftest import ADMIN_PASSWORD


def _median(fn: object, n: int = 7) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def test_tally_and_exports_over_a_million_recordings(tmp_path: Path) -> None:
    """Targets: the tally <= 50 ms; each export <= 1 s."""
    total = build_million_store(tmp_path / "big")
    with Desk.open(tmp_path / "big") as desk:
        desk.accounts.login("admin", ADMIN_PASSWORD)
        (day_text, rows) = desk.session.connection.execute(
            "SELECT local_date, count(*) FROM recordings GROUP BY local_date"
            " ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        day = date.fromisoformat(day_text)
        tally_s = _median(lambda: desk.reports.tally(day))
        count_s = _median(
            lambda: desk.session.connection.execute(
                "SELECT count(*) FROM recordings WHERE local_date = ?", (day_text,)
            ).fetchone()
        )
        tally = desk.reports.tally(day)
        assert tally.total == rows
        print(
            f"\n[bench] one day's tally ({rows:,} recordings that day) over a log of {total:,}:"
            f" {tally_s * 1000:.1f} ms (median of 7)"
            f"\n[bench]   baseline (a bare indexed count of that day): {count_s * 1000:.1f} ms;"
            f" ratio {tally_s / count_s:.1f}x"
        )
        dump_s = _median(
            lambda: (tmp_path / "bare.json").write_text(json.dumps(tally), encoding="utf-8")
        )
        figures = {}
        for fmt in ("csv", "xlsx", "json", "pdf"):
            target = tmp_path / f"t.{fmt}"
            writer = write_tally_pdf if fmt == "pdf" else None
            figures[fmt] = _median(
                lambda f=fmt, t=target, w=writer: desk.reports.export_tally(
                    f, t, day, pdf_writer=w
                ),
                n=3,
            )
            assert target.stat().st_size > 0
        print(
            "[bench] export of that tally (tally included, median of 3): "
            + ", ".join(f"{fmt} {s * 1000:.0f} ms" for fmt, s in figures.items())
            + f"\n[bench]   baseline (json.dumps of the tally to a file): {dump_s * 1000:.2f} ms"
        )
    assert tally_s <= 0.050
    assert all(s <= 1.0 for s in figures.values())
