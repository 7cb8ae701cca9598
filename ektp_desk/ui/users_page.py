"""Pengguna (admin): add accounts, disable or enable them, reset a password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.desk import Desk, DeskError
from ektp_desk.domain.accounts import Role
from ektp_desk.domain.words import role_word
from ektp_desk.ui.access import name_inputs
from ektp_desk.ui.i18n import local, shown
from ektp_desk.ui.style import list_table, show_message, title_label


def role_label(role: Role) -> str:
    return shown(role_word(role))


class AddUserDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tambah pengguna"))
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setObjectName("new_user_name")
        self.role = QComboBox()
        self.role.setObjectName("new_user_role")
        for role in Role:
            self.role.addItem(role_label(role), role.value)
        self.password = QLineEdit()
        self.password.setObjectName("new_user_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Nama"), self.name)
        form.addRow(self.tr("Peran"), self.role)
        form.addRow(self.tr("Kata sandi"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        name_inputs(self)


class UsersPage(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(title_label(self.tr("Pengguna")), 1)
        header.addWidget(QLabel(self.tr("Bahasa tampilan:")))
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(
            max(0, self.language.findData(desk.settings.get("language", "id")))
        )
        self.language.currentIndexChanged.connect(self.change_language)
        header.addWidget(self.language)
        layout.addLayout(header)
        self.table = list_table(
            "users_table",
            [self.tr("Nama"), self.tr("Peran"), self.tr("Status"), self.tr("Masuk terakhir")],
            stretch=3,
        )
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        add = QPushButton(self.tr("Tambah…"))
        add.setObjectName("users_add")
        add.clicked.connect(self.add_user)
        toggle = QPushButton(self.tr("Nonaktifkan / aktifkan"))
        toggle.setObjectName("users_toggle")
        toggle.clicked.connect(self.toggle_user)
        reset = QPushButton(self.tr("Atur ulang kata sandi…"))
        reset.setObjectName("users_reset")
        reset.clicked.connect(self.reset_password)
        for b in (add, toggle, reset):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.refresh()

    def change_language(self) -> None:
        try:
            self.desk.change_setting("language", str(self.language.currentData()))
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
            return
        show_message(
            self.message, self.tr("Bahasa tersimpan; berlaku saat ektp-desk dibuka lagi."), "ok"
        )

    def refresh(self) -> None:
        try:
            users = self.desk.accounts.users()
        except DeskError:
            users = []
        self.users = users
        self.table.setRowCount(len(users))
        for r, u in enumerate(users):
            values = (
                u.name,
                role_label(u.role),
                self.tr("nonaktif") if u.disabled else self.tr("aktif"),
                local(u.last_login_at, self.desk.timezone),
            )
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(v))

    def _selected(self) -> str | None:
        row = self.table.currentRow()
        return self.users[row].name if 0 <= row < len(self.users) else None

    def add_user(self, dialog: AddUserDialog | None = None) -> None:
        dialog = dialog or AddUserDialog(self)
        if (
            dialog.result() != QDialog.DialogCode.Accepted
            and dialog.exec() != QDialog.DialogCode.Accepted
        ):
            return
        try:
            self.desk.accounts.add(
                dialog.name.text().strip(), Role(dialog.role.currentData()), dialog.password.text()
            )
            self.message.clear()
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
        self.refresh()

    def toggle_user(self) -> None:
        name = self._selected()
        if name is None:
            return
        user = next(u for u in self.users if u.name == name)
        try:
            self.desk.accounts.set_disabled(name, not user.disabled)
            self.message.clear()
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
        self.refresh()

    def reset_password(self) -> None:
        name = self._selected()
        if name is None:
            return
        password, ok = QInputDialog.getText(
            self,
            self.tr("Atur ulang kata sandi"),
            self.tr("Kata sandi baru untuk {name}:").format(name=name),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return
        try:
            self.desk.accounts.reset_password(name, password)
            self.message.clear()
        except DeskError as exc:
            show_message(self.message, shown(exc), "error")
