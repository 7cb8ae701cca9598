"""Slow clients, for the hub's connection limits: from one loopback address, many
connections that send a request head a byte a second and never finish it, each opened
again once the server drops it. Bounded in time and in connections opened; it stops by
itself. Run as a process of its own so that its descriptors and CPU are not the test's:

    python -m tests.slowclients --port 8080 --connections 700 --seconds 30 [--tls CA.pem]

and it prints one JSON line: how many connections it opened, how many the server closed,
and the most it held open at once."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import itertools
import json
import random
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

# A request head that never ends: header lines forever, never the blank line.
HEAD_START = b"GET /api/v1/health HTTP/1.1\r\nHost: hub\r\n"


@dataclass
class AttackReport:
    opened: int = 0
    failed: int = 0  # connect or TLS handshake refused
    closed_by_server: int = 0
    answered_503: int = 0
    open_now: int = 0
    peak_open: int = 0
    elapsed: float = 0.0


def _loopback(address: str) -> str:
    if not ipaddress.ip_address(address).is_loopback:
        raise SystemExit(f"slowclients attacks loopback addresses only, not {address}")
    return address


def _endless_head() -> Iterator[bytes]:
    for i in range(len(HEAD_START)):
        yield HEAD_START[i : i + 1]
    for line in itertools.count():
        header = f"X-Slow-{line}: x\r\n".encode()
        for i in range(len(header)):
            yield header[i : i + 1]


async def _one(
    report: AttackReport,
    *,
    host: str,
    port: int,
    source: str,
    tls: ssl.SSLContext | None,
    deadline: float,
    max_opens: int,
) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(random.uniform(0, 1))  # not every connection in the same instant
    while loop.time() < deadline and report.opened < max_opens:
        report.opened += 1
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(
                    host,
                    port,
                    local_addr=(source, 0),
                    ssl=tls,
                    server_hostname=host if tls else None,
                ),
                timeout=5,
            )
        except (OSError, TimeoutError, ssl.SSLError):
            report.failed += 1
            await asyncio.sleep(random.uniform(0.5, 1.5))
            continue
        report.open_now += 1
        report.peak_open = max(report.peak_open, report.open_now)
        try:
            for byte in _endless_head():
                if loop.time() >= deadline:
                    break
                writer.write(byte)
                await writer.drain()
                try:
                    answer = await asyncio.wait_for(reader.read(512), timeout=1.0)
                except TimeoutError:
                    continue  # still open, still waiting for the rest of our head
                report.closed_by_server += 1
                report.answered_503 += answer.startswith(b"HTTP/1.1 503")
                break
        except (OSError, ssl.SSLError):
            pass
        finally:
            report.open_now -= 1
            writer.close()
        await asyncio.sleep(random.uniform(0.5, 1.5))  # a bounded rate of new connections


async def attack(
    *,
    host: str,
    port: int,
    source: str,
    connections: int,
    seconds: float,
    tls: ssl.SSLContext | None = None,
    max_opens: int = 60_000,
) -> AttackReport:
    report = AttackReport()
    deadline = asyncio.get_running_loop().time() + seconds
    await asyncio.gather(
        *(
            _one(
                report,
                host=host,
                port=port,
                source=source,
                tls=tls,
                deadline=deadline,
                max_opens=max_opens,
            )
            for _ in range(connections)
        )
    )
    return report


def start(
    *,
    port: int,
    connections: int,
    seconds: float,
    host: str = "127.0.0.1",
    source: str = "127.0.0.2",
    tls_ca: Path | None = None,
) -> subprocess.Popen[str]:
    """The attack as a process of its own; read its report with `finish`."""
    command = [
        sys.executable, "-m", "tests.slowclients", "--host", host, "--port", str(port),
        "--source", source, "--connections", str(connections), "--seconds", str(seconds),
    ]  # fmt: skip
    if tls_ca is not None:
        command += ["--tls", str(tls_ca)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str], timeout: float) -> AttackReport:
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError("the slow-client attack did not stop by itself") from None
    if process.returncode != 0:
        raise AssertionError(f"the slow-client attack failed ({process.returncode})")
    return AttackReport(**json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m tests.slowclients")
    p.add_argument("--host", default="127.0.0.1", type=_loopback)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--source", default="127.0.0.2", type=_loopback)
    p.add_argument("--connections", type=int, default=700)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--tls", type=Path, help="CA file: speak TLS, verifying the server with it")
    args = p.parse_args()
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = args.connections * 2 + 64
        if soft != resource.RLIM_INFINITY and soft < want:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    except (ImportError, ValueError, OSError):
        pass
    tls = ssl.create_default_context(cafile=str(args.tls)) if args.tls else None
    started = time.monotonic()
    report: AttackReport = asyncio.run(
        attack(
            host=args.host,
            port=args.port,
            source=args.source,
            connections=args.connections,
            seconds=args.seconds,
            tls=tls,
        )
    )
    report.elapsed = round(time.monotonic() - started, 1)
    print(json.dumps(asdict(report)))


if __name__ == "__main__":
    main()
