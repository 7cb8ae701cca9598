"""The `ektp-hub` command: key, desks, serving, and reading what was received.

Each command group is a module here that registers its parser next to its handler
(`register(sub, common)`, the handler set with `set_defaults(handler=...)`); this module
builds the parser from them and runs the handler of the command given."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ektp_desk.hub import HubError
from ektp_desk.hub.cli import (
    base,
    bundle,
    cases,
    database,
    desks,
    keygen,
    records,
    releases,
    residents,
    serve,
)
from ektp_desk.hub.cli.base import PROG, UsageError
from ektp_desk.hub.limits import LimitSettingError
from ektp_desk.protocol.bundle import BundleError
from ektp_desk.protocol.envelope import EnvelopeError

__all__ = ["PROG", "UsageError", "build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]
# A group's register(sub, common): its commands added to the subparsers `sub`, with `common`.
Register = Callable[[Any, argparse.ArgumentParser], None]

# The command groups, in the order `ektp-hub --help` lists their commands.
REGISTER: tuple[Register, ...] = (
    keygen.register,
    desks.register,
    serve.register,
    bundle.register,
    records.register,
    database.register,
    serve.register_nginx_config,
    releases.register,
    cases.register,
    residents.register,
)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    base.add_options(common)
    parser = argparse.ArgumentParser(
        prog=PROG, description="Disdukcapil intake hub for ektp-desk.", parents=[common]
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in REGISTER:
        register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    handler: Handler = args.handler
    try:
        return handler(args)
    except (UsageError, HubError, EnvelopeError, BundleError, LimitSettingError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
