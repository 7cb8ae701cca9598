"""Benchmark of issue 21: one `sync --once` over slow, far and bloated links, against a raw
TCP stream of the same bytes through a link of the same shape (the baseline, same run).

    .venv/bin/python -m pytest tests/bench/test_bench_links.py -s
"""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_slow_links import LINKS, sync_once_over


def test_bench_sync_over_slow_links(tmp_path: Path) -> None:
    rows = []
    for index, (name, shape, recordings, least) in enumerate(LINKS):
        report, envelopes, sent, raw = sync_once_over(tmp_path / str(index), shape, recordings)
        seconds = float(report["seconds"])  # type: ignore[arg-type]
        rows.append(
            (name, recordings, envelopes / 1e6, raw, seconds, raw / seconds, sent / envelopes,
             int(report["batches"]), int(report["lost_answers"]), least)  # type: ignore[call-overload]
        )  # fmt: skip
    print()
    print(
        "| link | recordings | envelopes MB | raw stream s | sync --once s | goodput ratio"
        " | bytes ratio | batches | lost answers | goal |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, n, mb, raw, secs, ratio, byte_ratio, batches, lost, least in rows:
        print(
            f"| {name} | {n} | {mb:.2f} | {raw:.1f} | {secs:.1f} | {ratio:.3f} |"
            f" {byte_ratio:.3f} | {batches} | {lost} | >= {least} and <= 1.05 |"
        )
    for row in rows:
        assert row[5] >= row[9] and row[6] <= 1.05, row
