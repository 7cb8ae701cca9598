"""The `ektp-desk` command, run as a person would: as a separate process."""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.desk import Desk
from tests.conftest import FACE, SMALL

PASSWORD = "rahasia-admin"


class Cli:
    def __init__(self, tmp_path: Path) -> None:
        self.data_dir = tmp_path / "desk-data"
        self.env = {
            **os.environ,
            "EKTP_DESK_DATA_DIR": str(self.data_dir),
            "EKTP_DESK_USER": "admin",
            "EKTP_DESK_PASSWORD": PASSWORD,
            "XDG_STATE_HOME": str(tmp_path / "state"),
        }

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "ektp_desk", *args]

    def run(
        self, *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args),
            input=input,
            check=False,
            capture_output=True,
            text=True,
            env={**self.env, **(env or {})},
            timeout=120,
        )

    def init(self) -> None:
        done = self.run(
            "init", "--kecamatan", "72.71.02", "--desk", "PALU-BARAT-1", "--admin", "admin"
        )
        assert done.returncode == 0, done.stderr


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def write_images(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "face.png").write_bytes(FACE)
    (folder / "small.png").write_bytes(SMALL)


def file_biometrics() -> dict[str, Any]:
    small = {"file": "img/small.png", "quality": 70}
    return {
        "face": {"file": "img/face.png", "quality": 88},
        "signature": {"file": "img/small.png"},
        "fingers": dict.fromkeys(
            ("R1", "R2", "R3", "R4", "R5", "L1", "L2", "L3", "L4", "L5"), small
        ),
        "iris": {"R": small, "L": small},
    }


def recording_line(make_recording: Callable[..., dict[str, Any]], serial: int) -> str:
    raw = make_recording(nik=f"727102450705{serial:04d}", biometrics=file_biometrics())
    return json.dumps(raw)


def test_init_status_and_refusing_a_second_init(cli: Cli) -> None:
    cli.init()
    again = cli.run("init", "--kecamatan", "72.71.02", "--desk", "X", "--admin", "admin")
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1 and "already holds a desk" in again.stderr
    status = json.loads(cli.run("status", "--json").stdout)
    assert status["desk"]["desk_id"] == "PALU-BARAT-1"
    assert status["desk"]["timezone"] == "Asia/Makassar"
    assert status["recordings"] == {"total": 0, "by_state": {"final": 0, "voided": 0}}
    assert cli.run("check").returncode == 0
    assert cli.run("audit", "verify").returncode == 0


def test_password_from_stdin(cli: Cli) -> None:
    env = {"EKTP_DESK_PASSWORD": ""}
    cli.env.pop("EKTP_DESK_PASSWORD")
    done = cli.run(
        "init", "--kecamatan", "72.71.02", "--desk", "D1", "--admin", "admin", "--password-stdin",
        input="sandi-dari-stdin\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = cli.run("user", "list", "--password-stdin", input="sandi-dari-stdin\n")
    assert done.returncode == 0 and done.stdout.startswith("admin\tadmin\tactive")
    wrong = cli.run("user", "list", env=env)
    assert wrong.returncode == 2 and "wrong password" in wrong.stderr
    missing = cli.run("user", "list")
    assert missing.returncode == 2 and "EKTP_DESK_PASSWORD" in missing.stderr


def test_users(cli: Cli) -> None:
    cli.init()
    done = cli.run(
        "user", "add", "ani", "--role", "clerk", env={"EKTP_DESK_NEW_PASSWORD": "sandi-ani-1"}
    )
    assert done.returncode == 0, done.stderr
    as_ani = {"EKTP_DESK_USER": "ani", "EKTP_DESK_PASSWORD": "sandi-ani-1"}
    refused = cli.run(
        "user", "add", "eve", "--role", "admin", env={**as_ani, "EKTP_DESK_NEW_PASSWORD": "x" * 9}
    )
    assert refused.returncode == 2 and "may not manage_users" in refused.stderr
    assert cli.run("user", "disable", "ani").returncode == 0
    listing = cli.run("user", "list").stdout
    assert "ani\tclerk\tdisabled" in listing
    blocked = cli.run("record", "add", "x.json", env=as_ani)
    assert blocked.returncode == 2 and "unknown user or wrong password" in blocked.stderr


def test_nik_command(cli: Cli) -> None:
    done = cli.run("nik", "7271024507050001", "--json", "--on", "2026-11-28")
    info = json.loads(done.stdout)
    assert done.returncode == 0
    assert info["sex"] == "PEREMPUAN" and info["birth_date"] == "2005-07-05" and info["age"] == 21
    assert info["kecamatan"] == {"code": "72.71.02", "name": "Palu Barat"}
    text = cli.run("nik", "7271024507050001").stdout
    assert "Palu Barat" in text and "PEREMPUAN" in text
    bad = cli.run("nik", "7271023102050001")
    assert (
        bad.returncode == 1 and "nik_date" not in bad.stdout and "not a possible date" in bad.stdout
    )
    warn = cli.run("nik", "7271994507050001", "--json")
    assert (
        warn.returncode == 0
        and json.loads(warn.stdout)["warnings"][0]["code"] == "nik_kecamatan_unknown"
    )


def test_record_add_json_lines(
    cli: Cli, tmp_path: Path, make_recording: Callable[..., dict[str, Any]]
) -> None:
    cli.init()
    write_images(tmp_path / "batch" / "img")
    lines = [
        recording_line(make_recording, 1),
        "{not json",
        json.dumps({**json.loads(recording_line(make_recording, 2)), "agama": "JEDI"}),
        "",
        recording_line(make_recording, 3),
        recording_line(make_recording, 1),  # the same NIK again
    ]
    path = tmp_path / "batch" / "rekaman.jsonl"
    path.write_text("\n".join(lines) + "\n")
    done = cli.run("record", "add", str(path))
    assert done.returncode == 1
    saved = [line.split() for line in done.stdout.splitlines()]
    assert [(s[0], s[2]) for s in saved] == [
        ("saved", "7271024507050001"),
        ("saved", "7271024507050003"),
    ]
    assert "line 2: the JSON is not valid JSON" in done.stderr
    assert "line 3: agama:" in done.stderr
    assert "line 6: nik:" in done.stderr and "already recorded" in done.stderr
    assert "2 saved, 3 rejected" in done.stderr
    status = json.loads(cli.run("status", "--json").stdout)
    assert status["recordings"]["total"] == 2 and status["outbox"]["by_state"]["queued"] == 2


def test_record_add_one_json_object(
    cli: Cli, tmp_path: Path, make_recording: Callable[..., dict[str, Any]]
) -> None:
    cli.init()
    write_images(tmp_path / "img")
    path = tmp_path / "one.json"
    path.write_text(json.dumps(json.loads(recording_line(make_recording, 7)), indent=2))
    done = cli.run("record", "add", str(path))
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    kind, record_id, nik = line.split()
    assert kind == "saved"
    with Desk.open(cli.data_dir) as desk:
        entry = desk.recordings.get(record_id)
    assert entry is not None and entry.nik == nik == "7271024507050007"
    void = cli.run("record", "void", record_id, "--reason", "salah foto")
    assert void.returncode == 0
    assert json.loads(cli.run("status", "--json").stdout)["recordings"]["by_state"]["voided"] == 1


def test_record_add_of_nothing_or_a_missing_file(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    assert cli.run("record", "add", str(tmp_path / "nope.jsonl")).returncode == 2
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    done = cli.run("record", "add", str(empty))
    assert done.returncode == 2 and "holds no recording" in done.stderr


def test_residents_import_exit_codes(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    good = tmp_path / "good.csv"
    good.write_text("nik,nama\n7271024507050001,Siti\n7271020312880042,Budi\n")
    done = cli.run("residents", "import", str(good))
    assert done.returncode == 0 and "imported 2 residents (2 new, 0 updated)" in done.stdout
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("nik,nama\n7271024507050001,Siti Baru\n1234,Salah\n")
    done = cli.run("residents", "import", str(mixed))
    assert done.returncode == 1 and "rejected 1 rows" in done.stdout
    with (tmp_path / "mixed.errors.csv").open(encoding="utf-8-sig") as f:
        assert [r["baris"] for r in csv.DictReader(f)] == ["3"]
    broken = tmp_path / "broken.csv"
    broken.write_text("nama\nSiti\n")
    done = cli.run("residents", "import", str(broken))
    assert done.returncode == 2 and "nothing was imported" in done.stderr
    found = cli.run("residents", "search", "siti", "--json")
    assert [r["nama"] for r in json.loads(found.stdout)] == ["SITI BARU"]


def test_demo_seed_then_check(cli: Cli) -> None:
    cli.init()
    done = cli.run("demo", "seed", "--recordings", "30", "--days", "3", "--seed", "7")
    assert done.returncode == 0, done.stderr
    assert "added 37 residents and 30 recordings" in done.stdout
    status = json.loads(cli.run("status", "--json").stdout)
    assert status["residents"] == 37 and status["recordings"]["total"] == 30
    assert cli.run("check").returncode == 0


def test_python_dash_m_and_usage_errors(cli: Cli) -> None:
    done = cli.run("--help")
    assert done.returncode == 0 and "residents" in done.stdout
    bad = cli.run("frobnicate")
    assert bad.returncode == 2
    cli.init()
    assert cli.run("demo", "seed", "--recordings", "-1").returncode == 2


def test_killed_mid_import_loses_nothing_it_printed(
    cli: Cli, tmp_path: Path, make_recording: Callable[..., dict[str, Any]]
) -> None:
    cli.init()
    write_images(tmp_path / "long" / "img")
    path = tmp_path / "long" / "rekaman.jsonl"
    with path.open("w") as f:
        for serial in range(1, 3001):
            f.write(recording_line(make_recording, serial) + "\n")
    proc = subprocess.Popen(
        cli.command("record", "add", str(path)),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=cli.env,
        text=True,
    )
    assert proc.stdout is not None
    printed: list[str] = []
    for line in proc.stdout:
        printed.append(line)
        if len(printed) == 40:
            proc.send_signal(signal.SIGKILL)
            break
    printed.extend(proc.stdout.readlines())
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    saved = [line.split()[1] for line in printed if line.startswith("saved ")]
    assert 40 <= len(saved) < 3000, "the kill must land in the middle of the file"

    check = cli.run("check")
    assert check.returncode == 0, check.stdout
    with Desk.open(cli.data_dir) as desk:
        for record_id in saved:
            assert desk.recordings.get(record_id) is not None, record_id
        total = desk.status().recordings.total
    # At most the one recording being committed when the kill landed is unannounced.
    assert len(saved) <= total <= len(saved) + 1


def test_region_lookup(cli: Cli) -> None:
    done = cli.run("region", "72.71.02", "--json")
    info = json.loads(done.stdout)
    assert info["name"] == "Palu Barat"
    assert {"code": "72.71.02.1007", "name": "Kamonji"} in info["children"]
    found = cli.run("region", "kamonji")
    assert found.returncode == 0 and "72.71.02.1007\tKamonji\t(Palu Barat)" in found.stdout
    assert cli.run("region", "72.71.99").returncode == 1


def test_settings_commands(cli: Cli) -> None:
    cli.init()
    assert cli.run("settings", "set", "target", "12000").returncode == 0
    assert "target\t12000" in cli.run("settings", "list").stdout
    bad = cli.run("settings", "set", "target", "banyak")
    assert bad.returncode == 2 and "whole number" in bad.stderr
    assert json.loads(cli.run("status", "--json").stdout)["desk"]["target"] == 12000


def test_tally_exports_and_merge(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    assert cli.run("demo", "seed", "--recordings", "25", "--seed", "3").returncode == 0
    tally = json.loads(cli.run("tally", "--date", "2026-01-01").stdout)
    assert tally["total"] == 0 and tally["date_from"] == "2026-01-01"
    today = subprocess.run(
        [sys.executable, "-c", "import datetime,zoneinfo;"
         "print(datetime.datetime.now(zoneinfo.ZoneInfo('Asia/Makassar')).date())"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    for fmt in ("csv", "xlsx", "pdf", "json"):
        done = cli.run("tally", "--date", today, "--format", fmt, "-o", str(tmp_path / f"t.{fmt}"))
        assert done.returncode == 0, done.stderr
        assert "25 recordings" in done.stdout
    merged = cli.run(
        "tally", "merge", str(tmp_path / "t.json"), str(tmp_path / "t.json"),
        "--format", "csv", "-o", str(tmp_path / "m.csv"),
    )  # fmt: skip
    assert merged.returncode == 2 and "twice" in merged.stderr
    assert not (tmp_path / "m.csv").exists()
    outreach = cli.run("outreach", "--format", "xlsx", "-o", str(tmp_path / "o.xlsx"))
    assert outreach.returncode == 0 and "6 residents not yet recorded" in outreach.stdout
    clerk = cli.run("tally", "--date", today, env={"EKTP_DESK_USER": "nobody"})
    assert clerk.returncode == 2


def test_backup_and_restore_commands(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    assert cli.run("demo", "seed", "--recordings", "10").returncode == 0
    env = {"EKTP_DESK_BACKUP_PASSPHRASE": "frasa-sandi-cadangan"}
    assert cli.run("backup").returncode == 2
    done = cli.run("backup", "-o", str(tmp_path / "b.ektpbak"), env=env)
    assert done.returncode == 0, done.stderr
    assert "encrypted" in done.stdout
    assert "backup     20" in cli.run("status").stdout
    target = str(tmp_path / "restored")
    again = cli.run("restore", str(tmp_path / "b.ektpbak"), "--data-dir", target, env=env)
    assert again.returncode == 0 and "10 recordings" in again.stdout, again.stderr
    refused = cli.run("restore", str(tmp_path / "b.ektpbak"), "--data-dir", target, env=env)
    assert refused.returncode == 2 and "already holds a desk" in refused.stderr
    wrong = cli.run(
        "restore", str(tmp_path / "b.ektpbak"), "--data-dir", str(tmp_path / "x"),
        env={"EKTP_DESK_BACKUP_PASSPHRASE": "salah-frasa-sandi"},
    )  # fmt: skip
    assert wrong.returncode == 2 and "wrong passphrase" in wrong.stderr


def test_with_the_backup_passphrase_set_backups_ask_for_nothing(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    assert cli.run("demo", "seed", "--recordings", "4").returncode == 0
    env = {"EKTP_DESK_BACKUP_PASSPHRASE": "frasa-sandi-cadangan"}
    clerkless = cli.run("backup", "--set-passphrase", env={**env, "EKTP_DESK_USER": "nobody"})
    assert clerkless.returncode == 2
    done = cli.run("backup", "--set-passphrase", env=env)
    assert done.returncode == 0 and "backup passphrase set" in done.stdout, done.stderr
    assert cli.run("settings", "set", "backup_folder", str(tmp_path / "usb")).returncode == 0
    # No passphrase in the environment, no terminal: the backup key does the work.
    auto = cli.run("backup", "--auto")
    assert auto.returncode == 0, auto.stderr
    (made,) = (tmp_path / "usb").glob("*.ektpbak")
    again = cli.run("restore", str(made), "--data-dir", str(tmp_path / "r"), env=env)
    assert again.returncode == 0 and "4 recordings" in again.stdout, again.stderr


def test_the_log_is_private_and_names_no_one(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    assert cli.run("demo", "seed", "--recordings", "8").returncode == 0
    assert cli.run("nik", "7271024507050001").returncode == 0
    assert cli.run("record", "void", "not-a-record", "--reason", "x").returncode != 0
    env = {"EKTP_DESK_BACKUP_PASSPHRASE": "frasa-sandi-cadangan"}
    assert cli.run("backup", "-o", str(tmp_path / "b.ektpbak"), env=env).returncode == 0
    logs = list((tmp_path / "state").rglob("ektp-desk*.log*"))  # one per kind of process
    assert logs, "the commands wrote no log"
    text = "".join(p.read_text(encoding="utf-8") for p in logs)
    assert "backup written" in text and "INFO" in text
    assert re.search(r"(?<!\d)\d{16}(?!\d)", text) is None
    names = [n for (n,) in sqlite3.connect(cli.data_dir / "desk.sqlite3").execute(
        "SELECT nama FROM residents")]  # fmt: skip
    assert names and not [n for n in names if n in text.upper()]
    if os.name == "posix":
        assert all(p.stat().st_mode & 0o077 == 0 for p in logs)


def test_a_nik_in_a_message_or_a_traceback_is_masked() -> None:
    from ektp_desk.logs import RedactingFormatter

    formatter = RedactingFormatter("%(message)s")
    try:
        raise ValueError("NIK 7271024507050001 is odd")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "for %s", ("7271024507050001",), sys.exc_info()
        )
    out = formatter.format(record)
    assert (
        "7271024507050001" not in out and out.count("[NIK]") == 3
    )  # message, source line, exception
    assert "123456789012345678" in formatter.format(
        logging.LogRecord("x", logging.INFO, __file__, 1, "id 123456789012345678", (), None)
    )  # longer numbers are not a NIK
