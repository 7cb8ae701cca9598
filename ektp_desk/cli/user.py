"""`ektp-desk user`: manage accounts (admin)."""

from __future__ import annotations

import argparse
from typing import Any

from ektp_desk.cli.base import EXIT_OK, open_desk
from ektp_desk.cli.credentials import Credentials, new_password
from ektp_desk.domain.accounts import Role


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("user", parents=[common], help="manage accounts (admin)")
    user_sub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    q = user_sub.add_parser("add", parents=[common], help="add an account")
    q.add_argument("name")
    q.add_argument("--role", required=True, choices=[r.value for r in Role])
    user_sub.add_parser("list", parents=[common], help="list accounts")
    q = user_sub.add_parser("disable", parents=[common], help="disable an account")
    q.add_argument("name")
    q = user_sub.add_parser("enable", parents=[common], help="enable a disabled account")
    q.add_argument("name")
    q = user_sub.add_parser(
        "reset-password", parents=[common], help="set a new password for an account"
    )
    q.add_argument("name")
    p.set_defaults(handler=cmd_user)


def cmd_user(args: argparse.Namespace, creds: Credentials) -> int:
    with open_desk(args) as desk:
        creds.login(desk)
        action = args.user_command
        if action == "list":
            for u in desk.accounts.users():
                state = "disabled" if u.disabled else "active"
                print(f"{u.name}\t{u.role.value}\t{state}\tlast log-in {u.last_login_at or '-'}")
        elif action == "add":
            desk.accounts.add(args.name, Role(args.role), new_password(creds._stdin))
            print(f"user {args.name} added as {args.role}")
        elif action in ("disable", "enable"):
            desk.accounts.set_disabled(args.name, action == "disable")
            print(f"user {args.name} {action}d")
        else:
            desk.accounts.reset_password(args.name, new_password(creds._stdin))
            print(f"password of {args.name} reset")
    return EXIT_OK
