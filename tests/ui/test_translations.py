from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk
from ektp_desk.paths import resources_dir
from ektp_desk.ui import i18n
from ektp_desk.ui.main_window import MainWindow
from ektp_desk.ui.sync_page import SyncController
from tests.conftest import new_desk

TS = resources_dir() / "translations" / "ektp_desk_en.ts"  # the catalogue translators edit

ROOT = Path(__file__).resolve().parents[2]


def messages(ts: Path) -> list[tuple[str, str, ET.Element | None]]:
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out.append((name, message.findtext("source") or "", message.find("translation")))
    return out


def test_every_message_has_an_english_translation() -> None:
    found = messages(TS)
    assert len(found) > 150
    unfinished = [
        (c, s) for c, s, t in found
        if t is None or not t.text or t.get("type") in ("unfinished", "obsolete", "vanished")
    ]  # fmt: skip
    assert unfinished == []


def test_the_catalogue_holds_every_text_of_the_window(tmp_path: Path) -> None:
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "ektp_desk" / "ui").rglob("*.py"))
    assert any("recording" in Path(p).parts for p in sources)
    subprocess.run([lupdate, *sources, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = {(c, s) for c, s, _ in messages(fresh)}
    have = {(c, s) for c, s, _ in messages(TS)}
    assert wanted - have == set(), "run pyside6-lupdate and translate the new texts"


def test_english_shows_in_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    desk: Desk = new_desk(tmp_path / "desk")
    try:
        assert i18n.install("en")
        sync = SyncController(desk.data_dir)
        window = MainWindow(desk, sync)
        qtbot.addWidget(window)
        labels = [window.nav.item(i).text() for i in range(window.nav.count())]
        assert labels[:3] == ["Queue (Ctrl+1)", "Recording (Ctrl+2)", "Log (Ctrl+3)"]
        assert window.recording_page.save_button.text() == "Save (Ctrl+S)"
        assert window.recording_page.slots["fingers.R1"].name.text() == "Right thumb"
    finally:
        i18n.install("id")
        desk.close()


def lrelease(source: Path, target: Path) -> None:
    """PySide6's own lrelease, as the build uses it."""
    subprocess.run(
        [sys.executable, "-c", "from PySide6.scripts.pyside_tool import lrelease; lrelease()",
         str(source), "-qm", str(target)],
        check=True, capture_output=True,
    )  # fmt: skip


def test_the_shipped_qm_is_what_lrelease_makes_of_the_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    lrelease(TS, fresh)
    assert fresh.stat().st_size > 10_000
    assert i18n.qm_path("en").read_bytes() == fresh.read_bytes(), (
        "compile it again: pyside6-lrelease resources/translations/ektp_desk_en.ts "
        "-qm resources/translations/ektp_desk_en.qm"
    )


def test_english_needs_only_the_qm(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in the frozen app and a wheel: the compiled catalogue alone, no `.ts`, no cache."""
    (tmp_path / "translations").mkdir()
    shutil.copy(i18n.qm_path("en"), tmp_path / "translations" / "ektp_desk_en.qm")
    monkeypatch.setattr(i18n, "resources_dir", lambda: tmp_path)
    assert not (tmp_path / "translations" / "ektp_desk_en.ts").exists()
    try:
        assert i18n.install("en")
        assert QCoreApplication.translate("RecordingPage", "Simpan (Ctrl+S)") == "Save (Ctrl+S)"
        assert not i18n.install("fr")  # no catalogue: the window stays in Indonesian
        assert QCoreApplication.translate("RecordingPage", "Simpan (Ctrl+S)") == "Simpan (Ctrl+S)"
    finally:
        i18n.install("id")


def test_an_admin_switches_the_language_for_the_next_start(qtbot: QtBot, tmp_path: Path) -> None:
    from ektp_desk.ui.app import language_setting

    desk: Desk = new_desk(tmp_path / "desk")
    try:
        window = MainWindow(desk, SyncController(desk.data_dir))
        qtbot.addWidget(window)
        assert language_setting(desk.data_dir) == "id"
        users = window.users_page
        users.language.setCurrentIndex(users.language.findData("en"))
        assert desk.settings["language"] == "en"
        assert "berlaku saat" in users.message.text()
        assert language_setting(desk.data_dir) == "en"
    finally:
        desk.close()
