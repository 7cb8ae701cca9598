"""Item 20 of issue 13: rot is found at the desk, not at the hub. A sealed payload whose
SHA-256 is no longer the one kept when it was sealed is found by `check` and before every
send, never sent, and flagged as "perlu direkam ulang" with the resident's name; random byte
flips are caught by `check` or `open` with a clean message, or harmless; a damaged store
refuses writes in every later process, naming the file and the newest backup."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk, DeskError
from ektp_desk.domain.accounts import Permission
from ektp_desk.hub.lite import LiteHub
from ektp_desk.store import StoreError
from tests.conftest import ADMIN_PASSWORD, new_desk, pin_test_hub

PASS = "frasa-sandi-cadangan"


def _flip_payload(desk: Desk, record_id: str) -> None:
    """One bit of one queued sealed payload turned, as a bad sector would."""
    conn = sqlite3.connect(desk.data_dir / "desk.sqlite3")
    (payload,) = conn.execute(
        "SELECT payload FROM payloads WHERE record_id = ?", (record_id,)
    ).fetchone()
    bent = bytearray(payload)
    bent[len(bent) // 2] ^= 0x04
    conn.execute("UPDATE payloads SET payload = ? WHERE record_id = ?", (bytes(bent), record_id))
    conn.commit()
    conn.close()


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ektp_desk", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        input=ADMIN_PASSWORD + "\n",
        timeout=120,
        check=False,
    )


def test_a_flipped_bit_in_a_queued_payload_is_found_by_check_and_flagged(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    pin_test_hub(desk)
    seed(desk, recordings=3, seed_value=4, detail=BiometricDetail.SMALL)
    record_id, nama = desk.session.connection.execute(
        "SELECT record_id, nama FROM recordings ORDER BY id"
    ).fetchone()
    _flip_payload(desk, record_id)
    desk.close()
    done = _run(tmp_path / "desk", "check")
    assert done.returncode == 1
    assert f"perlu direkam ulang: {nama} (recording {record_id})" in done.stdout
    assert "database intact" not in done.stdout
    status = _run(tmp_path / "desk", "status")
    assert f"PERLU DIREKAM ULANG  {nama}" in status.stdout
    with Desk.open(tmp_path / "desk") as again:
        quarantined = {r.record_id: r for r in again.hub.overview().quarantine}
        assert "perlu direkam ulang" in str(quarantined[record_id].detail)
        assert again.health.rerecord_list()[0].nama == nama
        actions = [a for (a,) in again.session.connection.execute("SELECT action FROM audit")]
        assert "recording.rotten" in actions
        assert again.status().outbox.by_state["queued"] == 2


def test_a_rotten_payload_is_never_sent(tmp_path: Path) -> None:
    lite = LiteHub(tmp_path / "hub")
    lite.start()
    try:
        desk = new_desk(tmp_path / "desk")
        token = lite.enroll(desk.desk_id, desk.kecamatan, "2026-11-30T00:00:00+00:00")
        desk.hub.set(lite.url, token)
        seed(desk, recordings=4, seed_value=5, detail=BiometricDetail.SMALL)
        record_id, nama = desk.session.connection.execute(
            "SELECT record_id, nama FROM recordings ORDER BY id DESC"
        ).fetchone()
        _flip_payload(desk, record_id)  # found by no check: the send finds it
        report = desk.hub.engine().run()
        assert report.ok and report.acked == 3 and report.waiting == 0, report
        held = {r.record_id for r in lite.store.records()}
        assert record_id not in held and len(held) == 3
        assert lite.store.rejections() == []  # the hub never saw it
        assert [r.nama for r in desk.health.rerecord_list()] == [nama]
        desk.close()
    finally:
        lite.stop()


def _dump(path: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    conn = sqlite3.connect(path)
    conn.text_factory = bytes
    tables = [
        t.decode() for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    out = [(t, conn.execute(f'SELECT * FROM "{t}"').fetchall()) for t in sorted(tables)]
    conn.close()
    return out


def test_thirty_random_byte_flips_are_each_caught_or_harmless(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    pin_test_hub(desk)
    seed(desk, recordings=10, seed_value=1, detail=BiometricDetail.SMALL)
    desk.session.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    desk.close()
    # No free pages: every flip lands in a page the store uses, whatever the schema's size.
    vacuum = sqlite3.connect(tmp_path / "desk" / "desk.sqlite3", isolation_level=None)
    vacuum.execute("VACUUM")
    vacuum.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    vacuum.close()
    original = (tmp_path / "desk" / "desk.sqlite3").read_bytes()
    before = _dump(tmp_path / "desk" / "desk.sqlite3")
    rng = random.Random(20261130)
    outcomes: dict[str, int] = {}
    for n in range(30):
        copy = tmp_path / f"copy{n}"
        shutil.copytree(tmp_path / "desk", copy)
        bent = bytearray(original)
        offset = rng.randrange(len(bent))
        bent[offset] ^= 1 << rng.randrange(8)
        (copy / "desk.sqlite3").write_bytes(bytes(bent))
        try:
            with Desk.open(copy) as opened:
                result = opened.check()
            outcome = "caught by check" if not result.ok else "passed check"
        except StoreError as exc:
            assert "desk.sqlite3" in str(exc) and "restore" in str(exc).lower()
            outcome = "refused at open"
        if outcome == "passed check":
            assert _dump(copy / "desk.sqlite3") == before, f"flip at {offset} went unnoticed"
            outcome = "harmless"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    print("30 random byte flips:", outcomes)
    assert outcomes.get("caught by check", 0) + outcomes.get("refused at open", 0) >= 20


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A desk with a backup, then a damaged sector in the middle of its store."""
    desk = new_desk(tmp_path / "desk")
    seed(desk, recordings=60, seed_value=6, detail=BiometricDetail.NONE)
    desk.change_setting("backup_folder", str(tmp_path / "usb"))
    desk.backups.auto(PASS)
    desk.session.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    desk.close()
    path = tmp_path / "desk" / "desk.sqlite3"
    data = bytearray(path.read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 4096 * 3, 7):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    return tmp_path / "desk"


def test_a_store_found_malformed_refuses_writes_in_every_later_command(damaged: Path) -> None:
    done = _run(damaged, "check")
    assert done.returncode == 1 and "database integrity" in done.stdout
    backup = next((damaged.parent / "usb").glob("*.ektpbak"))
    for args in (
        ("queue", "add", "--walk-in", "--name", "WARGA", "--user", "admin", "--password-stdin"),
        ("settings", "set", "target", "5", "--user", "admin", "--password-stdin"),
    ):
        refused = _run(damaged, *args)
        assert refused.returncode == 2, refused.stdout
        assert "Traceback" not in refused.stderr
        assert str(damaged / "desk.sqlite3") in refused.stderr
        assert backup.name in refused.stderr
    with Desk.open(damaged) as desk:
        assert desk.damaged is not None
        with pytest.raises(DeskError, match="damaged"):
            desk.require(Permission.QUEUE)


def test_a_flip_on_a_schema_or_settings_page_gives_a_clean_message(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    desk.change_setting("backup_folder", str(tmp_path / "usb"))
    made = desk.backups.auto(PASS)
    desk.session.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    desk.close()
    original = (tmp_path / "desk" / "desk.sqlite3").read_bytes()
    for n, needle in enumerate((b"CREATE TABLE queue", b"Asia/Makassar")):
        copy = tmp_path / f"copy{n}"
        shutil.copytree(tmp_path / "desk", copy)
        bent = bytearray(original)
        bent[original.index(needle)] ^= 0x80  # no longer UTF-8
        (copy / "desk.sqlite3").write_bytes(bytes(bent))
        for args in (("status",), ("check",), ("audit", "verify")):
            done = _run(copy, *args)
            assert done.returncode == 2, (args, done.stdout)
            assert "Traceback" not in done.stderr and "Error:" not in done.stderr
            assert "is damaged" in done.stderr and made.name in done.stderr


def test_a_full_check_that_finds_the_file_sound_lifts_the_refusal(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    desk.close()
    marker = tmp_path / "desk" / "desk.sqlite3.damaged"
    marker.write_text("database disk image is malformed\n")  # from a read that failed once
    with Desk.open(tmp_path / "desk") as refused:
        assert refused.damaged is not None and "malformed" in refused.damaged
        assert refused.check(quick=True).ok and marker.exists()  # the quick one does not lift it
        assert refused.check().ok
    assert not marker.exists()
    with Desk.open(tmp_path / "desk") as again:
        assert again.damaged is None


def test_a_rotten_forwarded_payload_is_found_too(tmp_path: Path) -> None:
    """Forwarded payloads are kept under their record id and content (`payload_key`): the
    check must read them there, or their rot would pass unseen."""
    from tests.security.test_forwarded_bundles import forged_bundle

    office = new_desk(tmp_path / "office")
    pin_test_hub(office)
    office.bundles.import_file(
        forged_bundle(tmp_path / "b.ektpbundle", office.settings["hub_key_id"], sizes=[500] * 3)
    )
    key, record_id = office.session.connection.execute(
        "SELECT payload_key, record_id FROM forwarded ORDER BY id LIMIT 1"
    ).fetchone()
    _flip_payload(office, key)
    result = office.check()
    assert any(record_id in line for line in result.rerecord), result.rerecord
    state = office.session.connection.execute(
        "SELECT state FROM forwarded WHERE payload_key = ?", (key,)
    ).fetchone()[0]
    assert state == "rejected"  # never forwarded
    office.close()


def test_a_damaged_size_of_a_queued_record_is_found(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    pin_test_hub(desk)
    seed(desk, recordings=2, seed_value=2, detail=BiometricDetail.NONE)
    desk.close()
    conn = sqlite3.connect(tmp_path / "desk" / "desk.sqlite3")
    conn.execute("UPDATE outbox SET size = size + 8 WHERE id = 1")  # as one flipped bit
    conn.commit()
    conn.close()
    with Desk.open(tmp_path / "desk") as opened:
        result = opened.check()
    assert not result.ok and any("the row is damaged" in p for p in result.problems)
