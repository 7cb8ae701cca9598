"""`ektp-desk display`: the called-number screen for the waiting room, in its own process."""

from __future__ import annotations

import argparse
from typing import Any

from ektp_desk.cli.base import UsageError, data_dir_of
from ektp_desk.cli.credentials import Credentials
from ektp_desk.desk import Desk


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "display",
        parents=[common],
        help="the called-number screen for the waiting room (follows the queue live)",
    )
    p.add_argument(
        "--screen",
        type=int,
        metavar="N",
        help="show it full screen on screen N (1 is the first); by default on the second "
        "screen when there is one, else in a window",
    )
    p.add_argument("--smoke-test", action="store_true", help="build the screen and exit 0")
    p.set_defaults(handler=cmd_display)


def cmd_display(args: argparse.Namespace, creds: Credentials) -> int:
    from ektp_desk.ui import system_check

    data_dir = data_dir_of(args)
    Desk.open(data_dir).close()  # a missing or damaged store is told before any window
    if not args.smoke_test:
        problem = system_check.problem()
        if problem is not None:
            raise UsageError(problem)
    from ektp_desk.ui.display import run

    try:
        return run(data_dir, screen_number=args.screen, smoke_test=args.smoke_test)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
