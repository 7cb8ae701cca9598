"""Item 20 of issue 13, in the window: the check each start runs off the GUI thread finds a
rotten payload, and supervisors see the resident as "perlu direkam ulang" on the
Sinkronisasi page and in the Log; a store that cannot be opened is told, not a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.ui.app import DeskApp
from tests.conftest import ADMIN_PASSWORD, new_desk, pin_test_hub


def test_the_start_finds_a_rotten_payload_and_supervisors_see_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    desk = new_desk(tmp_path / "desk")
    pin_test_hub(desk)
    seed(desk, recordings=3, seed_value=2, detail=BiometricDetail.SMALL)
    record_id, nama = desk.session.connection.execute(
        "SELECT record_id, nama FROM recordings ORDER BY id"
    ).fetchone()
    desk.close()
    conn = sqlite3.connect(tmp_path / "desk" / "desk.sqlite3")
    (payload,) = conn.execute(
        "SELECT payload FROM payloads WHERE record_id = ?", (record_id,)
    ).fetchone()
    bent = bytearray(payload)
    bent[100] ^= 0x01
    conn.execute("UPDATE payloads SET payload = ? WHERE record_id = ?", (bytes(bent), record_id))
    conn.commit()
    conn.close()

    flow = DeskApp(tmp_path / "desk")
    flow.start()
    assert flow.login is not None
    qtbot.addWidget(flow.login)
    flow.login.user.setText("admin")
    flow.login.password.setText(ADMIN_PASSWORD)
    flow.login.submit()
    try:
        assert flow.window is not None
        page = flow.window.sync_page
        qtbot.waitUntil(lambda: not page.rerecord.isHidden(), timeout=15000)
        assert nama in page.rerecord.text() and "direkam ulang" in page.rerecord.text()
        assert flow.desk is not None and flow.desk.damaged is None  # rot is not damage
        model = flow.window.log_page.model

        def shown_in_the_log() -> bool:
            # The Log reloads after the check's result reached the window: wait for it.
            rows = [model.entry(r) for r in range(model.rowCount())]
            row = next(r for r, e in enumerate(rows) if e is not None and e.record_id == record_id)
            return bool(model.data(model.index(row, 5)) == "Perlu direkam ulang")

        qtbot.waitUntil(shown_in_the_log, timeout=15000)
    finally:
        flow.shutdown()


def test_a_store_holding_a_foreign_trigger_is_told_at_start(qtbot: QtBot, tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    desk.session.connection.execute(
        "CREATE TRIGGER spy AFTER INSERT ON queue BEGIN DELETE FROM audit; END"
    )
    desk.close()
    flow = DeskApp(tmp_path / "desk")
    flow.start()
    try:
        assert flow.login is None and flow.damage_box is not None
        assert "trigger 'spy'" in flow.damage_box.text()
    finally:
        flow.shutdown()
