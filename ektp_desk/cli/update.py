"""`ektp-desk update`: a newer desk release from the hub, checked, downloaded (resumable,
checked against the pinned release key) and installed on confirmation (supervisor, admin)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ektp_desk.cli.base import EXIT_OK, UsageError, open_desk
from ektp_desk.cli.credentials import Credentials


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "update", parents=[common], help="a newer desk release from the hub (supervisor, admin)"
    )
    update_sub = p.add_subparsers(dest="update_command", metavar="ACTION", required=True)
    update_sub.add_parser("check", parents=[common], help="ask the hub for a newer release")
    update_sub.add_parser(
        "download",
        parents=[common],
        help="download the newer release (resumes a broken one) and check its signature",
    )
    q = update_sub.add_parser(
        "install", parents=[common], help="close the desk and run the checked installer"
    )
    q.add_argument("--yes", action="store_true", help="install without asking")
    p.set_defaults(handler=cmd_update)


def _progress(held: int, size: int, shown: list[int]) -> None:
    tenth = held * 10 // max(size, 1)
    if tenth > shown[0]:
        shown[0] = tenth
        print(f"  {held} / {size} bytes", file=sys.stderr, flush=True)


def cmd_update(args: argparse.Namespace, creds: Credentials) -> int:
    with open_desk(args) as desk:
        creds.login(desk)
        updates = desk.updates
        if args.update_command == "check":
            release = updates.check()
            if release is None:
                print(f"no newer release (installed {updates.installed})")
            else:
                notes = f": {release.notes}" if release.notes else ""
                print(
                    f"release {release.version} offered ({release.size} bytes); installed "
                    f"{updates.installed}{notes}"
                )
            return EXIT_OK
        if args.update_command == "download":
            if updates.check() is None:
                print(f"no newer release (installed {updates.installed})")
                return EXIT_OK
            shown = [-1]
            path = updates.download(progress=lambda held, size: _progress(held, size, shown))
            print(f"downloaded and checked (size, SHA-256, signature): {path}")
            return EXIT_OK
        ready = updates.ready()
        confirmed = args.yes
        if not confirmed and ready is not None and sys.stdin.isatty():
            answer = input(f"Close the desk and install {ready[0].version}? [y/N] ")
            confirmed = answer.strip().lower() in ("y", "yes", "ya")
        if not confirmed and ready is not None and not sys.stdin.isatty():
            raise UsageError("installing closes the desk: confirm it with --yes")
        path = updates.install(confirmed=confirmed)
    print(f"the installer {path} was started; the desk is closed")
    return EXIT_OK
