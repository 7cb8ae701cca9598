"""`ektp-desk print`: a queue ticket or a receipt as a PDF (the window prints them to any
printer); the invitations are `outreach --format invitations`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ektp_desk.cli.base import EXIT_OK, UsageError, open_desk
from ektp_desk.cli.credentials import Credentials
from ektp_desk.desk import PaperDocument, PaperSize
from ektp_desk.reports.documents import RECEIPT_PAPERS, TICKET_PAPERS


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("print", parents=[common], help="a queue ticket or a receipt as PDF")
    print_sub = p.add_subparsers(dest="print_command", metavar="DOCUMENT", required=True)
    q = print_sub.add_parser("ticket", parents=[common], help="a queue ticket (nomor antrian)")
    q.add_argument("number", help="the ticket, e.g. A003 or 3")
    q.add_argument("--date", type=date.fromisoformat, help="its day, YYYY-MM-DD (default today)")
    q.add_argument("--pdf", type=Path, required=True, help="the PDF file to write")
    q.add_argument("--paper", choices=TICKET_PAPERS, help="default: the ticket_paper setting")
    q = print_sub.add_parser("receipt", parents=[common], help="a receipt (tanda bukti)")
    q.add_argument("record_id", metavar="RECORD-ID")
    q.add_argument("--pdf", type=Path, required=True, help="the PDF file to write")
    q.add_argument("--paper", choices=RECEIPT_PAPERS, help="default: the receipt_paper setting")
    p.set_defaults(handler=cmd_print)


def pdf_writer() -> Callable[[PaperDocument, Path], None]:
    try:
        from ektp_desk.ui.paper import write_pdf
    except ImportError as exc:
        raise UsageError(f"printing needs PySide6 ({exc})") from None
    return write_pdf


def ticket_number(text: str) -> int:
    digits = text.strip().upper().removeprefix("A")
    if not digits.isdigit() or not 0 < int(digits) < 100_000:
        raise UsageError(f"ticket {text!r}: give its number, e.g. A003 or 3")
    return int(digits)


def cmd_print(args: argparse.Namespace, creds: Credentials) -> int:
    writer = pdf_writer()
    with open_desk(args) as desk:
        creds.login(desk)
        if args.print_command == "ticket":
            document = desk.paper.ticket(ticket_number(args.number), args.date, paper=args.paper)
            what = document.title
        else:
            document = desk.paper.receipt(args.record_id, paper=args.paper)
            what = f"receipt of {args.record_id}"
        desk.paper.export(document, args.pdf, writer=writer, kind=args.print_command)
    paper: PaperSize = document.paper
    print(f"{what} ({paper.key}) -> {args.pdf}")
    return EXIT_OK
