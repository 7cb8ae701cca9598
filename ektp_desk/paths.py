"""Where the program finds its shipped resources and its default data dir."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "ektp-desk"
DATA_DIR_ENV = "EKTP_DESK_DATA_DIR"


def resources_dir() -> Path:
    """The `resources/` folder: in a frozen build, beside the package in a checkout or an
    editable install, or under `<prefix>/share/ektp-desk` where a wheel puts it."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    beside = Path(__file__).resolve().parent.parent / "resources"
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / "share" / APP_NAME / "resources"


def default_data_dir(*, platform: str | None = None) -> Path:
    """EKTP_DESK_DATA_DIR, else the desk's data dir: on Windows one per machine
    (`%ProgramData%\\ektp-desk`, which the installer opens to the office's Windows users), so
    that every Windows account of the PC works on the one desk; elsewhere the user's own."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    own = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if (platform or sys.platform) != "win32":
        return own
    from ektp_desk.store.db import DB_FILE

    machine = Path(os.environ.get("PROGRAMDATA") or r"C:\ProgramData") / APP_NAME
    # A desk made before the data dir was the machine's stays found where it is (not a
    # first-run wizard over it) until it is moved into the machine's dir.
    if not (machine / DB_FILE).exists() and (own / DB_FILE).exists():
        return own
    return machine


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


# Each kind of process writes a log file of its own: on Windows a file another process holds
# open cannot be renamed, so the window and a scheduled command sharing one file would
# never rotate it.
LOG_KINDS = ("window", "cli", "sync", "backup")


def log_file(kind: str = "window") -> Path:
    """The rotating log file of one kind of process (its older parts end in .1, .2, ...):
    `ektp-desk.log` for the window, `ektp-desk-KIND.log` for the commands."""
    if kind not in LOG_KINDS:
        raise ValueError(f"no log kind {kind!r}")
    return log_dir() / ("ektp-desk.log" if kind == "window" else f"ektp-desk-{kind}.log")
