from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.desk import (
    AuthError,
    Desk,
    DeskError,
    PermissionDenied,
    ValidationFailed,
)
from ektp_desk.domain.accounts import Role
from ektp_desk.store import AlreadyInitialized, NotInitialized, StoreError
from ektp_desk.store import audit as audit_store
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, FakeClock, held_payload

Make = Callable[..., dict[str, Any]]


def count(desk: Desk, table: str) -> int:
    return int(desk.session.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_create_then_open(tmp_path: Path, clock: FakeClock) -> None:
    data_dir = tmp_path / "d"
    Desk.create(
        data_dir,
        kecamatan="72.71.02",
        desk_id="PALU-BARAT-1",
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
        target=1200,
        clock=clock,
        scrypt=FAST_SCRYPT,
    ).close()
    with Desk.open(data_dir, clock=clock) as desk:
        assert desk.timezone.key == "Asia/Makassar"
        status = desk.status()
        assert status["desk"]["target"] == 1200  # type: ignore[index]
        assert status["desk"]["kecamatan_name"] == "Palu Barat"  # type: ignore[index]
    with pytest.raises(AlreadyInitialized):
        Desk.create(
            data_dir,
            kecamatan="72.71.02",
            desk_id="X",
            admin_name="admin",
            admin_password=ADMIN_PASSWORD,
            scrypt=FAST_SCRYPT,
        )
    with Desk.open(data_dir, clock=clock) as desk:
        assert desk.desk_id == "PALU-BARAT-1"


def test_open_of_an_empty_dir_says_to_init(tmp_path: Path) -> None:
    with pytest.raises(NotInitialized, match="ektp-desk init"):
        Desk.open(tmp_path)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kecamatan": "72.71"}, "not a kecamatan code"),
        ({"kecamatan": "72.71.99"}, "not a kecamatan code"),
        ({"desk_id": "desk one!"}, "desk id"),
        ({"admin_password": "short"}, "at least 8"),
        ({"admin_name": "a b"}, "user name"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
    ],
)
def test_create_refuses_bad_settings(tmp_path: Path, changes: dict[str, str], message: str) -> None:
    args: dict[str, Any] = {
        "kecamatan": "72.71.02",
        "desk_id": "PALU-BARAT-1",
        "admin_name": "admin",
        "admin_password": ADMIN_PASSWORD,
        "scrypt": FAST_SCRYPT,
    }
    args.update(changes)
    with pytest.raises(DeskError, match=message):
        Desk.create(tmp_path / "d", **args)
    assert not (tmp_path / "d").exists()


def test_time_zone_defaults_to_the_provinces(tmp_path: Path) -> None:
    with Desk.create(
        tmp_path / "d",
        kecamatan="31.71.01",
        desk_id="JKT-1",
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
        scrypt=FAST_SCRYPT,
    ) as desk:
        assert desk.timezone.key == "Asia/Jakarta"


def last_login_reason(desk: Desk) -> str:
    row = desk.session.connection.execute(
        "SELECT detail FROM audit WHERE action = 'login.failed' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return str(json.loads(row[0])["reason"])


def test_lockout_after_five_failures_for_five_minutes(desk: Desk, clock: FakeClock) -> None:
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    for _ in range(5):
        with pytest.raises(AuthError, match="wrong password"):
            desk.accounts.login("ani", "salah-salah")
        assert last_login_reason(desk) == "wrong password"
    with pytest.raises(AuthError, match="wrong password"):
        desk.accounts.login("ani", "kata-sandi-ani")  # even the right password
    assert last_login_reason(desk) == "locked"
    clock.advance(minutes=4, seconds=59)
    with pytest.raises(AuthError, match="wrong password"):
        desk.accounts.login("ani", "kata-sandi-ani")
    assert last_login_reason(desk) == "locked"
    clock.advance(seconds=2)
    assert desk.accounts.login("ani", "kata-sandi-ani") == desk.user
    actions = [
        r[0]
        for r in desk.session.connection.execute(
            "SELECT action FROM audit WHERE subject = 'ani' ORDER BY seq"
        )
    ]
    assert actions == ["user.add"] + ["login.failed"] * 7 + ["login"]


def test_lockout_threshold_is_a_setting(desk: Desk, clock: FakeClock) -> None:
    desk.change_setting("lockout_minutes", "30")
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    for _ in range(5):
        with pytest.raises(AuthError, match="must wait 30 minutes"):
            desk.accounts.login("ani", "x" * 8)
    clock.advance(minutes=29)
    with pytest.raises(AuthError):
        desk.accounts.login("ani", "kata-sandi-ani")
    assert last_login_reason(desk) == "locked"
    clock.advance(minutes=2)
    assert desk.accounts.login("ani", "kata-sandi-ani").name == "ani"


def test_unknown_user_and_disabled_account(desk: Desk) -> None:
    with pytest.raises(AuthError, match="unknown user or wrong password"):
        desk.accounts.login("nobody", "whatever1")
    assert last_login_reason(desk) == "unknown user"
    desk.accounts.login("admin", ADMIN_PASSWORD)
    desk.accounts.add("budi", Role.SUPERVISOR, "kata-sandi-budi", scrypt=FAST_SCRYPT)
    desk.accounts.set_disabled("budi")
    with pytest.raises(AuthError, match="unknown user or wrong password"):
        desk.accounts.login("budi", "kata-sandi-budi")
    assert last_login_reason(desk) == "disabled"


def test_roles_are_checked_in_the_core(desk: Desk, make_recording: Make, tmp_path: Path) -> None:
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    desk.accounts.login("ani", "kata-sandi-ani")
    with pytest.raises(PermissionDenied, match="ani"):
        desk.accounts.add("eve", Role.ADMIN, "kata-sandi-eve")
    with pytest.raises(PermissionDenied):
        desk.residents.import_file(tmp_path / "x.csv")
    saved = desk.recordings.save(make_recording())
    with pytest.raises(PermissionDenied):
        desk.recordings.void(saved.record_id, "salah orang")
    desk.session.act_as(None)
    with pytest.raises(PermissionDenied, match="log in"):
        desk.recordings.save(make_recording())


def test_last_admin_cannot_be_disabled(desk: Desk) -> None:
    desk.accounts.add("kasi", Role.ADMIN, "kata-sandi-kasi", scrypt=FAST_SCRYPT)
    with pytest.raises(DeskError, match="your own"):
        desk.accounts.set_disabled("admin")
    desk.accounts.set_disabled("kasi")
    desk.accounts.login("admin", ADMIN_PASSWORD)
    desk.accounts.set_disabled("kasi", False)
    desk.accounts.login("kasi", "kata-sandi-kasi")
    desk.accounts.set_disabled("admin")
    desk.accounts.add("x", Role.CLERK, "kata-sandi-x", scrypt=FAST_SCRYPT)
    assert [u.name for u in desk.accounts.users()] == ["admin", "kasi", "x"]


def test_save_writes_recording_outbox_and_audit(desk: Desk, make_recording: Make) -> None:
    saved = desk.recordings.save(make_recording())
    row = desk.session.connection.execute(
        "SELECT nik, nama, local_date, local_hour, age, early, on_list, operator"
        " FROM recordings WHERE record_id = ?",
        (saved.record_id,),
    ).fetchone()
    assert row == ("7271024507050001", "SITI LAMAKARATE", "2026-11-27", 10, 21, 0, 0, "admin")
    state, size, payload = desk.session.connection.execute(
        "SELECT state, size, payload FROM outbox JOIN payloads USING (record_id)"
        " WHERE record_id = ?",
        (saved.record_id,),
    ).fetchone()
    assert state == "queued" and size == len(payload) > 0
    last = desk.session.connection.execute(
        "SELECT action, subject, actor FROM audit ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert last == ("recording.save", saved.record_id, "admin")
    assert desk.check().ok


def test_payload_holds_biodata_and_every_image(desk: Desk, make_recording: Make) -> None:
    import io
    import json
    import zipfile

    raw = make_recording()
    raw["biometrics"]["fingers"]["L5"] = {"exception": "AMPUTASI"}
    saved = desk.recordings.save(raw)
    payload = held_payload(desk, saved.record_id)
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        biodata = json.loads(zf.read("biodata.json"))
    assert {"manifest.json", "biodata.json", "face.png", "signature.png", "iris/R.png"} <= names
    assert "fingers/L5.png" not in names and "fingers/L4.png" in names
    assert manifest["record_id"] == saved.record_id
    assert manifest["desk_id"] == "PALU-BARAT-1"
    assert manifest["biometrics"]["fingers.L5"] == {"exception": "AMPUTASI"}
    assert biodata["nik"] == "7271024507050001"


def test_save_is_one_transaction(
    desk: Desk, make_recording: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {t: count(desk, t) for t in ("recordings", "outbox", "audit")}

    def failing_append(*args: Any, **kwargs: Any) -> int:
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorcode = sqlite3.SQLITE_FULL  # as SQLite sets it
        raise full

    monkeypatch.setattr(audit_store, "append", failing_append)
    with pytest.raises(StoreError, match=r"disk is full.*NOT saved"):
        desk.recordings.save(make_recording())
    monkeypatch.undo()
    assert {t: count(desk, t) for t in before} == before
    desk.recordings.save(make_recording())
    assert count(desk, "recordings") == before["recordings"] + 1


def test_invalid_recording_writes_nothing(desk: Desk, make_recording: Make) -> None:
    before = count(desk, "audit")
    with pytest.raises(ValidationFailed) as err:
        desk.recordings.save(make_recording(nik="123"))
    assert [p.field for p in err.value.problems if p.is_error] == ["nik"]
    assert count(desk, "recordings") == 0 and count(desk, "audit") == before


def test_a_nik_is_recorded_once_unless_voided(desk: Desk, make_recording: Make) -> None:
    first = desk.recordings.save(make_recording())
    with pytest.raises(ValidationFailed, match="already recorded"):
        desk.recordings.save(make_recording())
    desk.recordings.void(first.record_id, "foto tertukar")
    with pytest.raises(DeskError, match="already voided"):
        desk.recordings.void(first.record_id, "lagi")
    second = desk.recordings.save(make_recording())
    assert second.record_id != first.record_id
    assert desk.status()["recordings"] == {"total": 2, "by_state": {"final": 1, "voided": 1}}


def test_duplicates_within_one_batch_are_refused(desk: Desk, make_recording: Make) -> None:
    outcomes = list(
        desk.recordings.save_many([make_recording(), make_recording()], per_transaction=5)
    )
    assert [type(o).__name__ for o in outcomes] == ["SavedRecording", "ValidationFailed"]
    assert count(desk, "recordings") == 1


def test_on_list_flag_follows_the_reference_list(desk: Desk, make_recording: Make) -> None:
    desk.residents.add([{"nik": "7271024507050001", "nama": "SITI"}], source="test")
    saved = desk.recordings.save(make_recording())
    (on_list,) = desk.session.connection.execute(
        "SELECT on_list FROM recordings WHERE record_id = ?", (saved.record_id,)
    ).fetchone()
    assert on_list == 1


def test_audit_chain_detects_edit_and_delete(desk: Desk, make_recording: Make) -> None:
    for nik in ("7271024507050001", "7271024507050002", "7271024507050003"):
        desk.recordings.save(make_recording(nik=nik))
    report = desk.health.verify_audit()
    assert report.ok and report.entries == count(desk, "audit")
    conn = desk.session.connection
    conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 4")
    report = desk.health.verify_audit()
    assert (report.ok, report.broken_at) == (False, 4)
    assert "altered" in report.reason
    assert not desk.check().ok


def test_audit_chain_detects_a_deleted_entry(desk: Desk, make_recording: Make) -> None:
    desk.recordings.save(make_recording())
    desk.session.connection.execute("DELETE FROM audit WHERE seq = 2")
    report = desk.health.verify_audit()
    assert report.broken_at == 2 and "missing" in report.reason


def test_status_counts(desk: Desk, make_recording: Make) -> None:
    desk.recordings.save(make_recording())
    status = desk.status()
    assert status["recordings"] == {"total": 1, "by_state": {"final": 1, "voided": 0}}
    assert status["outbox"] == {
        "total": 1,
        "by_state": {"queued": 1, "sending": 0, "acked": 0, "rejected": 0, "duplicate_nik": 0},
    }
    assert status["residents"] == 0


def test_reset_password(desk: Desk) -> None:
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    desk.accounts.reset_password("ani", "sandi-baru-ani", scrypt=FAST_SCRYPT)
    with pytest.raises(AuthError):
        desk.accounts.login("ani", "kata-sandi-ani")
    assert desk.accounts.login("ani", "sandi-baru-ani").name == "ani"


def test_settings_are_checked_audited_and_used(desk: Desk, clock: FakeClock) -> None:
    with pytest.raises(DeskError, match="fixed setting"):
        desk.change_setting("kecamatan", "72.71.01")
    with pytest.raises(DeskError, match="whole number from 1 to 50"):
        desk.change_setting("lockout_attempts", "0")
    with pytest.raises(DeskError, match="unknown time zone"):
        desk.change_setting("timezone", "Asia/Atlantis")
    desk.change_setting("lockout_attempts", "2")
    last = desk.session.connection.execute(
        "SELECT action, subject, detail FROM audit ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert last == ("settings.change", "lockout_attempts", '{"new": "2", "old": "5"}')
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    with pytest.raises(AuthError, match="wrong password"):
        desk.accounts.login("ani", "x" * 8)
    with pytest.raises(AuthError, match="after 2 failed log-ins"):
        desk.accounts.login("ani", "x" * 8)
    with pytest.raises(AuthError):
        desk.accounts.login("ani", "kata-sandi-ani")
    assert last_login_reason(desk) == "locked"
    desk.accounts.login("admin", ADMIN_PASSWORD)
    desk.change_setting("timezone", "Asia/Jakarta")
    assert desk.today().isoformat() == "2026-11-27"
    with Desk.open(desk.data_dir, clock=clock) as again:
        assert again.timezone.key == "Asia/Jakarta"
        assert again.settings["lockout_attempts"] == "2"


def test_clerk_cannot_change_settings(desk: Desk) -> None:
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    desk.accounts.login("ani", "kata-sandi-ani")
    with pytest.raises(PermissionDenied):
        desk.change_setting("target", "100")


def test_the_log_keeps_qualities_not_images(desk: Desk, make_recording: Make) -> None:
    import json

    raw = make_recording()
    raw["biometrics"]["fingers"]["L5"] = {"exception": "AMPUTASI"}
    saved = desk.recordings.save(raw)
    (captures,) = desk.session.connection.execute(
        "SELECT captures FROM recordings WHERE record_id = ?", (saved.record_id,)
    ).fetchone()
    summary = json.loads(captures)
    assert summary["face"] == 90 and summary["fingers.R1"] == 60 and summary["signature"] is None
    assert summary["fingers.L5"] == {"exception": "AMPUTASI"}
    assert len(summary) == 14


def test_log_pages_by_id_and_by_offset_agree(desk: Desk) -> None:
    from ektp_desk.demo import BiometricDetail, seed
    from ektp_desk.store.recordings import LogFilter

    seed(desk, recordings=45, seed_value=5, detail=BiometricDetail.NONE)
    top = desk.recordings.log_dense_top()
    assert top == 45
    every = LogFilter()
    for offset in (0, 10, 40, 44):
        by_offset = desk.recordings.log_page(every, offset=offset, limit=10)
        by_id = desk.recordings.log_page(every, offset=offset, limit=10, top_id=top)
        assert [e.record_id for e in by_id] == [e.record_id for e in by_offset]
    assert desk.recordings.log_count(every) == 45
    (nama,) = desk.session.connection.execute("SELECT nama FROM recordings LIMIT 1").fetchone()
    found = desk.recordings.log_page(
        LogFilter(text=nama.split()[0][:3].lower()), offset=0, limit=50
    )
    assert found and all(e.nama.startswith(nama.split()[0][:3]) for e in found)
