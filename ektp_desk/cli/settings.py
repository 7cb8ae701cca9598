"""`ektp-desk settings`: list the desk's settings, and change one (admin)."""

from __future__ import annotations

import argparse
from typing import Any

from ektp_desk.cli.base import EXIT_OK, open_desk
from ektp_desk.cli.credentials import Credentials
from ektp_desk.desk.settings import BY_KEY, SETTINGS

_SECRET_SHOWN = "(kept secret)"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("settings", parents=[common], help="the desk's settings")
    set_sub = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    set_sub.add_parser("list", parents=[common], help="show every setting")
    q = set_sub.add_parser("set", parents=[common], help="change a setting (admin)")
    q.add_argument("key")
    q.add_argument("value")
    p.set_defaults(handler=cmd_settings)


def _is_secret_setting(key: str) -> bool:
    """Settings that are keys or tokens (sealed or not): `settings list` never prints them."""
    return key.startswith(("hub_token", "holding_key_for:", "backup_wrapped_key"))


def cmd_settings(args: argparse.Namespace, creds: Credentials) -> int:
    with open_desk(args) as desk:
        creds.login(desk)
        if args.settings_command == "list":
            # The adjustable settings, from their one table: the value (or its default) and
            # what it is for; then what the desk keeps of itself.
            for setting in SETTINGS:
                chosen = desk.settings.get(setting.key)
                shown = chosen if chosen is not None else f"{setting.default or ''} (default)"
                print(f"{setting.key}\t{shown.strip()}\t{setting.help}")
            for key, value in sorted(desk.settings.items()):
                if key not in BY_KEY:
                    print(f"{key}\t{_SECRET_SHOWN if _is_secret_setting(key) else value}")
            return EXIT_OK
        desk.change_setting(args.key, args.value)
        print(f"{args.key} = {args.value}")
    return EXIT_OK
