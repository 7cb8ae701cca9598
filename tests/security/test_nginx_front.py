"""The production deployment: nginx (Debian's package) in front of `ektp-hub serve`,
terminating TLS and holding off slow clients (issue 13, item 1). `ektp-hub nginx-config`
prints the site; nginx accepts it; and with it in front, health answers within 2 s while
one address floods nginx with slow request heads."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ektp_desk.hub.limits import DEFAULT_MAX_BATCH_BYTES
from tests import slowclients
from tests.hubproc import HubProcess, free_port
from tests.nginxproc import NginxProcess, hub_options, nginx_or_skip, self_signed
from tests.security.test_slow_clients import (
    ATTACK_SECONDS,
    HUB_NOFILE,
    late,
    probe_health,
    summary_lines,
)


def nginx_config(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ektp_desk.hub", "nginx-config", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def directives(site: str) -> dict[str, list[str]]:
    """Each directive's values, comments left out."""
    found: dict[str, list[str]] = {}
    for raw in site.splitlines():
        line = raw.split("#", 1)[0].strip().rstrip(";{").strip()
        if line and line != "}":
            name, _, value = line.partition(" ")
            found.setdefault(name, []).append(value.strip())
    return found


def test_nginx_config_prints_the_production_site(tmp_path: Path) -> None:
    cert, key = tmp_path / "hub.crt", tmp_path / "hub.key"
    done = nginx_config(
        "--listen", "443", "--upstream", "127.0.0.1:8080", "--cert", str(cert), "--key", str(key)
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    site = done.stdout
    d = directives(site)
    assert d["listen"] == ["443 ssl"]
    assert d["ssl_certificate"] == [str(cert)]
    assert d["ssl_certificate_key"] == [str(key)]
    assert d["client_header_timeout"] == ["10s"]
    assert d["client_body_timeout"] == ["10s"]
    assert d["send_timeout"] == ["30s"]
    assert d["client_max_body_size"] == [str(DEFAULT_MAX_BATCH_BYTES)]
    assert d["limit_conn_zone"] == ["$binary_remote_addr zone=ektp_hub_conn:10m"]
    assert d["limit_conn"] == ["ektp_hub_conn 64"]
    assert d["limit_req_zone"][0].startswith("$binary_remote_addr zone=ektp_hub_req")
    assert d["limit_req"] == ["zone=ektp_hub_req burst=100 nodelay"]
    assert d["upstream"] == ["ektp_hub"]
    assert d["server"] == ["127.0.0.1:8080", ""]  # in the upstream, then the server block
    assert d["keepalive"] == ["32"]
    assert d["keepalive_timeout"] == ["30s"]
    assert d["proxy_pass"] == ["http://ektp_hub"]
    assert "X-Forwarded-For $remote_addr" in d["proxy_set_header"]
    assert d["proxy_request_buffering"] == ["on"]
    assert "`proxy_request_buffering off` would" in site  # the choice is explained
    assert site.count("{") == site.count("}")
    # The comments give the hub's own command line, behind nginx: no cap per address.
    assert "#   ektp-hub serve --host 127.0.0.1 --port 8080 --max-conns-per-address 0" in site


def test_nginx_config_options_and_bad_values(tmp_path: Path) -> None:
    done = nginx_config(
        "--listen", "0.0.0.0:8443", "--upstream", "127.0.0.1:9000", "--cert", "c.pem",
        "--key", "k.pem", "--max-body-bytes", "1000000", "--max-conns-per-address", "8",
        "--requests-per-second", "3", "--client-timeout", "5", "--server-name", "hub.example",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    d = directives(done.stdout)
    assert d["listen"] == ["0.0.0.0:8443 ssl"]
    assert d["client_max_body_size"] == ["1000000"]
    assert d["limit_conn"] == ["ektp_hub_conn 8"]
    assert d["limit_req"] == ["zone=ektp_hub_req burst=30 nodelay"]
    assert d["client_header_timeout"] == ["5s"]
    assert d["server_name"] == ["hub.example"]
    assert Path(d["ssl_certificate"][0]).is_absolute()  # nginx reads it from anywhere
    assert "--max-batch-bytes 1000000" in done.stdout
    for bad in (
        ["--upstream", "127.0.0.1"],
        ["--upstream", "127.0.0.1:99999"],
        ["--listen", "here"],
        ["--server-name", "a; include /etc/passwd"],
    ):
        done = nginx_config("--cert", "c.pem", "--key", "k.pem", *bad)
        assert done.returncode == 2, bad
        assert done.stdout == ""
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "Traceback" not in done.stderr


def site_for(tmp_path: Path, *, port: int, hub_port: int) -> tuple[str, Path]:
    cert, key = self_signed(tmp_path / "tls")
    done = nginx_config(
        "--listen", f"127.0.0.1:{port}", "--upstream", f"127.0.0.1:{hub_port}",
        "--cert", str(cert), "--key", str(key),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout, cert


def test_nginx_accepts_the_site(tmp_path: Path) -> None:
    nginx = nginx_or_skip()
    site, _cert = site_for(tmp_path, port=free_port(), hub_port=free_port())
    checked = NginxProcess(nginx, tmp_path / "nginx", site).check()
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


@pytest.mark.slow
def test_health_answers_through_nginx_while_one_address_floods_it(tmp_path: Path) -> None:
    nginx = nginx_or_skip()
    hub = HubProcess(tmp_path / "hub")
    port = free_port()
    site, cert = site_for(tmp_path, port=port, hub_port=hub.port)
    hub.keygen()
    hub.start(*hub_options(site), nofile=HUB_NOFILE)
    proxy = NginxProcess(nginx, tmp_path / "nginx", site)
    try:
        proxy.start(port, verify=cert)
        attack = slowclients.start(
            port=port, connections=HUB_NOFILE + 200, seconds=ATTACK_SECONDS, tls_ca=cert
        )
        time.sleep(2)
        probes = probe_health(
            f"https://127.0.0.1:{port}/api/v1/health",
            seconds=ATTACK_SECONDS - 4,
            verify=str(cert),
        )
        report = slowclients.finish(attack, timeout=ATTACK_SECONDS + 30)
    finally:
        proxy.stop()
        hub.stop()
    worst = max((p for p in probes if isinstance(p, float)), default=None)
    print(f"\nthrough nginx: {report}; health: {len(probes)} probes, worst {worst} s")
    assert report.opened > HUB_NOFILE, report
    assert report.peak_open > HUB_NOFILE, report  # nginx held them all at once
    assert report.closed_by_server > 0, report  # client_header_timeout cut them
    assert late(probes) == [], (late(probes), report)
    assert len(probes) >= 20
    errors = proxy.log()
    assert "worker_connections are not enough" not in errors
    assert not re.search(r"\[(emerg|alert|crit)\]", errors), errors
    assert summary_lines(hub.log.read_text()) == []  # nothing slow ever reached the hub
