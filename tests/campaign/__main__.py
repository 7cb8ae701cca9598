"""`python -m tests.campaign [--quick] [--seed N] [--only NAME ...]`: the reliability
campaign, the whole of it, with a table of what it did and what it found.

Full: 20 rounds of each crash scenario and of a power cut during each operation
(tests/campaign/powercut.py), a long network campaign with several desks (on the SQLite
hub, then on the PostgreSQL hub with two workers: `network-postgresql`), and
the load of 10 desks of 5,000 recordings each. `--quick` (CI) runs each part shortened.
Exit status 1 when a record was lost or duplicated, or an invariant broke.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.campaign import crash, load, network, powercut
from tests.campaign.common import CampaignFailure, Row

PARTS = {
    **{f"crash-{name}": scenario for name, scenario in crash.SCENARIOS.items()},
    "network": network.campaign,
    "network-postgresql": network.campaign_postgres,
    "load": load.campaign,
    "powercut": powercut.campaign,
}
# network: fault periods; load: desks; powercut: cuts per operation
FULL_ROUNDS = {"network": 24, "network-postgresql": 24, "load": 10, "powercut": 20}
QUICK_ROUNDS = {"network": 8, "network-postgresql": 8, "load": 3, "powercut": 3}


def table(rows: list[Row]) -> str:
    head = ("campaign", "rounds", "faults", "records checked", "lost", "duplicated")
    lines = [head] + [
        (r.campaign, str(r.rounds), str(r.faults), str(r.checked), str(r.lost), str(r.duplicated))
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for index, line in enumerate(lines):
        out.append(
            "| "
            + " | ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(line, widths, strict=True))
            )
            + " |"
        )
        if index == 0:
            out.append("| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.campaign", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the shortened campaign (CI)")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--only", nargs="*", choices=sorted(PARTS), help="run only these parts")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="ektp-campaign-"))
    os.environ["XDG_STATE_HOME"] = str(work / "state")  # the workers' logs stay in the work
    # What the desks and the hub log goes to a file: the table is the campaign's output.
    logging.basicConfig(filename=work / "campaign.log", level=logging.INFO)
    rows: list[Row] = []
    failure: str | None = None
    started = time.monotonic()
    print(
        f"campaign seed {args.seed}, {'quick' if args.quick else 'full'}; work in {work}",
        flush=True,
    )
    try:
        for name, part in PARTS.items():
            if args.only and name not in args.only:
                continue
            rng = random.Random(f"{args.seed}:{name}")
            if name in FULL_ROUNDS:
                rounds = (QUICK_ROUNDS if args.quick else FULL_ROUNDS)[name]
            else:
                rounds = 4 if args.quick else 20
            folder = work / name
            folder.mkdir()
            t = time.monotonic()
            try:
                done = part(rounds, rng, folder)
            except CampaignFailure as exc:
                failure = f"{name}: {exc} (replay: --seed {args.seed} --only {name})"
                break
            for row in done if isinstance(done, list) else [done]:
                rows.append(row)
                figures = "; ".join(f"{k}: {v}" for k, v in row.figures.items())
                print(
                    f"  {row.campaign}: {row.rounds} rounds" + (f" ({figures})" if figures else ""),
                    flush=True,
                )
            print(f"  {name}: {time.monotonic() - t:.0f} s", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(rows))
    print(f"\n{len(rows)} parts in {time.monotonic() - started:.0f} s")
    if failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    bad = [r.campaign for r in rows if not r.ok]
    if bad:
        print(f"FAILED: records lost or duplicated in {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
