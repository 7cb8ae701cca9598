"""Where the program finds its shipped resources and its default data dir."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "ektp-desk"
DATA_DIR_ENV = "EKTP_DESK_DATA_DIR"


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, or in a frozen build."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def default_data_dir() -> Path:
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
