"""No plain http on the network by accident (issue 13, item 5).

Tried: `ektp-hub serve --host 0.0.0.0` with no TLS. Before: it served plain http on every
interface, tokens and sealed records in the clear on the office network. Now it refuses
to start (exit 2, one line) on any address but loopback unless given TLS
(--tls-cert/--tls-key) or --allow-http (as behind nginx, which adds the TLS)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from ektp_desk.hub.connections import is_loopback
from tests.hubproc import HubProcess, free_port
from tests.netns import ShapedLink
from tests.nginxproc import self_signed


def serve(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`ektp-hub serve` with no passphrase at hand: a refusal must come before the key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EKTP_HUB_")}
    return subprocess.run(
        [sys.executable, "-m", "ektp_desk.hub", "--db", str(tmp_path / "hub.sqlite3"), "serve",
         "--port", str(free_port()), *args],
        capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL,
        check=False,
    )  # fmt: skip


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.213.0.1", "192.168.1.10"])
def test_plain_http_off_loopback_is_refused(tmp_path: Path, host: str) -> None:
    done = serve(tmp_path, "--host", host)
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert "refusing plain http" in line and host in line
    assert "--allow-http" in line and "--tls-cert" in line
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "hub.sqlite3").exists()  # nothing opened, nothing bound


def test_loopback_needs_no_flag(tmp_path: Path) -> None:
    # Past the guard, the next thing `serve` needs is the key.
    for host in ("127.0.0.1", "localhost"):
        done = serve(tmp_path, "--host", host)
        assert done.returncode == 2
        assert "refusing plain http" not in done.stderr
        assert "cannot read the key" in done.stderr


def test_which_hosts_are_loopback() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "", "10.0.0.1", "192.168.1.10"))


def test_allow_http_or_tls_serves_on_a_network_address(tmp_path: Path, link: ShapedLink) -> None:
    """On this host's end of a veth pair to a test namespace: a real non-loopback address
    that no other machine can reach."""
    hub = HubProcess(tmp_path / "plain", host=link.host_ip)
    hub.keygen()
    refused = hub.cli("serve", "--host", link.host_ip, "--port", str(hub.port), check=False)
    assert refused.returncode == 2 and "--allow-http" in refused.stderr
    hub.start("--allow-http")
    try:
        assert requests.get(hub.url + "/api/v1/health", timeout=5).json()
    finally:
        hub.stop()
    cert, key = self_signed(tmp_path / "tls", ips=(link.host_ip,))
    tls_hub = HubProcess(tmp_path / "tls-hub", host=link.host_ip, tls=(cert, key))
    tls_hub.keygen()
    tls_hub.start()  # TLS: no flag needed
    try:
        assert requests.get(tls_hub.url + "/api/v1/health", timeout=5, verify=str(cert)).json()
    finally:
        tls_hub.stop()


def test_unusable_tls_files_are_refused_in_one_line(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    for cert in (tmp_path / "missing.pem", garbage):
        done = serve(tmp_path, "--host", "0.0.0.0", "--tls-cert", str(cert), "--tls-key", str(cert))
        assert done.returncode == 2
        (line,) = done.stderr.strip().splitlines()
        assert "cannot serve TLS" in line and str(cert) in line
