"""The resident list imported in the window (a progress bar, the error report opened at
the end), the hint a desk with no list gives, file dialogs that start in Documents and
remember the last folder of each kind, dated default names, and success not in red."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk
from ektp_desk.domain.accounts import Role
from ektp_desk.ui import files
from ektp_desk.ui.files import FileFolders, documents_dir
from ektp_desk.ui.main_window import MainWindow
from tests.conftest import FAST_SCRYPT, new_desk
from tests.ui.conftest import shown_window

HEADER = "nik,nama,tanggal_lahir,jenis_kelamin,alamat,rt,rw,kelurahan,status_perkawinan\n"
ROWS = [
    "7271024507050001,Siti Lamakarate,2005-07-05,P,Jl. Kartini 3,1,2,72.71.02.1007,BELUM KAWIN",
    "7271020312880042,Budi Santoso,03-12-1988,L,Jl. Malonda 9,4,1,Kamonji,KAWIN",
    "12345,Pendek,,,,,,,",
]


@pytest.fixture
def empty_desk(tmp_path: Path) -> Iterator[Desk]:
    desk = new_desk(tmp_path / "desk")
    yield desk
    desk.close()


@pytest.fixture
def window(qtbot: QtBot, empty_desk: Desk) -> MainWindow:
    return shown_window(qtbot, empty_desk)


def test_an_empty_list_says_how_to_get_one(window: MainWindow) -> None:
    hint = window.queue_page.empty_hint
    assert hint.isVisible()
    assert "Disdukcapil" in hint.text() and "ektp-desk residents import" in hint.text()


def test_a_supervisor_imports_the_list_in_the_window(
    qtbot: QtBot, window: MainWindow, empty_desk: Desk, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    opened: list[Path] = []
    monkeypatch.setattr(files, "open_file", lambda path: opened.append(path) or True)
    listing = tmp_path / "warga.csv"
    listing.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    importer = window.queue_page.importer
    assert importer.isVisible()
    with qtbot.waitSignal(importer.finished, timeout=20_000):
        importer.import_list(listing)
        assert importer.progress.isVisible() and not importer.button.isEnabled()
    assert not importer.progress.isVisible() and importer.button.isEnabled()
    assert empty_desk.residents.count() == 2
    assert opened == [tmp_path / "warga.errors.csv"] and opened[0].is_file()
    assert "1" in importer.message.text() and importer.message.property("role") == "warning"
    assert not window.queue_page.empty_hint.isVisible()


def test_the_window_import_counts_the_warnings(
    qtbot: QtBot, window: MainWindow, empty_desk: Desk, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    opened: list[Path] = []
    monkeypatch.setattr(files, "open_file", lambda path: opened.append(path) or True)
    listing = tmp_path / "warga.csv"
    married_at_15 = "7271020101110001,Andi Muda,2011-01-01,L,Jl. Anoa 1,1,1,Kamonji,KAWIN"
    listing.write_text(HEADER + "\n".join([married_at_15, *ROWS]) + "\n", encoding="utf-8")
    importer = window.queue_page.importer
    with qtbot.waitSignal(importer.finished, timeout=20_000):
        importer.import_list(listing)
    assert empty_desk.residents.count() == 3
    assert opened == [tmp_path / "warga.errors.csv"]
    text = importer.message.text()
    assert "1 baris ditolak, 1 peringatan" in text, text
    assert importer.message.property("role") == "warning"


def test_a_list_of_ones_own_over_disdukcapils_only_when_asked(
    qtbot: QtBot, window: MainWindow, empty_desk: Desk, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(files, "open_file", lambda path: True)
    empty_desk.city.apply_published(HEADER + ROWS[0] + "\n", 3)
    listing = tmp_path / "warga.csv"
    listing.write_text(HEADER + ROWS[1] + "\n", encoding="utf-8")
    importer = window.queue_page.importer
    importer.import_list(listing)  # asked first; "Batal" leaves the published list
    box = importer.replace_box
    assert box.isVisible() and "versi 3" in box.text()
    box.reject()
    qtbot.waitUntil(lambda: not box.isVisible())
    assert [r.nik for r in empty_desk.residents.search("Siti")] == ["7271024507050001"]
    assert importer.button.isEnabled() and not importer.progress.isVisible()
    importer.import_list(listing)  # now imported, as the person chose
    box = importer.replace_box
    with qtbot.waitSignal(importer.finished, timeout=20_000):
        box.findChild(QPushButton, "replace_published_box_on").click()
    assert empty_desk.residents.count() == 2
    assert empty_desk.residents.get("7271020312880042") is not None


def test_a_clerk_sees_no_import(qtbot: QtBot, empty_desk: Desk) -> None:
    empty_desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    empty_desk.accounts.login("ani", "kata-sandi-ani")
    window = shown_window(qtbot, empty_desk)
    assert not window.queue_page.importer.isVisible()
    assert window.queue_page.empty_hint.isVisible()


def test_file_dialogs_start_in_documents_and_remember_each_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    chosen = tmp_path / "usb" / "laporan.pdf"
    chosen.parent.mkdir()

    def save(_parent: object, _title: str, start: str, _pattern: str) -> tuple[str, str]:
        asked.append(start)
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    folders = FileFolders(tmp_path)
    assert folders.folder("reports") == documents_dir()
    assert folders.save_path(None, "reports", title="t", name="a.pdf", pattern="*.pdf") == chosen  # type: ignore[arg-type]
    assert asked == [str(documents_dir() / "a.pdf")]
    again = FileFolders(tmp_path)  # the next session
    assert again.folder("reports") == tmp_path / "usb"
    assert again.folder("lists") == documents_dir()
    again.save_path(None, "reports", title="t", name="b.pdf", pattern="*.pdf")  # type: ignore[arg-type]
    assert asked[-1] == str(tmp_path / "usb" / "b.pdf")


def test_default_names_carry_the_date(
    window: MainWindow, empty_desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda _p, _t, start, _f: asked.append(start) or ("", "")
    )
    report = window.report_page
    report.export("pdf")
    report.export_outreach("xlsx")
    today = empty_desk.today().isoformat()
    assert [Path(a).name for a in asked] == [
        f"laporan-harian-{today}.pdf", f"belum-rekam-{today}.xlsx",
    ]  # fmt: skip
    assert Path(asked[0]).parent == documents_dir()


def test_success_is_not_red(window: MainWindow, empty_desk: Desk) -> None:
    users = window.users_page
    users.change_language()
    assert users.message.text() and users.message.property("role") == "ok"
    queue = window.queue_page
    queue.add_selected()  # nothing typed: an error
    assert queue.message.property("role") == "error"
    queue.call_next()  # nobody waiting: news, not an error
    assert queue.message.text() and queue.message.property("role") != "error"
