"""`ektp-desk tally`: the daily tally (supervisor), and `tally merge` that joins desks'."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ektp_desk.cli.base import EXIT_OK, UsageError, desk_json, open_desk, print_json
from ektp_desk.cli.credentials import Credentials
from ektp_desk.desk import NotInitialized, ReportFrame, StoreError

CSV_STYLE_OPTION: dict[str, Any] = {
    "choices": ["excel-id", "standard"],
    "default": "standard",
    "help": "with --format csv: excel-id (';' and decimal comma, for Excel set to Indonesian)"
    " or standard (',' and decimal point; the default)",
}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "tally", parents=[common], help="the daily tally (supervisor); `tally merge` joins desks"
    )
    p.add_argument("--date", type=date.fromisoformat, help="the day, or the first day")
    p.add_argument("--to", type=date.fromisoformat, help="the last day of a range")
    p.add_argument("--format", choices=["csv", "xlsx", "pdf", "json"], default="json")
    p.add_argument("-o", "--output", type=Path, help="the file to write (default: stdout, json)")
    p.add_argument("--csv-style", **CSV_STYLE_OPTION)
    tally_sub = p.add_subparsers(dest="tally_command", metavar="ACTION")
    q = tally_sub.add_parser("merge", parents=[common], help="merge JSON tallies of several desks")
    q.add_argument("files", nargs="+", type=Path)
    q.add_argument("--format", choices=["csv", "xlsx", "pdf", "json"], default="json")
    q.add_argument("-o", "--output", type=Path, required=True)
    q.add_argument("--csv-style", **CSV_STYLE_OPTION)
    p.set_defaults(handler=cmd_tally)


def _pdf_tally_writer() -> Callable[..., None]:
    try:
        from ektp_desk.ui.pdf_report import write_tally_pdf
    except ImportError as exc:
        raise UsageError(f"PDF needs PySide6 ({exc}); use csv, xlsx or json") from None
    return write_tally_pdf


def _desk_frame(args: argparse.Namespace) -> ReportFrame | None:
    """This desk's letterhead and signatories for a merged report, when there is a desk
    here; without one, the report's frame comes from the kecamatan alone."""
    try:
        with open_desk(args) as desk:
            return desk.paper.frame()
    except (NotInitialized, StoreError):
        return None


def _merge(args: argparse.Namespace) -> int:
    from ektp_desk.reports import ReportError
    from ektp_desk.reports.writers import WRITERS, check_tally, merge_tallies, write_csv

    tallies = []
    for path in args.files:
        try:
            text = path.read_text(encoding="utf-8-sig")
            tallies.append(check_tally(desk_json(text), str(path)))
        except (OSError, ValueError) as exc:
            raise UsageError(f"{path}: not a readable JSON tally ({exc})") from None
        except ReportError as exc:
            raise UsageError(f"{exc}; nothing was written") from None
    try:
        merged = merge_tallies(tallies)
    except (ReportError, KeyError, TypeError) as exc:
        raise UsageError(f"cannot merge: {exc}") from None
    if args.format == "csv":
        write_csv(merged, args.output, style=args.csv_style)
    else:
        writer = WRITERS.get(args.format)
        if writer is None:
            pdf = _pdf_tally_writer()
            frame = _desk_frame(args)
            writer = lambda tally, target: pdf(tally, target, frame=frame)  # noqa: E731
        writer(merged, args.output)
    print(f"merged {len(tallies)} desks ({merged.total} recordings) into {args.output}")
    return EXIT_OK


def cmd_tally(args: argparse.Namespace, creds: Credentials) -> int:
    if args.tally_command == "merge":
        return _merge(args)
    if args.date is None:
        raise UsageError("give --date YYYY-MM-DD (and --to for a range)")
    with open_desk(args) as desk:
        creds.login(desk)
        if args.output is None:
            if args.format != "json":
                raise UsageError(f"--format {args.format} needs -o FILE")
            print_json(desk.reports.tally(args.date, args.to).to_json())
            return EXIT_OK
        tally = desk.reports.export_tally(
            args.format,
            args.output,
            args.date,
            args.to,
            pdf_writer=_pdf_tally_writer() if args.format == "pdf" else None,
            csv_style=args.csv_style,
        )
    period = f"{tally.date_from}..{tally.date_to}"
    print(f"tally {period}: {tally.total} recordings -> {args.output}")
    return EXIT_OK
