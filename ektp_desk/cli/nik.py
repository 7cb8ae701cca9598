"""`ektp-desk nik`: explain and check a NIK."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ektp_desk.cli.base import EXIT_OK, EXIT_PROBLEMS, open_desk, print_json, problem_line
from ektp_desk.cli.credentials import Credentials
from ektp_desk.domain.nik import NikError, parse_nik
from ektp_desk.domain.regions import timezone_for
from ektp_desk.store import NotInitialized


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("nik", parents=[common], help="explain and check a NIK")
    p.add_argument("nik")
    p.add_argument(
        "--on",
        type=date.fromisoformat,
        help="reference date (default: today in the desk's time zone; with no desk, in the"
        " zone of the NIK's region)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_nik)


def today_for(args: argparse.Namespace, nik_text: str) -> date:
    """Today as the desk counts it (its time zone); where no desk is set up, as the NIK's
    region does, never as the computer's own zone."""
    try:
        with open_desk(args) as desk:
            return desk.today()
    except NotInitialized:
        digits = "".join(c for c in nik_text if c.isdigit())
        return datetime.now(UTC).astimezone(ZoneInfo(timezone_for(digits[:2]))).date()


def cmd_nik(args: argparse.Namespace, creds: Credentials) -> int:
    on = args.on or today_for(args, args.nik)
    try:
        nik = parse_nik(args.nik, reference=on)
    except NikError as exc:
        if args.json:
            print_json({"nik": args.nik.strip(), "valid": False, "error": exc.problem.as_dict()})
        else:
            print(problem_line("invalid: ", exc.problem))
        return EXIT_PROBLEMS
    info = nik.as_dict()
    if args.json:
        print_json({"valid": True, "age": nik.age_on(on), **info})
        return EXIT_OK
    for key in ("province", "regency", "kecamatan"):
        part = info[key]
        assert isinstance(part, dict)
        print(f"{key:<10} {part['code']:<9} {part['name'] or '(not in the current list)'}")
    print(f"{'sex':<10} {nik.sex}")
    print(f"{'born':<10} {nik.birth_date.isoformat()} (age {nik.age_on(on)} on {on.isoformat()})")
    print(f"{'serial':<10} {nik.serial}")
    for w in nik.warnings:
        print(problem_line("", w))
    return EXIT_OK
