"""`ektp-desk outreach`: residents not yet recorded, per kelurahan (supervisor), as a list
or as invitations to hand out."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from ektp_desk.cli.base import EXIT_OK, UsageError, open_desk
from ektp_desk.cli.credentials import Credentials


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "outreach", parents=[common], help="residents not yet recorded, per kelurahan (supervisor)"
    )
    p.add_argument("--kelurahan", help="one kelurahan code (default: every one)")
    p.add_argument("--format", choices=["xlsx", "pdf", "invitations"], required=True)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument(
        "--from",
        dest="start",
        type=date.fromisoformat,
        help="invitations: the first day invited, YYYY-MM-DD (default: the next working day)",
    )
    p.add_argument(
        "--per-day", type=int, help="invitations: residents a day (default: daily_capacity)"
    )
    p.set_defaults(handler=cmd_outreach)


def _invitations(args: argparse.Namespace, creds: Credentials) -> int:
    from ektp_desk.cli.paper import pdf_writer

    if args.per_day is not None and args.per_day < 1:
        raise UsageError("--per-day must be 1 or more")
    writer = pdf_writer()
    with open_desk(args) as desk:
        creds.login(desk)
        made = desk.paper.invitations(
            kelurahan=args.kelurahan, start=args.start, per_day=args.per_day
        )
        desk.paper.export(made.document, args.output, writer=writer, kind="invitations")
    plan = made.schedule
    print(
        f"{len(made.document.sheets)} invitations, {plan.per_day} a day from {made.first_day}"
        f" to {made.last_day} -> {args.output}"
    )
    if plan.per_day > plan.asked_per_day:
        print(
            f"note: {plan.asked_per_day} a day would not reach everyone in the"
            f" {plan.working_days} working days left; {plan.per_day} a day are invited"
        )
    return EXIT_OK


def cmd_outreach(args: argparse.Namespace, creds: Credentials) -> int:
    if args.format == "invitations":
        return _invitations(args, creds)
    if args.start is not None or args.per_day is not None:
        raise UsageError("--from and --per-day go with --format invitations")
    pdf_writer = None
    if args.format == "pdf":
        try:
            from ektp_desk.ui.pdf_report import write_outreach_pdf
        except ImportError as exc:
            raise UsageError(f"PDF needs PySide6 ({exc}); use xlsx") from None
        pdf_writer = write_outreach_pdf
    with open_desk(args) as desk:
        creds.login(desk)
        people = desk.reports.export_outreach(
            args.format, args.output, kelurahan=args.kelurahan, pdf_writer=pdf_writer
        )
    print(f"{people} residents not yet recorded -> {args.output}")
    return EXIT_OK
