"""A test host of our own: a network namespace joined to this one by a veth pair, with the
link shaped by `tc tbf` and taken down and up on demand. Needs root (CI runs as root)."""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import pytest


class NetnsUnavailable(Exception):
    pass


def _run(*args: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
    if done.returncode != 0:
        raise NetnsUnavailable(f"{' '.join(args)}: {done.stderr.strip()}")


class ShapedLink:
    """Namespace `name` at 10.213.N.2, this side at 10.213.N.1, both ends at `rate`."""

    def __init__(self, *, rate: str = "2mbit") -> None:
        n = random.randint(1, 250)
        tag = f"{os.getpid() % 10000}{n}"
        self.name = f"ektp{tag}"
        self.host_if = f"ekh{tag}"[:15]
        self.ns_if = f"ekn{tag}"[:15]
        self.host_ip = f"10.213.{n}.1"
        self.ns_ip = f"10.213.{n}.2"
        self.subnet = f"10.213.{n}.0/24"
        self.rate = rate
        self._up = False

    def __enter__(self) -> ShapedLink:
        if os.geteuid() != 0:
            raise NetnsUnavailable("network namespaces need root")
        try:
            _run("ip", "netns", "add", self.name)
            self._up = True
            _run("ip", "link", "add", self.host_if, "type", "veth", "peer", "name", self.ns_if)
            _run("ip", "link", "set", self.ns_if, "netns", self.name)
            _run("ip", "addr", "add", f"{self.host_ip}/24", "dev", self.host_if)
            _run("ip", "link", "set", self.host_if, "up")
            # Should the connected route ever vanish, the test hosts' addresses must stay
            # unreachable rather than fall through to the default route.
            _run("ip", "route", "add", "unreachable", self.subnet, "metric", "4000")
            ns = ("ip", "netns", "exec", self.name)
            _run(*ns, "ip", "addr", "add", f"{self.ns_ip}/24", "dev", self.ns_if)
            _run(*ns, "ip", "link", "set", self.ns_if, "up")
            _run(*ns, "ip", "link", "set", "lo", "up")
            # The same shaping both ways: 2 Mbit/s with a queue of 400 ms.
            shape = ("root", "tbf", "rate", self.rate, "burst", "32kbit", "latency", "400ms")
            _run("tc", "qdisc", "add", "dev", self.host_if, *shape)
            _run(*ns, "tc", "qdisc", "add", "dev", self.ns_if, *shape)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        subprocess.run(["ip", "link", "del", self.host_if], capture_output=True, check=False)
        subprocess.run(
            ["ip", "route", "del", "unreachable", self.subnet, "metric", "4000"],
            capture_output=True,
            check=False,
        )
        if self._up:
            subprocess.run(["ip", "netns", "del", self.name], capture_output=True, check=False)
            self._up = False

    def down(self) -> None:
        """The far end goes dark: this side keeps its route (marked linkdown), so packets
        for the namespace are dropped here and never leave by another way."""
        _run("ip", "netns", "exec", self.name, "ip", "link", "set", self.ns_if, "down")

    def up(self) -> None:
        _run("ip", "netns", "exec", self.name, "ip", "link", "set", self.ns_if, "up")

    def tx_bytes(self) -> int:
        """Bytes this side has sent over the link, frames included."""
        return int(Path(f"/sys/class/net/{self.host_if}/statistics/tx_bytes").read_text())

    def rx_bytes(self) -> int:
        return int(Path(f"/sys/class/net/{self.host_if}/statistics/rx_bytes").read_text())


def shaped_link_or_skip(rate: str = "2mbit") -> ShapedLink:
    link = ShapedLink(rate=rate)
    try:
        link.__enter__()
    except NetnsUnavailable as exc:
        if os.environ.get("EKTP_REQUIRE_NETNS") == "1":  # CI here can: a skip would hide a failure
            pytest.fail(f"cannot make a network namespace: {exc}")
        pytest.skip(f"cannot make a network namespace here: {exc}")
    return link
