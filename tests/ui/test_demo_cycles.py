"""The demo opened and closed again and again, each time in its own process, as a person
trying it would: no fatal error, no traceback, no crash at exit, nothing left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CYCLES = 20


def test_the_demo_opens_and_closes_20_times_without_a_fatal_error(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    failures: list[str] = []
    for cycle in range(CYCLES):
        # the window lives a little longer each time, so the close lands on a different
        # moment of the sync worker's run against the in-process hub
        seconds = 0.4 + 0.05 * cycle
        done = subprocess.run(
            [sys.executable, "-m", "tests.ui.demo_cycle", f"{seconds:.1f}", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            cwd=ROOT,
            check=False,
        )
        bad = [
            line
            for line in done.stderr.splitlines()
            if "Fatal Python error" in line or "Traceback" in line or "refcount" in line
        ]
        if done.returncode != 0 or bad:
            failures.append(f"cycle {cycle}: exit {done.returncode}: {bad or done.stderr[-500:]}")
    assert failures == []
    assert [p.name for p in tmp_path.iterdir()] == []  # every throwaway demo dir removed
