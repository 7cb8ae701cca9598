"""What every command shares: the exit codes, the usage error, where the desk is, JSON in
and out within the desk's caps, and how a long-running command is told to stop."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path

from ektp_desk.desk import Desk
from ektp_desk.domain import boundedjson
from ektp_desk.domain.problems import Problem
from ektp_desk.paths import APP_NAME, default_data_dir

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
# The signals that stop a long-running command: Ctrl+C; Ctrl+Break on Windows (SIGBREAK,
# which exists only there); SIGTERM elsewhere (Windows never sends it).
STOP_SIGNALS = ("SIGINT", "SIGBREAK", "SIGTERM")
STOP_POLL_S = 0.2  # a wait for a stop looks this often, so that a signal's handler can run


def ensure_streams() -> None:
    """The windowed program of the Windows folder has no console, so no stdout or stderr:
    a command run from it (the scheduled `sync`) would fail on its first write. What it
    says then goes nowhere; the log and the crash files keep what matters."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)


def stop_on_signals() -> threading.Event:
    """An event set when the process is told to stop by any of STOP_SIGNALS it has."""
    stop = threading.Event()
    for name in STOP_SIGNALS:
        signum = getattr(signal, name, None)
        if signum is not None:
            signal.signal(signum, lambda *_: stop.set())
    return stop


def wait_for_stop(stop: threading.Event) -> None:
    """Wait until `stop` is set, in short waits: before Python 3.14 on Windows a Ctrl+C does
    not interrupt a wait without a timeout, and the signal's handler runs only after it."""
    while not stop.wait(STOP_POLL_S):
        pass


class UsageError(Exception):
    """Bad input on the command line or in a file given to it: exit 2."""


def fail(message: str) -> None:
    print(f"{APP_NAME}: error: {message}", file=sys.stderr, flush=True)


def problem_line(prefix: str, problem: Problem) -> str:
    kind = "" if problem.is_error else "warning: "
    return f"{prefix}{kind}{problem.field}: {problem.message_id} / {problem.message_en}"


def data_dir_of(args: argparse.Namespace) -> Path:
    given = getattr(args, "data_dir", None)
    return Path(given) if given is not None else default_data_dir()


def open_desk(args: argparse.Namespace) -> Desk:
    return Desk.open(data_dir_of(args))


def print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))


def desk_json(text: str) -> object:
    """JSON a person hands the desk (a recording, a tally), within the desk's caps."""
    return boundedjson.loads(
        text,
        max_bytes=boundedjson.DESK_FILE_MAX_BYTES,
        max_depth=boundedjson.MAX_JSON_DEPTH,
        what="the JSON",
        depth_setting=boundedjson.DESK_DEPTH_SETTING,
    )
