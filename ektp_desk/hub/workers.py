"""`ektp-hub serve --workers N`: N processes forked after the listening sockets are bound,
each running the whole hub (its own accept loop and its own connections to the database)
on those same sockets, so the kernel hands each new connection to one of them.

No process holds a lock the others need: every guarantee is the database's. The parent only
supervises: it forwards SIGTERM/SIGINT to the workers, replaces one that dies, and gives up
(stopping the rest) when one dies within seconds of being started, which is a fault a new
one would repeat. Fork needs POSIX; the hub's production system is Linux.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from types import FrameType

from ektp_desk.hub import HubError

log = logging.getLogger(__name__)

CRASH_WINDOW = 5.0  # a worker dying this soon after its start is not replaced


class WorkersError(HubError):
    pass


def check_workers(workers: int) -> None:
    if workers < 1:
        raise WorkersError(f"--workers must be 1 or more, not {workers}")
    if workers > 1 and not hasattr(os, "fork"):
        raise WorkersError(f"--workers {workers} needs a POSIX system (Linux); use 1 here")


def _die_with_parent() -> None:
    """On Linux, a worker is told to stop (SIGTERM) when the supervisor dies, even killed."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def _start(run: Callable[[], None], number: int) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        _die_with_parent()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        run()
    except BaseException:  # the worker's end: whatever it was, logged, then the exit code
        log.exception("hub worker %d failed", number)
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # never back into the parent's code, nor its atexit handlers


def supervise(run: Callable[[], None], workers: int) -> int:
    """Run `run` in `workers` forked processes until told to stop; the exit code."""
    children: dict[int, tuple[int, float]] = {}  # pid -> (worker number, started at)
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    status = 0
    try:
        for number in range(1, workers + 1):
            children[_start(run, number)] = (number, time.monotonic())
        while children:
            try:
                pid, raw = os.wait()
            except InterruptedError:
                continue
            except ChildProcessError:
                break
            number, started = children.pop(pid, (0, 0.0))
            if number == 0 or stopping:
                continue
            code = os.waitstatus_to_exitcode(raw)
            if time.monotonic() - started < CRASH_WINDOW:
                log.error("hub worker %d exited (%d) as it started: stopping the hub", number, code)
                status = 1
                stop(signal.SIGTERM, None)
                continue
            log.warning("hub worker %d exited (%d); starting another", number, code)
            children[_start(run, number)] = (number, time.monotonic())
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return status
