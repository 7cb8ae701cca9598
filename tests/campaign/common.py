"""What the campaigns share: the table they fill, and a worker process killed on purpose."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ektp_desk.desk import Desk

ROOT = Path(__file__).resolve().parents[2]


class CampaignFailure(AssertionError):
    """An invariant broke: the campaign stops and says which, with the seed to replay it."""


@dataclass
class Row:
    campaign: str
    rounds: int = 0
    faults: int = 0
    checked: int = 0
    lost: int = 0
    duplicated: int = 0
    figures: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0


def env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
    }


@dataclass
class Killed:
    lines: list[str]
    killed: bool  # False when the worker had finished before the signal
    returncode: int


def run_and_kill(args: list[str], delay: float, *, log: Path) -> Killed:
    """Start a worker, SIGKILL it `delay` seconds after it said START (its operation began),
    and return what it had printed."""
    with log.open("ab") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.campaign.worker", *args],
            stdout=subprocess.PIPE,
            stderr=err,
            cwd=ROOT,
            env=env(),
        )
        lines: list[str] = []

        def read() -> None:
            assert proc.stdout is not None
            for raw in proc.stdout:
                lines.append(raw.decode().rstrip("\n"))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        started = time.monotonic()
        while "START" not in lines and proc.poll() is None and time.monotonic() - started < 60:
            time.sleep(0.002)
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.005)
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        returncode = proc.wait(30)
        reader.join(10)
    return Killed(list(lines), killed, returncode)


def approve_waiting(desk: Desk) -> int:
    """A supervisor approves what waits for approval (the early recordings the workers
    make), as the office does before they can be sent; how many."""
    waiting = desk.approvals.waiting()
    for held in waiting:
        desk.approvals.approve(held.record_id, reason="disetujui supervisor")
    return len(waiting)
