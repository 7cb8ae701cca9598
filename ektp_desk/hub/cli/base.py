"""What the hub's commands share: the usage error, the clock, and where the database and the
key are, with the key's passphrase."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ektp_desk.hub.store import PostgresHubStore, SqliteHubStore, is_postgres_url, open_store
from ektp_desk.protocol.envelope import private_key_from_pem

PROG = "ektp-hub"


class UsageError(Exception):
    pass


def add_options(common: argparse.ArgumentParser) -> None:
    """--db, --key and --passphrase-stdin, which every command takes."""
    common.add_argument(
        "--db", default=argparse.SUPPRESS, metavar="PATH|URL",
        help="the hub database: a SQLite file, or a postgresql:// URL (default: EKTP_HUB_DB,"
        " else ./ektp-hub.sqlite3)",
    )  # fmt: skip
    common.add_argument(
        "--key", type=Path, default=argparse.SUPPRESS,
        help="the encrypted private key file (default: EKTP_HUB_KEY, else DB.key.pem beside"
        " a SQLite DB; required with a postgresql:// DB)",
    )  # fmt: skip
    common.add_argument(
        "--passphrase-stdin", action="store_true", default=argparse.SUPPRESS,
        help="read the key passphrase from standard input (default: EKTP_HUB_PASSPHRASE, "
        "else a prompt)",
    )  # fmt: skip


def db_spec(args: argparse.Namespace) -> str:
    """--db, else EKTP_HUB_DB, else ./ektp-hub.sqlite3: a file path or a postgresql:// URL."""
    given = getattr(args, "db", None)
    return str(given or os.environ.get("EKTP_HUB_DB") or "ektp-hub.sqlite3")


def db_path(args: argparse.Namespace) -> Path:
    """The SQLite file --db names (a URL has no file: see `key_path`)."""
    return Path(db_spec(args))


def open_db(args: argparse.Namespace) -> SqliteHubStore | PostgresHubStore:
    """The hub's store --db names, created or brought to the current schema."""
    return open_store(db_spec(args))


def key_path(args: argparse.Namespace) -> Path:
    given = getattr(args, "key", None) or os.environ.get("EKTP_HUB_KEY")
    if given:
        return Path(given)
    if is_postgres_url(db_spec(args)):
        raise UsageError(
            "the hub database is a postgresql:// URL, with no folder for the key beside it:"
            " give the key file with --key or EKTP_HUB_KEY"
        )
    return db_path(args).with_suffix(".key.pem")


def add_release_dir_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--release-dir", type=Path, default=None,
        help="the folder of the desk installers offered (default: EKTP_HUB_RELEASES, else"
        " releases/ beside a SQLite DB; required with a postgresql:// DB)",
    )  # fmt: skip


def release_dir(args: argparse.Namespace, *, required: bool = True) -> Path | None:
    """--release-dir, else EKTP_HUB_RELEASES, else `releases` beside a SQLite database; a
    postgresql:// database has no folder beside it (None, or UsageError when `required`)."""
    given = getattr(args, "release_dir", None) or os.environ.get("EKTP_HUB_RELEASES")
    if given:
        return Path(given)
    if is_postgres_url(db_spec(args)):
        if not required:
            return None
        raise UsageError(
            "the hub database is a postgresql:// URL, with no folder beside it for the "
            "installers: give one with --release-dir or EKTP_HUB_RELEASES"
        )
    return db_path(args).parent / "releases"


def release_key_path(args: argparse.Namespace) -> Path:
    """The release key: EKTP_HUB_RELEASE_KEY, else beside the sealing key
    (`ektp-hub.key.pem` -> `ektp-hub.release.pem`)."""
    given = os.environ.get("EKTP_HUB_RELEASE_KEY")
    if given:
        return Path(given)
    return key_path(args).with_suffix("").with_suffix(".release.pem")


def read_passphrase(args: argparse.Namespace, *, confirm: bool = False) -> bytes:
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
    path = key_path(args)
    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            f"cannot read the key {path} ({exc.strerror}); run `ektp-hub keygen`"
        ) from None
    return private_key_from_pem(pem, read_passphrase(args))
