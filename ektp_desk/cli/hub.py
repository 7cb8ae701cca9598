"""`ektp-desk hub`: the Disdukcapil hub this desk syncs to, set (admin) and shown."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ektp_desk.cli.base import EXIT_OK, open_desk
from ektp_desk.cli.credentials import Credentials


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("hub", parents=[common], help="the Disdukcapil hub this desk syncs to")
    hub_sub = p.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    q = hub_sub.add_parser("set", parents=[common], help="set the hub and pin its key (admin)")
    q.add_argument("url")
    q.add_argument("--token", required=True, help="this desk's token from `ektp-hub desk add`")
    q.add_argument("--ca-bundle", type=Path, help="CA certificates to verify the hub's TLS")
    q.add_argument(
        "--allow-http", action="store_true", help="allow plain http to a non-loopback hub"
    )
    hub_sub.add_parser("show", parents=[common], help="the hub set and its pinned key id")
    p.set_defaults(handler=cmd_hub)


def cmd_hub(args: argparse.Namespace, creds: Credentials) -> int:
    with open_desk(args) as desk:
        if args.hub_command == "show":
            print(f"hub     {desk.settings.get('hub_url') or '(not set)'}")
            print(f"key id  {desk.settings.get('hub_key_id') or '-'}")
            print(f"release key id  {desk.settings.get('hub_release_key_id') or '-'}")
            return EXIT_OK
        creds.login(desk)
        key, sealed = desk.hub.set(
            args.url, args.token, ca_bundle=args.ca_bundle, allow_http=args.allow_http
        )
        release_kid = desk.settings.get("hub_release_key_id")
    print(f"hub set to {args.url}")
    print(f"hub key id: {key}  (compare it with Disdukcapil by phone)")
    if release_kid:
        print(f"release key id: {release_kid}  (it signs the desk updates; compare it too)")
    else:
        print("the hub has no release key yet: set the hub again once it has, to take updates")
    if sealed:
        print(f"sealed {sealed} recordings that were waiting for the hub's key")
    return EXIT_OK
