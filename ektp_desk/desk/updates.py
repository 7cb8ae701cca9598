"""`desk.updates`: a newer desk release the hub offers, seen at sync, downloaded in the
background by a supervisor or an admin (resumable), checked against the release key
pinned at `hub set` (size, SHA-256, Ed25519 signature) before it is offered, and installed
only on confirmation: the desk closes once its installer has started.

Only the desk's own steps (who may, what is pinned, the audit) run on the desk's thread:
`DownloadPlan.run` is the slow part, with no database, for a worker thread."""

from __future__ import annotations

import base64
import json
import logging
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ektp_desk import __version__
from ektp_desk.desk.errors import DeskError
from ektp_desk.desk.hub import RELEASE_KEY
from ektp_desk.domain.accounts import Permission
from ektp_desk.domain.problems import Text
from ektp_desk.protocol.release import Release, ReleaseError, check_file, check_signature, is_newer
from ektp_desk.store import outbox as outbox_store
from ektp_desk.sync import SyncError
from ektp_desk.sync.audit_head import RELEASE_OFFERED
from ektp_desk.sync.client import HubClient
from ektp_desk.sync.update import Progress, fetch_release, offered_release

if TYPE_CHECKING:
    from ektp_desk.desk import Desk

log = logging.getLogger(__name__)

UPDATES_FOLDER = "updates"  # in the data dir
UPDATE_READY = "update_ready"  # sync_meta: the release downloaded and checked (JSON)
REFUSED_ID = "berkas tidak cocok dengan rilis yang ditandatangani kunci rilis hub"

Runner = Callable[[Path], None]

# Why Windows did not start the setup, for the errors a person can act on.
NOT_STARTED = {
    740: Text(
        "Windows meminta hak administrator untuk menjalankannya",
        "Windows requires an administrator to run it",
    ),
    1223: Text("persetujuan administrator dibatalkan", "the administrator's consent was cancelled"),
}

INSTALLER_TEXTS: dict[str, Text] = {
    "update_not_started": Text(
        "pemasang {path} tidak dapat dijalankan: {detail}; meja tetap terbuka, coba lagi",
        "the installer {path} could not be started: {detail}; the desk stays open, try again",
    )
}


class InstallerNotStarted(DeskError):
    """The installer did not start (refused by Windows, gone, consent cancelled); nothing
    was written and the desk stays open."""

    code = "installer_not_started"
    catalogue = INSTALLER_TEXTS


def on_windows() -> bool:
    """Asked at run time (a test names the platform win32), not narrowed by the type check."""
    return sys.platform == "win32"


def run_installer(path: Path) -> None:
    """Start the installer on its own, for the desk to close behind it. The NSIS setup runs
    with its pages shown (no /S): Windows asks for an administrator's consent, and the
    person sees it finish or fail. It ends the background sync and keeps the data.

    On Windows through ShellExecute (`os.startfile`, the "open" verb): the setup asks for an
    administrator, and CreateProcess (`subprocess`) refuses such a program with WinError 740
    where ShellExecute shows the consent prompt. A refused prompt raises OSError too."""
    if on_windows():
        os.startfile(str(path))  # type: ignore[attr-defined,unused-ignore]  # Windows only
        return
    flags = getattr(subprocess, "DETACHED_PROCESS", 0) | getattr(
        subprocess, "CREATE_NEW_PROCESS_GROUP", 0
    )
    subprocess.Popen([str(path)], creationflags=flags, close_fds=True)


def _not_started(path: Path, exc: OSError) -> InstallerNotStarted:
    winerror = getattr(exc, "winerror", None)
    detail: object = NOT_STARTED.get(winerror) if isinstance(winerror, int) else None
    return InstallerNotStarted(
        "update_not_started", path=path, detail=detail or exc.strerror or exc
    )


def _refused(release: Release, exc: ReleaseError) -> DeskError:
    return DeskError("update_refused", version=release.version, detail=Text(REFUSED_ID, str(exc)))


@dataclass(frozen=True, slots=True)
class DownloadPlan:
    """One download, made ready on the desk's thread; `run` on any thread."""

    release: Release
    public_key: bytes
    client: HubClient
    part: Path
    target: Path

    def run(
        self,
        *,
        progress: Progress | None = None,
        stop: threading.Event | None = None,
        stream_timeout: float = 30.0,
    ) -> Path:
        """Fetch (continuing a .part), check, and put the checked file in place. A file
        that is not the signed release is deleted (DeskError update_refused); a link that
        broke off keeps its bytes (DeskError update_broken_off)."""
        try:
            fetch_release(
                self.client,
                self.release,
                self.part,
                progress=progress,
                stop=stop,
                stream_timeout=stream_timeout,
            )
        except SyncError as exc:
            raise DeskError("update_broken_off", detail=exc) from exc
        try:
            check_file(self.release, self.part, self.public_key)
        except ReleaseError as exc:
            self.part.unlink(missing_ok=True)
            log.error("release %s refused and deleted: %s", self.release.version, exc)
            raise _refused(self.release, exc) from None
        os.replace(self.part, self.target)
        return self.target


class Updates:
    """`desk.updates`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.session = desk.session

    @property
    def installed(self) -> str:
        return __version__

    @property
    def folder(self) -> Path:
        return self.session.data_dir / UPDATES_FOLDER

    def offered(self) -> Release | None:
        """The newer release the hub offered at the last sync, or None."""
        return self._newer(outbox_store.meta(self.session.connection).get(RELEASE_OFFERED))

    def _newer(self, raw: str | None) -> Release | None:
        if not raw:
            return None
        try:
            release = Release.from_dict(json.loads(raw))
        except (ValueError, ReleaseError) as exc:
            log.warning("the release the hub offered is unreadable: %s", exc)
            return None
        return release if is_newer(release.version, self.installed) else None

    def check(self, client: HubClient | None = None) -> Release | None:
        """Ask the hub now (as a sync does); the newer release it offers, or None."""
        self.session.require(Permission.UPDATE_PROGRAM)
        try:
            offer = offered_release(client or self.desk.hub.client())
        except SyncError as exc:
            raise DeskError("update_broken_off", detail=exc) from None
        outbox_store.put_meta(
            self.session.connection, {RELEASE_OFFERED: json.dumps(offer) if offer else None}
        )
        return self.offered()

    def pinned_key(self) -> bytes:
        encoded = self.session.settings.get(RELEASE_KEY)
        if not encoded:
            raise DeskError("update_no_key")
        return base64.b64decode(encoded)

    def plan_download(self, client: HubClient | None = None) -> DownloadPlan:
        """The download of the newer release offered, once its signature is the pinned
        key's: an unsigned or wrongly signed release is refused before a byte is fetched."""
        self.session.require(Permission.UPDATE_PROGRAM)
        release = self.offered()
        if release is None:
            raise DeskError("update_none", installed=self.installed)
        public = self.pinned_key()
        name = f"ektp-desk-{release.version}-setup.exe"
        part = self.folder / (name + ".part")
        try:
            check_signature(release, public)
        except ReleaseError as exc:
            part.unlink(missing_ok=True)
            self._audit("update.refused", release, reason=str(exc))
            raise _refused(release, exc) from None
        return DownloadPlan(
            release, public, client or self.desk.hub.client(), part, self.folder / name
        )

    def finish_download(self, plan: DownloadPlan, error: BaseException | None) -> None:
        """Record on the desk's thread what became of a download run elsewhere."""
        if error is None:
            outbox_store.put_meta(
                self.session.connection, {UPDATE_READY: json.dumps(plan.release.as_dict())}
            )
            self._audit("update.downloaded", plan.release, sha256=plan.release.sha256)
        elif isinstance(error, DeskError) and error.key == "update_refused":
            self._audit("update.refused", plan.release, reason=str(error))

    def download(
        self,
        client: HubClient | None = None,
        *,
        progress: Progress | None = None,
        stop: threading.Event | None = None,
        stream_timeout: float = 30.0,
    ) -> Path:
        """Plan, fetch and check in one go (the command line); the checked file's path."""
        plan = self.plan_download(client)
        try:
            path = plan.run(progress=progress, stop=stop, stream_timeout=stream_timeout)
        except DeskError as exc:
            self.finish_download(plan, exc)
            raise
        self.finish_download(plan, None)
        return path

    def ready(self) -> tuple[Release, Path] | None:
        """The newer release downloaded and checked, and its file; None when there is none."""
        release = self._newer(outbox_store.meta(self.session.connection).get(UPDATE_READY))
        if release is None:
            return None
        path = self.folder / f"ektp-desk-{release.version}-setup.exe"
        return (release, path) if path.is_file() else None

    def install(self, *, confirmed: bool, runner: Runner | None = None) -> Path:
        """Check the downloaded file once more, start its installer, and close the desk.
        Nothing runs without `confirmed`; a file altered since its download is deleted; an
        installer that does not start (InstallerNotStarted) leaves the desk open."""
        self.session.require(Permission.UPDATE_PROGRAM)
        ready = self.ready()
        if ready is None:
            raise DeskError("update_not_ready")
        release, path = ready
        try:
            check_file(release, path, self.pinned_key())
        except ReleaseError as exc:
            path.unlink(missing_ok=True)
            self._audit("update.refused", release, reason=str(exc))
            raise _refused(release, exc) from None
        if not confirmed:
            raise DeskError("update_unconfirmed")
        if runner is None:
            if not on_windows():
                raise DeskError("update_not_windows", path=path)
            runner = run_installer
        # Started before anything is written or closed: a setup Windows refuses to start
        # leaves the desk open as it was, with the reason.
        try:
            runner(path)
        except OSError as exc:
            log.error("the installer %s was not started: %s", path, exc)
            raise _not_started(path, exc) from None
        # The setup runs now and will replace this program: whatever happens to the audit
        # entry (a locked or full store), the desk closes, so the window quits for it.
        try:
            self._audit("update.install", release, sha256=release.sha256)
        except (DeskError, sqlite3.Error) as exc:
            log.error("the installer %s started; its audit entry was not written: %s", path, exc)
        finally:
            self.desk.close()
        return path

    def _audit(self, action: str, release: Release, **detail: str) -> None:
        with self.session.transaction():
            self.session.audit(action, release.version, **detail)
