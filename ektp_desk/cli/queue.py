"""`ektp-desk queue`: today's queue (antrian): tickets added, listed, called and moved."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from ektp_desk.cli.base import EXIT_OK, EXIT_PROBLEMS, UsageError, open_desk, print_json
from ektp_desk.cli.credentials import Credentials


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("queue", parents=[common], help="today's queue (antrian)")
    queue_sub = p.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    q = queue_sub.add_parser("add", parents=[common], help="a ticket for a resident or walk-in")
    q.add_argument("nik", nargs="?")
    q.add_argument("--name", help="the walk-in's name")
    q.add_argument("--walk-in", action="store_true", help="not on the reference list")
    q.add_argument(
        "--anyway",
        action="store_true",
        help="add the resident although another desk already recorded the NIK",
    )
    q = queue_sub.add_parser("list", parents=[common], help="today's tickets")
    q.add_argument("--json", action="store_true")
    queue_sub.add_parser("next", parents=[common], help="call the next waiting ticket")
    for action, text in (("skip", "skip"), ("recall", "call again"), ("cancel", "cancel")):
        q = queue_sub.add_parser(action, parents=[common], help=f"{text} a ticket")
        q.add_argument("ticket", help="the ticket, e.g. A003 or 3")
    p.set_defaults(handler=cmd_queue)


def cmd_queue(args: argparse.Namespace, creds: Credentials) -> int:
    with open_desk(args) as desk:
        creds.login(desk)  # the queue shows names and NIKs
        if args.queue_command == "list":
            tickets = desk.queue.today()
            if args.json:
                print_json([dataclasses.asdict(t) | {"label": t.label} for t in tickets])
            for t in [] if args.json else tickets:
                flag = " (walk-in)" if t.walk_in else ""
                print(f"{t.label}\t{t.state}\t{t.nik or '-'}\t{t.nama}{flag}")
            return EXIT_OK
        if args.queue_command == "add":
            ticket = desk.queue.enqueue(
                nik=args.nik, nama=args.name, walk_in=args.walk_in, anyway=args.anyway
            )
        elif args.queue_command == "next":
            called = desk.queue.call_next()
            if called is None:
                print("no one is waiting")
                return EXIT_PROBLEMS
            ticket = called
        else:
            text = args.ticket.strip().upper().lstrip("A")
            number = int(text) if text.isdigit() else -1
            found = [t for t in desk.queue.today() if t.number == number]
            if not found:
                raise UsageError(f"no ticket {args.ticket} today")
            move = {
                "skip": desk.queue.skip,
                "recall": desk.queue.recall,
                "cancel": desk.queue.cancel,
            }[args.queue_command]
            ticket = move(found[0].id)
    print(f"{ticket.label}\t{ticket.state}\t{ticket.nik or '-'}\t{ticket.nama}")
    return EXIT_OK
