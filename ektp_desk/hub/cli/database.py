"""`ektp-hub migrate` and `ektp-hub check`: the hub's database brought to this program's
schema on purpose (every command does it when it opens an older one), and checked whole:
its schema version, every envelope against the checksum and size it arrived with, and the
records held per desk."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from ektp_desk.hub.cli.base import UsageError, db_spec
from ektp_desk.hub.store import is_postgres_url, open_store
from ektp_desk.hub.store.schema import VERSION, migrate, schema_version


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "migrate", parents=[common], help="create the hub's tables, or bring them to this version"
    )
    p.set_defaults(handler=cmd_migrate)
    q = sub.add_parser(
        "check",
        parents=[common],
        help="check the schema version, every envelope's checksum and the counts per desk"
        " (exit 1 on a fault)",
    )
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_check)


def cmd_migrate(args: argparse.Namespace) -> int:
    store = open_store(db_spec(args), migrate_now=False)
    try:
        before, after = migrate(store.database)
    finally:
        store.close()
    where = store.database.describe()
    if before == after:
        print(f"{where}: schema version {after}, up to date")
    else:
        print(f"{where}: schema version {before} -> {after}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    db = db_spec(args)
    if not is_postgres_url(db) and not Path(db).exists():  # check never creates one
        raise UsageError(f"no hub database at {db}")
    store = open_store(db, migrate_now=False)
    faults: list[str] = []
    try:
        version = schema_version(store.database)
        if version != VERSION:
            faults.append(f"schema version {version}, not {VERSION}: run `ektp-hub migrate`")
            checked = 0
            counts: list[tuple[str, str, int]] = []
        else:
            checked = 0
            for record_id, desk_id, sha256, size, envelope in store.envelopes():
                checked += 1
                if len(envelope) != size or hashlib.sha256(envelope).hexdigest() != sha256:
                    faults.append(
                        f"record {record_id} of desk {desk_id}: its envelope does not match"
                        f" the checksum and size it arrived with ({len(envelope)} bytes)"
                    )
            counts = store.counts()
    finally:
        store.close()
    if args.json:
        print(json.dumps({
            "database": store.database.describe(), "schema_version": version,
            "envelopes_checked": checked, "faults": faults,
            "records": [{"desk_id": d, "outcome": o, "count": n} for d, o, n in counts],
        }, indent=2))  # fmt: skip
    else:
        print(f"{store.database.describe()}: schema version {version} (this ektp-hub: {VERSION})")
        print(f"envelopes checked: {checked}, faults: {len(faults)}")
        for desk_id, outcome, count in counts:
            print(f"{desk_id}\t{outcome}\t{count}")
        for fault in faults:
            print(f"FAULT: {fault}")
    return 1 if faults else 0
