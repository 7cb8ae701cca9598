"""Who acts and with what password: the person's name and password, read at most once, and
the other secrets a command asks for (a new password, a backup passphrase)."""

from __future__ import annotations

import argparse
import getpass
import os
from typing import TextIO

from ektp_desk.cli.base import UsageError
from ektp_desk.desk import Desk


def add_options(common: argparse.ArgumentParser) -> None:
    """--user and --password-stdin, which every command takes."""
    common.add_argument(
        "--user",
        default=argparse.SUPPRESS,
        help="the person acting (default: EKTP_DESK_USER)",
    )
    common.add_argument(
        "--password-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read the password from the first line of standard input "
        "(default: EKTP_DESK_PASSWORD, else a prompt)",
    )


class Credentials:
    """Where the acting person's name and password come from, read at most once."""

    def __init__(self, args: argparse.Namespace, stdin: TextIO) -> None:
        self.user: str | None = getattr(args, "user", None) or os.environ.get("EKTP_DESK_USER")
        self._from_stdin = bool(getattr(args, "password_stdin", False))
        self._stdin = stdin
        self._password: str | None = None

    def password(self, prompt: str = "Kata sandi / Password: ") -> str:
        if self._password is not None:
            return self._password
        if self._from_stdin:
            line = self._stdin.readline()
            if not line:
                raise UsageError("--password-stdin given but standard input is empty")
            self._password = line.rstrip("\r\n")
        elif os.environ.get("EKTP_DESK_PASSWORD") is not None:
            self._password = os.environ["EKTP_DESK_PASSWORD"]
        elif self._stdin.isatty():
            self._password = getpass.getpass(prompt)
        else:
            raise UsageError("no password: set EKTP_DESK_PASSWORD or pass --password-stdin")
        return self._password

    def login(self, desk: Desk) -> None:
        if not self.user:
            raise UsageError("this command acts for a person: give --user NAME or EKTP_DESK_USER")
        desk.accounts.login(self.user, self.password())


def secret(stdin: TextIO, *, env: str, prompt: str, what: str, confirm: bool) -> str:
    """A secret from the environment variable `env`, else typed (twice when `confirm`)."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not stdin.isatty():
        raise UsageError(f"no {what}: set {env}")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Ulangi / Repeat: ") != first:
        raise UsageError(f"the two {what}s differ")
    return first


def new_password(stdin: TextIO) -> str:
    return secret(
        stdin,
        env="EKTP_DESK_NEW_PASSWORD",
        prompt="Kata sandi baru / New password: ",
        what="new password",
        confirm=True,
    )
