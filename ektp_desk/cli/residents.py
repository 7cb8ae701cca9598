"""`ektp-desk residents`: import the reference list of residents, and search it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ektp_desk.cli.base import EXIT_OK, EXIT_PROBLEMS, UsageError, open_desk, print_json
from ektp_desk.cli.credentials import Credentials
from ektp_desk.imports import ImportFileError


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("residents", parents=[common], help="the reference list of residents")
    res_sub = p.add_subparsers(dest="residents_command", metavar="ACTION", required=True)
    q = res_sub.add_parser("import", parents=[common], help="import a CSV or XLSX list")
    q.add_argument("file", type=Path)
    q.add_argument(
        "--replace-published",
        action="store_true",
        help="import even though Disdukcapil's published list is applied here",
    )
    q = res_sub.add_parser("search", parents=[common], help="find residents by name or NIK")
    q.add_argument("text")
    q.add_argument("--limit", type=int, default=20)
    q.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_residents)


def cmd_residents(args: argparse.Namespace, creds: Credentials) -> int:
    with open_desk(args) as desk:
        creds.login(desk)  # names and NIKs are shown to a logged-in user only
        if args.residents_command == "search":
            found = desk.residents.search(args.text, limit=args.limit)
            if args.json:
                print_json([r.fields for r in found])
            for r in [] if args.json else found:
                print(f"{r.nik}\t{r.nama}\t{r.tanggal_lahir}\t{r.kelurahan or '-'}")
            return EXIT_OK
        try:
            result = desk.residents.import_file(args.file, replace_published=args.replace_published)
        except ImportFileError as exc:
            raise UsageError(f"{exc}; nothing was imported") from None
    warned = f", {result.warnings} warnings" if result.warnings else ""
    print(
        f"imported {result.imported} residents ({result.inserted} new, {result.updated} updated),"
        f" rejected {result.rejected} rows{warned}"
    )
    if result.plan.ignored_columns:
        print(f"ignored columns: {', '.join(result.plan.ignored_columns)}")
    if result.report is not None:
        parts = [
            text
            for text, count in (
                ("the rejected rows and their reasons", result.rejected),
                ("the warnings", result.warnings),
            )
            if count
        ]
        print(f"{', and '.join(parts)} are in {result.report}")
    return EXIT_PROBLEMS if result.rejected else EXIT_OK
