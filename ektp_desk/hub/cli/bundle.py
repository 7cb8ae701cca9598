"""`ektp-hub bundle import`: take in a desk's bundle carried on a USB stick, as if its
records were sent."""

from __future__ import annotations

import argparse
import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ektp_desk.hub.cli.base import load_private_key, open_db
from ektp_desk.hub.ingest import Ingestor
from ektp_desk.hub.limits import HubLimits
from ektp_desk.protocol.bundle import BundleReader
from ektp_desk.protocol.envelope import key_id, public_bytes
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
    p.set_defaults(handler=cmd_bundle)


def cmd_bundle(args: argparse.Namespace) -> int:
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
