"""`ektp-desk init`: set up a new desk in an empty data dir."""

from __future__ import annotations

import argparse
from typing import Any

from ektp_desk.cli.base import EXIT_OK, data_dir_of
from ektp_desk.cli.credentials import Credentials
from ektp_desk.desk import Desk


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="set up a new desk in an empty data dir")
    p.add_argument("--kecamatan", required=True, help="Kemendagri kecamatan code, e.g. 72.71.02")
    p.add_argument("--desk", required=True, help="this desk's id, e.g. PALU-BARAT-1")
    p.add_argument("--timezone", help="IANA time zone (default: by province: WIB, WITA or WIT)")
    p.add_argument("--target", type=int, help="residents the kecamatan must record")
    p.add_argument("--admin", required=True, help="name of the first admin account")
    p.add_argument(
        "--training",
        action="store_true",
        help="a desk for training: simulated devices, every recording marked as training "
        "and refused by a hub not started with --training (cannot be changed later)",
    )
    p.set_defaults(handler=cmd_init)


def cmd_init(args: argparse.Namespace, creds: Credentials) -> int:
    data_dir = data_dir_of(args)
    password = creds.password("Kata sandi admin baru / New admin password: ")
    with Desk.create(
        data_dir,
        kecamatan=args.kecamatan,
        desk_id=args.desk,
        timezone=args.timezone,
        target=args.target,
        admin_name=args.admin,
        admin_password=password,
        training=args.training,
    ) as desk:
        region = desk.regions.get(desk.kecamatan)
        print(
            f"desk {desk.desk_id} set up in {data_dir} for kecamatan {desk.kecamatan}"
            f" ({region.name if region else '?'}), time zone {desk.timezone.key}"
            + (
                "; TRAINING desk: simulated devices, recordings refused by a production hub"
                if desk.training
                else ""
            )
        )
    return EXIT_OK
