"""Every input of the window and its dialogs has an accessible name, and its label as
buddy; Tab goes down the recording form in the form's order."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFormLayout, QLabel, QWidget
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk
from ektp_desk.ui.access import input_in, is_input, parts
from ektp_desk.ui.dialogs import FirstRunWizard, LoginDialog
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.recording.exception_dialog import ExceptionDialog
from ektp_desk.ui.recording.form import FORM_ORDER
from ektp_desk.ui.users_page import AddUserDialog
from ektp_desk.ui.void_dialog import VoidDialog
from tests.ui.conftest import activate, shown_window


def unnamed(top: QWidget) -> list[str]:
    """Inputs with no accessible name, and form rows whose label is not its input's buddy."""
    found = [
        f"{type(w).__name__} {w.objectName()}"
        for w in top.findChildren(QWidget)
        if is_input(w) and not w.accessibleName()
    ]
    for form in top.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label, _ = parts(form.itemAt(row, QFormLayout.ItemRole.LabelRole))
            target = input_in(form.itemAt(row, QFormLayout.ItemRole.FieldRole))
            if isinstance(label, QLabel) and target is not None and label.buddy() is not target:
                found.append(f"label {label.text()!r} is not its input's buddy")
    return found


def test_every_input_has_a_name_and_its_label_as_buddy(
    qtbot: QtBot, busy_desk: Desk, tmp_path: Path, language: str
) -> None:
    window = shown_window(qtbot, busy_desk)
    (record_id,) = busy_desk.session.connection.execute(
        "SELECT record_id FROM recordings LIMIT 1"
    ).fetchone()
    tops: list[QWidget] = [
        window,
        LoginDialog(busy_desk),
        FirstRunWizard(tmp_path / "new"),
        AddUserDialog(),
        VoidDialog(busy_desk, record_id),
        ExceptionDialog("RT"),
    ]
    found = {type(top).__name__: unnamed(top) for top in tops}
    assert {name: problems for name, problems in found.items() if problems} == {}
    # A name a person would hear: the label's words, without the mnemonic's "&".
    assert window.recording_page.fields["nik"].accessibleName() == "NIK"
    assert window.queue_page.search.accessibleName()


def test_tab_goes_down_the_recording_form(qtbot: QtBot, training_window: MainWindow) -> None:
    page = training_window.recording_page
    training_window.show_page(page)
    activate(qtbot, training_window)
    page.fields["nik"].setFocus()
    wanted = [n for n in FORM_ORDER if page.fields[n].isEnabled()]
    visited = []
    by_widget = {id(w): n for n, w in page.fields.items()}
    for _ in wanted:
        focused = QApplication.focusWidget()
        if focused is not None and isinstance(focused.parentWidget(), QComboBox):
            focused = focused.parentWidget()  # an editable combo's line edit
        visited.append(by_widget.get(id(focused), type(focused).__name__))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert visited == wanted
