"""`ektp-hub user`: the dashboard's users (viewer, operator, admin): add, list, disable."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any

from ektp_desk.domain.moments import iso, utc_now
from ektp_desk.hub.cli.base import UsageError, open_db
from ektp_desk.hub.dashboard.accounts import HubAccounts, HubRole

PASSWORD_ENV = "EKTP_HUB_NEW_PASSWORD"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("user", parents=[common], help="the dashboard's users")
    user_sub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    q = user_sub.add_parser(
        "add",
        parents=[common],
        help=f"add a dashboard user (password from {PASSWORD_ENV}, else a prompt)",
    )
    q.add_argument("name")
    q.add_argument("--role", required=True, choices=[r.value for r in HubRole])
    q = user_sub.add_parser("list", parents=[common], help="list the dashboard's users")
    q.add_argument("--json", action="store_true")
    q = user_sub.add_parser(
        "disable", parents=[common], help="disable a user; their sessions end at once"
    )
    q.add_argument("name")
    p.set_defaults(handler=cmd_user)


def cmd_user(args: argparse.Namespace) -> int:
    if args.user_command == "add":
        return cmd_user_add(args)
    if args.user_command == "list":
        return cmd_user_list(args)
    return cmd_user_disable(args)


def _new_password() -> str:
    given = os.environ.get(PASSWORD_ENV)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UsageError(f"no password: set {PASSWORD_ENV} or run in a terminal for a prompt")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat: ") != first:
        raise UsageError("the two passwords differ")
    return first


def cmd_user_add(args: argparse.Namespace) -> int:
    password = _new_password()
    HubAccounts(open_db(args)).add(args.name, args.role, password)
    print(f"dashboard user {args.name} added ({args.role})")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    rows = [
        {
            "name": u.name,
            "role": u.role,
            "created_at": u.created_at,
            "disabled_at": u.disabled_at,
            "last_login_at": u.last_login_at,
        }
        for u in open_db(args).users()
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for r in rows:
        state = f"disabled {r['disabled_at']}" if r["disabled_at"] else "active"
        print(f"{r['name']}\t{r['role']}\t{state}\tlast log-in {r['last_login_at'] or '-'}")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    if not open_db(args).disable_user(args.name, iso(utc_now())):
        raise UsageError(f"no active dashboard user {args.name}")
    print(f"dashboard user {args.name} disabled; their sessions ended")
    return 0
