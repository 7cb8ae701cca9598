"""What the desk's people should act on, shown in the main window's status bar: a wrong
clock, a full disk, a hub token kept in clear or lost, a backup overdue."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ektp_desk.desk import Desk, DeskStatus
from ektp_desk.desk.status import SyncStatus


# The texts keep the main window's translation context, where they have always been.
def clock_warning(sync: SyncStatus) -> list[str]:
    """The wrong-clock warning of the status's `sync` part, if any (the status bar's and
    the Sinkronisasi page's)."""
    if not sync.clock_warning or sync.clock_skew_seconds is None:
        return []
    said = QCoreApplication.translate(
        "MainWindow", "Jam desk berbeda {n} detik dari hub: setel jam"
    )
    return [said.format(n=round(abs(sync.clock_skew_seconds)))]


def desk_warnings(desk: Desk, overview: DeskStatus) -> list[str]:
    """The warnings for `overview` (the Desk's status), in the window's language."""
    out = []
    sync, disk, backup = overview.sync, overview.disk, overview.backup
    out += clock_warning(sync)
    if disk.warning:
        floor, _ = desk.health.disk_limits()
        out.append(
            QCoreApplication.translate(
                "MainWindow", "Disk penuh: sisa {mb} MB, perekaman baru ditolak"
            ).format(mb=disk.free_mb)
            if disk.free_mb < floor
            else QCoreApplication.translate(
                "MainWindow", "Sisa disk {mb} MB: segera kosongkan"
            ).format(mb=disk.free_mb)
        )
    token = sync.token
    if token.warning:
        out.append(
            QCoreApplication.translate(
                "MainWindow",
                "Token hub tidak dapat dibuka di PC ini: minta token baru, atur hub lagi",
            )
            if token.kept == "sealed"
            else QCoreApplication.translate(
                "MainWindow", "Token hub tersimpan tanpa kunci sistem operasi"
            )
        )
    if backup.warning:
        out.append(
            QCoreApplication.translate("MainWindow", "Belum ada cadangan")
            if backup.last_at is None or backup.age_hours is None
            else QCoreApplication.translate("MainWindow", "Cadangan terakhir {h} jam lalu").format(
                h=round(backup.age_hours)
            )
        )
    return out
