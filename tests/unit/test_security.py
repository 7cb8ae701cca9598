"""The security checks of the campaign, in one place: roles enforced by the core, a tampered
envelope or audit row found, revoked tokens and password guessing refused, private files,
and no biometric image in clear in the store once a recording is finalized."""

from __future__ import annotations

import hashlib
import os
import stat
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import AuthError, Desk, PermissionDenied
from ektp_desk.domain.accounts import Role
from ektp_desk.hub.ingest import Ingestor
from ektp_desk.hub.service import ApiError, HubService
from ektp_desk.hub.store import SqliteHubStore
from ektp_desk.protocol.wire import Manifest, ManifestEntry, Outcome
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, new_desk, pin_test_hub

D = date(2026, 11, 28)
SUPERVISOR_ONLY: dict[str, Callable[[Desk, Path], Any]] = {
    "import residents": lambda d, t: d.residents.import_file(t / "r.csv"),
    "add residents": lambda d, t: d.residents.add([], source="x"),
    "void a recording": lambda d, t: d.recordings.void("x", "salah"),
    "tally": lambda d, t: d.reports.tally(D),
    "export a tally": lambda d, t: d.reports.export_tally("csv", t / "t.csv", D),
    "outreach list": lambda d, t: d.reports.outreach(),
    "export the outreach list": lambda d, t: d.reports.export_outreach("xlsx", t / "o.xlsx"),
    "export a bundle": lambda d, t: d.bundles.export(t / "b.ektpbundle"),
    "import a bundle": lambda d, t: d.bundles.import_file(t / "b.ektpbundle"),
}
ADMIN_ONLY: dict[str, Callable[[Desk, Path], Any]] = {
    "add a user": lambda d, t: d.accounts.add(
        "baru", Role.ADMIN, "kata-sandi-baru", scrypt=FAST_SCRYPT
    ),
    "list users": lambda d, t: d.accounts.users(),
    "disable a user": lambda d, t: d.accounts.set_disabled("admin"),
    "reset a password": lambda d, t: d.accounts.reset_password("admin", "kata-sandi-baru"),
    "change a setting": lambda d, t: d.change_setting("target", "5"),
    "set the hub": lambda d, t: d.hub.set("http://127.0.0.1:9", "token"),
    "set the backup passphrase": lambda d, t: d.backups.set_passphrase("frasa-sandi-baru"),
}


@pytest.fixture
def staffed(tmp_path: Path) -> Desk:
    desk = new_desk(tmp_path / "desk")
    desk.accounts.add("petugas", Role.CLERK, "kata-sandi-petugas", scrypt=FAST_SCRYPT)
    desk.accounts.add("spv", Role.SUPERVISOR, "kata-sandi-spv", scrypt=FAST_SCRYPT)
    return desk


@pytest.mark.parametrize("operation", sorted(SUPERVISOR_ONLY) + sorted(ADMIN_ONLY))
def test_a_clerk_cannot_call_supervisor_or_admin_operations(
    staffed: Desk, tmp_path: Path, operation: str
) -> None:
    staffed.accounts.login("petugas", "kata-sandi-petugas")
    call = SUPERVISOR_ONLY.get(operation) or ADMIN_ONLY[operation]
    with pytest.raises(PermissionDenied, match="petugas"):
        call(staffed, tmp_path)
    staffed.close()


@pytest.mark.parametrize("operation", sorted(ADMIN_ONLY))
def test_a_supervisor_cannot_call_admin_operations(
    staffed: Desk, tmp_path: Path, operation: str
) -> None:
    staffed.accounts.login("spv", "kata-sandi-spv")
    with pytest.raises(PermissionDenied, match="spv"):
        ADMIN_ONLY[operation](staffed, tmp_path)
    staffed.close()


def test_nobody_logged_in_can_do_nothing_that_writes(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk", login=False)
    for call in (*SUPERVISOR_ONLY.values(), *ADMIN_ONLY.values()):
        with pytest.raises(PermissionDenied, match="log in"):
            call(desk, tmp_path)
    with pytest.raises(PermissionDenied):
        desk.recordings.save({"nik": "7271024507050001"})
    desk.close()


def test_guessing_passwords_locks_the_account(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk", login=False)
    for _ in range(5):
        with pytest.raises(AuthError):
            desk.accounts.login("admin", "tebakan-salah")
    with pytest.raises(AuthError):
        desk.accounts.login("admin", ADMIN_PASSWORD)  # even the right one, until the lockout ends
    assert desk.user is None
    desk.close()


def test_a_tampered_or_deleted_audit_row_is_found(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    seed(desk, recordings=3, detail=BiometricDetail.NONE)
    assert desk.health.verify_audit().ok
    rows = desk.session.connection.execute("SELECT seq FROM audit ORDER BY seq").fetchall()
    middle = rows[len(rows) // 2][0]
    desk.session.connection.execute("UPDATE audit SET actor = 'mallory' WHERE seq = ?", (middle,))
    assert not desk.health.verify_audit().ok
    desk.close()
    other = new_desk(tmp_path / "other")
    seed(other, recordings=3, detail=BiometricDetail.NONE)
    rows = other.session.connection.execute("SELECT seq FROM audit ORDER BY seq").fetchall()
    other.session.connection.execute("DELETE FROM audit WHERE seq = ?", (rows[2][0],))
    report = other.health.verify_audit()
    assert not report.ok and not other.check().ok
    other.close()


def test_a_tampered_envelope_is_rejected_by_the_hub(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    hub_key = pin_test_hub(desk)
    seed(desk, recordings=2, detail=BiometricDetail.NONE)
    rows = desk.session.connection.execute(
        "SELECT o.record_id, r.nik, r.finalized_at, r.local_date, p.payload FROM outbox o"
        " JOIN recordings r USING (record_id) JOIN payloads p USING (record_id)"
    ).fetchall()
    desk.close()
    store = SqliteHubStore(tmp_path / "hub.sqlite3")
    store.add_desk("PALU-BARAT-1", "72.71.02", "token-of-PALU-BARAT-1", "2026-11-01")
    sender = store.desk("PALU-BARAT-1")
    assert sender is not None
    ingestor = Ingestor(store, hub_key, clock=lambda: datetime.now(UTC))
    entries, parts = [], {}
    for index, (rid, nik, fin, day, payload) in enumerate(rows):
        envelope = bytearray(payload)
        envelope[len(envelope) // 2 + index] ^= 0x01  # one flipped bit
        entries.append(
            ManifestEntry(rid, nik, fin, day, hashlib.sha256(envelope).hexdigest(), len(envelope))
        )
        parts[rid] = bytes(envelope)
    outcomes = ingestor.ingest(sender, Manifest("b", "PALU-BARAT-1", tuple(entries)), parts)
    assert [o.outcome for o in outcomes] == [Outcome.REJECTED, Outcome.REJECTED]
    assert all("not openable" in (o.reason or "") for o in outcomes)
    assert list(store.records()) == []


def test_a_revoked_token_is_refused(tmp_path: Path) -> None:
    from ektp_desk.protocol.envelope import generate_private_key

    store = SqliteHubStore(tmp_path / "hub.sqlite3")
    store.add_desk("PALU-BARAT-1", "72.71.02", "the-token", "2026-11-01")
    service = HubService(store, generate_private_key())
    assert service.authenticate("Bearer the-token").desk_id == "PALU-BARAT-1"
    store.revoke_desk("PALU-BARAT-1", "2026-11-02")
    with pytest.raises(ApiError, match="revoked") as refused:
        service.authenticate("Bearer the-token")
    assert refused.value.status == 401
    with pytest.raises(ApiError):
        service.authenticate("Bearer " + uuid.uuid4().hex)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_the_data_dir_and_every_secret_file_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a usual umask: what the program creates must not follow it
    try:
        desk = new_desk(tmp_path / "desk")
        pin_test_hub(desk)
        seed(desk, recordings=3, detail=BiometricDetail.NONE)
        desk.backups.write(tmp_path / "b.ektpbak", "frasa-sandi-cadangan")
        desk.bundles.export(tmp_path / "b.ektpbundle")
        assert _mode(desk.data_dir) == 0o700
        for name in ("desk.sqlite3", "desk.sqlite3-wal", "desk.sqlite3-shm"):
            assert _mode(desk.data_dir / name) == 0o600, name
        assert _mode(tmp_path / "b.ektpbak") == 0o600
        assert _mode(tmp_path / "b.ektpbundle") == 0o600
        desk.close()
        hub = SqliteHubStore(tmp_path / "hub" / "hub.sqlite3")
        assert _mode(hub.path) == 0o600
    finally:
        os.umask(old)


@pytest.mark.parametrize("hub", [True, False], ids=["hub key pinned", "no hub key yet"])
def test_the_store_holds_no_biometric_image_in_clear(tmp_path: Path, hub: bool) -> None:
    desk = new_desk(tmp_path / "desk")
    if hub:
        pin_test_hub(desk)
    seed(desk, recordings=15, detail=BiometricDetail.SMALL)
    desk.close()
    data = b"".join(p.read_bytes() for p in (tmp_path / "desk").iterdir() if p.is_file())
    assert b"\x89PNG\r\n\x1a\n" not in data  # no image
    assert b"PK\x03\x04" not in data  # no payload ZIP
    assert b"IHDR" not in data


def test_the_holding_key_opens_for_admins_only_and_follows_their_passwords(
    tmp_path: Path,
) -> None:
    desk = new_desk(tmp_path / "desk")
    seed(desk, recordings=4, detail=BiometricDetail.NONE)
    desk.accounts.add("admin2", Role.ADMIN, "kata-sandi-admin2", scrypt=FAST_SCRYPT)
    desk.accounts.add("petugas", Role.CLERK, "kata-sandi-petugas", scrypt=FAST_SCRYPT)
    stored = " ".join(
        v for _, v in desk.session.connection.execute("SELECT key, value FROM settings")
    )
    assert ADMIN_PASSWORD not in stored and "kata-sandi-admin2" not in stored
    desk.accounts.login("petugas", "kata-sandi-petugas")
    assert desk.accounts.holding_private is None  # a clerk's log-in opens nothing
    desk.accounts.login("admin", ADMIN_PASSWORD)
    desk.accounts.reset_password("admin2", "sandi-baru-admin2", scrypt=FAST_SCRYPT)
    desk.accounts.logout()
    assert desk.accounts.holding_private is None
    desk.accounts.login(
        "admin2", "sandi-baru-admin2"
    )  # the reset re-wrapped it for the new password
    assert desk.accounts.holding_private is not None
    hub_key = pin_test_hub(desk)  # re-seals the four held payloads for the hub
    formats = {f for (f,) in desk.session.connection.execute("SELECT payload_format FROM outbox")}
    assert formats == {"sealed-v1"}
    from ektp_desk.hub.ingest import open_record

    rid, payload = desk.session.connection.execute(
        "SELECT record_id, payload FROM payloads"
    ).fetchone()
    opened = open_record(payload, private_key=hub_key, record_id=rid, desk_id=desk.desk_id)
    assert opened.manifest["record_id"] == rid
    desk.close()


def test_without_an_admin_who_opens_the_holding_key_the_hub_cannot_be_set(
    tmp_path: Path,
) -> None:
    from ektp_desk.desk import DeskError

    desk = new_desk(tmp_path / "desk")
    seed(desk, recordings=2, detail=BiometricDetail.NONE)
    desk.accounts.add("admin2", Role.ADMIN, "kata-sandi-admin2", scrypt=FAST_SCRYPT)
    desk.session.connection.execute("DELETE FROM settings WHERE key LIKE 'holding_key_for:admin2'")
    desk.settings.pop("holding_key_for:admin2")
    desk.accounts.login("admin2", "kata-sandi-admin2")
    with pytest.raises(DeskError, match="only an admin of this desk can open them"):
        pin_test_hub(desk)
    assert "hub_key_id" not in desk.settings  # nothing was set
    assert {f for (f,) in desk.session.connection.execute("SELECT payload_format FROM outbox")} == {
        "held-v1"
    }
    desk.close()


def test_the_end_of_session_log_scan_finds_what_it_looks_for() -> None:
    import shutil
    import tempfile

    from tests.conftest import scan_logs

    # Outside the session's temporary folders, which the real scan reads at the end.
    tmp_path = Path(tempfile.mkdtemp(prefix="ektp-scan-test-"))
    try:
        _scan_cases(tmp_path, scan_logs)
    finally:
        shutil.rmtree(tmp_path)


def _scan_cases(tmp_path: Path, scan_logs: Callable[[list[Path]], list[str]]) -> None:

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "ektp-desk.log").write_text(
        "2026 INFO ektp_desk.desk: backup written: /tmp/x/b.ektpbak (123 bytes)\n"
        "2026 INFO sync: batch 6f1c2a3b-0000-4000-8000-000000000001 from PALU-BARAT-1\n"
    )
    assert scan_logs([tmp_path / "ok"]) == []
    for leak in ("NIK 7271024507050001", "saved SITI LAMAKARATE", "iVBORw0KGgoAAAANSUhEUg"):
        folder = tmp_path / uuid.uuid4().hex
        folder.mkdir()
        (folder / "ektp-desk.log.1").write_text(f"2026 INFO x: {leak}\n")
        assert len(scan_logs([folder])) == 1, leak
