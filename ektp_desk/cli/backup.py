"""`ektp-desk backup` and `ektp-desk restore`: an encrypted backup of the desk's store, and
the desk restored from one into an empty data dir."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from ektp_desk.cli.base import EXIT_OK, UsageError, data_dir_of, open_desk
from ektp_desk.cli.credentials import Credentials, secret
from ektp_desk.desk import Desk, PermissionDenied
from ektp_desk.domain.accounts import Role


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backup", parents=[common], help="an encrypted backup of the desk's store")
    p.add_argument("-o", "--output", type=Path, help="the backup file to write")
    p.add_argument(
        "--auto", action="store_true", help="into the backup_folder setting, with rotation"
    )
    p.add_argument(
        "--set-passphrase",
        action="store_true",
        help="set the passphrase of automatic backups (admin); after it, backups need no "
        "passphrase until they are restored",
    )
    p.set_defaults(handler=cmd_backup)


def register_restore(sub: Any, common: argparse.ArgumentParser) -> None:
    """`restore`, listed after `bundle` in the help as it always was."""
    p = sub.add_parser("restore", parents=[common], help="restore a backup into an empty data dir")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_restore)


def _backup_passphrase(stdin: TextIO, *, confirm: bool) -> str:
    return secret(
        stdin,
        env="EKTP_DESK_BACKUP_PASSPHRASE",
        prompt="Frasa sandi cadangan / Backup passphrase: ",
        what="backup passphrase",
        confirm=confirm,
    )


def cmd_backup(args: argparse.Namespace, creds: Credentials) -> int:
    if args.set_passphrase:
        new = _backup_passphrase(creds._stdin, confirm=True)
        with open_desk(args) as desk:
            creds.login(desk)
            desk.backups.set_passphrase(new)
        print("backup passphrase set: backups now run without it; keep it safe, restoring needs it")
        return EXIT_OK
    if not args.auto and args.output is None:
        raise UsageError("give -o FILE, or --auto to use the backup_folder setting")
    with open_desk(args) as desk:
        if not args.auto:
            # A copy to a file of one's choice carries every resident's data out: an admin's
            # act. `--auto` (the scheduled backup) writes only where an admin set, encrypted.
            creds.login(desk)
            _require_admin(desk, "a backup to a file (-o)")
        # With a backup key set, no passphrase is asked for: the key encrypts the backup.
        passphrase = None if desk.backups.key() else _backup_passphrase(creds._stdin, confirm=True)
        if args.auto:
            target = desk.backups.auto(passphrase)
        else:
            target = args.output
            desk.backups.write(target, passphrase)
    print(f"backup written to {target} ({target.stat().st_size:,} bytes, encrypted)")
    return EXIT_OK


def _require_admin(desk: Desk, what: str) -> None:
    user = desk.user
    if user is None or user.role is not Role.ADMIN:
        who = f"user {user.name} ({user.role.value})" if user else "nobody logged in"
        raise PermissionDenied("needs_admin", what=what, who=who)


def cmd_restore(args: argparse.Namespace, creds: Credentials) -> int:
    passphrase = _backup_passphrase(creds._stdin, confirm=False)
    data_dir = data_dir_of(args)
    with Desk.restore(args.file, data_dir, passphrase) as desk:
        status = desk.status()
    print(f"restored desk {desk.desk_id} into {data_dir}: {status.recordings.total} recordings")
    token = status.sync.token
    if token.kept == "sealed" and token.warning:
        print(f"WARNING: {token.warning}")
    return EXIT_OK
