"""Item 6: desk tokens. The hub rotates a token (the old one stops at once) and enrols a
revoked desk again under its id; the desk keeps its token sealed under a key the operating
system keeps (a key store through keyring, DPAPI on Windows), in clear only where there is
none, and says so."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import null
from pytestqt.qtbot import QtBot

from ektp_desk import cli
from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk, DeskError
from ektp_desk.desk.hub import TokenStorage
from ektp_desk.store import token_seal
from ektp_desk.sync import SyncError
from ektp_desk.sync.client import HubClient
from tests.conftest import ADMIN_PASSWORD, new_desk
from tests.hubproc import HubProcess
from tests.ui.conftest import collect_on_the_gui_thread  # noqa: F401 (an autouse fixture)

DESK_ID = "PALU-BARAT-1"


class MemoryKeyring(KeyringBackend):
    """A key store held in memory, as a Secret Service would hold it."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture
def key_store() -> Iterator[MemoryKeyring]:
    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(null.Keyring())


@pytest.fixture
def no_key_store() -> Iterator[None]:
    keyring.set_keyring(null.Keyring())
    yield


@pytest.fixture
def hub(tmp_path: Path, hub_db: str) -> Iterator[HubProcess]:
    process = HubProcess(tmp_path / "hub", db=hub_db)
    process.keygen()
    process.start()
    yield process
    process.stop()


def token_line(done_stdout: str) -> str:
    return done_stdout.splitlines()[-1].strip()


def raw_store(desk: Desk) -> bytes:
    """Every byte of the desk's store as it lies on disk (the database and its WAL)."""
    desk.session.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return b"".join(p.read_bytes() for p in desk.data_dir.glob("desk.sqlite3*") if p.is_file())


def enrolled_desk(tmp_path: Path, hub: HubProcess, name: str = "desk") -> tuple[Desk, str]:
    desk = new_desk(tmp_path / name)
    token = hub.add_desk(DESK_ID)
    desk.hub.set(hub.url, token)
    return desk, token


# -- the hub: rotate and enrol again ----------------------------------------------------


def test_a_rotated_token_stops_working_at_once(
    tmp_path: Path, hub: HubProcess, no_key_store: None
) -> None:
    desk, old = enrolled_desk(tmp_path, hub)
    seed(desk, recordings=2, seed_value=1, detail=BiometricDetail.NONE)
    new = token_line(hub.cli("desk", "rotate", DESK_ID).stdout)
    assert new != old and len(new) >= 40
    with pytest.raises(SyncError):
        HubClient(hub.url, old).whoami()
    assert HubClient(hub.url, new).whoami()["desk_id"] == DESK_ID
    report = desk.hub.engine().run()
    assert not report.ok and report.error_kind == "auth"
    desk.hub.set(hub.url, new)
    report = desk.hub.engine().run()
    assert report.ok and report.acked == 2, report.error
    desk.close()


def test_a_bundle_signed_before_a_rotation_still_counts_unless_the_key_is_forgotten(
    tmp_path: Path, hub: HubProcess, no_key_store: None
) -> None:
    desk, _ = enrolled_desk(tmp_path, hub)
    seed(desk, recordings=3, seed_value=2, detail=BiometricDetail.NONE)
    before = tmp_path / "before.ektpbundle"
    desk.bundles.export(before)
    hub.cli("desk", "rotate", DESK_ID)
    done = hub.cli("bundle", "import", str(before), "--json")
    assert json.loads(done.stdout)["outcomes"]["accepted"] == 3

    seed(desk, recordings=2, seed_value=3, detail=BiometricDetail.NONE)
    later = tmp_path / "later.ektpbundle"
    desk.bundles.export(later)  # still signed with the old token: the desk was not told
    new = token_line(hub.cli("desk", "rotate", DESK_ID, "--forget-old-key").stdout)
    done = hub.cli("bundle", "import", str(later), "--json", check=False)
    assert done.returncode == 2 and "not signed by desk" in done.stderr
    # The records stay queued at the desk: with the new token it exports them again.
    desk.hub.set(hub.url, new)
    again = tmp_path / "again.ektpbundle"
    desk.bundles.export(again)
    done = hub.cli("bundle", "import", str(again), "--json")
    outcomes = json.loads(done.stdout)["outcomes"]
    assert outcomes["accepted"] == 2 and outcomes["already_received"] == 3
    desk.close()


def test_a_revoked_desk_is_enrolled_again_and_sends_what_it_holds(
    tmp_path: Path, hub: HubProcess, no_key_store: None
) -> None:
    desk, _ = enrolled_desk(tmp_path, hub)
    seed(desk, recordings=2, seed_value=4, detail=BiometricDetail.NONE)
    assert desk.hub.engine().run().acked == 2
    seed(desk, recordings=3, seed_value=5, detail=BiometricDetail.NONE)
    hub.cli("desk", "revoke", DESK_ID)
    assert desk.hub.engine().run().error_kind == "auth"

    done = hub.cli("desk", "rotate", DESK_ID, check=False)
    assert done.returncode == 2 and "--reenroll" in done.stderr
    done = hub.cli("desk", "add", DESK_ID, "--kecamatan", "72.71.02", check=False)
    assert done.returncode == 2 and "already enrolled" in done.stderr
    done = hub.cli("desk", "add", DESK_ID, "--reenroll", "--kecamatan", "72.71.01", check=False)
    assert done.returncode == 2 and "keeps its kecamatan" in done.stderr
    token = token_line(hub.cli("desk", "add", DESK_ID, "--reenroll").stdout)
    done = hub.cli("desk", "add", DESK_ID, "--reenroll", check=False)
    assert done.returncode == 2 and "is active" in done.stderr

    desk.hub.set(hub.url, token)
    report = desk.hub.engine().run()
    assert report.ok and report.acked == 3, report.error
    held = json.loads(hub.cli("records", "--json", "--desk", DESK_ID).stdout)
    assert len(held) == 5  # the history from before the revocation stays
    listing = hub.cli("desk", "list").stdout
    assert f"{DESK_ID}\t72.71.02\tactive" in listing
    desk.close()


# -- the desk: the token sealed by the operating system ----------------------------------


def test_with_a_key_store_the_store_holds_no_token_and_sync_works(
    tmp_path: Path, hub: HubProcess, key_store: MemoryKeyring
) -> None:
    desk, token = enrolled_desk(tmp_path, hub)
    assert token.encode() not in raw_store(desk)
    assert "hub_token" not in desk.settings
    assert desk.settings["hub_token_keeper"] == "keyring"
    ((service, username),) = key_store.entries
    assert service == token_seal.KEYRING_SERVICE
    assert username == f"{DESK_ID} {desk.data_dir.resolve()}"
    seed(desk, recordings=2, seed_value=6, detail=BiometricDetail.NONE)
    desk.close()
    with Desk.open(tmp_path / "desk") as again:  # another process, as the sync service
        report = again.hub.engine().run()
        assert report.ok and report.acked == 2, report.error
        token_state = again.status().sync.token
        assert token_state == TokenStorage(kept="sealed", keeper="keyring", warning=None)
        assert token.encode() not in raw_store(again)


def test_two_desks_of_one_id_on_one_host_do_not_collide(
    tmp_path: Path, hub: HubProcess, key_store: MemoryKeyring
) -> None:
    first, _ = enrolled_desk(tmp_path, hub, "first")
    second = new_desk(tmp_path / "second")
    token = token_line(hub.cli("desk", "rotate", DESK_ID).stdout)
    second.hub.set(hub.url, token)
    assert len(key_store.entries) == 2
    assert second.hub.client().whoami()["desk_id"] == DESK_ID
    assert first.hub.token() != second.hub.token()  # each opens its own
    first.close()
    second.close()


def test_without_a_key_store_the_token_stays_in_clear_and_status_says_so(
    tmp_path: Path,
    no_key_store: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.conftest import pin_test_hub

    desk = new_desk(tmp_path / "desk")
    pin_test_hub(desk)
    assert desk.settings["hub_token"] == f"token-of-{DESK_ID}"
    state = desk.status().sync.token
    assert state.kept == "clear" and "no key store" in (state.warning or "")
    desk.close()
    monkeypatch.setenv("EKTP_DESK_DATA_DIR", str(tmp_path / "desk"))
    assert cli.main(["status"]) == 0
    out = capsys.readouterr().out
    assert "hub token  in clear" in out and "WARNING    the hub token is kept in clear" in out
    assert cli.main(["status", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["sync"]["token"]["kept"] == "clear"


def test_a_clear_token_is_sealed_once_a_key_store_is_there(
    tmp_path: Path, hub: HubProcess, no_key_store: None
) -> None:
    desk, token = enrolled_desk(tmp_path, hub)
    assert desk.settings["hub_token"] == token
    store = MemoryKeyring()
    keyring.set_keyring(store)
    try:
        assert desk.hub.client().whoami()["desk_id"] == DESK_ID
        assert "hub_token" not in desk.settings and token.encode() not in raw_store(desk)
        sealed = desk.session.connection.execute(
            "SELECT count(*) FROM audit WHERE action = 'hub.token_sealed'"
        ).fetchone()[0]
        assert sealed == 1
    finally:
        keyring.set_keyring(null.Keyring())
    desk.close()


class FakeDpapi:
    """DPAPI as a machine would do it: what one machine protects only it unprotects."""

    def __init__(self, machine: bytes) -> None:
        self.machine = machine
        self.calls = 0

    def protect(self, data: bytes) -> bytes:
        self.calls += 1
        return self.machine + bytes(b ^ 0x5A for b in data)

    def unprotect(self, blob: bytes) -> bytes:
        self.calls += 1
        if not blob.startswith(self.machine):
            raise OSError("the data is invalid (another machine)")
        return bytes(b ^ 0x5A for b in blob[len(self.machine) :])


def test_on_windows_dpapi_seals_and_another_pc_cannot_open(
    tmp_path: Path,
    hub: HubProcess,
    no_key_store: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    here = FakeDpapi(b"PC-KECAMATAN-1:")
    monkeypatch.setattr(token_seal, "platform", lambda: "win32")
    monkeypatch.setattr(token_seal, "dpapi_functions", (here.protect, here.unprotect))
    desk, token = enrolled_desk(tmp_path, hub)
    assert desk.settings["hub_token_keeper"] == "windows-dpapi"
    assert token.encode() not in raw_store(desk) and here.calls >= 1
    seed(desk, recordings=2, seed_value=7, detail=BiometricDetail.NONE)
    report = desk.hub.engine().run()
    assert report.ok and report.acked == 2, report.error

    # The store restored onto another PC: its DPAPI cannot open the key.
    backup = tmp_path / "desk.ektpbak"
    desk.backups.write(backup, "frasa-sandi-cadangan")
    desk.close()
    elsewhere = FakeDpapi(b"PC-LAIN:")
    monkeypatch.setattr(token_seal, "dpapi_functions", (elsewhere.protect, elsewhere.unprotect))
    monkeypatch.setenv("EKTP_DESK_BACKUP_PASSPHRASE", "frasa-sandi-cadangan")
    monkeypatch.setenv("EKTP_DESK_DATA_DIR", str(tmp_path / "restored"))
    assert cli.main(["restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "cannot be opened here" in out and f"ektp-hub desk rotate {DESK_ID}" in out
    with Desk.open(tmp_path / "restored") as restored:
        with pytest.raises(DeskError, match="hub set URL --token"):
            restored.hub.engine()
        restored.accounts.login("admin", ADMIN_PASSWORD)
        with pytest.raises(DeskError, match="cannot be opened here"):
            restored.bundles.export(tmp_path / "x.ektpbundle")
        # The admin does as told: a rotated token, set again.
        new = token_line(hub.cli("desk", "rotate", DESK_ID).stdout)
        restored.hub.set(hub.url, new)
        assert restored.status().sync.token.warning is None
        assert restored.hub.engine().run().ok


def test_a_restore_onto_another_pc_with_a_key_store_asks_for_a_new_token(
    tmp_path: Path, hub: HubProcess, key_store: MemoryKeyring
) -> None:
    desk, _ = enrolled_desk(tmp_path, hub)
    backup = tmp_path / "desk.ektpbak"
    desk.backups.write(backup, "frasa-sandi-cadangan")
    desk.close()
    keyring.set_keyring(MemoryKeyring())  # another PC's key store
    with Desk.restore(backup, tmp_path / "restored", "frasa-sandi-cadangan") as restored:
        state = restored.status().sync.token
        assert state.kept == "sealed" and "ektp-hub desk rotate" in (state.warning or "")
        with pytest.raises(DeskError, match="cannot be opened here"):
            restored.hub.client()


def test_an_old_key_vouches_only_for_records_finalized_before_its_retirement() -> None:
    from ektp_desk.protocol.bundle import (
        BundleEntry,
        DeskBundleKey,
        bundle_key,
        sign_entry,
        signed_by_desk,
    )

    old, new = bundle_key("token-lama"), bundle_key("token-baru")
    keys = [DeskBundleKey(new), DeskBundleKey(old, "2026-11-30T08:00:00.000+00:00")]

    def entry(finalized_at: str, key: bytes) -> BundleEntry:
        unsigned = BundleEntry(
            "0f8fad5b-d9cb-469f-a165-70867728950e", DESK_ID, "7271024507050001",
            finalized_at, "2026-11-30", "a" * 64, 100, "",
        )  # fmt: skip
        return sign_entry(key, unsigned)

    assert signed_by_desk(keys, entry("2026-11-30T07:59:59.000+00:00", old))
    assert not signed_by_desk(keys, entry("2026-11-30T08:00:01.000+00:00", old))
    assert not signed_by_desk(keys, entry("2026-11-30T07:00:00", old))  # no zone: refused
    assert signed_by_desk(keys, entry("2026-12-01T00:00:00.000+00:00", new))
    assert not signed_by_desk(keys[:1], entry("2026-11-30T07:00:00.000+00:00", old))


def test_the_demo_leaves_no_key_store_entry(key_store: MemoryKeyring, tmp_path: Path) -> None:
    from ektp_desk.demo_site import start_demo_site

    site = start_demo_site(tmp_path / "demo", recordings=1, residents_waiting=1)
    try:
        assert len(key_store.entries) == 1
    finally:
        site.close()
    assert key_store.entries == {}


def test_the_window_warns_of_a_token_in_clear(
    qtbot: QtBot, tmp_path: Path, no_key_store: None
) -> None:
    from ektp_desk.ui.main_window import MainWindow
    from ektp_desk.ui.sync_page import SyncController
    from tests.conftest import pin_test_hub

    desk = new_desk(tmp_path / "desk")
    pin_test_hub(desk)
    window = MainWindow(desk, SyncController(desk.data_dir))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.tasks.running() == 0)
    assert "Token hub tersimpan tanpa kunci sistem operasi" in window.warnings(desk.status())
    window.close()
    desk.close()
