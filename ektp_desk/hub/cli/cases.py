"""`ektp-hub case list` and `case resolve`: the duplicate-NIK cases an operator at Disdukcapil
decides (keep one record, or void them all), through the store's one `resolve_case`, which
the dashboard uses as well."""

from __future__ import annotations

import argparse
import getpass
import json
from typing import Any

from ektp_desk.domain.moments import iso, utc_now
from ektp_desk.hub.cli.base import UsageError, open_db
from ektp_desk.hub.store import CaseRow


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("case", parents=[common], help="duplicate-NIK cases and their decisions")
    case_sub = p.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    q = case_sub.add_parser("list", parents=[common], help="list the cases")
    q.add_argument("--json", action="store_true")
    q.add_argument("--state", choices=("open", "resolved"))
    q = case_sub.add_parser(
        "resolve", parents=[common], help="decide a case: keep one record, or void them all"
    )
    q.add_argument("case_id", metavar="CASE-ID")
    how = q.add_mutually_exclusive_group(required=True)
    how.add_argument("--keep", metavar="RECORD-ID", help="the record that stands")
    how.add_argument("--void-all", action="store_true", help="void every record of the case")
    q.add_argument("--reason", required=True, help="why (shown at the desks)")
    q.add_argument("--by", help="who decides (default: the user running the command)")
    q.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_case)


def cmd_case(args: argparse.Namespace) -> int:
    if args.case_command == "list":
        return cmd_case_list(args)
    return cmd_case_resolve(args)


def _show(case: CaseRow) -> str:
    head = f"{case.case_id}\t{case.nik}\t{case.state}"
    if case.decision is not None:
        kept = f" {case.kept_record_id}" if case.kept_record_id else ""
        head += f"\t{case.decision}{kept} by {case.decided_by} at {case.decided_at}: {case.reason}"
    lines = [head]
    for r in case.records:
        lines.append(f"  {r.record_id}\t{r.desk_id}\t{r.state}\t{r.recorded_on}")
    return "\n".join(lines)


def cmd_case_list(args: argparse.Namespace) -> int:
    store = open_db(args)
    cases = store.cases(args.state)
    if args.json:
        print(json.dumps([c.as_dict() for c in cases], indent=2))
        return 0
    for case in cases:
        print(_show(case))
    if not cases:
        print("no cases" + (f" {args.state}" if args.state else ""))
    return 0


def cmd_case_resolve(args: argparse.Namespace) -> int:
    reason = args.reason.strip()
    if not reason:
        raise UsageError("--reason must say why")
    by = (args.by or "").strip() or getpass.getuser()
    store = open_db(args)
    case = store.resolve_case(args.case_id, keep=args.keep, reason=reason, by=by, at=iso(utc_now()))
    if args.json:
        print(json.dumps(case.as_dict(), indent=2))
    else:
        print(_show(case))
        print("the desks learn of the decision at their next sync")
    return 0
