"""The Log's detail pane shows what the card prints under "berlaku hingga": SEUMUR HIDUP
for a WNI, the end of the KITAP for a WNA, with the permit number."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from ektp_desk.desk import Desk
from ektp_desk.ui.log_page import LogPage

FOREIGN = {"kewarganegaraan": "WNA", "no_kitap": "2C11AB0123456", "kitap_berlaku": "2029-06-30"}


def test_the_detail_shows_the_cards_validity(
    qtbot: QtBot, desk: Desk, make_recording: Callable[..., dict[str, Any]]
) -> None:
    desk.recordings.save(make_recording())
    desk.recordings.save(
        make_recording(**FOREIGN, nik="7271020312880042", nama="Budi", jenis_kelamin="LAKI-LAKI",
                       tanggal_lahir="1988-12-03")
    )  # fmt: skip
    page = LogPage(desk)
    qtbot.addWidget(page)
    page.refresh()
    shown = {}
    for row in range(2):
        page.table.selectRow(row)
        text = page.detail.toPlainText()
        shown["WNA" if "2C11AB0123456" in text else "WNI"] = text
    assert "berlaku_hingga\n30-06-2029" in shown["WNA"]
    assert "berlaku_hingga\nSEUMUR HIDUP" in shown["WNI"]
