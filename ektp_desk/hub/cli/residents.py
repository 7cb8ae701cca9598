"""`ektp-hub residents publish FILE --kecamatan CODE`: Disdukcapil publishes a kecamatan's
reference list (CSV/XLSX in the desk's import format); it replaces the kecamatan's list on
its desks at their next sync. The whole file is checked first: any refused row, and
nothing is published."""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ektp_desk.domain.biodata import DeskContext
from ektp_desk.domain.moments import iso, utc_now
from ektp_desk.domain.regions import Level, regions
from ektp_desk.hub.cli.base import UsageError, open_db
from ektp_desk.protocol.residents_file import ImportFileError, read_residents

# Kota Palu's zone: a resident's age on the list is reckoned on its day.
ZONE = ZoneInfo("Asia/Makassar")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("residents", parents=[common], help="resident lists published to desks")
    residents_sub = p.add_subparsers(dest="residents_command", metavar="ACTION", required=True)
    q = residents_sub.add_parser(
        "publish", parents=[common], help="publish a kecamatan's reference list to its desks"
    )
    q.add_argument("file", type=Path, metavar="FILE")
    q.add_argument("--kecamatan", required=True, metavar="CODE", help="e.g. 72.71.02")
    q.add_argument("--by", help="who publishes (default: the user running the command)")
    q.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_residents)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def cmd_residents(args: argparse.Namespace) -> int:
    kecamatan = args.kecamatan.strip()
    region_list = regions()
    region = region_list.get(kecamatan)
    if region is None or region.level is not Level.KECAMATAN:
        raise UsageError(f"--kecamatan {kecamatan!r} is not a kecamatan code (e.g. 72.71.02)")
    context = DeskContext(kecamatan=kecamatan, timezone=ZONE, region_list=region_list)
    try:
        plan = read_residents(args.file, context=context, today=datetime.now(ZONE).date())
        digest = _sha256(args.file)
    except (ImportFileError, OSError) as exc:
        raise UsageError(str(exc)) from None
    if plan.rejected_rows:
        first = plan.problems[0]
        raise UsageError(
            f"{args.file.name}: {plan.rejected_rows} row(s) refused, nothing published; the first:"
            f" row {first.row}, column {first.field}: {first.message_en}"
        )
    outside = next(
        (r for r in plan.rows if not r.get("kelurahan", "").startswith(kecamatan + ".")), None
    )
    if outside is not None:
        raise UsageError(
            f"{args.file.name}: NIK {outside['nik']} lives in kelurahan"
            f" {outside.get('kelurahan') or '(none)'}, not in kecamatan {kecamatan};"
            " nothing published"
        )
    by = (args.by or "").strip() or getpass.getuser()
    store = open_db(args)
    published = store.publish_list(kecamatan, plan.rows, sha256=digest, by=by, at=iso(utc_now()))
    if args.json:
        print(json.dumps(published.as_dict(), indent=2))
        return 0
    if not published.new:
        print(
            f"{kecamatan}: this file is already the published list (version"
            f" {published.version}, {published.residents} residents); nothing changed"
        )
        return 0
    print(
        f"{kecamatan} {region.name}: version {published.version}, {published.residents}"
        f" residents: added {published.added}, changed {published.changed},"
        f" removed {published.removed}"
    )
    print("the kecamatan's desks take it at their next sync")
    return 0
