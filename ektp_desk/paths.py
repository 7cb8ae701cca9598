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


def default_data_dir() -> Path:
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    """The desk's rotating log file (its older parts end in .1, .2, ...)."""
    return log_dir() / "ektp-desk.log"
