"""`ektp-desk outreach`: residents not yet recorded, per kelurahan (supervisor)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ektp_desk.cli.base import EXIT_OK, UsageError, open_desk
from ektp_desk.cli.credentials import Credentials


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "outreach", parents=[common], help="residents not yet recorded, per kelurahan (supervisor)"
    )
    p.add_argument("--kelurahan", help="one kelurahan code (default: every one)")
    p.add_argument("--format", choices=["xlsx", "pdf"], required=True)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(handler=cmd_outreach)


def cmd_outreach(args: argparse.Namespace, creds: Credentials) -> int:
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
