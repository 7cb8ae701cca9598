"""Log-in, unlock and take-over dialogs, and the first-run wizard."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ektp_desk.desk import (
    AuthError,
    Desk,
    DeskError,
    StoreError,
    TakeOverRefused,
)
from ektp_desk.domain.accounts import Role
from ektp_desk.domain.desks import desk_id_problem
from ektp_desk.domain.formats import zone_name
from ektp_desk.domain.regions import Level, regions, timezone_for
from ektp_desk.domain.words import role_word
from ektp_desk.ui.access import name_inputs
from ektp_desk.ui.i18n import shown
from ektp_desk.ui.style import training_banner

ZONES = ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")


class LoginDialog(QDialog):
    """Log in; with `locked_user` it unlocks that user's session, and a supervisor (or
    admin) may take the desk over instead."""

    logged_in = Signal()

    def __init__(
        self,
        desk: Desk,
        parent: QWidget | None = None,
        *,
        locked_user: str | None = None,
        demo_accounts: Sequence[tuple[str, Role, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.locked_user = locked_user
        self.setWindowTitle(self.tr("Masuk") if locked_user is None else self.tr("Terkunci"))
        layout = QVBoxLayout(self)
        title = QLabel(
            self.tr("ektp-desk — {desk}").format(desk=desk.desk_id)
            if locked_user is None
            else self.tr("Sesi {user} terkunci. Masukkan kata sandi untuk membuka.").format(
                user=locked_user
            )
        )
        title.setObjectName("title")
        title.setWordWrap(True)
        layout.addWidget(title)
        if desk.training:
            layout.addWidget(
                training_banner(
                    self.tr("DESK LATIHAN: rekamannya tidak dikirim sebagai data nyata.")
                )
            )
        form = QFormLayout()
        self.user = QLineEdit(locked_user or "")
        self.user.setObjectName("user")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Pengguna"), self.user)
        form.addRow(self.tr("Kata sandi"), self.password)
        layout.addLayout(form)
        if demo_accounts:
            layout.addWidget(self._demo_accounts(demo_accounts))
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addWidget(self._buttons())
        name_inputs(self)
        if demo_accounts:
            self.password.setFocus()  # the first demo account is filled in: its password next
        elif locked_user is None:
            self.user.setFocus()
        else:
            self.user.setReadOnly(True)
            self.password.setFocus()
        self.setMinimumWidth(380)

    def _demo_accounts(self, accounts: Sequence[tuple[str, Role, str]]) -> QLabel:
        """Demo mode only: the throwaway desk's accounts, so a newcomer can log in."""
        lines = "<br>".join(
            f"<b>{name}</b> / {password} ({shown(role_word(role))})"
            for name, role, password in accounts
        )
        demo = QLabel(self.tr("Mode demo. Akun percobaan:") + "<br>" + lines)
        demo.setObjectName("demo_accounts")
        demo.setProperty("role", "warning")
        self.user.setText(accounts[0][0])
        return demo

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Masuk") if self.locked_user is None else self.tr("Buka")
        )
        if self.locked_user is not None:
            self.takeover = buttons.addButton(
                self.tr("Ambil alih (supervisor)"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.takeover.clicked.connect(self._start_takeover)
        buttons.accepted.connect(self.submit)
        return buttons

    def reject(self) -> None:
        """Esc: a plain log-in may be given up; the lock of a session may not."""
        if self.locked_user is None:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked_user is not None and self.result() != QDialog.DialogCode.Accepted:
            event.ignore()  # a window manager's close (Alt+F4) leaves the desk locked
            return
        super().closeEvent(event)

    def _start_takeover(self) -> None:
        self.user.setReadOnly(False)
        self.user.clear()
        self.user.setFocus()
        self.error.setText(self.tr("Supervisor: masukkan nama dan kata sandi Anda."))

    def submit(self) -> None:
        name = self.user.text().strip()
        if self.locked_user is not None and name != self.locked_user:
            try:
                self.desk.accounts.take_over(name, self.password.text())
            except TakeOverRefused:
                self.error.setText(
                    self.tr("Hanya supervisor atau admin yang dapat mengambil alih.")
                )
                self.password.clear()
                return
            except (AuthError, DeskError) as exc:
                self.error.setText(shown(exc))
                self.password.clear()
                return
        else:
            try:
                self.desk.accounts.login(name, self.password.text())
            except (AuthError, DeskError) as exc:
                self.error.setText(shown(exc))
                self.password.clear()
                self.password.setFocus()
                return
        self.logged_in.emit()
        self.accept()


class FirstRunWizard(QWizard):
    """A new data dir: kecamatan, desk id, time zone, optional hub, the first admin."""

    created = Signal(object)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.desk: Desk | None = None
        self._hub_refused: tuple[str, str] | None = None
        self.setWindowTitle(self.tr("Penyiapan awal ektp-desk"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for page in (self._desk_page(), self._hub_page(), self._admin_page()):
            self.addPage(page)
        self.resize(620, 420)
        name_inputs(self)

    def _desk_page(self) -> QWizardPage:
        page1 = QWizardPage()
        page1.setTitle(self.tr("Desk ini"))
        page1.setSubTitle(self.tr("Kecamatan tempat desk ini merekam, dan nama desk."))
        form = QFormLayout(page1)
        self.kecamatan = QComboBox()
        self.kecamatan.setObjectName("kecamatan")
        self.kecamatan.setEditable(True)
        self.kecamatan.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        rl = regions()
        items = []
        for code in sorted(c for c in rl._names if c.count(".") == 2):
            region = rl.get(code)
            assert region is not None and region.level is Level.KECAMATAN
            regency = rl.name(code.rsplit(".", 1)[0]) or ""
            items.append((f"{code} {region.name} ({regency})", code))
        for text, code in items:
            self.kecamatan.addItem(text, code)
        completer = QCompleter([t for t, _ in items], self.kecamatan)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.kecamatan.setCompleter(completer)
        palu = self.kecamatan.findData("72.71.02")
        self.kecamatan.setCurrentIndex(max(palu, 0))
        self.desk_id = QLineEdit()
        self.desk_id.setObjectName("desk_id")
        self.desk_id.setPlaceholderText("PALU-BARAT-1")
        self.zone = QComboBox()
        self.zone.setObjectName("zone")
        for zone in ZONES:  # WITA (Asia/Makassar): as people name it, and the tz name
            self.zone.addItem(f"{zone_name(ZoneInfo(zone))} ({zone})", zone)
        self.kecamatan.currentIndexChanged.connect(self._zone_follows)
        self._zone_follows()
        self.target = QSpinBox()
        self.target.setRange(0, 10_000_000)
        self.target.setSpecialValueText(self.tr("(belum ditentukan)"))
        form.addRow(self.tr("Kecamatan"), self.kecamatan)
        form.addRow(self.tr("ID desk"), self.desk_id)
        form.addRow(self.tr("Zona waktu"), self.zone)
        form.addRow(self.tr("Target perekaman"), self.target)
        self.training = QCheckBox(
            self.tr("Desk latihan: perangkat simulasi, rekaman ditolak hub Disdukcapil")
        )
        self.training.setObjectName("training")
        form.addRow(self.training)
        self.desk_error = _error_label("wizard_desk_error")
        form.addRow(self.desk_error)
        return page1

    def _hub_page(self) -> QWizardPage:
        page2 = QWizardPage()
        page2.setTitle(self.tr("Hub Disdukcapil (boleh nanti)"))
        page2.setSubTitle(
            self.tr("Alamat hub dan token desk dari Disdukcapil; dapat diisi kemudian.")
        )
        form2 = QFormLayout(page2)
        self.hub_url = QLineEdit()
        self.hub_url.setObjectName("hub_url")
        self.hub_url.setPlaceholderText("https://hub.disdukcapil.example:8443")
        self.hub_token = QLineEdit()
        self.hub_token.setObjectName("hub_token")
        form2.addRow(self.tr("Alamat hub"), self.hub_url)
        form2.addRow(self.tr("Token desk"), self.hub_token)
        self.hub_error = _error_label("wizard_hub_error")
        form2.addRow(self.hub_error)
        return page2

    def _admin_page(self) -> QWizardPage:
        page3 = QWizardPage()
        page3.setTitle(self.tr("Akun admin pertama"))
        form3 = QFormLayout(page3)
        self.admin = QLineEdit("admin")
        self.admin.setObjectName("admin")
        self.password = QLineEdit()
        self.password.setObjectName("admin_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setObjectName("admin_password2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form3.addRow(self.tr("Nama admin"), self.admin)
        form3.addRow(self.tr("Kata sandi"), self.password)
        form3.addRow(self.tr("Ulangi kata sandi"), self.password2)
        self.error = _error_label("wizard_error")
        form3.addRow(self.error)
        return page3

    def _zone_follows(self) -> None:
        code = self.kecamatan.currentData()
        if code:
            self.zone.setCurrentIndex(self.zone.findData(timezone_for(str(code))))

    def validateCurrentPage(self) -> bool:
        """Each page is checked as it is left, so a mistake is told where it was made;
        going back keeps everything typed."""
        ids = self.pageIds()
        if self.currentId() == ids[0]:
            return self._desk_page_ok()
        if self.currentId() == ids[1]:
            return self._hub_page_ok()
        return self._finish()

    def _desk_page_ok(self) -> bool:
        index = self.kecamatan.currentIndex()
        if index < 0 or self.kecamatan.currentText() != self.kecamatan.itemText(index):
            self.desk_error.setText(self.tr("Pilih kecamatan dari daftar."))
            return False
        problem = desk_id_problem(self.desk_id.text().strip())
        self.desk_error.setText(shown(problem) if problem else "")
        return problem is None

    def _hub_page_ok(self) -> bool:
        url, token = self.hub_url.text().strip(), self.hub_token.text().strip()
        from ektp_desk.desk import hub_url_problem  # the hub's module: not for the log-in

        problem = hub_url_problem(url) if url else None
        if problem is not None:
            self.hub_error.setText(shown(problem))
        elif url and not token:
            self.hub_error.setText(self.tr("Isi juga token desk dari Disdukcapil."))
        elif token and not url:
            self.hub_error.setText(self.tr("Isi juga alamat hub, atau kosongkan tokennya."))
        else:
            self.hub_error.clear()
            return True
        return False

    def _finish(self) -> bool:
        if self.password.text() != self.password2.text():
            self.error.setText(self.tr("Kedua kata sandi tidak sama."))
            return False
        if self.desk is None:
            try:
                desk = Desk.create(
                    self.data_dir,
                    kecamatan=str(self.kecamatan.currentData()),
                    desk_id=self.desk_id.text().strip(),
                    timezone=self.zone.currentData(),
                    target=self.target.value() or None,
                    admin_name=self.admin.text().strip(),
                    admin_password=self.password.text(),
                    training=self.training.isChecked(),
                )
            except (DeskError, StoreError) as exc:
                self.error.setText(shown(exc))
                return False
            desk.accounts.login(self.admin.text().strip(), self.password.text())
            self.desk = desk
            self.page(self.pageIds()[0]).setEnabled(False)  # made: the desk stays as it is
        if not self._hub_set(self.desk):
            return False
        self.created.emit(self.desk)
        return True

    def _hub_set(self, desk: Desk) -> bool:
        """Set the hub typed on its page. When the hub refuses or does not answer, say so
        and stay: Back to correct it, or Finish again to go on without a hub for now."""
        url, token = self.hub_url.text().strip(), self.hub_token.text().strip()
        if not url or desk.settings.get("hub_url") == url.rstrip("/"):
            return True
        if self._hub_refused == (url, token):
            return True  # asked again with the same values: go on without the hub
        try:
            desk.hub.set(url, token)
        except DeskError as exc:
            self._hub_refused = (url, token)
            self.error.setText(
                self.tr(
                    "Desk dibuat, tetapi hub belum dapat diatur: {error}. Tekan Kembali untuk "
                    "memperbaiki alamat atau token hub, atau Selesai sekali lagi untuk lanjut "
                    "tanpa hub (atur nanti di halaman Sinkronisasi)."
                ).format(error=shown(exc))
            )
            return False
        return True


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    return label
