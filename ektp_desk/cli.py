"""The `ektp-desk` command: a thin face on the `Desk` service, as the window is another."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import logging
import os
import sqlite3
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from ektp_desk import __version__
from ektp_desk.desk import (
    Desk,
    DeskError,
    PermissionDenied,
    SavedRecording,
    ValidationFailed,
    damage_message,
)
from ektp_desk.domain import boundedjson
from ektp_desk.domain.accounts import Role
from ektp_desk.domain.nik import NikError, parse_nik
from ektp_desk.domain.problems import Problem
from ektp_desk.domain.recording import file_reader
from ektp_desk.domain.regions import dotted, regions
from ektp_desk.imports import ImportFileError
from ektp_desk.logs import setup_logging
from ektp_desk.paths import APP_NAME, default_data_dir
from ektp_desk.protocol.bundle import SUFFIX as BUNDLE_SUFFIX
from ektp_desk.store import StoreError
from ektp_desk.store.integrity import is_corruption
from ektp_desk.sync.engine import RunReport, SyncEngine

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
STOP_GRACE_SECONDS = 1.0  # a stopped sync service waits this long for its run to end


class UsageError(Exception):
    """Bad input on the command line or in a file given to it: exit 2."""


def _fail(message: str) -> None:
    print(f"{APP_NAME}: error: {message}", file=sys.stderr, flush=True)


def _problem_line(prefix: str, problem: Problem) -> str:
    kind = "" if problem.is_error else "warning: "
    return f"{prefix}{kind}{problem.field}: {problem.message_id} / {problem.message_en}"


# -- argument parsing ---------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="the desk's data dir (default: EKTP_DESK_DATA_DIR or the platform's data dir)",
    )
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
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="e-KTP recording desk: offline-first recording, queue and sync to Disdukcapil.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start the window offscreen on the real store, build it, and exit 0",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the window on a throwaway demo desk with demo accounts, a demo resident "
        "list and a hub in this same process (nothing is kept)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", parents=[common], help="set up a new desk in an empty data dir")
    p.add_argument("--kecamatan", required=True, help="Kemendagri kecamatan code, e.g. 72.71.02")
    p.add_argument("--desk", required=True, help="this desk's id, e.g. PALU-BARAT-1")
    p.add_argument("--timezone", help="IANA time zone (default: by province: WIB, WITA or WIT)")
    p.add_argument("--target", type=int, help="residents the kecamatan must record")
    p.add_argument("--admin", required=True, help="name of the first admin account")
    p.add_argument(
        "--training",
        action="store_true",
        help="a desk for training: simulated devices, every recording marked as training "
        "and refused by a hub not started with --training (cannot be changed later)",
    )

    p = sub.add_parser("user", parents=[common], help="manage accounts (admin)")
    user_sub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    q = user_sub.add_parser("add", parents=[common], help="add an account")
    q.add_argument("name")
    q.add_argument("--role", required=True, choices=[r.value for r in Role])
    user_sub.add_parser("list", parents=[common], help="list accounts")
    q = user_sub.add_parser("disable", parents=[common], help="disable an account")
    q.add_argument("name")
    q = user_sub.add_parser("enable", parents=[common], help="enable a disabled account")
    q.add_argument("name")
    q = user_sub.add_parser(
        "reset-password", parents=[common], help="set a new password for an account"
    )
    q.add_argument("name")

    p = sub.add_parser("nik", parents=[common], help="explain and check a NIK")
    p.add_argument("nik")
    p.add_argument("--on", type=date.fromisoformat, help="reference date (default: today)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("region", parents=[common], help="look up Kemendagri region codes")
    p.add_argument("text", help="a code (72.71.02) or part of a name (palu)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("settings", parents=[common], help="the desk's settings")
    set_sub = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    set_sub.add_parser("list", parents=[common], help="show every setting")
    q = set_sub.add_parser("set", parents=[common], help="change a setting (admin)")
    q.add_argument("key")
    q.add_argument("value")

    p = sub.add_parser("residents", parents=[common], help="the reference list of residents")
    res_sub = p.add_subparsers(dest="residents_command", metavar="ACTION", required=True)
    q = res_sub.add_parser("import", parents=[common], help="import a CSV or XLSX list")
    q.add_argument("file", type=Path)
    q = res_sub.add_parser("search", parents=[common], help="find residents by name or NIK")
    q.add_argument("text")
    q.add_argument("--limit", type=int, default=20)
    q.add_argument("--json", action="store_true")

    p = sub.add_parser("record", parents=[common], help="recordings")
    rec_sub = p.add_subparsers(dest="record_command", metavar="ACTION", required=True)
    q = rec_sub.add_parser("add", parents=[common], help="save recordings from JSON or JSON Lines")
    q.add_argument("file", type=Path)
    q = rec_sub.add_parser("void", parents=[common], help="void a recording (supervisor)")
    q.add_argument("record_id")
    q.add_argument("--reason", required=True)

    p = sub.add_parser("hub", parents=[common], help="the Disdukcapil hub this desk syncs to")
    hub_sub = p.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    q = hub_sub.add_parser("set", parents=[common], help="set the hub and pin its key (admin)")
    q.add_argument("url")
    q.add_argument("--token", required=True, help="this desk's token from `ektp-hub desk add`")
    q.add_argument("--ca-bundle", type=Path, help="CA certificates to verify the hub's TLS")
    q.add_argument(
        "--allow-http", action="store_true", help="allow plain http to a non-loopback hub"
    )
    hub_sub.add_parser("show", parents=[common], help="the hub set and its pinned key id")

    p = sub.add_parser("sync", parents=[common], help="send recordings to the hub")
    p.add_argument(
        "--once", action="store_true", help="one run: until the outbox is empty or the hub fails"
    )
    p.add_argument("--json", action="store_true", help="with --once: the run's report as JSON")

    p = sub.add_parser("queue", parents=[common], help="today's queue (antrian)")
    queue_sub = p.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    q = queue_sub.add_parser("add", parents=[common], help="a ticket for a resident or walk-in")
    q.add_argument("nik", nargs="?")
    q.add_argument("--name", help="the walk-in's name")
    q.add_argument("--walk-in", action="store_true", help="not on the reference list")
    q = queue_sub.add_parser("list", parents=[common], help="today's tickets")
    q.add_argument("--json", action="store_true")
    queue_sub.add_parser("next", parents=[common], help="call the next waiting ticket")
    for action, text in (("skip", "skip"), ("recall", "call again"), ("cancel", "cancel")):
        q = queue_sub.add_parser(action, parents=[common], help=f"{text} a ticket")
        q.add_argument("ticket", help="the ticket, e.g. A003 or 3")

    p = sub.add_parser(
        "tally", parents=[common], help="the daily tally (supervisor); `tally merge` joins desks"
    )
    p.add_argument("--date", type=date.fromisoformat, help="the day, or the first day")
    p.add_argument("--to", type=date.fromisoformat, help="the last day of a range")
    p.add_argument("--format", choices=["csv", "xlsx", "pdf", "json"], default="json")
    p.add_argument("-o", "--output", type=Path, help="the file to write (default: stdout, json)")
    tally_sub = p.add_subparsers(dest="tally_command", metavar="ACTION")
    q = tally_sub.add_parser("merge", parents=[common], help="merge JSON tallies of several desks")
    q.add_argument("files", nargs="+", type=Path)
    q.add_argument("--format", choices=["csv", "xlsx", "pdf", "json"], default="json")
    q.add_argument("-o", "--output", type=Path, required=True)

    p = sub.add_parser(
        "outreach", parents=[common], help="residents not yet recorded, per kelurahan (supervisor)"
    )
    p.add_argument("--kelurahan", help="one kelurahan code (default: every one)")
    p.add_argument("--format", choices=["xlsx", "pdf"], required=True)
    p.add_argument("-o", "--output", type=Path, required=True)

    p = sub.add_parser(
        "sbi-simulator",
        parents=[common],
        help="an SBI finger and iris scanner service (tests, demos)",
    )
    p.add_argument("--port", type=int, default=4501)
    p.add_argument(
        "--quality", type=int, help="the quality score of every capture (default: random)"
    )
    p.add_argument("--delay", type=int, default=0, help="milliseconds each capture takes")
    p.add_argument(
        "--cert-out", type=Path, help="write the device certificate here (PEM), to trust it"
    )

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
    p = sub.add_parser(
        "bundle", parents=[common], help="carry recordings on a USB stick when the link is down"
    )
    bundle_sub = p.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    q = bundle_sub.add_parser(
        "export",
        parents=[common],
        help="every recording the hub has not acked into one sealed file (they stay queued)",
    )
    q.add_argument("-o", "--output", type=Path, required=True, help="the bundle file to write")
    q.add_argument("--json", action="store_true")
    q = bundle_sub.add_parser(
        "import",
        parents=[common],
        help="another desk's bundle, forwarded to the hub at the next sync",
    )
    q.add_argument("file", type=Path)
    q.add_argument("--json", action="store_true")
    q = bundle_sub.add_parser(
        "list", parents=[common], help="the bundles of other desks imported here (supervisor)"
    )
    q.add_argument("--json", action="store_true")
    q = bundle_sub.add_parser(
        "drop",
        parents=[common],
        help="remove an imported bundle and its records that wait to be forwarded (supervisor)",
    )
    q.add_argument("bundle_id", metavar="BUNDLE-ID")
    p = sub.add_parser("restore", parents=[common], help="restore a backup into an empty data dir")
    p.add_argument("file", type=Path)

    p = sub.add_parser("status", parents=[common], help="desk identity and counts")
    p.add_argument("--json", action="store_true")

    sub.add_parser("check", parents=[common], help="check database integrity and the audit chain")

    p = sub.add_parser("audit", parents=[common], help="the audit log")
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_sub.add_parser("verify", parents=[common], help="verify the audit hash chain")

    p = sub.add_parser("demo", parents=[common], help="demo data")
    demo_sub = p.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    q = demo_sub.add_parser("seed", parents=[common], help="add synthetic residents and recordings")
    q.add_argument("--recordings", type=int, required=True)
    q.add_argument("--days", type=int, default=1)
    q.add_argument("--seed", type=int, default=1)
    q.add_argument("--biometrics", choices=["none", "small", "realistic"], default="small")
    return parser


# -- credentials --------------------------------------------------------------------------


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


def _secret(stdin: TextIO, *, env: str, prompt: str, what: str, confirm: bool) -> str:
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


def _new_password(stdin: TextIO) -> str:
    return _secret(
        stdin,
        env="EKTP_DESK_NEW_PASSWORD",
        prompt="Kata sandi baru / New password: ",
        what="new password",
        confirm=True,
    )


# -- commands -----------------------------------------------------------------------------


def _data_dir(args: argparse.Namespace) -> Path:
    given = getattr(args, "data_dir", None)
    return Path(given) if given is not None else default_data_dir()


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))


def cmd_window(args: argparse.Namespace, creds: Credentials) -> int:
    """No command: the desk's window (the first-run wizard on a new data dir)."""
    try:
        from ektp_desk.ui.app import run
    except ImportError as exc:
        raise UsageError(
            f"the window needs PySide6 ({exc}); the commands (ektp-desk --help) work without it"
        ) from None
    return run(
        _data_dir(args),
        smoke_test=bool(getattr(args, "smoke_test", False)),
        demo=bool(getattr(args, "demo", False)),
    )


def cmd_init(args: argparse.Namespace, creds: Credentials) -> int:
    data_dir = _data_dir(args)
    password = creds.password("Kata sandi admin baru / New admin password: ")
    with Desk.create(
        data_dir,
        kecamatan=args.kecamatan,
        desk_id=args.desk,
        timezone=args.timezone,
        target=args.target,
        admin_name=args.admin,
        admin_password=password,
        training=args.training,
    ) as desk:
        region = desk.regions.get(desk.kecamatan)
        print(
            f"desk {desk.desk_id} set up in {data_dir} for kecamatan {desk.kecamatan}"
            f" ({region.name if region else '?'}), time zone {desk.timezone.key}"
            + (
                "; TRAINING desk: simulated devices, recordings refused by a production hub"
                if desk.training
                else ""
            )
        )
    return EXIT_OK


def _open(args: argparse.Namespace) -> Desk:
    return Desk.open(_data_dir(args))


def cmd_user(args: argparse.Namespace, creds: Credentials) -> int:
    with _open(args) as desk:
        creds.login(desk)
        action = args.user_command
        if action == "list":
            for u in desk.accounts.users():
                state = "disabled" if u.disabled else "active"
                print(f"{u.name}\t{u.role.value}\t{state}\tlast log-in {u.last_login_at or '-'}")
        elif action == "add":
            desk.accounts.add(args.name, Role(args.role), _new_password(creds._stdin))
            print(f"user {args.name} added as {args.role}")
        elif action in ("disable", "enable"):
            desk.accounts.set_disabled(args.name, action == "disable")
            print(f"user {args.name} {action}d")
        else:
            desk.accounts.reset_password(args.name, _new_password(creds._stdin))
            print(f"password of {args.name} reset")
    return EXIT_OK


def cmd_nik(args: argparse.Namespace, creds: Credentials) -> int:
    on = args.on or date.today()
    try:
        nik = parse_nik(args.nik, reference=on)
    except NikError as exc:
        if args.json:
            _print_json({"nik": args.nik.strip(), "valid": False, "error": exc.problem.as_dict()})
        else:
            print(_problem_line("invalid: ", exc.problem))
        return EXIT_PROBLEMS
    info = nik.as_dict()
    if args.json:
        _print_json({"valid": True, "age": nik.age_on(on), **info})
        return EXIT_OK
    for key in ("province", "regency", "kecamatan"):
        part = info[key]
        assert isinstance(part, dict)
        print(f"{key:<10} {part['code']:<9} {part['name'] or '(not in the current list)'}")
    print(f"{'sex':<10} {nik.sex}")
    print(f"{'born':<10} {nik.birth_date.isoformat()} (age {nik.age_on(on)} on {on.isoformat()})")
    print(f"{'serial':<10} {nik.serial}")
    for w in nik.warnings:
        print(_problem_line("", w))
    return EXIT_OK


def cmd_region(args: argparse.Namespace, creds: Credentials) -> int:
    rl = regions()
    text = args.text.strip()
    try:
        code = dotted(text)
    except ValueError:
        code = None
    if code is not None:
        region = rl.get(code)
        if region is None:
            print(f"{code}: not in the Kemendagri 2025 list")
            return EXIT_PROBLEMS
        chain = [{"code": r.code, "name": r.name} for r in rl.chain(code)]
        children = [{"code": r.code, "name": r.name} for r in rl.children(code)]
        if args.json:
            _print_json({"code": code, "name": region.name, "chain": chain, "children": children})
        else:
            print(" > ".join(f"{r['name']} ({r['code']})" for r in chain))
            for child in children:
                print(f"  {child['code']}\t{child['name']}")
        return EXIT_OK
    found = rl.search(text)
    if args.json:
        _print_json([{"code": r.code, "name": r.name, "level": r.level.name} for r in found])
    else:
        for r in found:
            parent = rl.name(r.parent_code) if r.parent_code else None
            print(f"{r.code}\t{r.name}" + (f"\t({parent})" if parent else ""))
    return EXIT_OK if found else EXIT_PROBLEMS


_SECRET_SHOWN = "(kept secret)"


def _is_secret_setting(key: str) -> bool:
    """Settings that are keys or tokens (sealed or not): `settings list` never prints them."""
    return key.startswith(("hub_token", "holding_key_for:", "backup_wrapped_key"))


def cmd_settings(args: argparse.Namespace, creds: Credentials) -> int:
    with _open(args) as desk:
        creds.login(desk)
        if args.settings_command == "list":
            for key, value in sorted(desk.settings.items()):
                print(f"{key}\t{_SECRET_SHOWN if _is_secret_setting(key) else value}")
            return EXIT_OK
        desk.change_setting(args.key, args.value)
        print(f"{args.key} = {args.value}")
    return EXIT_OK


def cmd_residents(args: argparse.Namespace, creds: Credentials) -> int:
    with _open(args) as desk:
        creds.login(desk)  # names and NIKs are shown to a logged-in user only
        if args.residents_command == "search":
            found = desk.residents.search(args.text, limit=args.limit)
            if args.json:
                _print_json([r.fields for r in found])
            for r in [] if args.json else found:
                print(f"{r.nik}\t{r.nama}\t{r.tanggal_lahir}\t{r.kelurahan or '-'}")
            return EXIT_OK
        try:
            result = desk.residents.import_file(args.file)
        except ImportFileError as exc:
            raise UsageError(f"{exc}; nothing was imported") from None
    print(
        f"imported {result.imported} residents ({result.inserted} new, {result.updated} updated),"
        f" rejected {result.rejected} rows"
    )
    if result.plan.ignored_columns:
        print(f"ignored columns: {', '.join(result.plan.ignored_columns)}")
    if result.report is not None:
        print(f"the rejected rows and their reasons are in {result.report}")
    return EXIT_PROBLEMS if result.rejected else EXIT_OK


def _recording_items(path: Path, lines: deque[int]) -> Iterator[object]:
    """The recordings of a JSON file (one object, or an array) or a JSON Lines file, with
    their line numbers pushed to `lines` as they are handed out."""
    try:
        with path.open(encoding="utf-8-sig") as f:
            first = f.read(1)
            while first.isspace():
                first = f.read(1)
            f.seek(0)
            whole: object = _NOT_ONE_DOCUMENT
            text = f.read() if first else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read ({exc})") from None
    if text:
        try:
            whole = _desk_json(text)
        except boundedjson.JsonTooDeep as exc:
            raise UsageError(f"{path}: {exc}; nothing was saved") from None
        except boundedjson.JsonLimitError:
            pass  # not one JSON document: JSON Lines, read line by line below
    if whole is not _NOT_ONE_DOCUMENT and not isinstance(whole, dict | list):
        raise UsageError(
            f"{path}: holds a JSON {_json_kind(whole)}, not a recording (a JSON object),"
            " an array of them, or JSON Lines; nothing was saved"
        )
    if isinstance(whole, dict):
        lines.append(1)
        yield whole
        return
    if isinstance(whole, list):
        for index, item in enumerate(whole, start=1):
            lines.append(index)
            yield item
        return
    with path.open(encoding="utf-8-sig") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                item = _desk_json(line)
            except boundedjson.JsonLimitError as exc:
                _fail(f"line {number}: {exc}")
                yield _Malformed(number)
                continue
            lines.append(number)
            yield item


_NOT_ONE_DOCUMENT = object()


def _desk_json(text: str) -> object:
    """JSON a person hands the desk (a recording, a tally), within the desk's caps."""
    return boundedjson.loads(
        text,
        max_bytes=boundedjson.DESK_FILE_MAX_BYTES,
        max_depth=boundedjson.MAX_JSON_DEPTH,
        what="the JSON",
        depth_setting=boundedjson.DESK_DEPTH_SETTING,
    )


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return "string" if isinstance(value, str) else "number"


class _Malformed:
    def __init__(self, line: int) -> None:
        self.line = line


def cmd_record(args: argparse.Namespace, creds: Credentials) -> int:
    with _open(args) as desk:
        creds.login(desk)
        if args.record_command == "void":
            desk.recordings.void(args.record_id, args.reason)
            print(f"voided {args.record_id}")
            return EXIT_OK
        path: Path = args.file
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        lines: deque[int] = deque()
        saved = rejected = 0
        malformed = 0

        def items() -> Iterator[object]:
            nonlocal malformed
            for item in _recording_items(path, lines):
                if isinstance(item, _Malformed):
                    malformed += 1
                else:
                    yield item

        read = file_reader(path.resolve().parent)
        for outcome in desk.recordings.save_many(items(), read_file=read):
            line = lines.popleft()
            if isinstance(outcome, SavedRecording):
                saved += 1
                sys.stdout.write(f"saved {outcome.record_id} {outcome.nik}\n")
                sys.stdout.flush()
                for w in outcome.warnings:
                    print(_problem_line(f"line {line}: ", w), file=sys.stderr)
            elif isinstance(outcome, ValidationFailed):
                rejected += 1
                for p in outcome.problems:
                    print(_problem_line(f"line {line}: ", p), file=sys.stderr)
        rejected += malformed
        print(f"{saved} saved, {rejected} rejected", file=sys.stderr, flush=True)
        if saved == 0 and rejected == 0:
            raise UsageError(f"{path}: holds no recording")
    return EXIT_PROBLEMS if rejected else EXIT_OK


def cmd_hub(args: argparse.Namespace, creds: Credentials) -> int:
    with _open(args) as desk:
        if args.hub_command == "show":
            print(f"hub     {desk.settings.get('hub_url') or '(not set)'}")
            print(f"key id  {desk.settings.get('hub_key_id') or '-'}")
            return EXIT_OK
        creds.login(desk)
        key, sealed = desk.hub.set(
            args.url, args.token, ca_bundle=args.ca_bundle, allow_http=args.allow_http
        )
    print(f"hub set to {args.url}")
    print(f"hub key id: {key}  (compare it with Disdukcapil by phone)")
    if sealed:
        print(f"sealed {sealed} recordings that were waiting for the hub's key")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace, creds: Credentials) -> int:
    import dataclasses
    import signal
    import threading

    from ektp_desk.sync.engine import SyncService

    if args.once:
        with _open(args) as desk:
            report = desk.hub.engine().run()
            unsealed = desk.hub.waiting_to_seal()
        if args.json:
            _print_json(dataclasses.asdict(report))
        else:
            print(
                f"sent {report.sent} in {report.batches} batches: {report.acked} acked,"
                f" {report.rejected} rejected, {report.duplicates} duplicate NIK;"
                f" {report.waiting} waiting"
            )
            if unsealed:
                print(f"{unsealed} recordings wait for the hub's key (ektp-desk hub set)")
        if report.error:
            _fail(f"sync stopped: {report.error}")
        return EXIT_OK if report.ok and report.waiting == 0 else EXIT_PROBLEMS

    data_dir = _data_dir(args)
    Desk.open(data_dir).close()  # fail now, with a clear message, if there is no desk
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    desks: list[Desk] = []

    def make_engine() -> SyncEngine:
        desk = Desk.open(data_dir)
        desks.append(desk)
        return desk.hub.engine()

    def on_report(report: RunReport) -> None:
        if report.sent or report.error:
            print(
                f"sync: {report.acked} acked, {report.rejected} rejected,"
                f" {report.duplicates} duplicate NIK, {report.waiting} waiting"
                + (f"; stopped: {report.error}" if report.error else ""),
                flush=True,
            )

    print(f"sync service for {data_dir}; stop with Ctrl+C", flush=True)
    # The service works on a thread of its own, so that a stop is obeyed at once even while
    # an upload is in flight on a slow link: the run is given a moment to end by itself,
    # and otherwise its lease and its batch are released from here as the process exits.
    service = SyncService(make_engine, on_report=on_report)
    worker = threading.Thread(target=service.run_forever, args=(stop,), daemon=True)
    worker.start()
    while worker.is_alive() and not stop.is_set():
        worker.join(0.2)
    worker.join(STOP_GRACE_SECONDS)
    if worker.is_alive():
        with Desk.open(data_dir) as desk:
            desk.hub.abandon_runs()
        print("sync service stopped; the batch in flight goes again next time", flush=True)
        return EXIT_OK
    for desk in desks:
        desk.close()
    return EXIT_OK


def cmd_queue(args: argparse.Namespace, creds: Credentials) -> int:
    with _open(args) as desk:
        creds.login(desk)  # the queue shows names and NIKs
        if args.queue_command == "list":
            tickets = desk.queue.today()
            if args.json:
                _print_json([dataclasses.asdict(t) | {"label": t.label} for t in tickets])
            for t in [] if args.json else tickets:
                flag = " (walk-in)" if t.walk_in else ""
                print(f"{t.label}\t{t.state}\t{t.nik or '-'}\t{t.nama}{flag}")
            return EXIT_OK
        if args.queue_command == "add":
            ticket = desk.queue.enqueue(nik=args.nik, nama=args.name, walk_in=args.walk_in)
        elif args.queue_command == "next":
            called = desk.queue.call_next()
            if called is None:
                print("no one is waiting")
                return EXIT_PROBLEMS
            ticket = called
        else:
            text = args.ticket.strip().upper().lstrip("A")
            number = int(text) if text.isdigit() else -1
            found = [t for t in desk.queue.today() if t.number == number]
            if not found:
                raise UsageError(f"no ticket {args.ticket} today")
            move = {
                "skip": desk.queue.skip,
                "recall": desk.queue.recall,
                "cancel": desk.queue.cancel,
            }[args.queue_command]
            ticket = move(found[0].id)
    print(f"{ticket.label}\t{ticket.state}\t{ticket.nik or '-'}\t{ticket.nama}")
    return EXIT_OK


def _pdf_tally_writer() -> Callable[[dict[str, Any], Path], None]:
    try:
        from ektp_desk.ui.pdf_report import write_tally_pdf
    except ImportError as exc:
        raise UsageError(f"PDF needs PySide6 ({exc}); use csv, xlsx or json") from None
    return write_tally_pdf


def cmd_tally(args: argparse.Namespace, creds: Credentials) -> int:
    if args.tally_command == "merge":
        from ektp_desk.reports import ReportError
        from ektp_desk.reports.writers import WRITERS, check_tally, merge_tallies

        tallies = []
        for path in args.files:
            try:
                text = path.read_text(encoding="utf-8-sig")
                tallies.append(check_tally(_desk_json(text), str(path)))
            except (OSError, ValueError) as exc:
                raise UsageError(f"{path}: not a readable JSON tally ({exc})") from None
            except ReportError as exc:
                raise UsageError(f"{exc}; nothing was written") from None
        try:
            merged = merge_tallies(tallies)
        except (ReportError, KeyError, TypeError) as exc:
            raise UsageError(f"cannot merge: {exc}") from None
        writer = WRITERS.get(args.format) or _pdf_tally_writer()
        writer(merged, args.output)
        print(f"merged {len(tallies)} desks ({merged['total']} recordings) into {args.output}")
        return EXIT_OK
    if args.date is None:
        raise UsageError("give --date YYYY-MM-DD (and --to for a range)")
    with _open(args) as desk:
        creds.login(desk)
        if args.output is None:
            if args.format != "json":
                raise UsageError(f"--format {args.format} needs -o FILE")
            _print_json(desk.reports.tally(args.date, args.to))
            return EXIT_OK
        tally = desk.reports.export_tally(
            args.format,
            args.output,
            args.date,
            args.to,
            pdf_writer=_pdf_tally_writer() if args.format == "pdf" else None,
        )
    period = f"{tally['date_from']}..{tally['date_to']}"
    print(f"tally {period}: {tally['total']} recordings -> {args.output}")
    return EXIT_OK


def cmd_outreach(args: argparse.Namespace, creds: Credentials) -> int:
    pdf_writer = None
    if args.format == "pdf":
        try:
            from ektp_desk.ui.pdf_report import write_outreach_pdf
        except ImportError as exc:
            raise UsageError(f"PDF needs PySide6 ({exc}); use xlsx") from None
        pdf_writer = write_outreach_pdf
    with _open(args) as desk:
        creds.login(desk)
        people = desk.reports.export_outreach(
            args.format, args.output, kelurahan=args.kelurahan, pdf_writer=pdf_writer
        )
    print(f"{people} residents not yet recorded -> {args.output}")
    return EXIT_OK


def cmd_sbi_simulator(args: argparse.Namespace, creds: Credentials) -> int:
    import signal
    import threading

    from cryptography.hazmat.primitives import serialization

    from ektp_desk.capture.jws import fingerprint
    from ektp_desk.capture.sbi_simulator import SbiSimulator

    if args.quality is not None and not 0 <= args.quality <= 100:
        raise UsageError("--quality is 0 to 100")
    try:
        sim = SbiSimulator(port=args.port, quality=args.quality, delay_ms=args.delay)
    except OSError as exc:
        raise UsageError(
            f"cannot listen on 127.0.0.1:{args.port} ({exc.strerror or exc})"
        ) from None
    if args.cert_out:
        args.cert_out.write_bytes(sim.cert.public_bytes(serialization.Encoding.PEM))
    print(
        f"SBI simulator on 127.0.0.1:{sim.port}, device certificate fingerprint "
        f"{fingerprint(sim.cert)} (trust it: ektp-desk settings set sbi_trusted FINGERPRINT)",
        flush=True,
    )
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    sim.start()
    stop.wait()
    sim.stop()
    return EXIT_OK


def _backup_passphrase(stdin: TextIO, *, confirm: bool) -> str:
    return _secret(
        stdin,
        env="EKTP_DESK_BACKUP_PASSPHRASE",
        prompt="Frasa sandi cadangan / Backup passphrase: ",
        what="backup passphrase",
        confirm=confirm,
    )


def cmd_backup(args: argparse.Namespace, creds: Credentials) -> int:
    if args.set_passphrase:
        new = _backup_passphrase(creds._stdin, confirm=True)
        with _open(args) as desk:
            creds.login(desk)
            desk.backups.set_passphrase(new)
        print("backup passphrase set: backups now run without it; keep it safe, restoring needs it")
        return EXIT_OK
    if not args.auto and args.output is None:
        raise UsageError("give -o FILE, or --auto to use the backup_folder setting")
    with _open(args) as desk:
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
        raise PermissionDenied(f"{what} needs an admin; {who} may not")


def _bundle_list_or_drop(args: argparse.Namespace, desk: Desk) -> int:
    if args.bundle_command == "drop":
        removed = desk.bundles.drop(args.bundle_id)
        states = ", ".join(f"{n} {state}" for state, n in sorted(removed.items())) or "none"
        print(f"bundle {args.bundle_id} dropped; records removed: {states}")
        return EXIT_OK
    bundles = desk.bundles.forwarded()
    if args.json:
        _print_json([dataclasses.asdict(b) for b in bundles])
        return EXIT_OK
    if not bundles:
        print("no bundle of another desk was imported here")
    for b in bundles:
        states = ", ".join(f"{n} {state}" for state, n in sorted(b.by_state.items())) or "none"
        print(
            f"{b.bundle_id}\tfrom {b.desk_id or '?'}\timported {b.imported_at}\t"
            f"{b.file or '-'}\t{b.records} listed; kept: {states}"
        )
    return EXIT_OK


def cmd_bundle(args: argparse.Namespace, creds: Credentials) -> int:
    with _open(args) as desk:
        creds.login(desk)
        if args.bundle_command in ("list", "drop"):
            return _bundle_list_or_drop(args, desk)
        if args.bundle_command == "export":
            target = args.output
            if target.suffix == "":
                target = target.with_suffix(BUNDLE_SUFFIX)
            summary = desk.bundles.export(target)
        else:
            summary = desk.bundles.import_file(args.file)
    if args.json:
        _print_json(summary)
    elif args.bundle_command == "export":
        print(
            f"bundle {summary['bundle_id']} written to {summary['file']}:"
            f" {summary['records']} recordings, {summary['file_bytes']:,} bytes"
        )
        print("they stay queued here until the hub acknowledges them (at the next sync)")
    else:
        print(
            f"bundle {summary['bundle_id']} from desk {summary['desk_id']}:"
            f" {summary['new']} recordings kept to forward, {summary['already_here']} were"
            " here already"
            + (f", {summary['own_skipped']} of this desk skipped" if summary["own_skipped"] else "")
        )
        print("they go to the hub at the next sync")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, creds: Credentials) -> int:
    passphrase = _backup_passphrase(creds._stdin, confirm=False)
    data_dir = _data_dir(args)
    with Desk.restore(args.file, data_dir, passphrase) as desk:
        status = desk.status()
    recordings = status["recordings"]
    assert isinstance(recordings, dict)
    print(f"restored desk {desk.desk_id} into {data_dir}: {recordings['total']} recordings")
    sync = status["sync"]
    token = sync.get("token") if isinstance(sync, dict) else None
    if isinstance(token, dict) and token["kept"] == "sealed" and token["warning"]:
        print(f"WARNING: {token['warning']}")
    return EXIT_OK


def _print_status(status: dict[str, object]) -> None:
    desk = status["desk"]
    assert isinstance(desk, dict)
    print(f"desk       {desk['desk_id']}")
    print(f"kecamatan  {desk['kecamatan']} {desk['kecamatan_name'] or ''}")
    print(f"time zone  {desk['timezone']}")
    print(f"data dir   {desk['data_dir']}")
    if desk.get("training"):
        print("mode       TRAINING: simulated devices; no production hub takes its recordings")
    print(f"residents  {status['residents']}")
    queue = status["queue"]
    assert isinstance(queue, dict)
    print(f"queue      {queue['today']} tickets today, {queue['total']} in all")
    for key in ("recordings", "outbox"):
        part = status[key]
        assert isinstance(part, dict)
        states = ", ".join(f"{k} {v}" for k, v in part["by_state"].items())
        print(f"{key:<10} {part['total']} ({states})")
    disk = status.get("disk")
    if isinstance(disk, dict):
        print(f"disk       {disk['free_mb']:,} MB free")
        if disk["warning"]:
            print(f"WARNING    {disk['warning']}")
    backup = status.get("backup")
    if isinstance(backup, dict):
        print(f"backup     {backup['last_at'] or 'never'}")
        if backup["warning"]:
            print(f"WARNING    {backup['warning']}")
    sync = status.get("sync")
    if isinstance(sync, dict):
        print(f"hub        {sync['hub_url'] or '(not set)'} key {sync['key_id'] or '-'}")
        token = sync.get("token")
        if isinstance(token, dict) and token["kept"]:
            kept = f"sealed by {token['keeper']}" if token["kept"] == "sealed" else "in clear"
            print(f"hub token  {kept}")
            if token["warning"]:
                print(f"WARNING    {token['warning']}")
        print(f"last sync  {sync['last_success'] or 'never'}")
        if sync["last_error"]:
            print(f"sync error {sync['last_error']}")
        if sync["clock_warning"]:
            print(f"WARNING    {sync['clock_warning']}")
        for key in ("audit_refused", "audit_restored"):
            if sync.get(key):
                print(f"WARNING    {sync[key]}")
    rerecord = status.get("rerecord")
    for entry in rerecord if isinstance(rerecord, list) else []:
        assert isinstance(entry, dict)
        print(f"PERLU DIREKAM ULANG  {entry['nama']} (recording {entry['record_id']})")
    if status.get("damaged"):
        print(f"DAMAGED    {status['damaged']}")


def cmd_status(args: argparse.Namespace, creds: Credentials) -> int:
    with _open(args) as desk:
        status = desk.status()
    if args.json:
        _print_json(status)
    else:
        _print_status(status)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, creds: Credentials) -> int:
    with _open(args) as desk:
        result = desk.check()
    for problem in result.problems:
        print(f"PROBLEM: {problem}")
    for line in result.rerecord:
        print(f"PROBLEM: {line}")
    if result.ok:
        print(f"ok: database intact, audit chain of {result.audit_entries} entries verified")
        return EXIT_OK
    return EXIT_PROBLEMS


def cmd_audit(args: argparse.Namespace, creds: Credentials) -> int:
    with _open(args) as desk:
        report = desk.health.verify_audit()
        against_hub = desk.health.check_audit_head()
    for problem in against_hub:
        print(f"PROBLEM: {problem}")
    if report.ok and not against_hub:
        print(f"ok: {report.entries} audit entries, chain intact")
        return EXIT_OK
    if report.ok:
        return EXIT_PROBLEMS
    print(f"BROKEN at entry {report.broken_at}: {report.reason}")
    return EXIT_PROBLEMS


def cmd_demo(args: argparse.Namespace, creds: Credentials) -> int:
    from ektp_desk.demo import BiometricDetail, seed

    if args.recordings < 0 or args.days < 1:
        raise UsageError("--recordings must be 0 or more and --days 1 or more")
    with _open(args) as desk:
        creds.login(desk)
        result = seed(
            desk,
            recordings=args.recordings,
            days=args.days,
            seed_value=args.seed,
            detail=BiometricDetail(args.biometrics),
        )
    print(
        f"added {result.residents} residents and {result.recordings} recordings"
        f" over {args.days} day(s)" + (f", {result.refused} refused" if result.refused else "")
    )
    return EXIT_OK


COMMANDS = {
    "init": cmd_init,
    "user": cmd_user,
    "nik": cmd_nik,
    "region": cmd_region,
    "settings": cmd_settings,
    "residents": cmd_residents,
    "record": cmd_record,
    "hub": cmd_hub,
    "sync": cmd_sync,
    "queue": cmd_queue,
    "tally": cmd_tally,
    "outreach": cmd_outreach,
    "sbi-simulator": cmd_sbi_simulator,
    "backup": cmd_backup,
    "bundle": cmd_bundle,
    "restore": cmd_restore,
    "status": cmd_status,
    "check": cmd_check,
    "audit": cmd_audit,
    "demo": cmd_demo,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging()
    log.info("ektp-desk %s: %s", __version__, args.command or "window")
    creds = Credentials(args, sys.stdin)
    handler = COMMANDS.get(args.command or "", cmd_window)
    try:
        return handler(args, creds)
    except UsageError as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except ValidationFailed as exc:
        for p in exc.problems:
            _fail(_problem_line("", p))
        return EXIT_USAGE
    except (DeskError, StoreError) as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if not is_corruption(exc):
            log.exception("database error")
            _fail(f"database error: {exc}; nothing further was written")
            return EXIT_USAGE
        log.error("the store is damaged: %s", exc)
        _fail(damage_message(_data_dir(args), str(exc)))
        return EXIT_USAGE
    except sqlite3.Error as exc:
        log.exception("database error")
        _fail(f"database error: {exc}; nothing further was written")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
