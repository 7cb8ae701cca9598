"""A real nginx (Debian's package) in front of a test hub, as the production deployment
has it: started by the test itself with everything (pid, logs, temporary files) in the
test's folder, the site printed by `ektp-hub nginx-config`, and a self-signed certificate
made here. Skips where nginx is missing unless EKTP_REQUIRE_NGINX=1 (CI) says it must run."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests


def nginx_or_skip() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found is None:
        if os.environ.get("EKTP_REQUIRE_NGINX") == "1":  # CI installs it: a skip would hide
            pytest.fail("nginx is required here (EKTP_REQUIRE_NGINX=1) but is not installed")
        pytest.skip("nginx is not installed (Debian: apt-get install nginx)")
    return found


def self_signed(folder: Path, *, ips: tuple[str, ...] = ("127.0.0.1",)) -> tuple[Path, Path]:
    """A certificate for `ips` and localhost, and its key (PEM)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ektp-hub nginx test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    *(x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips),
                    x509.DNSName("localhost"),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "site.crt", folder / "site.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def main_config(folder: Path, site: Path) -> str:
    """nginx.conf around a site, as Debian's has it (the site inside `http`), with every
    path in `folder` and nginx in the foreground. The connection counts are the ones the
    site's comments advise for production."""
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers can read the test dir
    return f"""\
{user}daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
worker_rlimit_nofile 16384;
events {{
    worker_connections 8192;
}}
http {{
    access_log off;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {site};
}}
"""


class NginxProcess:
    def __init__(self, nginx: str, folder: Path, site_text: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.nginx = nginx
        self.folder = folder
        self.site = folder / "site.conf"
        self.site.write_text(site_text)
        self.conf = folder / "nginx.conf"
        self.conf.write_text(main_config(folder, self.site))
        self.proc: subprocess.Popen[bytes] | None = None

    def command(self, *extra: str) -> list[str]:
        return [
            self.nginx, "-p", str(self.folder), "-c", str(self.conf),
            "-e", str(self.folder / "error.log"), *extra,
        ]  # fmt: skip

    def check(self) -> subprocess.CompletedProcess[str]:
        """`nginx -t` on the configuration."""
        return subprocess.run(
            self.command("-t"), capture_output=True, text=True, timeout=30, check=False
        )

    def start(self, port: int, verify: Path) -> None:
        self.proc = subprocess.Popen(
            self.command(),
            stdout=(self.folder / "stdout.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"nginx exited: {self.log()}")
            try:
                requests.get(
                    f"https://127.0.0.1:{port}/api/v1/health", timeout=1, verify=str(verify)
                ).raise_for_status()
                return
            except requests.RequestException:
                time.sleep(0.1)
        raise AssertionError(f"nginx did not answer in 20 s: {self.log()}")

    def log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text()[-2000:] if path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: workers finish, then exit
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None


def hub_options(site_text: str) -> list[str]:
    """The `ektp-hub serve` options that the site's comments say the hub runs with, less
    --host and --port (the test's hub has its own)."""
    line = next(x for x in site_text.splitlines() if x.startswith("#   ektp-hub serve "))
    words = line.removeprefix("#   ektp-hub serve ").split()
    options: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in ("--host", "--port"):
            skip = True
        else:
            options.append(word)
    return options
