"""`ektp-hub keygen`: create the sealing key pair, its private half encrypted."""

from __future__ import annotations

import argparse
from typing import Any

from ektp_desk.fsutil import atomic_private_file
from ektp_desk.hub.cli.base import UsageError, key_path, open_db, read_passphrase
from ektp_desk.protocol.envelope import (
    generate_private_key,
    key_id,
    private_key_to_pem,
    public_bytes,
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("keygen", parents=[common], help="create the sealing key pair")
    p.set_defaults(handler=cmd_keygen)


def cmd_keygen(args: argparse.Namespace) -> int:
    path = key_path(args)
    if path.exists():
        raise UsageError(f"{path} exists; a hub keeps its key (desks have pinned it)")
    passphrase = read_passphrase(args, confirm=True)
    key = generate_private_key()
    try:
        pem = private_key_to_pem(key, passphrase)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    store = open_db(args)  # a database it cannot open: no key written either
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_private_file(path) as out:  # only the hub's user reads it
        out.write(pem)
    store.put_meta("key_id", key_id(public_bytes(key)))
    print(f"key written to {path} (encrypted); key id {key_id(public_bytes(key))}")
    return 0
