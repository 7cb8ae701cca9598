"""The first-run wizard checks each page as it is left and keeps what was typed: an empty
desk id does not pass the first page, a hub address that cannot be a hub's does not pass
the second, and a hub that does not answer is told, not dropped."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk
from ektp_desk.ui.dialogs import FirstRunWizard


def _wizard(qtbot: QtBot, tmp_path: Path) -> FirstRunWizard:
    wizard = FirstRunWizard(tmp_path / "new")
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_an_empty_or_wrong_desk_id_does_not_pass_the_first_page(
    qtbot: QtBot, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, tmp_path)
    first = wizard.currentId()
    wizard.next()
    assert wizard.currentId() == first and "ID meja" in wizard.desk_error.text()
    qtbot.keyClicks(wizard.desk_id, "PALU BARAT!")
    wizard.next()
    assert wizard.currentId() == first
    wizard.desk_id.setText("PALU-BARAT-9")
    wizard.next()
    assert wizard.currentId() != first and wizard.desk_error.text() == ""


def test_a_hub_address_is_checked_as_its_page_is_left_and_kept_when_going_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, tmp_path)
    wizard.desk_id.setText("PALU-BARAT-9")
    wizard.next()
    hub_page = wizard.currentId()
    wizard.hub_url.setText("ftp://hub.example")
    wizard.next()
    assert wizard.currentId() == hub_page and wizard.hub_error.text()
    wizard.hub_url.setText("http://hub.disdukcapil.example")  # plain http off this computer
    wizard.next()
    assert wizard.currentId() == hub_page and "https" in wizard.hub_error.text()
    wizard.hub_url.setText("https://hub.disdukcapil.example")
    wizard.next()
    assert wizard.currentId() == hub_page and "token" in wizard.hub_error.text()
    wizard.hub_token.setText("TOKEN-1")
    wizard.next()
    assert wizard.currentId() != hub_page
    wizard.back()
    wizard.back()
    assert wizard.desk_id.text() == "PALU-BARAT-9"  # nothing typed is lost going back
    assert wizard.hub_url.text() == "https://hub.disdukcapil.example"


def test_a_hub_that_does_not_answer_is_told_and_finish_again_goes_on_without_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, tmp_path)
    created: list[Desk] = []
    wizard.created.connect(created.append)
    wizard.desk_id.setText("PALU-BARAT-9")
    wizard.next()
    wizard.hub_url.setText("http://127.0.0.1:9")  # loopback, nothing listens
    wizard.hub_token.setText("TOKEN-1")
    wizard.next()
    wizard.password.setText("rahasia-admin-1")
    wizard.password2.setText("rahasia-admin-1")
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    finish.click()
    assert created == [] and wizard.isVisible()
    assert "hub belum dapat diatur" in wizard.error.text()
    assert wizard.desk is not None  # the desk is made; only the hub waits
    finish.click()  # again, with the same hub: on without it
    assert len(created) == 1 and created[0].settings.get("hub_url") is None
    assert Desk.open(tmp_path / "new").desk_id == "PALU-BARAT-9"
    created[0].close()
