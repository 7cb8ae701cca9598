"""A real `ektp-hub serve` process on a free loopback port, for integration tests and
benchmarks."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

PASSPHRASE = "hub-passphrase-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def limit_open_files(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))


class HubProcess:
    def __init__(
        self,
        folder: Path,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        tls: tuple[Path, Path] | None = None,
        db: str | None = None,
    ) -> None:
        """`db`: a `postgresql://` URL for a hub on PostgreSQL (the `hub_db` fixture gives
        one), a SQLite file's path, or None for `hub.sqlite3` in `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.db: str | Path = (
            db
            if db is not None and db.startswith("postgresql://")
            else Path(db or folder / "hub.sqlite3")
        )
        self.key_path = (
            folder / "hub.key.pem" if isinstance(self.db, str) else self.db.with_suffix(".key.pem")
        )
        self.host = host
        self.port = port or free_port()
        self.env = {
            **os.environ,
            "EKTP_HUB_DB": str(self.db),
            "EKTP_HUB_KEY": str(self.key_path),
            "EKTP_HUB_PASSPHRASE": PASSPHRASE,
        }
        self.tls = tls
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = folder / "hub.log"

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "ektp_desk.hub", *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=60,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"ektp-hub {' '.join(args)} failed: {done.stderr}")
        return done

    def keygen(self) -> None:
        self.cli("keygen")

    def add_desk(self, desk_id: str, kecamatan: str = "72.71.02") -> str:
        return self.cli("desk", "add", desk_id, "--kecamatan", kecamatan).stdout.splitlines()[-1]

    def start(self, *extra: str, netns: str | None = None, nofile: int | None = None) -> None:
        """Serve with `extra` options; `nofile` lowers the process's open-file limit."""
        command = [
            sys.executable, "-m", "ektp_desk.hub", "serve",
            "--host", self.host, "--port", str(self.port), *extra,
        ]  # fmt: skip
        if self.tls:
            command += ["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
        if netns:
            command = ["ip", "netns", "exec", netns, *command]
        self.proc = subprocess.Popen(
            command,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() takes its workers too
            # Only setrlimit runs between fork and exec: no lock that a thread could hold.
            preexec_fn=None if nofile is None else lambda: limit_open_files(nofile),  # noqa: PLW1509
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the hub exited: {self.log.read_text()[-2000:]}")
            try:
                if netns is None:
                    requests.get(
                        self.url + "/api/v1/health",
                        timeout=1,
                        verify=str(self.tls[0]) if self.tls else True,
                    ).raise_for_status()
                else:
                    subprocess.run(
                        ["ip", "netns", "exec", netns, sys.executable, "-c",
                         "import urllib.request,sys;"
                         f"urllib.request.urlopen('{self.url}/api/v1/health', timeout=1)"],
                        check=True, capture_output=True, timeout=10,
                    )  # fmt: skip
                return
            except (requests.RequestException, subprocess.CalledProcessError):
                time.sleep(0.1)
        raise AssertionError("the hub did not start in 30 s")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            # The hub and every worker it forked, as a power cut would.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None
