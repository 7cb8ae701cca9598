"""Benchmark of issue 8: the one-folder app's start-up (to the log-in window and the main
window built on a real store, then exit: `--smoke-test`) against the same from source,
measured in the same run; and the folder's size. Needs the `build` extra (PyInstaller)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.frozen.test_frozen import TARGET_MB, build, desk_env, folder_mb


def _median_seconds(command: list[str], env: dict[str, str], runs: int = 7) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        done = subprocess.run(command, capture_output=True, env=env, timeout=120, check=False)
        samples.append(time.perf_counter() - t)
        assert done.returncode == 0, done.stderr
    return statistics.median(samples)


def test_frozen_start_up_against_source(tmp_path: Path) -> None:
    app = build(tmp_path)
    env = desk_env(tmp_path)
    init = [
        str(app),
        "init",
        "--kecamatan",
        "72.71.02",
        "--desk",
        "PALU-BARAT-1",
        "--admin",
        "admin",
    ]
    subprocess.run(init, env=env, check=True, capture_output=True)
    subprocess.run(
        [str(app), "demo", "seed", "--recordings", "200"], env=env, check=True, capture_output=True
    )
    _median_seconds([str(app), "--smoke-test"], env, runs=2)  # warm the disk cache for both
    frozen = _median_seconds([str(app), "--smoke-test"], env)
    source = _median_seconds([sys.executable, "-m", "ektp_desk", "--smoke-test"], env)
    size = folder_mb(app.parent)
    print(
        f"\n[bench] frozen start-up to the log-in and main windows (--smoke-test, median of 7):"
        f" {frozen:.2f} s\n[bench]   baseline (the same from source, python -m ektp_desk):"
        f" {source:.2f} s; ratio frozen / source {frozen / source:.2f}x"
        f"\n[bench] one-folder app: {size:.1f} MB (target {TARGET_MB} MB)"
    )
