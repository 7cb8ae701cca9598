"""Item 15: commands that print a NIK or a name need a logged-in user; `backup -o` an admin."""

from __future__ import annotations

from pathlib import Path

import pytest

from ektp_desk import cli
from ektp_desk.desk import Desk
from ektp_desk.domain.accounts import Role
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, new_desk

NIK = "7271024507050001"
NAME = "SITI LAMAKARATE"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    desk = new_desk(tmp_path / "desk")
    desk.residents.add([{"nik": NIK, "nama": NAME}], source="test")
    desk.queue.enqueue(nik=NIK)
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    desk.close()
    for name in ("EKTP_DESK_USER", "EKTP_DESK_PASSWORD", "EKTP_DESK_BACKUP_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EKTP_DESK_DATA_DIR", str(tmp_path / "desk"))
    return tmp_path / "desk"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


READS = [
    ("residents", "search", "Siti"),
    ("residents", "search", NIK, "--json"),
    ("queue", "list"),
    ("queue", "list", "--json"),
    ("settings", "list"),
]


@pytest.mark.parametrize("args", READS, ids=[" ".join(a) for a in READS])
def test_reads_of_personal_data_need_a_user(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    code, out, err = run(capsys, *args)
    assert code == cli.EXIT_USAGE and "--user" in err
    assert NIK not in out and NAME not in out.upper() and "admin" not in out
    monkeypatch.setenv("EKTP_DESK_USER", "ani")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", "salah-salah")
    code, out, err = run(capsys, *args)
    assert code == cli.EXIT_USAGE and "wrong password" in err and NIK not in out
    monkeypatch.setenv("EKTP_DESK_PASSWORD", "kata-sandi-ani")  # a clerk is enough
    code, out, _ = run(capsys, *args)
    assert code == cli.EXIT_OK
    if args[0] != "settings":
        assert NIK in out and NAME in out


def test_the_core_refuses_the_reads_without_a_user(data_dir: Path) -> None:
    from ektp_desk.desk import PermissionDenied

    with Desk.open(data_dir) as desk:
        with pytest.raises(PermissionDenied):
            desk.residents.search("Siti")
        with pytest.raises(PermissionDenied):
            desk.queue.today()


def test_settings_list_never_prints_the_hub_token(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import pin_test_hub

    with Desk.open(data_dir) as desk:
        desk.accounts.login("admin", ADMIN_PASSWORD)
        pin_test_hub(desk)
    monkeypatch.setenv("EKTP_DESK_USER", "admin")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
    code, out, _ = run(capsys, "settings", "list")
    assert code == cli.EXIT_OK
    assert "token-of-PALU-BARAT-1" not in out
    assert "holding_key_for:admin\t(kept secret)" in out


def test_a_backup_to_a_file_needs_an_admin(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "out.ektpbak"
    monkeypatch.setenv("EKTP_DESK_BACKUP_PASSPHRASE", "frasa-sandi-cadangan")
    code, _, err = run(capsys, "backup", "-o", str(target))
    assert code == cli.EXIT_USAGE and "--user" in err and not target.exists()
    monkeypatch.setenv("EKTP_DESK_USER", "ani")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", "kata-sandi-ani")
    code, _, err = run(capsys, "backup", "-o", str(target))
    assert code == cli.EXIT_USAGE and "needs an admin" in err and not target.exists()
    monkeypatch.setenv("EKTP_DESK_USER", "admin")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
    code, _out, _ = run(capsys, "backup", "-o", str(target))
    assert code == cli.EXIT_OK and target.is_file()


def test_the_scheduled_backup_runs_without_a_log_in(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with Desk.open(data_dir) as desk:
        desk.accounts.login("admin", ADMIN_PASSWORD)
        desk.backups.set_passphrase("frasa-sandi-cadangan")
        desk.change_setting("backup_folder", str(tmp_path / "backups"))
    code, _out, err = run(capsys, "backup", "--auto")
    assert code == cli.EXIT_OK, err
    assert len(list((tmp_path / "backups").glob("*.ektpbak"))) == 1
