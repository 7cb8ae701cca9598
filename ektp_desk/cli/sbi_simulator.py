"""`ektp-desk sbi-simulator`: an SBI finger and iris scanner service (tests, demos)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ektp_desk.cli.base import EXIT_OK, UsageError, stop_on_signals, wait_for_stop
from ektp_desk.cli.credentials import Credentials


def register(sub: Any, common: argparse.ArgumentParser) -> None:
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
    p.set_defaults(handler=cmd_sbi_simulator)


def cmd_sbi_simulator(args: argparse.Namespace, creds: Credentials) -> int:
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
    stop = stop_on_signals()
    sim.start()
    wait_for_stop(stop)
    sim.stop()
    return EXIT_OK
