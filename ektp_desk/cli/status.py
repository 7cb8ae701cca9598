"""`ektp-desk status`, `check` and `audit verify`: the desk's identity and counts, its
database's integrity and its audit chain."""

from __future__ import annotations

import argparse
from typing import Any

from ektp_desk.cli.base import EXIT_OK, EXIT_PROBLEMS, open_desk, print_json
from ektp_desk.cli.credentials import Credentials
from ektp_desk.desk.status import DeskStatus, SyncStatus


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("status", parents=[common], help="desk identity and counts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser(
        "check", parents=[common], help="check database integrity and the audit chain"
    )
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("audit", parents=[common], help="the audit log")
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_sub.add_parser("verify", parents=[common], help="verify the audit hash chain")
    p.set_defaults(handler=cmd_audit)


def _print_status(status: DeskStatus) -> None:
    desk = status.desk
    print(f"desk       {desk.desk_id}")
    print(f"kecamatan  {desk.kecamatan} {desk.kecamatan_name or ''}")
    print(f"time zone  {desk.timezone}")
    print(f"data dir   {desk.data_dir}")
    if desk.training:
        print("mode       TRAINING: simulated devices; no production hub takes its recordings")
    published = f" (published list v{status.published_version})" if status.published_version else ""
    print(f"residents  {status.residents}{published}")
    print(f"queue      {status.queue.today} tickets today, {status.queue.total} in all")
    for key, part in (("recordings", status.recordings), ("outbox", status.outbox)):
        states = ", ".join(f"{k} {v}" for k, v in part.by_state.items())
        print(f"{key:<10} {part.total} ({states})")
    if status.awaiting_approval:
        waiting = status.awaiting_approval
        print(f"approval   {waiting} waiting for a supervisor; not sent until approved")
    if any(status.cases.values()):
        print(f"cases      {status.cases['open']} open, {status.cases['resolved']} resolved")
    if status.voids_unsent:
        print(f"voids      {status.voids_unsent} not yet sent to the hub")
    print(f"disk       {status.disk.free_mb:,} MB free")
    if status.disk.warning:
        print(f"WARNING    {status.disk.warning}")
    print(f"backup     {status.backup.last_at or 'never'}")
    if status.backup.warning:
        print(f"WARNING    {status.backup.warning}")
    _print_sync(status.sync)
    for entry in status.rerecord:
        print(f"PERLU DIREKAM ULANG  {entry.nama} (recording {entry.record_id})")
    if status.damaged:
        print(f"DAMAGED    {status.damaged}")


def _print_sync(sync: SyncStatus) -> None:
    print(f"hub        {sync.hub_url or '(not set)'} key {sync.key_id or '-'}")
    token = sync.token
    if token.kept:
        kept = f"sealed by {token.keeper}" if token.kept == "sealed" else "in clear"
        print(f"hub token  {kept}")
        if token.warning:
            print(f"WARNING    {token.warning}")
    print(f"last sync  {sync.last_success or 'never'}")
    if sync.last_error:
        print(f"sync error {sync.last_error}")
    for warning in (sync.clock_warning, sync.audit_refused, sync.audit_restored):
        if warning:
            print(f"WARNING    {warning}")


def cmd_status(args: argparse.Namespace, creds: Credentials) -> int:
    with open_desk(args) as desk:
        status = desk.status()
    if args.json:
        print_json(status.to_json())
    else:
        _print_status(status)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, creds: Credentials) -> int:
    with open_desk(args) as desk:
        result = desk.check()
    for problem in result.problems:
        print(f"PROBLEM: {problem}")
    for line in result.rerecord:
        print(f"PROBLEM: {line}")
    if result.ok:
        print(f"ok: database intact, audit chain of {result.audit_entries} entries verified")
        return EXIT_OK
    return EXIT_PROBLEMS


def cmd_audit(args: argparse.Namespace, creds: Credentials) -> int:
    with open_desk(args) as desk:
        report = desk.health.verify_audit()
        against_hub = desk.health.check_audit_head()
    for problem in against_hub:
        print(f"PROBLEM: {problem}")
    if report.ok and not against_hub:
        print(f"ok: {report.entries} audit entries, chain intact")
        return EXIT_OK
    if report.ok:
        return EXIT_PROBLEMS
    print(f"BROKEN at entry {report.broken_at}: {report.reason}")
    return EXIT_PROBLEMS
