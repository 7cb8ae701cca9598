"""`ektp-desk region`: look up Kemendagri region codes."""

from __future__ import annotations

import argparse
from typing import Any

from ektp_desk.cli.base import EXIT_OK, EXIT_PROBLEMS, print_json
from ektp_desk.cli.credentials import Credentials
from ektp_desk.domain.regions import dotted, regions


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("region", parents=[common], help="look up Kemendagri region codes")
    p.add_argument("text", help="a code (72.71.02) or part of a name (palu)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_region)


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
            print_json({"code": code, "name": region.name, "chain": chain, "children": children})
        else:
            print(" > ".join(f"{r['name']} ({r['code']})" for r in chain))
            for child in children:
                print(f"  {child['code']}\t{child['name']}")
        return EXIT_OK
    found = rl.search(text)
    if args.json:
        print_json([{"code": r.code, "name": r.name, "level": r.level.name} for r in found])
    else:
        for r in found:
            parent = rl.name(r.parent_code) if r.parent_code else None
            print(f"{r.code}\t{r.name}" + (f"\t({parent})" if parent else ""))
    return EXIT_OK if found else EXIT_PROBLEMS
