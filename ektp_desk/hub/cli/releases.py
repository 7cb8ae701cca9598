"""`ektp-hub release`: the desk installers the hub offers, signed with its release key."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ektp_desk.domain.moments import iso, utc_now
from ektp_desk.hub.cli.base import (
    add_release_dir_option,
    open_db,
    read_passphrase,
    release_dir,
    release_key_path,
)
from ektp_desk.hub.releases import (
    add_release,
    create_release_key,
    load_release_key,
    release_key_id,
)
from ektp_desk.hub.store import HubStore


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("release", parents=[common], help="desk installers offered to desks")
    release_sub = p.add_subparsers(dest="release_command", metavar="ACTION", required=True)
    release_sub.add_parser(
        "keygen", parents=[common], help="create the release key; prints its key id"
    )
    q = release_sub.add_parser(
        "add",
        parents=[common],
        help="sign an installer and offer it to the desks (the release key is made on first use)",
    )
    q.add_argument("file", type=Path, help="the desk installer (ektp-desk-VERSION-setup.exe)")
    q.add_argument("--version", required=True, help="its version, e.g. 0.2.0")
    q.add_argument("--notes", default="", help="what changed, shown to the desks")
    add_release_dir_option(q)
    q = release_sub.add_parser("list", parents=[common], help="the releases, newest first")
    add_release_dir_option(q)
    p.set_defaults(handler=cmd_release)


def cmd_release(args: argparse.Namespace) -> int:
    store = open_db(args)
    try:
        if args.release_command == "keygen":
            path = release_key_path(args)
            create_release_key(path, read_passphrase(args, confirm=True), store)
            print(f"release key written to {path} (encrypted); key id {release_key_id(store)}")
        elif args.release_command == "add":
            _add(args, store)
        else:
            _list(store)
    finally:
        store.close()
    return 0


def _add(args: argparse.Namespace, store: HubStore) -> None:
    folder = release_dir(args)
    assert folder is not None
    path = release_key_path(args)
    passphrase = read_passphrase(args)
    if path.exists():
        key = load_release_key(path, passphrase)
    else:
        key = create_release_key(path, passphrase, store)
        print(f"release key written to {path} (encrypted); key id {release_key_id(store)}")
    release = add_release(
        store,
        key,
        args.file,
        version=args.version,
        notes=args.notes,
        folder=folder,
        at=iso(utc_now()),
    )
    print(
        f"release {release.version} added: {release.size} bytes, sha256 {release.sha256}, "
        f"signed with release key {release.key_id}"
    )


def _list(store: HubStore) -> None:
    kid = release_key_id(store)
    print(f"release key id: {kid or '(none yet: `ektp-hub release keygen`)'}")
    for release, name in store.releases():
        print(
            f"{release.version:<12} {release.size:>12} bytes  {release.added_at}  {name}  "
            f"key {release.key_id}  {release.notes}"
        )
