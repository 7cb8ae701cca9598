"""`ektp-desk bundle`: recordings carried on a USB stick when the link is down: exported,
imported from another desk, listed and dropped."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

from ektp_desk.cli.base import EXIT_OK, open_desk, print_json
from ektp_desk.cli.credentials import Credentials
from ektp_desk.desk import Desk
from ektp_desk.protocol.bundle import SUFFIX as BUNDLE_SUFFIX


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "bundle", parents=[common], help="carry recordings on a USB stick when the link is down"
    )
    bundle_sub = p.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    q = bundle_sub.add_parser(
        "export",
        parents=[common],
        help="every recording the hub has not acked into one sealed file (they stay queued)",
    )
    q.add_argument("-o", "--output", type=Path, required=True, help="the bundle file to write")
    q.add_argument("--json", action="store_true")
    q = bundle_sub.add_parser(
        "import",
        parents=[common],
        help="another desk's bundle, forwarded to the hub at the next sync; or the hub's"
        " status bundle (ektp-hub bundle export-status), applied here",
    )
    q.add_argument("file", type=Path)
    q.add_argument("--json", action="store_true")
    q = bundle_sub.add_parser(
        "list", parents=[common], help="the bundles of other desks imported here (supervisor)"
    )
    q.add_argument("--json", action="store_true")
    q = bundle_sub.add_parser(
        "drop",
        parents=[common],
        help="remove an imported bundle and its records that wait to be forwarded (supervisor)",
    )
    q.add_argument("bundle_id", metavar="BUNDLE-ID")
    p.set_defaults(handler=cmd_bundle)


def _bundle_list_or_drop(args: argparse.Namespace, desk: Desk) -> int:
    if args.bundle_command == "drop":
        removed = desk.bundles.drop(args.bundle_id)
        states = ", ".join(f"{n} {state}" for state, n in sorted(removed.items())) or "none"
        print(f"bundle {args.bundle_id} dropped; records removed: {states}")
        return EXIT_OK
    bundles = desk.bundles.forwarded()
    if args.json:
        print_json([dataclasses.asdict(b) for b in bundles])
        return EXIT_OK
    if not bundles:
        print("no bundle of another desk was imported here")
    for b in bundles:
        states = ", ".join(f"{n} {state}" for state, n in sorted(b.by_state.items())) or "none"
        print(
            f"{b.bundle_id}\tfrom {b.desk_id or '?'}\timported {b.imported_at}\t"
            f"{b.file or '-'}\t{b.records} listed; kept: {states}"
        )
    return EXIT_OK


def cmd_bundle(args: argparse.Namespace, creds: Credentials) -> int:
    with open_desk(args) as desk:
        creds.login(desk)
        if args.bundle_command in ("list", "drop"):
            return _bundle_list_or_drop(args, desk)
        if args.bundle_command == "export":
            target = args.output
            if target.suffix == "":
                target = target.with_suffix(BUNDLE_SUFFIX)
            summary = desk.bundles.export(target)
        else:
            summary = desk.bundles.import_file(args.file)
    if args.json:
        print_json(summary)
    elif summary.get("kind") == "ektp-status":
        published = summary["published"]
        version = published["version"] if isinstance(published, dict) else None
        print(
            f"status of {summary['created_at']} applied: {summary['rows']} records,"
            f" {summary['cases']} cases"
            + (f"; published resident list v{version}" if version is not None else "")
        )
    elif args.bundle_command == "export":
        print(
            f"bundle {summary['bundle_id']} written to {summary['file']}:"
            f" {summary['records']} recordings, {summary['file_bytes']:,} bytes"
        )
        print("they stay queued here until the hub acknowledges them (at the next sync)")
    else:
        print(
            f"bundle {summary['bundle_id']} from desk {summary['desk_id']}:"
            f" {summary['new']} recordings kept to forward, {summary['already_here']} were"
            " here already"
            + (f", {summary['own_skipped']} of this desk skipped" if summary["own_skipped"] else "")
        )
        print("they go to the hub at the next sync")
    return EXIT_OK
