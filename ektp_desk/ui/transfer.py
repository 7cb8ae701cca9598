"""When the link is down for days: bundles on a USB stick, and backups to a second disk.

Both boxes sit on the Sinkronisasi page. Their work (a bundle or a backup of gigabytes)
runs on a pool thread with its own connection, so the clerk's screen never waits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.desk import BUNDLE_SUFFIX, MIN_PASSPHRASE, Desk, DeskError, StoreError, SyncError
from ektp_desk.desk.errors import FileInUse
from ektp_desk.domain.accounts import Permission, may
from ektp_desk.ui.file_in_use import in_use_text, offer_another_name
from ektp_desk.ui.files import FileFolders, dated_name
from ektp_desk.ui.i18n import local, shown
from ektp_desk.ui.style import show_message
from ektp_desk.ui.tasks import TaskRunner, run_on_own_connection

EXPECTED = (DeskError, StoreError, SyncError, OSError)


class _Box(QGroupBox):
    """A group with a message line and a task runner for its long jobs."""

    finished = Signal(str)  # the message shown, once a job has ended

    def __init__(self, title: str, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.desk = desk
        self.tasks = TaskRunner(self)
        self.folders = FileFolders(desk.data_dir)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons: list[QPushButton] = []
        self.in_use_box: QMessageBox | None = None

    def button(self, text: str, name: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: action())  # noqa: PLW0108 (drops `checked`)
        self.buttons.append(button)
        return button

    def run(
        self,
        job: Callable[[Desk], Any],
        done: Callable[[Any], str],
        working: str,
        *,
        again: Callable[[], None] | None = None,
    ) -> None:
        """`job` on a pool thread; `again` asks a new name if its file is open elsewhere."""
        for b in self.buttons:
            b.setEnabled(False)
        show_message(self.message, working, "warning")
        data_dir, user = self.desk.data_dir, self.desk.user

        def finish(result: object) -> None:
            self._end(done(result), "ok")

        self.tasks.start(
            lambda: run_on_own_connection(data_dir, user, job),
            on_done=finish,
            on_failed=lambda error: self._failed(error, again),
            expected=EXPECTED,
        )

    def _failed(self, error: BaseException, again: Callable[[], None] | None) -> None:
        if not isinstance(error, FileInUse):
            self._end(shown(error), "error")
            return
        self._end(in_use_text(error), "error")
        if again is not None and not self.desk.closed:
            self.in_use_box = offer_another_name(self, error, again)

    def _end(self, text: str, role: str) -> None:
        if self.desk.closed:  # the window closed while the job ran
            return
        for b in self.buttons:
            b.setEnabled(True)
        self.desk.reload_settings()
        show_message(self.message, text, role)
        self.refresh()
        self.finished.emit(text)

    def refresh(self) -> None:
        raise NotImplementedError


class BundleBox(_Box):
    """Export this desk's unsent recordings to a USB stick; import a laptop's bundle."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Bundel USB (saat sambungan putus berhari-hari)"), desk, parent)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.forwarded = QLabel()
        self.forwarded.setObjectName("bundle_forwarded")
        self.forwarded.setWordWrap(True)
        form.addRow(self.tr("Diteruskan dari desk lain"), self.forwarded)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.export_button = self.button(
            self.tr("Ekspor bundel ke USB…"), "bundle_export", self.export_bundle
        )
        self.import_button = self.button(
            self.tr("Impor bundel laptop…"), "bundle_import", self.import_bundle
        )
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        # The bundles of other desks imported here: one that should not be forwarded (a
        # forged or mistaken one) is removed with its records.
        self.bundles = QComboBox()
        self.bundles.setObjectName("bundle_list")
        self.drop_button = self.button(
            self.tr("Hapus bundel terpilih…"), "bundle_drop", self.drop_bundle
        )
        row = QHBoxLayout()
        row.addWidget(self.bundles, 1)
        row.addWidget(self.drop_button)
        form.addRow(self.tr("Bundel yang diimpor"), row)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        self.bundles.clear()
        user = self.desk.user
        if user is not None and may(user.role, Permission.TRANSFER_BUNDLES):
            for b in self.desk.bundles.forwarded():
                waiting = b.by_state.get("queued", 0) + b.by_state.get("sending", 0)
                self.bundles.addItem(
                    self.tr("{file} dari {desk}, {at}: {waiting} menunggu dari {n}").format(
                        file=b.file or b.bundle_id[:8], desk=b.desk_id or "?",
                        at=local(b.imported_at, self.desk.timezone), waiting=waiting, n=b.records,
                    ),
                    b.bundle_id,
                )  # fmt: skip
        waiting = sent = 0
        for _origin, state, count in self.desk.bundles.forwarded_summary():
            if state in ("queued", "sending"):
                waiting += count
            else:
                sent += count
        self.forwarded.setText(
            self.tr("{waiting} menunggu dikirim, {sent} sudah dijawab hub").format(
                waiting=waiting, sent=sent
            )
        )

    def update_role(self) -> None:
        user = self.desk.user
        self.setVisible(user is not None and may(user.role, Permission.TRANSFER_BUNDLES))

    def export_bundle(self, target: Path | None = None) -> None:
        if target is None:
            stamp = self.desk.now().astimezone(self.desk.timezone).strftime("%Y%m%d-%H%M")
            chosen = self.folders.save_path(
                self,
                "bundles",
                title=self.tr("Simpan bundel"),
                name=f"bundel-{self.desk.desk_id}-{stamp}{BUNDLE_SUFFIX}",
                pattern=f"*{BUNDLE_SUFFIX}",
            )
            if chosen is None:
                return
            target = chosen

        def done(summary: dict[str, object]) -> str:
            return self.tr(
                "Bundel tersimpan: {path} ({n} perekaman). Perekaman tetap menunggu sampai "
                "hub menerimanya."
            ).format(path=summary["file"], n=summary["records"])

        working = self.tr("Mengekspor bundel…")
        self.run(lambda desk: desk.bundles.export(target), done, working, again=self.export_bundle)

    def import_bundle(self, path: Path | None = None) -> None:
        if path is None:
            chosen = self.folders.open_path(
                self, "bundles", title=self.tr("Buka bundel"), pattern=f"*{BUNDLE_SUFFIX}"
            )
            if chosen is None:
                return
            path = chosen

        def done(summary: dict[str, object]) -> str:
            return self.tr(
                "Bundel dari desk {desk}: {new} perekaman baru akan diteruskan ke hub, "
                "{already} sudah ada di sini."
            ).format(desk=summary["desk_id"], new=summary["new"], already=summary["already_here"])

        self.run(lambda desk: desk.bundles.import_file(path), done, self.tr("Mengimpor bundel…"))

    def drop_bundle(self, *, confirm: bool = True) -> None:
        bundle_id = self.bundles.currentData()
        if not bundle_id:
            show_message(self.message, self.tr("Tidak ada bundel desk lain di sini."), "warning")
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Hapus bundel"),
                self.tr(
                    "Hapus bundel {name} dan perekamannya yang belum diteruskan ke hub? "
                    "Desk asalnya masih menyimpan perekaman itu."
                ).format(name=self.bundles.currentText()),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return

        def done(removed: dict[str, int]) -> str:
            return self.tr("Bundel dihapus: {n} perekaman dibuang.").format(n=sum(removed.values()))

        self.run(lambda desk: desk.bundles.drop(bundle_id), done, self.tr("Menghapus bundel…"))


class BackupBox(_Box):
    """The last backup and its age, the backup folder, the passphrase, and a backup now."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Cadangan"), desk, parent)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.last = QLabel()
        self.last.setObjectName("backup_last")
        self.folder = QLabel()
        self.folder.setObjectName("backup_folder")
        self.folder.setWordWrap(True)
        self.automatic = QLabel()
        self.automatic.setObjectName("backup_automatic")
        self.automatic.setWordWrap(True)
        form.addRow(self.tr("Cadangan terakhir"), self.last)
        form.addRow(self.tr("Folder cadangan"), self.folder)
        form.addRow(self.tr("Cadangan harian otomatis"), self.automatic)
        layout.addLayout(form)
        row = QGridLayout()  # two buttons a row: the box stays narrow enough for 1024 px
        self.now_button = self.button(self.tr("Cadangkan sekarang"), "backup_now", self.backup_now)
        self.folder_button = self.button(
            self.tr("Pilih folder…"), "backup_choose_folder", self.choose_folder
        )
        self.passphrase_button = self.button(
            self.tr("Atur frasa sandi…"), "backup_passphrase", self.set_passphrase
        )
        for i, b in enumerate((self.now_button, self.folder_button, self.passphrase_button)):
            row.addWidget(b, i // 2, i % 2)
        row.setColumnStretch(2, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.refresh()

    def update_role(self) -> None:
        user = self.desk.user
        admin = user is not None and may(user.role, Permission.CHANGE_SETTINGS)
        self.folder_button.setVisible(admin)
        self.passphrase_button.setVisible(admin)

    def refresh(self) -> None:
        backup = self.desk.backups.status()  # not status(): that counts the whole log
        if backup.last_at is None:
            show_message(self.last, self.tr("belum pernah"), "warning")
        elif backup.warning and backup.age_hours is not None:
            hours = round(backup.age_hours)
            text = self.tr("{when} — sudah {hours} jam, buat cadangan baru").format(
                when=local(backup.last_at, self.desk.timezone), hours=hours
            )
            show_message(self.last, text, "warning")
        else:
            show_message(self.last, local(backup.last_at, self.desk.timezone), "ok")
        self.folder.setText(self.desk.settings.get("backup_folder") or self.tr("(belum dipilih)"))
        ready = (
            bool(self.desk.settings.get("backup_folder")) and self.desk.backups.key() is not None
        )
        self.automatic.setText(
            self.tr("aktif: sekali sehari ke folder cadangan")
            if ready
            else self.tr("belum aktif: pilih folder dan atur frasa sandi")
        )

    def choose_folder(self, folder: Path | None = None) -> None:
        if folder is None:
            chosen = self.folders.directory(
                self, "backups", title=self.tr("Folder cadangan (disk kedua atau flashdisk)")
            )
            if chosen is None:
                return
            folder = chosen
        try:
            self.desk.change_setting("backup_folder", str(folder))
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
            return
        show_message(self.message, self.tr("Folder cadangan: {folder}").format(folder=folder), "ok")
        self.refresh()

    def _ask_passphrase(self, *, confirm: bool) -> str | None:
        first, ok = QInputDialog.getText(
            self,
            self.tr("Frasa sandi cadangan"),
            self.tr("Frasa sandi (minimal {n} karakter):").format(n=MIN_PASSPHRASE),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return None
        if confirm:
            second, ok = QInputDialog.getText(
                self,
                self.tr("Frasa sandi cadangan"),
                self.tr("Ulangi frasa sandi:"),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return None
            if second != first:
                show_message(self.message, self.tr("Kedua frasa sandi berbeda."), "error")
                return None
        return first

    def set_passphrase(self, passphrase: str | None = None) -> None:
        passphrase = passphrase if passphrase is not None else self._ask_passphrase(confirm=True)
        if passphrase is None:
            return
        try:
            self.desk.backups.set_passphrase(passphrase)
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
            return
        show_message(
            self.message,
            self.tr(
                "Frasa sandi diatur. Cadangan kini berjalan tanpa frasa sandi; simpan frasa "
                "sandi itu baik-baik: memulihkan cadangan memerlukannya."
            ),
            "ok",
        )
        self.refresh()

    def backup_now(self, target: Path | None = None, passphrase: str | None = None) -> None:
        if passphrase is None and self.desk.backups.key() is None:
            passphrase = self._ask_passphrase(confirm=True)
            if passphrase is None:
                return
        named = target is None and not self.desk.settings.get("backup_folder")
        if named:
            chosen = self.folders.save_path(
                self,
                "backups",
                title=self.tr("Simpan cadangan"),
                name=dated_name(f"ektp-desk-{self.desk.desk_id}", self.desk.today(), ".ektpbak"),
                pattern="*.ektpbak",
            )
            if chosen is None:
                return
            target = chosen

        def job(desk: Desk) -> Path:
            if target is None:
                return desk.backups.auto(passphrase)
            desk.backups.write(target, passphrase)
            return target

        self.run(
            job,
            lambda path: self.tr("Cadangan tersimpan: {path}").format(path=path),
            self.tr("Mencadangkan… (aplikasi tetap bisa dipakai)"),
            again=(lambda: self.backup_now(passphrase=passphrase)) if named else None,
        )

    def backup_if_due(self) -> bool:
        """The daily automatic backup: started when one is due and none is running."""
        if self.tasks.running() or self.desk.damaged is not None or not self.desk.backups.due():
            return False
        self.run(
            lambda desk: desk.backups.auto(),
            lambda path: self.tr("Cadangan harian tersimpan: {path}").format(path=path),
            self.tr("Cadangan harian berjalan…"),
        )
        return True
