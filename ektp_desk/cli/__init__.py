"""The `ektp-desk` command: a thin face on the `Desk` service, as the window is another.

Each command group is a module here that registers its parser next to its handler
(`register(sub, common)`, the handler set with `set_defaults(handler=...)`); this module
builds the parser from them, runs the handler of the command given (the window when none
is), and turns the errors a command raises into a message and an exit code."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ektp_desk import __version__, crash
from ektp_desk.cli import (
    backup,
    bundle,
    credentials,
    demo,
    display,
    hub,
    init,
    nik,
    outreach,
    paper,
    queue,
    record,
    region,
    residents,
    sbi_simulator,
    settings,
    status,
    sync,
    tally,
    update,
    user,
    window,
)
from ektp_desk.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    UsageError,
    data_dir_of,
    fail,
    problem_line,
)
from ektp_desk.cli.credentials import Credentials
from ektp_desk.desk import DeskError, ValidationFailed, damage_error
from ektp_desk.logs import log_kind, setup_logging
from ektp_desk.paths import APP_NAME, log_dir
from ektp_desk.store import StoreError
from ektp_desk.store.integrity import is_corruption

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "UsageError", "build_parser", "main"]

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, Credentials], int]
# A group's register(sub, common): its commands added to the subparsers `sub`, with `common`.
Register = Callable[[Any, argparse.ArgumentParser], None]

# The command groups, in the order `ektp-desk --help` lists their commands.
REGISTER: tuple[Register, ...] = (
    init.register,
    user.register,
    nik.register,
    region.register,
    settings.register,
    residents.register,
    record.register,
    hub.register,
    sync.register,
    queue.register,
    display.register,
    tally.register,
    outreach.register,
    paper.register,
    sbi_simulator.register,
    backup.register,
    bundle.register,
    backup.register_restore,
    status.register,
    demo.register,
    update.register,
)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="the desk's data dir (default: EKTP_DESK_DATA_DIR or the platform's data dir)",
    )
    credentials.add_options(common)
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="e-KTP recording desk: offline-first recording, queue and sync to Disdukcapil.",
        parents=[common],
    )
    window.add_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in REGISTER:
        register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(log_kind(args.command))
    crash.install(log_dir(), log_kind(args.command))
    log.info("ektp-desk %s: %s", __version__, args.command or "window")
    creds = Credentials(args, sys.stdin)
    handler: Handler = getattr(args, "handler", window.cmd_window)
    try:
        return handler(args, creds)
    except UsageError as exc:
        fail(str(exc))
        return EXIT_USAGE
    except ValidationFailed as exc:
        for p in exc.problems:
            fail(problem_line("", p))
        return EXIT_USAGE
    except (DeskError, StoreError) as exc:
        fail(str(exc))
        return EXIT_USAGE
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if not is_corruption(exc):
            log.exception("database error")
            fail(f"database error: {exc}; nothing further was written")
            return EXIT_USAGE
        log.error("the store is damaged: %s", exc)
        fail(str(damage_error(data_dir_of(args), str(exc))))
        return EXIT_USAGE
    except sqlite3.Error as exc:
        log.exception("database error")
        fail(f"database error: {exc}; nothing further was written")
        return EXIT_USAGE
    except KeyboardInterrupt:
        fail("interrupted")
        return 130
