"""A throwaway PostgreSQL server (Debian's postgresql-15) for the tests of the hub on
PostgreSQL, as production has it: its own cluster in a temporary folder, owned by and run as
the `postgres` user when the tests run as root (PostgreSQL refuses to run as root), on
127.0.0.1 at a free port with its unix socket in that folder, fsync on.

`pg_server` (session) starts it once; `pg_url` gives each test a database of its own, made
from an empty template and dropped after the test. Where PostgreSQL is missing the tests skip
with the reason, unless EKTP_REQUIRE_POSTGRES=1 (CI) says they must run."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hubproc import free_port

TEMPLATE = "ektp_template"
USER = "postgres"


def find_bindir() -> Path | None:
    """The PostgreSQL binaries: version 15 where installed, else the newest there is."""
    root = Path("/usr/lib/postgresql")
    preferred = root / "15" / "bin"
    if (preferred / "initdb").exists():
        return preferred
    found = sorted(root.glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name), reverse=True)
    return found[0].parent if found else None


def missing_reason() -> str | None:
    """Why a PostgreSQL server cannot be started here, or None when it can."""
    if find_bindir() is None:
        return "PostgreSQL is not installed (Debian: apt-get install postgresql-15)"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "runuser is missing: PostgreSQL cannot be started as its own user"
        try:
            import pwd

            pwd.getpwnam(USER)
        except KeyError:
            return f"there is no {USER!r} user to run PostgreSQL as"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'ektp-desk[hub]')"
    return None


def postgres_or_skip() -> None:
    reason = missing_reason()
    if reason is not None:
        if os.environ.get("EKTP_REQUIRE_POSTGRES") == "1":  # CI installs it: a skip would hide
            pytest.fail(f"PostgreSQL is required here (EKTP_REQUIRE_POSTGRES=1): {reason}")
        pytest.skip(reason)


class PostgresServer:
    """One cluster in `folder` (made here when None; the postgres user must be able to reach
    it, which a folder inside another's private temporary folder is not); `start()`,
    `stop()`, a database each."""

    def __init__(self, folder: Path | None = None, *, port: int | None = None) -> None:
        bindir = find_bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed")
        self.bindir = bindir
        self.folder = folder or Path(tempfile.mkdtemp(prefix="ektp-pg-"))
        self.data = self.folder / "data"
        self.port = port or free_port()
        self.log = self.folder / "postgres.log"
        self.as_root = os.geteuid() == 0
        self.running = False

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", USER, "--"] if self.as_root else []
        return subprocess.run(
            [*prefix, *command], capture_output=True, text=True, timeout=120, check=True
        )

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o700)
        if self.as_root:
            shutil.chown(self.folder, USER, USER)
        if not self.data.exists():
            try:
                self._run(
                    str(self.bindir / "initdb"), "-D", str(self.data), "-U", USER,
                    "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions",
                )  # fmt: skip
            except subprocess.CalledProcessError as exc:
                raise RuntimeError(f"initdb failed in {self.folder}: {exc.stderr}") from None
        options = " ".join(
            (
                "-c listen_addresses=127.0.0.1",
                f"-p {self.port}",
                f"-c unix_socket_directories={self.folder}",
                "-c fsync=on",
                "-c max_connections=300",
            )
        )
        try:
            self._run(
                str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                "-o", options, "-w", "-t", "60", "start",
            )  # fmt: skip
        except subprocess.CalledProcessError as exc:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{log}") from None
        self.running = True
        self.admin(f"CREATE DATABASE {TEMPLATE}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """One statement on the `postgres` database, outside a transaction (CREATE/DROP
        DATABASE cannot run in one)."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.encode())

    def new_database(self) -> str:
        """A fresh, empty database made from the template; its URL."""
        name = "t_" + uuid.uuid4().hex[:16]
        self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    @contextlib.contextmanager
    def database(self) -> Iterator[str]:
        url = self.new_database()
        try:
            yield url
        finally:
            self.drop_database(url)

    def stop(self) -> None:
        if self.running:
            with contextlib.suppress(subprocess.SubprocessError):
                self._run(
                    str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                    "-w", "stop",
                )  # fmt: skip
            self.running = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server, started at the first test that needs it."""
    postgres_or_skip()
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> Iterator[str]:
    """A `postgresql://` URL to an empty database of the test's own, dropped after it."""
    with pg_server.database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def hub_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The hub's database, once in each store: a SQLite file's path, then a PostgreSQL URL."""
    if request.param == "sqlite":
        (tmp_path / "hub-db").mkdir()
        return str(tmp_path / "hub-db" / "hub.sqlite3")
    return str(request.getfixturevalue("pg_url"))
