"""desk.approvals: the rules that hold a recording for a supervisor, the wait unsent (no
claim, no bundle), approval by the logged-in supervisor or by one typing their password
at a clerk's desk, a clerk refused, the audit entries, and the approval in the manifest."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.desk import Desk, DeskError, PermissionDenied
from ektp_desk.domain.accounts import Role
from ektp_desk.domain.approval import (
    CORRECTION,
    EARLY,
    EXCEPTIONS,
    LOW_QUALITY,
    QualityFloor,
    approval_rules,
)
from ektp_desk.domain.recording import build_recording
from ektp_desk.protocol.wire import ManifestError, parse_manifest
from ektp_desk.store import bundles as bundle_store
from ektp_desk.store import outbox
from tests.conftest import FAST_SCRYPT, new_desk, pin_test_hub

Make = Callable[..., dict[str, Any]]
CLERK, SUPERVISOR = ("kasir", "rahasia-kasir-1"), ("kasi", "rahasia-kasi-1")


@pytest.fixture
def sealed(tmp_path: Path, clock: Any) -> Iterator[Desk]:
    desk = new_desk(tmp_path / "desk", clock=clock)
    pin_test_hub(desk)
    desk.accounts.add(CLERK[0], Role.CLERK, CLERK[1], scrypt=FAST_SCRYPT)
    desk.accounts.add(SUPERVISOR[0], Role.SUPERVISOR, SUPERVISOR[1], scrypt=FAST_SCRYPT)
    yield desk
    desk.close()


def low_iris(make: Make) -> dict[str, Any]:
    raw = make()
    raw["biometrics"]["iris"]["L"]["quality"] = 30  # below the iris threshold (60)
    return raw


def three_exceptions(make: Make) -> dict[str, Any]:
    raw = make()
    for finger in ("L3", "L4", "L5"):
        raw["biometrics"]["fingers"][finger] = {"exception": "JARI DIAMPUTASI"}
    return raw


def early(make: Make) -> dict[str, Any]:
    return make(nik="7271024507100001", tanggal_lahir="2010-07-05")  # 16 on the test clock


@pytest.mark.parametrize(
    ("variant", "rules"),
    [
        (low_iris, (LOW_QUALITY,)),
        (three_exceptions, (EXCEPTIONS,)),
        (early, (EARLY,)),
    ],
)
def test_each_rule_holds_the_recording(
    sealed: Desk, make_recording: Make, variant: Callable[[Make], dict[str, Any]], rules: Any
) -> None:
    saved = sealed.recordings.save(variant(make_recording))
    assert saved.needs_approval == rules
    held = sealed.approvals.get(saved.record_id)
    assert held is not None and held.rules == rules and not held.approved
    assert [w.record_id for w in sealed.approvals.waiting()] == [saved.record_id]
    assert sealed.status().awaiting_approval == 1


def test_an_ordinary_recording_needs_no_approval(sealed: Desk, make_recording: Make) -> None:
    raw = make_recording()
    for finger in ("L4", "L5"):  # two exceptions are still within the rule
        raw["biometrics"]["fingers"][finger] = {"exception": "JARI DIAMPUTASI"}
    saved = sealed.recordings.save(raw)
    assert saved.needs_approval == ()
    assert sealed.approvals.get(saved.record_id) is None
    with pytest.raises(DeskError, match="needs no approval"):
        sealed.approvals.approve(saved.record_id)


def test_the_rules_follow_the_quality_settings_and_a_correction(
    sealed: Desk, make_recording: Make
) -> None:
    recording, problems = build_recording(
        low_iris(make_recording), context=sealed.context(), now=sealed.now()
    )
    assert recording is not None, problems
    assert approval_rules(recording, floor=QualityFloor(finger=40, iris=60)) == (LOW_QUALITY,)
    assert approval_rules(recording, floor=QualityFloor(finger=40, iris=30)) == ()
    assert approval_rules(recording, floor=QualityFloor(finger=61, iris=30)) == (LOW_QUALITY,)
    assert approval_rules(
        recording, floor=QualityFloor(finger=40, iris=30), replaces="an-earlier-id"
    ) == (CORRECTION,)
    sealed.change_setting("quality_iris_min", "20")
    assert sealed.recordings.save(low_iris(make_recording)).needs_approval == ()


def test_a_held_recording_waits_unsent_then_goes_with_its_approval(
    sealed: Desk, make_recording: Make
) -> None:
    held = sealed.recordings.save(early(make_recording))
    ordinary = sealed.recordings.save(make_recording())
    conn = sealed.session.connection
    claimed = outbox.claim(conn, max_records=10, max_bytes=10**9, at="2026-11-27T02:00:00Z")
    assert [p.record_id for p in claimed] == [ordinary.record_id]
    assert claimed[0].approval is None
    assert [u.record_id for u in bundle_store.unsent(conn)] == [ordinary.record_id]
    entry = sealed.recordings.get(held.record_id)
    assert entry is not None and entry.sync_state == "awaiting_approval"  # as the Log shows
    detail = sealed.recordings.detail(held.record_id)
    assert detail is not None and detail.sync_state == "awaiting_approval"

    approved = sealed.approvals.approve(held.record_id, reason="akta kelahiran diperiksa")
    assert (approved.approved_by, approved.reason) == ("admin", "akta kelahiran diperiksa")
    assert held.record_id in [u.record_id for u in bundle_store.unsent(conn)]
    assert sealed.recordings.get(held.record_id).sync_state == "queued"  # type: ignore[union-attr]
    claimed = outbox.claim(conn, max_records=10, max_bytes=10**9, at="2026-11-27T02:01:00Z")
    assert [p.record_id for p in claimed] == [held.record_id]
    assert claimed[0].approval == {
        "approved_by": "admin",
        "approved_at": approved.approved_at,
        "reason": "akta kelahiran diperiksa",
        "rules": ["early"],
    }
    assert sealed.status().awaiting_approval == 0
    with pytest.raises(DeskError, match="already approved by admin"):
        sealed.approvals.approve(held.record_id)


def test_a_clerk_cannot_approve(sealed: Desk, make_recording: Make) -> None:
    sealed.accounts.login(*CLERK)
    saved = sealed.recordings.save(early(make_recording))
    with pytest.raises(PermissionDenied, match="may not approve_recording"):
        sealed.approvals.approve(saved.record_id)
    with pytest.raises(PermissionDenied, match="only a supervisor or an admin may approve"):
        sealed.approvals.approve(saved.record_id, supervisor=CLERK)
    assert sealed.user is not None and sealed.user.name == CLERK[0]
    assert not sealed.approvals.get(saved.record_id).approved  # type: ignore[union-attr]


def test_a_supervisor_approves_at_the_clerks_desk_and_it_is_audited(
    sealed: Desk, make_recording: Make
) -> None:
    sealed.accounts.login(*CLERK)
    saved = sealed.recordings.save(three_exceptions(make_recording))
    with pytest.raises(DeskError, match="wrong password"):
        sealed.approvals.approve(saved.record_id, supervisor=(SUPERVISOR[0], "salah-sandi"))
    approved = sealed.approvals.approve(
        saved.record_id, reason="jari diamputasi, dilihat sendiri", supervisor=SUPERVISOR
    )
    assert approved.approved_by == SUPERVISOR[0]
    assert sealed.user is not None and sealed.user.name == CLERK[0]  # the clerk stays
    rows = sealed.session.connection.execute(
        "SELECT actor, action, subject, detail FROM audit"
        " WHERE action IN ('recording.hold', 'recording.approve') ORDER BY seq"
    ).fetchall()
    assert [(a, b, c) for a, b, c, _ in rows] == [
        (CLERK[0], "recording.hold", saved.record_id),
        (SUPERVISOR[0], "recording.approve", saved.record_id),
    ]
    assert "jari diamputasi, dilihat sendiri" in rows[1][3] and "exceptions" in rows[1][3]
    assert sealed.check().ok


def test_a_voided_recording_is_not_approved(sealed: Desk, make_recording: Make) -> None:
    saved = sealed.recordings.save(early(make_recording))
    sealed.recordings.void(saved.record_id, "salah orang")
    assert sealed.approvals.waiting() == []
    with pytest.raises(DeskError, match="is voided"):
        sealed.approvals.approve(saved.record_id)


def test_the_manifest_carries_an_approval_and_stays_readable_without_one() -> None:
    entry = {
        "record_id": "0b6a8d3e-3c52-4d8e-9a53-8e1f2b1f4c11",
        "nik": "7271024507100001",
        "finalized_at": "2026-11-27T02:00:00.000+00:00",
        "recorded_on": "2026-11-27",
        "sha256": "a" * 64,
        "size": 10,
    }
    approval = {"approved_by": "kasi", "approved_at": "x", "reason": "ok", "rules": ["early"]}
    manifest = {"version": 1, "batch_id": "b", "desk_id": "D-1", "records": [entry]}
    assert parse_manifest(manifest, max_records=5).records[0].approval is None
    with_it = {**manifest, "records": [{**entry, "approval": approval}]}
    parsed = parse_manifest(with_it, max_records=5)
    assert parsed.records[0].approval == approval
    assert parsed.as_dict()["records"] == [{**entry, "approval": approval}]
    for bad in ("yes", {"approved_by": "kasi"}, {**approval, "rules": "early"}):
        with pytest.raises(ManifestError, match="approval"):
            parse_manifest({**manifest, "records": [{**entry, "approval": bad}]}, max_records=5)


def run_cli(monkeypatch: pytest.MonkeyPatch, desk: Desk, user: tuple[str, str], *args: str) -> int:
    from ektp_desk import cli

    monkeypatch.setenv("EKTP_DESK_USER", user[0])
    monkeypatch.setenv("EKTP_DESK_PASSWORD", user[1])
    return cli.main([*args, "--data-dir", str(desk.data_dir)])


def test_record_add_and_approve_from_the_command_line(
    sealed: Desk,
    make_recording: Make,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    source = tmp_path / "rec.jsonl"
    source.write_text(
        json.dumps(early(make_recording)) + "\n" + json.dumps(make_recording()) + "\n",
        encoding="utf-8",
    )
    assert run_cli(monkeypatch, sealed, CLERK, "record", "add", str(source)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("saved ") and out[0].endswith(" 7271024507100001 menunggu-persetujuan")
    assert out[1].startswith("saved ") and out[1].endswith(" 7271024507050001")
    record_id = out[0].split()[1]

    assert run_cli(monkeypatch, sealed, CLERK, "record", "approve", record_id) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "may not approve_recording" in err
    assert run_cli(monkeypatch, sealed, SUPERVISOR, "record", "approve") == 0
    listed = capsys.readouterr().out
    assert record_id in listed and "early" in listed
    assert run_cli(monkeypatch, sealed, CLERK, "status") == 0
    assert "approval   1 waiting for a supervisor" in capsys.readouterr().out
    code = run_cli(
        monkeypatch, sealed, SUPERVISOR, "record", "approve", record_id, "--reason", "akta ada"
    )
    assert code == 0
    assert capsys.readouterr().out == f"approved {record_id} by {SUPERVISOR[0]}\n"
    approved = sealed.approvals.get(record_id)
    assert approved is not None and approved.reason == "akta ada"
    assert run_cli(monkeypatch, sealed, SUPERVISOR, "record", "approve", "no-such-id") == 2
    assert "no recording with id no-such-id" in capsys.readouterr().err
