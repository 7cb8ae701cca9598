"""The typed edges: the status, the tally, the sync overview and a recording's detail are
dataclasses, and the CLI's JSON stays byte for byte: `status --json`, `tally` (JSON to
stdout) and `tally merge --format json` print what they printed when these were dicts
(the golden files were written by the dict version; the progress has since gained the
working days, walk-ins and early recordings apart, and the kelurahan)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ektp_desk import cli
from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from tests.conftest import ADMIN_PASSWORD, FakeClock, new_desk

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def seeded(tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Path:
    desk = new_desk(tmp_path / "desk", clock=clock)
    try:
        seed(desk, recordings=12, days=3, seed_value=5, detail=BiometricDetail.NONE)
    finally:
        desk.close()
    monkeypatch.setenv("EKTP_DESK_USER", "admin")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "desk"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert cli.main(list(argv)) == 0
    return capsys.readouterr().out


def check(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("EKTP_WRITE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_status_json_is_unchanged(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "status", "--json", "--data-dir", str(seeded))
    out = out.replace(json.dumps(str(seeded)), '"DATA-DIR"')
    out = re.sub(r'"free_mb": \d+', '"free_mb": 0', out)
    out = re.sub(r'"today": \d+', '"today": 0', out)
    check("status.json", out)


def test_tally_json_is_unchanged(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("tally", "--date", "2026-11-25", "--to", "2026-11-27", "--data-dir", str(seeded))
    out = run(capsys, *args)
    check("tally.json", re.sub(r'"generated_at": "[^"]+"', '"generated_at": "T"', out))
    (tmp_path / "a.json").write_text(out, encoding="utf-8")
    other = json.loads(out)
    other["desk_id"] = "PALU-BARAT-2"
    (tmp_path / "b.json").write_text(json.dumps(other), encoding="utf-8")
    merged = tmp_path / "m.json"
    run(capsys, "tally", "merge", str(tmp_path / "a.json"), str(tmp_path / "b.json"),
        "--format", "json", "-o", str(merged))  # fmt: skip
    check("tally-merged.json", merged.read_text(encoding="utf-8"))


def test_sync_overview_and_detail_are_typed(
    desk: Desk, make_recording: Callable[..., dict[str, Any]]
) -> None:
    saved = desk.recordings.save(make_recording())
    with desk.session.transaction():
        desk.session.connection.execute(
            "UPDATE outbox SET state = 'rejected', hub_detail = ? WHERE record_id = ?",
            (json.dumps({"reason": "tanggal salah"}), saved.record_id),
        )
    overview = desk.hub.overview()
    (held,) = overview.quarantine
    assert (held.record_id, held.state) == (saved.record_id, "rejected")
    assert "tanggal salah" in (held.detail or "")
    assert overview.waiting == 0 and overview.batches == []
    detail = desk.recordings.detail(saved.record_id)
    assert detail is not None and detail.sync_state == "rejected"
    assert detail.record_id == saved.record_id and detail.biodata["nik"] == held.nik
    assert detail.hub_detail == {"reason": "tanggal salah"}
    assert detail.envelope_size is not None and detail.envelope_size > 0
