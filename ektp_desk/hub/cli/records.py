"""`ektp-hub records`, `open` and `tally`: reading what the hub received."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from ektp_desk.domain.regions import regions
from ektp_desk.hub.cli.base import PROG, UsageError, load_private_key, open_db
from ektp_desk.hub.ingest import ContentError, open_record
from ektp_desk.hub.limits import HubLimits
from ektp_desk.protocol.envelope import EnvelopeError


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("records", parents=[common], help="list records held")
    p.add_argument("--json", action="store_true")
    p.add_argument("--desk")
    p.set_defaults(handler=cmd_records)
    p = sub.add_parser("open", parents=[common], help="decrypt and show one record")
    p.add_argument("record_id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_open)
    p = sub.add_parser(
        "tally", parents=[common], help="counts per kecamatan and desk, by record state"
    )
    p.add_argument("--date", required=True, type=date.fromisoformat)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_tally)


def cmd_records(args: argparse.Namespace) -> int:
    store = open_db(args)
    rows = [
        {
            "record_id": r.record_id,
            "desk_id": r.desk_id,
            "nik": r.nik,
            "sha256": r.sha256,
            "received_at": r.received_at,
            "outcome": r.outcome,
            "recorded_on": r.recorded_on,
            "kecamatan": r.kecamatan,
            "state": r.state,
            "case_id": r.case_id,
            "replaces": r.replaces,
            "reason": r.reason,
        }
        for r in store.records(args.desk)
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(
                f"{r['record_id']}\t{r['desk_id']}\t{r['nik']}\t{r['state']}\t{r['received_at']}"
                + (f"\t{r['case_id']}" if r["case_id"] else "")
            )
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    store = open_db(args)
    held = store.held(args.record_id)
    envelope = store.envelope(args.record_id)
    if held is None or envelope is None:
        raise UsageError(f"no record {args.record_id} on this hub")
    key = load_private_key(args)
    try:
        opened = open_record(
            envelope,
            private_key=key,
            record_id=held.record_id,
            desk_id=held.desk_id,
            limits=HubLimits.from_env(),
        )
    except (EnvelopeError, ContentError) as exc:
        print(f"{PROG}: record {held.record_id} does not open: {exc}", file=sys.stderr)
        return 1
    approval = store.approval(held.record_id)
    if args.json:
        print(
            json.dumps(
                {
                    "manifest": opened.manifest,
                    "biodata": opened.biodata,
                    "files": opened.files,
                    "approval": approval,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    print(f"record {held.record_id} from desk {held.desk_id}, received {held.received_at}")
    for k, v in sorted(opened.biodata.items()):
        print(f"  {k:<18} {v}")
    print("files:")
    for name, size in sorted(opened.files.items()):
        print(f"  {name:<18} {size} bytes")
    if approval is not None:
        rules = approval["rules"]
        why = ", ".join(str(r) for r in rules) if isinstance(rules, list) else ""
        print(
            f"approved by supervisor {approval['approved_by']} at {approval['approved_at']}"
            f" ({why}): {approval['reason'] or '-'}"
        )
    return 0


def cmd_tally(args: argparse.Namespace) -> int:
    store = open_db(args)
    rows = store.tally(args.date.isoformat())
    tally: dict[str, dict[str, dict[str, int]]] = {}
    for kecamatan, desk_id, state, count in rows:
        tally.setdefault(kecamatan, {}).setdefault(desk_id, {})[state] = count
    if args.json:
        print(json.dumps({"date": args.date.isoformat(), "kecamatan": tally}, indent=2))
        return 0
    rl = regions()
    # Accepted records count (one per NIK: the hub holds one at most); duplicates waiting
    # for their case's decision are shown apart; voided and replaced ones never count.
    for kecamatan, desks in tally.items():
        total = sum(d.get("accepted", 0) for d in desks.values())
        waiting = sum(d.get("duplicate_nik", 0) for d in desks.values())
        print(f"{kecamatan} {rl.name(kecamatan) or ''}: {total} (duplicate NIK, open: {waiting})")
        for desk_id, states in desks.items():
            print(
                f"  {desk_id}: {states.get('accepted', 0)}"
                f" (duplicate NIK, open: {states.get('duplicate_nik', 0)})"
            )
    return 0
