"""The Windows ways of failing (issue 19's table), each tried here by injecting what Windows
does where it cannot happen on Linux: its platform name, its errors, its signals, its
slow refused connections."""

from __future__ import annotations

import csv
import dataclasses
import http.server
import logging
import os
import signal
import ssl
import struct
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

# psutil is loaded on first use; loaded here, before a test names the platform win32 (it
# picks its Windows module when imported), as the program has it loaded on Windows.
import psutil  # noqa: F401
import pytest
import requests

from ektp_desk import crash, fsutil, logs, paths
from ektp_desk.cli import main
from ektp_desk.cli.base import stop_on_signals
from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk, FileInUse
from ektp_desk.sync.client import HubClient, hub_session
from tests.conftest import ADMIN_PASSWORD, pin_test_hub
from tests.heldopen import in_use_error, refuse_replace
from tests.nginxproc import self_signed

ROOT = Path(__file__).resolve().parents[2]


# -- the data dir per machine ------------------------------------------------------------------


def test_on_windows_every_account_shares_one_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("PROGRAMDATA", str(tmp_path / "ProgramData"))
    seen = set()
    for account in ("operator1", "supervisor"):  # two Windows accounts of the PC
        monkeypatch.setenv("HOME", str(tmp_path / account))
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / account / "data"))
        seen.add(paths.default_data_dir(platform="win32"))
    assert seen == {tmp_path / "ProgramData" / "ektp-desk"}
    # elsewhere the user's own, and the environment still wins everywhere
    assert paths.default_data_dir(platform="linux") == tmp_path / "supervisor" / "data/ektp-desk"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "mine"))
    assert paths.default_data_dir(platform="win32") == tmp_path / "mine"


def test_a_desk_of_the_per_account_dir_is_still_found_until_moved(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("PROGRAMDATA", str(tmp_path / "ProgramData"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "old"))
    older = tmp_path / "old" / "ektp-desk"
    older.mkdir(parents=True)
    (older / "desk.sqlite3").write_bytes(b"")
    assert paths.default_data_dir(platform="win32") == older
    machine = tmp_path / "ProgramData" / "ektp-desk"
    machine.mkdir(parents=True)
    (machine / "desk.sqlite3").write_bytes(b"")  # moved: the machine's wins
    assert paths.default_data_dir(platform="win32") == machine


# -- process liveness ---------------------------------------------------------------------------


def test_liveness_is_asked_through_psutil_without_posix_signals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import subprocess

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        # No branch per OS any more: psutil asks Windows itself (there, os.kill(pid, 0) would
        # send a Ctrl+C), so the one code path runs here with Windows' platform name too.
        monkeypatch.setattr(sys, "platform", "win32")
        assert not fsutil.process_alive(child.pid)
        assert fsutil.process_alive(sleeper.pid)
        assert fsutil.process_alive(os.getpid())
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_killed_syncs_lease_is_not_waited_out_on_windows() -> None:
    import socket
    import subprocess

    from ektp_desk.sync.lease import owner_gone

    host = socket.gethostname()
    killed = subprocess.Popen([sys.executable, "-c", "pass"])
    killed.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    owners = {
        "killed": f"{host}:{killed.pid}:1",
        "running": f"{host}:{running.pid}:1",
        "this process": f"{host}:{os.getpid()}:2",  # another thread of this one
        "another PC's": f"another-pc:{killed.pid}:1",
    }
    try:
        # Windows' names only while asking: pytest's own paths need the real ones to report.
        with pytest.MonkeyPatch.context() as windows:
            windows.setattr(os, "name", "nt")
            windows.setattr(sys, "platform", "win32")
            gone = {kind: owner_gone(owner) for kind, owner in owners.items()}
    finally:
        running.kill()
        running.wait()
    assert gone == {"killed": True, "running": False, "this process": False, "another PC's": False}


def test_a_killed_writers_partial_is_removed_and_a_live_ones_kept(tmp_path: Path) -> None:
    import subprocess

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / f".backup.db.{dead.pid}.tmp").write_bytes(b"plain copy")
    (tmp_path / f".backup.db.{os.getpid()}.tmp").write_bytes(b"being written")
    assert fsutil.remove_stale_partials(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == [f".backup.db.{os.getpid()}.tmp"]


# -- logs of several processes ------------------------------------------------------------------


def test_a_rotation_refused_by_windows_is_put_off_not_an_error_per_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "ektp-desk.log"
    handler = logs.SharedRotatingFileHandler(path, maxBytes=200, backupCount=2, encoding="utf-8")
    errors: list[logging.LogRecord] = []
    monkeypatch.setattr(handler, "handleError", errors.append)
    logger = logging.getLogger("test_windows.rotation")
    logger.propagate = False
    logger.addHandler(handler)

    def held_open(*_args: object) -> None:
        raise in_use_error()  # another process (the window, a scheduled task) has it open

    try:
        monkeypatch.setattr(os, "rename", held_open)
        for n in range(20):
            logger.warning("line %02d of a log that another process holds open", n)
        assert errors == []
        assert path.read_text("utf-8").count("line") == 20
        assert not path.with_name("ektp-desk.log.1").exists()
        monkeypatch.undo()  # the file is free again, and the retry is due
        handler.retry_at = 0.0
        logger.warning("after")
        assert path.with_name("ektp-desk.log.1").exists()
        assert path.read_text("utf-8").count("after") == 1
    finally:
        logger.removeHandler(handler)
        handler.close()


def test_each_kind_of_process_logs_to_its_own_file() -> None:
    kinds = {logs.log_kind(c) for c in (None, "sync", "backup", "tally", "record")}
    assert kinds == {"window", "sync", "backup", "cli"}
    files = {paths.log_file(k).name for k in kinds}
    assert files == {
        "ektp-desk.log",
        "ektp-desk-sync.log",
        "ektp-desk-backup.log",
        "ektp-desk-cli.log",
    }


# -- an export onto a file open in another program ----------------------------------------------


def test_an_export_onto_an_open_file_says_so_and_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch, desk: Desk, tmp_path: Path
) -> None:
    target = tmp_path / "laporan.csv"
    target.write_text("what Excel shows", "utf-8")
    refuse_replace(monkeypatch, target)
    with pytest.raises(FileInUse) as caught:
        desk.reports.export_tally("csv", target, date(2026, 11, 27))
    assert caught.value.target == target and caught.value.code == "file_in_use"
    assert "open in another program" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk", "laporan.csv"]  # no .tmp
    assert target.read_text("utf-8") == "what Excel shows"


def test_the_cli_names_the_open_file_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
    desk: Desk,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "laporan.xlsx"
    target.write_bytes(b"open in Excel")
    refuse_replace(monkeypatch, target)
    monkeypatch.setenv("EKTP_DESK_USER", "admin")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
    data_dir = str(desk.data_dir)
    desk.close()
    args = ["tally", "--data-dir", data_dir, "--date", "2026-11-27", "--format", "xlsx"]
    code = main([*args, "-o", str(target)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and "open in another program" in err, err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def pdf_through_a_temporary_file(_document: object, target: Path) -> None:
    """A PDF writer as the window's: into a temporary file beside `target`, then renamed."""
    from ektp_desk.reports.writers import atomic_path

    with atomic_path(target) as tmp:
        tmp.write_bytes(b"%PDF-1.4 a new ticket")


def write_ticket(desk: Desk, target: Path) -> None:
    desk.queue.enqueue(nik=None, nama="Budi", walk_in=True)
    document = desk.paper.ticket(1, date(2026, 11, 27))
    desk.paper.export(document, target, writer=pdf_through_a_temporary_file, kind="ticket")


def write_bundle(desk: Desk, target: Path) -> None:
    pin_test_hub(desk)
    seed(desk, recordings=2, detail=BiometricDetail.NONE)
    desk.bundles.export(target)


def write_backup(desk: Desk, target: Path) -> None:
    desk.backups.write(target, "frasa-sandi-cadangan")


# A file the person names, by the audit entry its writing leaves: a PDF viewer holds the
# last ticket open, Explorer is still copying yesterday's bundle or backup.
NAMED_FILES: dict[str, tuple[str, Callable[[Desk, Path], None]]] = {
    "antrian.pdf": ("paper.ticket", write_ticket),
    "usb.ektpbundle": ("bundle.export", write_bundle),
    "cadangan.ektpbak": ("backup", write_backup),
}


@pytest.mark.parametrize("name", list(NAMED_FILES))
def test_a_named_file_onto_an_open_one_says_so_in_both_languages_and_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch, desk: Desk, tmp_path: Path, name: str
) -> None:
    action, write = NAMED_FILES[name]
    target = tmp_path / name
    target.write_bytes(b"open in another program")
    refuse_replace(monkeypatch, target)
    with pytest.raises(FileInUse) as caught:
        write(desk, target)
    assert caught.value.target == target
    assert str(caught.value).startswith(f"cannot write {target}: the file is open in another")
    assert caught.value.text("id").startswith(f"{target} sedang dibuka di program lain")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["desk", name])  # no .tmp
    assert target.read_bytes() == b"open in another program"
    actions = [a for (a,) in desk.session.connection.execute("SELECT action FROM audit")]
    assert action not in actions


@pytest.mark.parametrize("command", ["print", "bundle"])
def test_the_print_and_bundle_commands_name_the_open_file_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
    desk: Desk,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    if command == "print":
        pytest.importorskip("PySide6")  # the PDF is drawn by Qt
        desk.queue.enqueue(nik=None, nama="Budi", walk_in=True)
        target = tmp_path / "antrian.pdf"
        args = ["print", "ticket", "A001", "--date", "2026-11-27", "--pdf", str(target)]
    else:
        pin_test_hub(desk)
        seed(desk, recordings=2, detail=BiometricDetail.NONE)
        target = tmp_path / "usb.ektpbundle"
        args = ["bundle", "export", "-o", str(target)]
    target.write_bytes(b"open elsewhere")
    refuse_replace(monkeypatch, target)
    monkeypatch.setenv("EKTP_DESK_USER", "admin")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
    data_dir = str(desk.data_dir)
    desk.close()
    code = main([args[0], "--data-dir", data_dir, *args[1:]])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.splitlines() == [
        f"ektp-desk: error: cannot write {target}: the file is open in another program; close "
        "it there, or write to another name; nothing was written"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["desk", target.name])
    assert target.read_bytes() == b"open elsewhere"


def test_a_permission_error_of_another_kind_is_not_called_an_open_file(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    with (
        pytest.raises(PermissionError) as caught,
        pytest.MonkeyPatch.context() as mp,
    ):
        mp.setattr(os, "replace", lambda *_a: (_ for _ in ()).throw(PermissionError(13, "no")))
        with fsutil.atomic_private_path(target) as tmp:
            tmp.write_text("{}")
    assert not isinstance(caught.value, fsutil.TargetInUse)


# -- CSV for Excel set to Indonesian --------------------------------------------------------------


def read_csv(path: Path, delimiter: str) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))


def test_the_tally_csv_in_excel_indonesia_and_standard_style(desk: Desk, tmp_path: Path) -> None:
    counted = desk.reports.tally(date(2026, 11, 27))
    # a fraction, as a busy day has
    tally = dataclasses.replace(
        counted, queue=dataclasses.replace(counted.queue, average_wait_minutes=12.5)
    )
    from ektp_desk.reports.writers import write_csv

    write_csv(tally, tmp_path / "id.csv", style="excel-id")
    write_csv(tally, tmp_path / "std.csv", style="standard")
    excel = read_csv(tmp_path / "id.csv", ";")
    standard = read_csv(tmp_path / "std.csv", ",")
    assert excel[0] == ["bagian", "kunci", "jumlah"] == standard[0]
    assert ["ringkasan", "Rata-rata menunggu (menit)", "12,5"] in excel
    assert ["ringkasan", "Rata-rata menunggu (menit)", "12.5"] in standard
    assert len(excel) == len(standard)


def test_the_cli_writes_either_csv_style(
    monkeypatch: pytest.MonkeyPatch, desk: Desk, tmp_path: Path
) -> None:
    monkeypatch.setenv("EKTP_DESK_USER", "admin")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
    data_dir = str(desk.data_dir)
    desk.close()
    base = ["tally", "--data-dir", data_dir, "--date", "2026-11-27", "--format", "csv"]
    assert main([*base, "-o", str(tmp_path / "a.csv"), "--csv-style", "excel-id"]) == 0
    assert main([*base, "-o", str(tmp_path / "b.csv")]) == 0
    first = (tmp_path / "a.csv").read_text("utf-8-sig").splitlines()[0]
    assert first == "bagian;kunci;jumlah"
    assert (tmp_path / "b.csv").read_text("utf-8-sig").splitlines()[0] == "bagian,kunci,jumlah"


# -- loopback sessions and the OS trust store ------------------------------------------------------


class Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hello() -> Iterator[http.server.HTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_hub_on_loopback_is_reached_past_the_office_proxy(
    monkeypatch: pytest.MonkeyPatch, hello: http.server.HTTPServer
) -> None:
    url = f"http://127.0.0.1:{hello.server_address[1]}/"
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # the office's proxy, which fails here
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(requests.exceptions.ProxyError):
        requests.Session().get(url, timeout=5)  # what the demo's hub client used to do
    assert hub_session(url).get(url, timeout=5).text == "ok"
    assert HubClient(url).session.trust_env is False
    assert HubClient("https://hub.example.go.id").session.trust_env is True


@pytest.fixture
def https_hello(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    cert, key = self_signed(tmp_path / "tls")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/", cert
    server.shutdown()
    server.server_close()


def test_the_hub_client_trusts_a_ca_of_the_systems_store(
    monkeypatch: pytest.MonkeyPatch, https_hello: tuple[str, Path]
) -> None:
    url, ca = https_hello
    # The office's IT put its CA in the system's store (OpenSSL's here, Windows' there).
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    with pytest.raises(requests.exceptions.SSLError):
        requests.Session().get(url, timeout=5)  # certifi's list alone
    assert HubClient(url).session.get(url, timeout=5).text == "ok"
    # A CA bundle configured for the hub is used as it is, as before.
    assert HubClient(url, verify=str(ca)).session.get(url, timeout=5, verify=str(ca)).ok


# -- Ctrl+C and Ctrl+Break ----------------------------------------------------------------------


def test_sync_and_the_simulator_stop_on_ctrl_break_where_it_exists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    installed: dict[int, object] = {}
    monkeypatch.setattr(signal, "SIGBREAK", 1021, raising=False)  # Windows' Ctrl+Break
    monkeypatch.setattr(signal, "signal", installed.__setitem__)
    stop = stop_on_signals()
    assert {signal.SIGINT, 1021, signal.SIGTERM} <= set(installed)
    handler = installed[1021]
    assert callable(handler)
    handler(1021, None)
    assert stop.is_set()


def test_the_commands_wait_for_a_stop_in_waits_a_signal_can_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ektp_desk.cli import base

    waits: list[float | None] = []
    stop = threading.Event()

    def wait(timeout: float | None = None) -> bool:
        waits.append(timeout)
        if len(waits) == 3:
            stop.set()  # Ctrl+C, heard between two waits
        return stop.is_set()

    monkeypatch.setattr(stop, "wait", wait)
    base.wait_for_stop(stop)
    assert len(waits) == 3 and all(w is not None and w <= 0.5 for w in waits)


def test_the_windowed_program_has_streams_to_write_to(monkeypatch: pytest.MonkeyPatch) -> None:
    from ektp_desk.cli.base import ensure_streams

    monkeypatch.setattr(sys, "stdout", None)  # as in a windowed program on Windows
    monkeypatch.setattr(sys, "stderr", None)
    ensure_streams()
    assert sys.stdout is not None and sys.stderr is not None
    sys.stdout.write("saved 1\n")  # what `record add` writes
    sys.stdout.flush()
    sys.stdout.close()
    sys.stderr.close()


# -- SBI discovery where a refused connection takes Windows 2 s -----------------------------------


def test_discovery_probes_every_port_at_once_with_a_short_deadline() -> None:
    import time

    from ektp_desk.capture.loopback import Budget, DeviceGone
    from ektp_desk.capture.sbi import PORT_DEADLINE_S, SBI_PORTS, SbiClient

    together = threading.Barrier(len(SBI_PORTS), timeout=30)
    allowances: list[float] = []

    class WindowsRefusal:
        """Every port refuses, as Windows does: after a wait (here: until all are asked)."""

        def exchange(
            self, method: str, port: int, path: str, body: bytes, budget: Budget
        ) -> tuple[int, bytes]:
            allowances.append(budget.deadline - time.monotonic())
            together.wait()  # breaks unless every port is being probed at the same time
            raise DeviceGone("gone", port=port)

    assert SbiClient(trusted=set(), transport=WindowsRefusal()).discover() == []
    assert not together.broken and len(allowances) == len(SBI_PORTS)
    assert max(allowances) <= PORT_DEADLINE_S


# -- crash files ---------------------------------------------------------------------------------


def test_an_uncaught_exception_leaves_a_crash_file_offered_once(tmp_path: Path) -> None:
    try:
        raise RuntimeError("resident 7271021234560001 broke it")
    except RuntimeError as exc:
        path = crash.write_crash(tmp_path, "window", exc, exc.__traceback__)
    text = path.read_text("utf-8")
    assert "RuntimeError" in text and "test_windows.py" in text
    assert "7271021234560001" not in text and "[NIK]" in text
    assert crash.pending(tmp_path) == [path]
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0  # private, as the log
    crash.mark_shown([path])
    assert crash.pending(tmp_path) == []
    assert len(list(tmp_path.glob("crash-*.shown.txt"))) == 1


def test_a_fatal_error_of_the_last_run_becomes_a_crash_file(tmp_path: Path) -> None:
    import subprocess

    code = (
        "import sys; from pathlib import Path; from ektp_desk import crash;"
        "crash.install(Path(sys.argv[1]), 'window');"
        "import faulthandler; faulthandler._sigsegv()"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=env, check=False)
    assert done.returncode != 0
    hooked = "import sys; from pathlib import Path; from ektp_desk import crash;"
    hooked += "crash.install(Path(sys.argv[1]), 'window'); raise ValueError('late')"
    subprocess.run([sys.executable, "-c", hooked, str(tmp_path)], env=env, check=False)
    found = crash.pending(tmp_path)
    assert len(found) == 2, found
    texts = [p.read_text("utf-8") for p in found]
    assert any("Fatal Python error" in t for t in texts)
    assert any("ValueError: late" in t for t in texts)


# -- the PDF's fonts, the icon -----------------------------------------------------------------


def test_the_cli_pdf_uses_a_real_platform_where_one_exists() -> None:
    pytest.importorskip("PySide6")
    from ektp_desk.ui.pdf_report import headless_environment

    assert headless_environment("win32", {}) == {}  # Windows' own platform and fonts
    assert headless_environment("linux", {"DISPLAY": ":0"}) == {}
    assert headless_environment("linux", {}) == {"QT_QPA_PLATFORM": "offscreen"}
    forced = headless_environment("win32", {"QT_QPA_PLATFORM": "offscreen", "WINDIR": r"D:\Win"})
    assert forced == {"QT_QPA_FONTDIR": r"D:\Win\Fonts"}


def test_the_icon_holds_every_size_windows_shows() -> None:
    data = (ROOT / "resources" / "icons" / "ektp-desk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        width, height, *_rest, size, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert width == height
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" and size > 0
        sizes.add(width or 256)
    assert {16, 24, 32, 48, 64, 256} <= sizes


def test_an_import_whose_last_error_report_is_open_writes_the_next_name(
    monkeypatch: pytest.MonkeyPatch, desk: Desk, tmp_path: Path
) -> None:
    source = tmp_path / "warga.csv"
    source.write_text(
        "nik,nama,tanggal_lahir,jenis_kelamin,alamat,rt,rw,kelurahan,status_perkawinan\n"
        "7271020312880042,Budi Santoso,03-12-1988,L,Jl. Malonda 9,4,1,Kamonji,KAWIN\n"
        "12345,Pendek,,,,,,,\n",
        encoding="utf-8",
    )
    held = tmp_path / "warga.errors.csv"
    held.write_text("the last report, open in Excel", "utf-8")
    refuse_replace(monkeypatch, held)
    result = desk.residents.import_file(source)
    assert (result.imported, result.rejected) == (1, 1)
    assert result.report == tmp_path / "warga.errors-2.csv"
    assert "3,nik,12345," in result.report.read_text("utf-8-sig")
    assert held.read_text("utf-8") == "the last report, open in Excel"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
