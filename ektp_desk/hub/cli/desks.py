"""`ektp-hub desk`: enrol desks, give them new tokens, revoke them, and read and accept
what their audit heads say."""

from __future__ import annotations

import argparse
import secrets
from typing import Any

from ektp_desk.domain.desks import desk_id_problem
from ektp_desk.domain.moments import iso, utc_now
from ektp_desk.domain.regions import Level, regions
from ektp_desk.hub.cli.base import UsageError, open_db
from ektp_desk.hub.store import HubStore


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("desk", parents=[common], help="enrol and revoke desks")
    desk_sub = p.add_subparsers(dest="desk_command", metavar="ACTION", required=True)
    q = desk_sub.add_parser("add", parents=[common], help="enrol a desk; prints its token once")
    q.add_argument("desk_id")
    q.add_argument("--kecamatan", help="the desk's kecamatan code (kept when --reenroll)")
    q.add_argument(
        "--reenroll",
        action="store_true",
        help="enrol a revoked desk again under its id, with a new token; its records stay",
    )
    q.add_argument(
        "--forget-old-key",
        action="store_true",
        help="with --reenroll: refuse bundles signed with its old token (when it was stolen)",
    )
    q = desk_sub.add_parser(
        "rotate", parents=[common], help="a new token for a desk; the old one stops at once"
    )
    q.add_argument("desk_id")
    q.add_argument(
        "--forget-old-key",
        action="store_true",
        help="refuse bundles signed with the old token too (when it leaked); the desk "
        "exports its unsent recordings again with the new one",
    )
    desk_sub.add_parser("list", parents=[common], help="list desks")
    q = desk_sub.add_parser("revoke", parents=[common], help="revoke a desk's token")
    q.add_argument("desk_id")
    q = desk_sub.add_parser(
        "accept-rollback",
        parents=[common],
        help="let a desk whose audit log went back (a restore from backup) sync again, after "
        "a phone call with its office; its next head is held and both stay in the log",
    )
    q.add_argument("desk_id")
    q = desk_sub.add_parser(
        "audit-heads", parents=[common], help="every audit head a desk sent, and what was done"
    )
    q.add_argument("desk_id")
    p.set_defaults(handler=cmd_desk)


def cmd_desk(args: argparse.Namespace) -> int:
    store = open_db(args)
    if args.desk_command == "rotate" or (args.desk_command == "add" and args.reenroll):
        return _new_token(store, args)
    if args.desk_command == "add":
        if args.kecamatan is None:
            raise UsageError("give --kecamatan CODE (the desk's Kemendagri kecamatan code)")
        if args.forget_old_key:
            raise UsageError("--forget-old-key goes with --reenroll (or desk rotate)")
        region = regions().get(args.kecamatan)
        if region is None or region.level is not Level.KECAMATAN:
            raise UsageError(f"{args.kecamatan!r} is not a Kemendagri kecamatan code")
        desk_id = args.desk_id.strip()
        problem = desk_id_problem(desk_id)
        if problem:
            raise UsageError(str(problem))
        token = secrets.token_urlsafe(32)
        store.add_desk(desk_id, args.kecamatan, token, iso(utc_now()))
        print(f"desk {desk_id} enrolled for {args.kecamatan} ({region.name}).")
        print("Its token, shown only this once:")
        print(token)
    elif args.desk_command == "list":
        for d in store.desks():
            state = f"revoked {d.revoked_at}" if d.revoked_at else "active"
            print(
                f"{d.desk_id}\t{d.kecamatan}\t{state}\tenrolled {d.created_at}"
                f"\t{_audit_state(store, d.desk_id)}"
            )
    elif args.desk_command in ("accept-rollback", "audit-heads"):
        return _desk_audit(store, args)
    else:
        if not store.revoke_desk(args.desk_id, iso(utc_now())):
            raise UsageError(f"no active desk {args.desk_id}")
        print(f"desk {args.desk_id} revoked")
    return 0


def _new_token(store: HubStore, args: argparse.Namespace) -> int:
    """`desk rotate` and `desk add --reenroll`: a new token, printed once."""
    desk_id = args.desk_id.strip()
    token = secrets.token_urlsafe(32)
    keep = not args.forget_old_key
    if args.desk_command == "rotate":
        store.rotate_token(desk_id, token, iso(utc_now()), keep_old_key=keep)
        print(f"desk {desk_id} has a new token; the old one no longer works.")
    else:
        store.reenroll_desk(
            desk_id, token, iso(utc_now()), keep_old_key=keep, kecamatan=args.kecamatan
        )
        print(f"desk {desk_id} enrolled again; the records it sent before stay.")
    if not keep:
        print("Bundles signed with the old token are refused; the desk exports them again.")
    elif args.desk_command == "rotate":
        print("Bundles it signed with the old token before now are still accepted.")
    else:
        print("Bundles it signed with the old token before its revocation are still accepted.")
    print("Its token, shown only this once (on the desk: ektp-desk hub set URL --token TOKEN):")
    print(token)
    return 0


def _audit_state(store: HubStore, desk_id: str) -> str:
    held = store.desk_audit(desk_id)
    if held is None:
        return "audit: no head yet"
    if held.flagged_at is not None and not held.accept_next:
        return f"AUDIT LOG ROLLED BACK {held.flagged_at}: {held.flag_reason}"
    if held.accept_next:
        return f"audit: rollback accepted, waiting for its next head (held {held.count})"
    return f"audit: {held.count} entries at {held.at}"


def _desk_audit(store: HubStore, args: argparse.Namespace) -> int:
    if store.desk(args.desk_id) is None:
        raise UsageError(f"no desk {args.desk_id}")
    if args.desk_command == "audit-heads":
        for count, digest, at, event in store.audit_heads(args.desk_id):
            print(f"{at}\t{count}\t{digest}\t{event}")
        return 0
    held = store.desk_audit(args.desk_id)
    if held is None:
        raise UsageError(f"desk {args.desk_id} never sent an audit head: nothing to accept")
    store.accept_rollback(args.desk_id, iso(utc_now()))
    print(
        f"desk {args.desk_id}: rollback accepted; its next audit head is held (the head of "
        f"{held.count} entries stays in the log: ektp-hub desk audit-heads {args.desk_id})"
    )
    return 0
