"""The `ektp-hub` command: key, desks, serving, and reading what was received."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import secrets
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ektp_desk.domain.desks import desk_id_problem
from ektp_desk.domain.regions import Level, regions
from ektp_desk.hub import HubError
from ektp_desk.hub.ingest import ContentError, Ingestor, open_record
from ektp_desk.hub.limits import HubLimits, LimitSettingError, add_limit_options
from ektp_desk.hub.store import SqliteHubStore
from ektp_desk.protocol.bundle import BundleError, BundleReader
from ektp_desk.protocol.envelope import (
    EnvelopeError,
    generate_private_key,
    key_id,
    private_key_from_pem,
    private_key_to_pem,
    public_bytes,
)
from ektp_desk.protocol.wire import Outcome

log = logging.getLogger(__name__)
PROG = "ektp-hub"


class UsageError(Exception):
    pass


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", type=Path, default=argparse.SUPPRESS,
        help="the hub database (default: EKTP_HUB_DB, else ./ektp-hub.sqlite3)",
    )  # fmt: skip
    common.add_argument(
        "--key", type=Path, default=argparse.SUPPRESS,
        help="the encrypted private key file (default: EKTP_HUB_KEY, else DB.key.pem)",
    )  # fmt: skip
    common.add_argument(
        "--passphrase-stdin", action="store_true", default=argparse.SUPPRESS,
        help="read the key passphrase from standard input (default: EKTP_HUB_PASSPHRASE, "
        "else a prompt)",
    )  # fmt: skip
    parser = argparse.ArgumentParser(
        prog=PROG, description="Disdukcapil intake hub for ektp-desk.", parents=[common]
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    sub.add_parser("keygen", parents=[common], help="create the sealing key pair")
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
    p = sub.add_parser("serve", parents=[common], help="serve the API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--tls-cert", type=Path)
    p.add_argument("--tls-key", type=Path)
    p.add_argument("--max-batch-bytes", type=int, default=None)
    p.add_argument(
        "--training",
        action="store_true",
        help="a hub for training: takes the recordings of training desks (simulated "
        "captures), which a hub started without it refuses",
    )
    add_limit_options(p)  # the caps on what the hub reads: see hub/limits.py
    p = sub.add_parser("bundle", parents=[common], help="bundles carried from desks")
    bundle_sub = p.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    q = bundle_sub.add_parser(
        "import", parents=[common], help="take in a desk's bundle, as if its records were sent"
    )
    q.add_argument("file", type=Path)
    q.add_argument("--json", action="store_true")
    p = sub.add_parser("records", parents=[common], help="list records held")
    p.add_argument("--json", action="store_true")
    p.add_argument("--desk")
    p = sub.add_parser("open", parents=[common], help="decrypt and show one record")
    p.add_argument("record_id")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("tally", parents=[common], help="counts per kecamatan and desk")
    p.add_argument("--date", required=True, type=date.fromisoformat)
    p.add_argument("--json", action="store_true")
    add_serving_options(sub.choices["serve"])
    add_nginx_config_parser(sub)
    return parser


def _positive(kind: type[int] | type[float], *, zero: bool = False) -> Callable[[str], float]:
    """A number above 0 (or 0 too, where 0 means "no cap") for an option."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not value >= 0 or (value == 0 and not zero):  # NaN is not >= 0 either
            raise argparse.ArgumentTypeError(
                f"must be {'0 or more' if zero else 'more than 0'}: {text}"
            )
        return value

    return parse


def add_serving_options(p: argparse.ArgumentParser) -> None:
    """`serve`'s guard against plain http off loopback and its connection limits."""
    from ektp_desk.hub import serving

    p.add_argument(
        "--allow-http", action="store_true",
        help="serve plain http on a non-loopback --host (only behind a proxy that adds TLS);"
        " without TLS the hub otherwise refuses any address but loopback",
    )  # fmt: skip
    g = p.add_argument_group(
        "connection limits",
        "A connection beyond a cap is answered 503 and closed at once; drops are logged as"
        " one summary line a minute.",
    )
    g.add_argument(
        "--head-timeout", type=_positive(float), default=serving.DEFAULT_HEAD_TIMEOUT,
        metavar="SECONDS",
        help="drop a connection whose request head is not complete this long after it"
        " opened (or after the first byte of its next request) (default: %(default)g)",
    )  # fmt: skip
    g.add_argument(
        "--body-timeout", type=_positive(float), default=serving.DEFAULT_BODY_TIMEOUT,
        metavar="SECONDS",
        help="drop a connection that sends no byte of its request body for this long"
        " (default: %(default)g)",
    )  # fmt: skip
    g.add_argument(
        "--max-conns-per-address", type=_positive(int, zero=True),
        default=serving.DEFAULT_MAX_CONNS_PER_ADDRESS, metavar="N",
        help="open connections one client address may hold; 0: no cap, for the hub behind"
        " nginx, where every connection comes from nginx's address (default: %(default)s)",
    )  # fmt: skip
    g.add_argument(
        "--max-conns", type=_positive(int), default=None, metavar="N",
        help="open connections in all (default: the open-file limit less a quarter, at"
        f" least 128, kept for the hub's own files: {serving.default_max_connections()} here)",
    )  # fmt: skip


def add_nginx_config_parser(sub: Any) -> None:
    from ektp_desk.hub import serving

    p = sub.add_parser(
        "nginx-config",
        help="print the nginx site that terminates TLS in front of the hub",
        description="Print an nginx site configuration (for /etc/nginx/sites-available/) that"
        " terminates TLS and limits slow and greedy clients in front of `ektp-hub serve`"
        " on loopback; its comments give the matching `serve` command.",
    )
    p.add_argument("--listen", default="443", help="nginx's listen address (default: 443)")
    p.add_argument(
        "--upstream", default="127.0.0.1:8080", metavar="HOST:PORT",
        help="where `ektp-hub serve` listens (default: %(default)s)",
    )  # fmt: skip
    p.add_argument("--cert", type=Path, required=True, help="the TLS certificate (PEM, chain)")
    p.add_argument("--key", type=Path, required=True, help="the TLS private key (PEM)")
    p.add_argument("--server-name", default="_", help="server_name (default: any name)")
    p.add_argument(
        "--max-body-bytes", type=_positive(int), default=None, metavar="BYTES",
        help="client_max_body_size: the hub's --max-batch-bytes (default: 16 MiB, the hub's)",
    )  # fmt: skip
    p.add_argument(
        "--max-conns-per-address", type=_positive(int),
        default=serving.DEFAULT_MAX_CONNS_PER_ADDRESS, metavar="N",
        help="limit_conn per client address (default: %(default)s)",
    )  # fmt: skip
    p.add_argument(
        "--requests-per-second", type=_positive(int),
        default=serving.DEFAULT_REQUESTS_PER_SECOND, metavar="N",
        help="limit_req per client address, with a burst of ten times that"
        " (default: %(default)s)",
    )  # fmt: skip
    p.add_argument(
        "--client-timeout", type=_positive(int), default=int(serving.DEFAULT_HEAD_TIMEOUT),
        metavar="SECONDS",
        help="client_header_timeout and client_body_timeout (default: %(default)s)",
    )  # fmt: skip


def _db(args: argparse.Namespace) -> Path:
    given = getattr(args, "db", None)
    return Path(given or os.environ.get("EKTP_HUB_DB") or "ektp-hub.sqlite3")


def _key_path(args: argparse.Namespace) -> Path:
    given = getattr(args, "key", None) or os.environ.get("EKTP_HUB_KEY")
    return Path(given) if given else _db(args).with_suffix(".key.pem")


def _passphrase(args: argparse.Namespace, *, confirm: bool = False) -> bytes:
    if getattr(args, "passphrase_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise UsageError("--passphrase-stdin given but standard input is empty")
        return line.rstrip("\r\n").encode()
    env = os.environ.get("EKTP_HUB_PASSPHRASE")
    if env is not None:
        return env.encode()
    if not sys.stdin.isatty():
        raise UsageError("no passphrase: set EKTP_HUB_PASSPHRASE or pass --passphrase-stdin")
    first = getpass.getpass("Key passphrase: ")
    if confirm and getpass.getpass("Repeat: ") != first:
        raise UsageError("the two passphrases differ")
    return first.encode()


def load_private_key(args: argparse.Namespace) -> X25519PrivateKey:
    path = _key_path(args)
    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            f"cannot read the key {path} ({exc.strerror}); run `ektp-hub keygen`"
        ) from None
    return private_key_from_pem(pem, _passphrase(args))


def cmd_keygen(args: argparse.Namespace) -> int:
    path = _key_path(args)
    if path.exists():
        raise UsageError(f"{path} exists; a hub keeps its key (desks have pinned it)")
    passphrase = _passphrase(args, confirm=True)
    key = generate_private_key()
    try:
        pem = private_key_to_pem(key, passphrase)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)
    store = SqliteHubStore(_db(args))
    store.put_meta("key_id", key_id(public_bytes(key)))
    print(f"key written to {path} (encrypted); key id {key_id(public_bytes(key))}")
    return 0


def cmd_desk(args: argparse.Namespace) -> int:
    store = SqliteHubStore(_db(args))
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
            raise UsageError(problem)
        token = secrets.token_urlsafe(32)
        store.add_desk(desk_id, args.kecamatan, token, now_iso())
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
        if not store.revoke_desk(args.desk_id, now_iso()):
            raise UsageError(f"no active desk {args.desk_id}")
        print(f"desk {args.desk_id} revoked")
    return 0


def _new_token(store: SqliteHubStore, args: argparse.Namespace) -> int:
    """`desk rotate` and `desk add --reenroll`: a new token, printed once."""
    desk_id = args.desk_id.strip()
    token = secrets.token_urlsafe(32)
    keep = not args.forget_old_key
    if args.desk_command == "rotate":
        store.rotate_token(desk_id, token, now_iso(), keep_old_key=keep)
        print(f"desk {desk_id} has a new token; the old one no longer works.")
    else:
        store.reenroll_desk(desk_id, token, now_iso(), keep_old_key=keep, kecamatan=args.kecamatan)
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


def _audit_state(store: SqliteHubStore, desk_id: str) -> str:
    held = store.desk_audit(desk_id)
    if held is None:
        return "audit: no head yet"
    if held.flagged_at is not None and not held.accept_next:
        return f"AUDIT LOG ROLLED BACK {held.flagged_at}: {held.flag_reason}"
    if held.accept_next:
        return f"audit: rollback accepted, waiting for its next head (held {held.count})"
    return f"audit: {held.count} entries at {held.at}"


def _desk_audit(store: SqliteHubStore, args: argparse.Namespace) -> int:
    if store.desk(args.desk_id) is None:
        raise UsageError(f"no desk {args.desk_id}")
    if args.desk_command == "audit-heads":
        for count, digest, at, event in store.audit_heads(args.desk_id):
            print(f"{at}\t{count}\t{digest}\t{event}")
        return 0
    held = store.desk_audit(args.desk_id)
    if held is None:
        raise UsageError(f"desk {args.desk_id} never sent an audit head: nothing to accept")
    store.accept_rollback(args.desk_id, now_iso())
    print(
        f"desk {args.desk_id}: rollback accepted; its next audit head is held (the head of "
        f"{held.count} entries stays in the log: ektp-hub desk audit-heads {args.desk_id})"
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn  # noqa: F401  (serving runs it; checked here for the message)

        from ektp_desk.hub import serving
        from ektp_desk.hub.app import create_app
    except ImportError as exc:
        raise UsageError(
            f"serving needs the hub extra ({exc.name} is missing): pip install 'ektp-desk[hub]'"
        ) from None
    if (args.tls_cert is None) != (args.tls_key is None):
        raise UsageError("give both --tls-cert and --tls-key, or neither")
    if args.tls_cert is None and not args.allow_http and not serving.is_loopback(args.host):
        raise UsageError(
            f"refusing plain http on {args.host!r}, which is not a loopback address: give"
            " --tls-cert and --tls-key, or --allow-http if a proxy in front adds TLS"
        )
    if args.tls_cert is not None:
        serving.check_tls(args.tls_cert, args.tls_key)
    limits = serving.ConnectionLimits(
        head_timeout=args.head_timeout,
        body_timeout=args.body_timeout,
        per_address=args.max_conns_per_address,
        total=args.max_conns or serving.default_max_connections(),
    )
    key = load_private_key(args)
    store = SqliteHubStore(_db(args))
    app = create_app(
        store, key, limits=HubLimits.from_env().with_args(args), training=args.training
    )
    listeners = serving.listening_sockets(args.host, args.port)
    print(
        f"ektp-hub serving on {'https' if args.tls_cert else 'http'}://{args.host}:{args.port}"
        f" (key id {key_id(public_bytes(key))}; connections: {limits.describe()})"
        + (", TRAINING: takes training desks' recordings" if args.training else ""),
        flush=True,
    )
    serving.serve(
        app,
        host=args.host,
        port=args.port,
        limits=limits,
        tls=(args.tls_cert, args.tls_key) if args.tls_cert else None,
        listeners=listeners,
    )
    return 0


def cmd_nginx_config(args: argparse.Namespace) -> int:
    from ektp_desk.hub import serving
    from ektp_desk.hub.limits import DEFAULT_MAX_BATCH_BYTES

    try:
        site = serving.nginx_site(
            listen=args.listen,
            upstream=args.upstream,
            cert=args.cert,
            key=args.key,
            server_name=args.server_name,
            max_body_bytes=args.max_body_bytes or DEFAULT_MAX_BATCH_BYTES,
            per_address=args.max_conns_per_address,
            requests_per_second=args.requests_per_second,
            client_timeout=args.client_timeout,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(site, end="")
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:
    store = SqliteHubStore(_db(args))
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


def cmd_records(args: argparse.Namespace) -> int:
    store = SqliteHubStore(_db(args))
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
        }
        for r in store.records(args.desk)
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(
                f"{r['record_id']}\t{r['desk_id']}\t{r['nik']}\t{r['outcome']}\t{r['received_at']}"
            )
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    store = SqliteHubStore(_db(args))
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
    if args.json:
        print(
            json.dumps(
                {"manifest": opened.manifest, "biodata": opened.biodata, "files": opened.files},
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
    return 0


def cmd_tally(args: argparse.Namespace) -> int:
    store = SqliteHubStore(_db(args))
    rows = store.tally(args.date.isoformat())
    tally: dict[str, dict[str, dict[str, int]]] = {}
    for kecamatan, desk_id, outcome, count in rows:
        tally.setdefault(kecamatan, {}).setdefault(desk_id, {})[outcome] = count
    if args.json:
        print(json.dumps({"date": args.date.isoformat(), "kecamatan": tally}, indent=2))
        return 0
    rl = regions()
    for kecamatan, desks in tally.items():
        total = sum(sum(d.values()) for d in desks.values())
        print(f"{kecamatan} {rl.name(kecamatan) or ''}: {total}")
        for desk_id, outcomes in desks.items():
            detail = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
            print(f"  {desk_id}: {sum(outcomes.values())} ({detail})")
    return 0


COMMANDS = {
    "keygen": cmd_keygen,
    "desk": cmd_desk,
    "serve": cmd_serve,
    "nginx-config": cmd_nginx_config,
    "bundle": cmd_bundle,
    "records": cmd_records,
    "open": cmd_open,
    "tally": cmd_tally,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        return COMMANDS[args.command](args)
    except (UsageError, HubError, EnvelopeError, BundleError, LimitSettingError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
