"""`ektp-hub serve` and `ektp-hub nginx-config`: the API served, with its guards on plain
http and its connection limits, and the nginx site that terminates TLS in front of it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ektp_desk.hub.cli.base import (
    UsageError,
    add_release_dir_option,
    db_spec,
    load_private_key,
    open_db,
    release_dir,
)
from ektp_desk.hub.limits import HubLimits, add_limit_options
from ektp_desk.hub.store import is_postgres_url, open_store
from ektp_desk.hub.workers import check_workers, supervise
from ektp_desk.protocol.envelope import key_id, public_bytes


def register(sub: Any, common: argparse.ArgumentParser) -> None:
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
    p.add_argument(
        "--workers", type=int, default=1, metavar="N",
        help="serve with N processes on one postgresql:// database, sharing the listening"
        " socket (default: 1; a SQLite database takes 1)",
    )  # fmt: skip
    add_limit_options(p)  # the caps on what the hub reads: see hub/limits.py
    add_serving_options(p)
    add_release_dir_option(p)
    p.add_argument(
        "--deadline", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
        help="the recording deadline the dashboard counts working days to (default:"
        " 2026-12-31)",
    )  # fmt: skip
    p.add_argument(
        "--holidays", type=Path, default=None, metavar="FILE",
        help="national holidays and cuti bersama, a `date,name` CSV, for the dashboard's"
        " working days (default: the shipped 2026-2027 list)",
    )  # fmt: skip
    p.set_defaults(handler=cmd_serve)


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


def register_nginx_config(sub: Any, common: argparse.ArgumentParser) -> None:
    """`nginx-config`, listed last in the help as it always was (it takes no common option)."""
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
    p.set_defaults(handler=cmd_nginx_config)


def _check_workers(args: argparse.Namespace) -> None:
    check_workers(args.workers)
    if args.workers > 1 and not is_postgres_url(db_spec(args)):
        # SQLite would keep the guarantees (each decision is one BEGIN IMMEDIATE
        # transaction), but it takes one writer at a time for the whole file: more
        # processes only wait on each other, polling for the lock.
        raise UsageError(
            f"--workers {args.workers} needs a postgresql:// --db: a SQLite hub writes one"
            " transaction at a time, so it serves with 1 worker"
        )


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
    _check_workers(args)
    key = load_private_key(args)
    open_db(args).close()  # created or migrated once, before any worker starts
    options = app_options(args)
    listeners = serving.listening_sockets(args.host, args.port)
    print(
        f"ektp-hub serving on {'https' if args.tls_cert else 'http'}://{args.host}:{args.port}"
        f" (key id {key_id(public_bytes(key))}; connections: {limits.describe()})"
        + (", TRAINING: takes training desks' recordings" if args.training else "")
        + (f", {args.workers} workers" if args.workers > 1 else ""),
        flush=True,
    )

    def run() -> None:
        # Each worker opens its own store (and PostgreSQL pool) after the fork.
        store = open_store(db_spec(args), migrate_now=False)
        app = create_app(store, key, **options)
        try:
            serving.serve(
                app,
                host=args.host,
                port=args.port,
                limits=limits,
                tls=(args.tls_cert, args.tls_key) if args.tls_cert else None,
                listeners=listeners,
            )
        finally:
            store.close()

    if args.workers == 1:
        run()
        return 0
    return supervise(run, args.workers)


def app_options(args: argparse.Namespace) -> dict[str, Any]:
    """What `create_app` takes from the options: the caps on what the hub reads, training,
    the installers offered to desks, and the dashboard's deadline and holidays."""
    from ektp_desk.domain.workdays import HolidaysError, load_holidays
    from ektp_desk.hub.dashboard.figures import DEFAULT_DEADLINE, Settings

    try:
        holidays = load_holidays(args.holidays)
    except HolidaysError as exc:
        raise UsageError(f"--holidays: {exc}") from None
    return {
        "limits": HubLimits.from_env().with_args(args),
        "training": args.training,
        "release_dir": release_dir(args, required=False),
        "dashboard": Settings(deadline=args.deadline or DEFAULT_DEADLINE, holidays=holidays),
    }


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
