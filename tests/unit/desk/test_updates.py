"""`desk.updates` against the hub in this process (the lite server, the demo's): a release
offered in the audit-head answer, a download stopped and resumed from its .part file with a
Range request, and every refusal: an unsigned release, one signed by another key, a file
altered after its download, no release key pinned, a clerk, an install not confirmed."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ektp_desk.cli import main
from ektp_desk.desk import Desk, DeskError
from ektp_desk.desk.errors import PermissionDenied
from ektp_desk.desk.updates import InstallerNotStarted
from ektp_desk.domain.accounts import Role
from ektp_desk.hub.lite import LiteHub
from ektp_desk.hub.releases import add_release, create_release_key, installer_name
from ektp_desk.protocol.release import sign_release
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, new_desk

DATA = os.urandom(200_000)
AT = "2026-11-27T02:00:00+00:00"


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[LiteHub]:
    hub = LiteHub(tmp_path / "hub")
    hub.start()
    yield hub
    hub.stop()


def release_key(lite: LiteHub, tmp_path: Path) -> Ed25519PrivateKey:
    return create_release_key(tmp_path / "hub" / "release.pem", b"passphrase-1", lite.store)


def offer(lite: LiteHub, key: Ed25519PrivateKey, tmp_path: Path, version: str = "99.0.0") -> None:
    source = tmp_path / f"in-{version}.exe"
    source.write_bytes(DATA)
    add_release(
        lite.store, key, source, version=version, notes="", folder=tmp_path / "hub" / "releases",
        at=AT,
    )  # fmt: skip


def connected(lite: LiteHub, tmp_path: Path) -> Desk:
    desk = new_desk(tmp_path / "desk")
    desk.hub.set(lite.url, lite.enroll(desk.desk_id, "72.71.02", AT))
    return desk


def test_a_stopped_download_resumes_from_its_part_file(lite: LiteHub, tmp_path: Path) -> None:
    offer(lite, release_key(lite, tmp_path), tmp_path)
    with connected(lite, tmp_path) as desk:
        assert desk.updates.offered() is None
        assert desk.hub.engine().run().ok  # the release comes with the audit head's answer
        assert desk.updates.offered() is not None
        plan = desk.updates.plan_download()
        stop = threading.Event()

        def halfway(held: int, size: int) -> None:
            if held >= size // 2:
                stop.set()

        with pytest.raises(DeskError, match=r"broke off.*resume") as broke:
            plan.run(progress=halfway, stop=stop)
        assert broke.value.text("id") == (
            "unduhan pembaruan terputus (unduhan dihentikan; berlanjut dari tempatnya berhenti); "
            "unduh lagi untuk melanjutkan dari situ"
        )
        kept = plan.part.stat().st_size
        assert 0 < kept < len(DATA) and plan.part.read_bytes() == DATA[:kept]
        first: list[int] = []
        path = desk.updates.download(progress=lambda held, size: first.append(held))
        assert first[0] == kept + min(64 * 1024, len(DATA) - kept)  # continued, not restarted
        assert path.read_bytes() == DATA and desk.updates.ready() is not None


def test_an_older_or_equal_release_is_not_offered(lite: LiteHub, tmp_path: Path) -> None:
    offer(lite, release_key(lite, tmp_path), tmp_path, version="0.0.1")
    with connected(lite, tmp_path) as desk:
        desk.hub.engine().run()
        assert desk.updates.offered() is None
        with pytest.raises(DeskError, match="no version newer than"):
            desk.updates.download()


@pytest.mark.parametrize("signature", ["", "other key"])
def test_an_unsigned_or_wrongly_signed_release_is_refused(
    lite: LiteHub, tmp_path: Path, signature: str
) -> None:
    release_key(lite, tmp_path)  # the key the desk pins
    digest = hashlib.sha256(DATA).hexdigest()
    release = sign_release(Ed25519PrivateKey.generate(), version="99.0.0", size=len(DATA),
                           sha256=digest, at=AT)  # fmt: skip
    if signature == "":
        release = replace(release, signature="")
    (tmp_path / "hub" / "releases").mkdir()
    (tmp_path / "hub" / "releases" / installer_name("99.0.0")).write_bytes(DATA)
    lite.store.add_release(release, installer_name("99.0.0"))
    with connected(lite, tmp_path) as desk:
        desk.hub.engine().run()
        said = "is not signed" if signature == "" else "not signed by the release key"
        with pytest.raises(DeskError, match=said) as refused:
            desk.updates.download()
        assert "pembaruan 99.0.0 ditolak" in refused.value.text("id")
        assert not (desk.data_dir / "updates").exists() or not any(
            (desk.data_dir / "updates").iterdir()
        )
        assert desk.updates.ready() is None


def test_a_file_altered_after_its_download_is_not_installed(lite: LiteHub, tmp_path: Path) -> None:
    offer(lite, release_key(lite, tmp_path), tmp_path)
    with connected(lite, tmp_path) as desk:
        desk.hub.engine().run()
        path = desk.updates.download()
        path.write_bytes(b"MZ" + DATA[2:])
        ran: list[Path] = []
        with pytest.raises(DeskError, match="refused and its file deleted"):
            desk.updates.install(confirmed=True, runner=ran.append)
        assert ran == [] and not path.exists() and not desk.closed


def test_no_pinned_release_key_means_no_update(lite: LiteHub, tmp_path: Path) -> None:
    with connected(lite, tmp_path) as desk:  # set before the hub had a release key
        assert "hub_release_key_id" not in desk.settings
        offer(lite, release_key(lite, tmp_path), tmp_path)
        desk.hub.engine().run()
        with pytest.raises(DeskError, match="no release key is pinned"):
            desk.updates.download()


def test_a_clerk_may_not_update_and_a_supervisor_may(lite: LiteHub, tmp_path: Path) -> None:
    offer(lite, release_key(lite, tmp_path), tmp_path)
    with connected(lite, tmp_path) as desk:
        desk.hub.engine().run()
        desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
        desk.accounts.add("sri", Role.SUPERVISOR, "kata-sandi-sri", scrypt=FAST_SCRYPT)
        desk.accounts.login("ani", "kata-sandi-ani")
        for attempt in (desk.updates.check, desk.updates.download):
            with pytest.raises(PermissionDenied, match="may not update_program"):
                attempt()
        with pytest.raises(PermissionDenied):
            desk.updates.install(confirmed=True, runner=lambda path: None)
        desk.accounts.login("sri", "kata-sandi-sri")
        assert desk.updates.download().read_bytes() == DATA


def test_install_needs_confirmation_and_a_runner_off_windows(lite: LiteHub, tmp_path: Path) -> None:
    offer(lite, release_key(lite, tmp_path), tmp_path)
    with connected(lite, tmp_path) as desk:
        desk.hub.engine().run()
        with pytest.raises(DeskError, match="no update is downloaded"):
            desk.updates.install(confirmed=True, runner=lambda path: None)
        desk.updates.download()
        with pytest.raises(DeskError, match="confirm it first"):
            desk.updates.install(confirmed=False)
        if os.name != "nt":
            with pytest.raises(DeskError, match="runs only on Windows"):
                desk.updates.install(confirmed=True)
        assert not desk.closed
        actions = [r[0] for r in desk.session.connection.execute("SELECT action FROM audit")]
        assert "update.downloaded" in actions and "update.install" not in actions


def test_the_update_commands(
    lite: LiteHub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    offer(lite, release_key(lite, tmp_path), tmp_path, version="99.2.0")
    connected(lite, tmp_path).close()
    monkeypatch.setenv("EKTP_DESK_USER", "admin")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
    base = ["--data-dir", str(tmp_path / "desk")]
    assert main([*base, "update", "check"]) == 0
    assert "release 99.2.0 offered (200000 bytes)" in capsys.readouterr().out
    assert main([*base, "update", "install", "--yes"]) == 2
    assert "download it first" in capsys.readouterr().err
    assert main([*base, "update", "download"]) == 0
    assert "downloaded and checked" in capsys.readouterr().out
    assert main([*base, "update", "install"]) == 2  # not a terminal: no confirmation
    assert "--yes" in capsys.readouterr().err


def refused_740(path: Path) -> None:
    exc = OSError(22, "The requested operation requires elevation")
    exc.winerror = 740  # type: ignore[attr-defined]  # CreateProcess of a setup asking admin
    raise exc


def missing(path: Path) -> None:
    raise FileNotFoundError(2, "No such file or directory", str(path))


@pytest.mark.parametrize(
    ("runner", "reason"),
    [
        (refused_740, "Windows requires an administrator to run it"),
        (missing, "No such file or directory"),
    ],
)
def test_an_installer_that_does_not_start_leaves_the_desk_open(
    lite: LiteHub, tmp_path: Path, runner: Callable[[Path], None], reason: str
) -> None:
    offer(lite, release_key(lite, tmp_path), tmp_path)
    with connected(lite, tmp_path) as desk:
        desk.hub.engine().run()
        path = desk.updates.download()
        with pytest.raises(DeskError) as caught:
            desk.updates.install(confirmed=True, runner=runner)
        assert isinstance(caught.value, InstallerNotStarted)
        assert str(caught.value) == (
            f"the installer {path} could not be started: {reason}; the desk stays open, try again"
        )
        assert caught.value.text("id").startswith(f"pemasang {path} tidak dapat dijalankan: ")
        assert not desk.closed
        actions = [r[0] for r in desk.session.connection.execute("SELECT action FROM audit")]
        assert "update.install" not in actions
        ran: list[Path] = []
        assert desk.updates.install(confirmed=True, runner=ran.append) == path  # still usable
        assert ran == [path] and desk.closed


def test_on_windows_the_installer_is_opened_through_the_shell(
    lite: LiteHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offer(lite, release_key(lite, tmp_path), tmp_path)
    opened: list[object] = []
    with connected(lite, tmp_path) as desk:
        desk.hub.engine().run()
        path = desk.updates.download()
        # ShellExecute: the one way Windows shows the consent prompt for a setup asking for
        # an administrator (subprocess's CreateProcess fails with WinError 740).
        monkeypatch.setattr(os, "startfile", opened.append, raising=False)
        monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: pytest.fail("CreateProcess"))
        monkeypatch.setattr(sys, "platform", "win32")
        assert desk.updates.install(confirmed=True) == path
        assert desk.closed
    assert opened == [str(path)]


def test_an_installer_that_started_closes_the_desk_even_when_its_audit_cannot_be_written(
    lite: LiteHub, tmp_path: Path
) -> None:
    """The setup runs and will replace the program: a store locked by the background sync
    (or full) at that moment costs the audit entry, never the close the window quits on."""
    offer(lite, release_key(lite, tmp_path), tmp_path)
    with connected(lite, tmp_path) as desk:
        desk.hub.engine().run()
        path = desk.updates.download()
        other = sqlite3.connect(desk.session.database_path, timeout=0)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        desk.session.connection.execute("PRAGMA busy_timeout = 200")  # not the 10 s wait
        try:
            ran: list[Path] = []
            assert desk.updates.install(confirmed=True, runner=ran.append) == path
            assert ran == [path] and desk.closed
        finally:
            other.rollback()
            other.close()
