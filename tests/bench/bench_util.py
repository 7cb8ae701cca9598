"""Small helpers for the benchmarks: percentiles and one printed line per figure."""

from __future__ import annotations

import os
import statistics


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(samples_s: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples_s]
    return {
        "n": len(ms),
        "p50": percentile(ms, 50),
        "p99": percentile(ms, 99),
        "mean": statistics.fmean(ms),
        "max": max(ms),
    }


def report(name: str, figure: dict[str, float], baseline: dict[str, float], base_name: str) -> None:
    print(
        f"\n[bench] {name}: n={figure['n']:.0f} p50={figure['p50']:.2f} ms"
        f" p99={figure['p99']:.2f} ms max={figure['max']:.2f} ms"
        f"\n[bench]   baseline ({base_name}): p50={baseline['p50']:.2f} ms"
        f" p99={baseline['p99']:.2f} ms"
        f"\n[bench]   ratio: p50 {figure['p50'] / baseline['p50']:.2f}x,"
        f" p99 {figure['p99'] / baseline['p99']:.2f}x"
    )


def _stat_fields(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
        return f.read().rsplit(")", 1)[1].split()  # after the command, which may hold spaces


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds (user and system) of a process, its live descendants and every child
    they have waited for, from /proc (Linux): a server's workers, a database's backends."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = int(_stat_fields(int(entry))[1])
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    ticks = 0
    for pid in tree:
        try:
            fields = _stat_fields(pid)
        except OSError:
            continue
        ticks += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")
