"""Corrections: a supervisor reopens a rejected, voided or duplicate-NIK recording; the new
recording names the one it replaces, waits for approval, and goes to the hub saying so."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.cli import main
from ektp_desk.desk import CityError, Desk, PermissionDenied
from ektp_desk.domain.accounts import Role
from ektp_desk.store import outbox
from ektp_desk.sync.city import apply_page
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, pin_test_hub

Make = Callable[..., dict[str, Any]]


def replaces_of(desk: Desk, record_id: str) -> str | None:
    row = desk.session.connection.execute(
        "SELECT replaces FROM recordings WHERE record_id = ?", (record_id,)
    ).fetchone()
    return row[0] if row else None


def test_a_rejected_recording_is_corrected_once(desk: Desk, make_recording: Make) -> None:
    pin_test_hub(desk)
    first = desk.recordings.save(make_recording())
    with pytest.raises(CityError, match="only a rejected, voided or duplicate-NIK"):
        desk.recordings.correct(first.record_id, make_recording())
    conn = desk.session.connection
    conn.execute("UPDATE outbox SET state = 'rejected' WHERE record_id = ?", (first.record_id,))
    fixed = desk.recordings.correct(first.record_id, make_recording())
    assert "correction" in fixed.needs_approval
    assert replaces_of(desk, fixed.record_id) == first.record_id
    with pytest.raises(CityError, match="already corrected"):
        desk.recordings.correct(first.record_id, make_recording())
    desk.approvals.approve(fixed.record_id, reason="NIK diperbaiki")
    claimed = outbox.claim(conn, max_records=10, max_bytes=10**9, at="2026-11-27T03:00:00Z")
    assert [(p.record_id, p.replaces) for p in claimed] == [(fixed.record_id, first.record_id)]


def test_a_record_the_hub_voided_by_a_case_decision_can_be_corrected(
    desk: Desk, make_recording: Make
) -> None:
    first = desk.recordings.save(make_recording())
    apply_page(
        desk.session.connection,
        {
            "cursor": 1,
            "more": False,
            "columns": ["record_id", "nik", "desk_id", "recorded_on", "state", "case_id",
                        "reason", "replaces"],
            "rows": [[first.record_id, first.nik, desk.desk_id, "2026-11-27", "voided",
                      "C000001", "Keputusan kasus C000001: NIK salah ketik", None]],
            "cases": [{"case_id": "C000001", "nik": first.nik, "state": "resolved"}],
        },
    )  # fmt: skip
    assert desk.city.recorded_at(first.nik) is None  # the hub's void counts here too
    assert desk.recordings.validate(make_recording())[0] is not None  # not "already recorded"
    fixed = desk.recordings.correct(first.record_id, make_recording())
    assert replaces_of(desk, fixed.record_id) == first.record_id


def test_a_clerk_may_not_correct(desk: Desk, make_recording: Make) -> None:
    first = desk.recordings.save(make_recording())
    desk.recordings.void(first.record_id, "foto tertukar")
    desk.accounts.add("ani", Role.CLERK, "sandi-ani-1", scrypt=FAST_SCRYPT)
    desk.accounts.login("ani", "sandi-ani-1")
    with pytest.raises(PermissionDenied):
        desk.recordings.correct(first.record_id, make_recording())


def test_record_correct_on_the_command_line(
    desk: Desk, make_recording: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = desk.recordings.save(make_recording())
    desk.recordings.void(first.record_id, "foto tertukar")
    data_dir = desk.data_dir
    desk.close()
    source = tmp_path / "fixed.json"
    source.write_text(json.dumps(make_recording()), encoding="utf-8")
    base = ["--data-dir", str(data_dir), "--user", "admin", "record", "correct"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
        assert main([*base, first.record_id, str(source)]) == 0
        out = capsys.readouterr().out
        assert f"replaces {first.record_id}" in out and "menunggu-persetujuan" in out
        assert main([*base, first.record_id, str(source)]) == 2
        assert "already corrected" in capsys.readouterr().err
        assert main([*base, "no-such-record", str(source)]) == 2
    with Desk.open(data_dir) as reopened:
        replaced = reopened.session.connection.execute(
            "SELECT count(*) FROM recordings WHERE replaces = ?", (first.record_id,)
        ).fetchone()[0]
    assert replaced == 1
