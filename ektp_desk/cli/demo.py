"""`ektp-desk demo seed`: synthetic residents and recordings for a demo or a test."""

from __future__ import annotations

import argparse
from typing import Any

from ektp_desk.cli.base import EXIT_OK, UsageError, open_desk
from ektp_desk.cli.credentials import Credentials


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="demo data")
    demo_sub = p.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    q = demo_sub.add_parser("seed", parents=[common], help="add synthetic residents and recordings")
    q.add_argument("--recordings", type=int, required=True)
    q.add_argument("--days", type=int, default=1)
    q.add_argument("--seed", type=int, default=1)
    q.add_argument("--biometrics", choices=["none", "small", "realistic"], default="small")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace, creds: Credentials) -> int:
    from ektp_desk.demo import BiometricDetail, seed

    if args.recordings < 0 or args.days < 1:
        raise UsageError("--recordings must be 0 or more and --days 1 or more")
    with open_desk(args) as desk:
        creds.login(desk)
        result = seed(
            desk,
            recordings=args.recordings,
            days=args.days,
            seed_value=args.seed,
            detail=BiometricDetail(args.biometrics),
        )
    print(
        f"added {result.residents} residents and {result.recordings} recordings"
        f" over {args.days} day(s)" + (f", {result.refused} refused" if result.refused else "")
    )
    return EXIT_OK
