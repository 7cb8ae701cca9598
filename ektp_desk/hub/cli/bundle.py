"""`ektp-hub bundle import`: take in a desk's bundle carried on a USB stick, as if its
records were sent; `bundle export-status`: the city's status for a kecamatan's desks with
no link, as one signed file they import as a sync's pull."""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ektp_desk.domain.moments import iso, utc_now
from ektp_desk.hub.cli.base import UsageError, load_private_key, open_db
from ektp_desk.hub.ingest import Ingestor
from ektp_desk.hub.limits import HubLimits
from ektp_desk.protocol.bundle import BundleReader
from ektp_desk.protocol.envelope import key_id, public_bytes
from ektp_desk.protocol.residents_file import residents_csv
from ektp_desk.protocol.status import MAX_LIMIT, status_bundle_body, write_status_bundle
from ektp_desk.protocol.wire import Outcome

log = logging.getLogger(__name__)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("bundle", parents=[common], help="bundles carried from desks")
    bundle_sub = p.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    q = bundle_sub.add_parser(
        "import", parents=[common], help="take in a desk's bundle, as if its records were sent"
    )
    q.add_argument("file", type=Path)
    q.add_argument("--json", action="store_true")
    q = bundle_sub.add_parser(
        "export-status", parents=[common],
        help="write the city's status for a kecamatan's desks (ektp-desk bundle import)",
    )  # fmt: skip
    q.add_argument("--kecamatan", required=True, metavar="CODE")
    q.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    q.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_bundle)


def cmd_bundle(args: argparse.Namespace) -> int:
    if args.bundle_command == "export-status":
        return cmd_export_status(args)
    return cmd_bundle_import(args)


def cmd_export_status(args: argparse.Namespace) -> int:
    store = open_db(args)
    kecamatan = args.kecamatan.strip()
    desks = [d for d in store.desks() if d.kecamatan == kecamatan and d.revoked_at is None]
    keys = {d.desk_id: key for d in desks if (key := store.bundle_key(d.desk_id)) is not None}
    if not keys:
        raise UsageError(
            f"no active desk of kecamatan {kecamatan!r} is enrolled at this hub: nobody could"
            " take the file"
        )
    target: Path = args.output
    if not target.parent.is_dir():
        raise UsageError(f"{target.parent} is not a folder")
    page = store.status_page(kecamatan, after=0, limit=MAX_LIMIT)
    rows, cases = list(page.rows), {c.case_id: c for c in page.cases}
    while page.more:
        page = store.status_page(kecamatan, after=page.cursor, limit=MAX_LIMIT)
        rows.extend(page.rows)
        cases.update((c.case_id, c) for c in page.cases)
    whole = replace(page, rows=tuple(rows), cases=tuple(cases[k] for k in sorted(cases)))
    csv_text = (
        residents_csv(store.published_rows(kecamatan)) if whole.published is not None else None
    )
    body = status_bundle_body(
        kecamatan=kecamatan,
        created_at=iso(utc_now()),
        page=whole,
        published_csv=csv_text,
        keys=keys,
    )
    size = write_status_bundle(target, body)
    summary = {
        "file": str(target), "bytes": size, "kecamatan": kecamatan, "cursor": whole.cursor,
        "rows": len(whole.rows), "cases": len(whole.cases), "desks": sorted(keys),
        "published_version": whole.published.version if whole.published else None,
    }  # fmt: skip
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(
        f"{target}: status of {kecamatan} up to change {whole.cursor}: {len(whole.rows)} records,"
        f" {len(whole.cases)} cases, published list"
        f" {'version ' + str(whole.published.version) if whole.published else 'none'};"
        f" for desks {', '.join(sorted(keys))} ({size} bytes)"
    )
    print("each desk takes it with: ektp-desk bundle import FILE")
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    store = open_db(args)
    reader = BundleReader(args.file)
    key = load_private_key(args)
    ingestor = Ingestor(store, key, clock=lambda: datetime.now(UTC), limits=HubLimits.from_env())
    outcomes = ingestor.import_bundle(reader, hub_key_id=key_id(public_bytes(key)))
    counts = {o.value: 0 for o in Outcome}
    for o in outcomes:
        counts[o.outcome.value] += 1
    rejected = [o.as_dict() for o in outcomes if o.outcome is Outcome.REJECTED]
    summary = reader.header.summary() | {"outcomes": counts, "rejected": rejected}
    log.info("bundle %s imported: %s", reader.header.bundle_id, counts)
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    header = reader.header
    print(
        f"bundle {header.bundle_id} from desk {header.desk_id} ({header.created_at}):"
        f" {len(outcomes)} records"
    )
    for name, count in counts.items():
        print(f"  {name:<17} {count}")
    for r in rejected:
        print(f"  rejected {r['record_id']}: {r.get('reason')}")
    print("each desk learns of these at its next sync")
    return 0
