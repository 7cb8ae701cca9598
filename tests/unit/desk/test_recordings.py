"""desk.recordings: saving (one transaction, sealed payload, audit), refusals, the log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

from ektp_desk.desk import (
    Desk,
    DeskError,
    ValidationFailed,
)
from ektp_desk.domain.captures import BIOMETRIC_SLOTS, CaptureDraft
from ektp_desk.domain.recording import RecordingDraft
from ektp_desk.store import StoreError
from ektp_desk.store import audit as audit_store
from ektp_desk.store.recordings import StateCounts
from tests.conftest import FACE, held_payload, png

Make = Callable[..., dict[str, Any]]


def count(desk: Desk, table: str) -> int:
    return int(desk.session.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_save_writes_recording_outbox_and_audit(desk: Desk, make_recording: Make) -> None:
    saved = desk.recordings.save(make_recording())
    row = desk.session.connection.execute(
        "SELECT nik, nama, local_date, local_hour, age, early, on_list, operator"
        " FROM recordings WHERE record_id = ?",
        (saved.record_id,),
    ).fetchone()
    assert row == ("7271024507050001", "SITI LAMAKARATE", "2026-11-27", 10, 21, 0, 0, "admin")
    state, size, payload = desk.session.connection.execute(
        "SELECT state, size, payload FROM outbox JOIN payloads USING (record_id)"
        " WHERE record_id = ?",
        (saved.record_id,),
    ).fetchone()
    assert state == "queued" and size == len(payload) > 0
    last = desk.session.connection.execute(
        "SELECT action, subject, actor FROM audit ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert last == ("recording.save", saved.record_id, "admin")
    assert desk.check().ok


def test_payload_holds_biodata_and_every_image(desk: Desk, make_recording: Make) -> None:
    import io
    import zipfile

    raw = make_recording()
    raw["biometrics"]["fingers"]["L5"] = {"exception": "AMPUTASI"}
    saved = desk.recordings.save(raw)
    payload = held_payload(desk, saved.record_id)
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        biodata = json.loads(zf.read("biodata.json"))
    assert {"manifest.json", "biodata.json", "face.png", "signature.png", "iris/R.png"} <= names
    assert "fingers/L5.png" not in names and "fingers/L4.png" in names
    assert manifest["record_id"] == saved.record_id
    assert manifest["desk_id"] == "PALU-BARAT-1"
    assert manifest["biometrics"]["fingers.L5"] == {"exception": "AMPUTASI"}
    assert biodata["nik"] == "7271024507050001"


def test_save_is_one_transaction(
    desk: Desk, make_recording: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {t: count(desk, t) for t in ("recordings", "outbox", "audit")}

    def failing_append(*args: Any, **kwargs: Any) -> int:
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorcode = sqlite3.SQLITE_FULL  # as SQLite sets it
        raise full

    monkeypatch.setattr(audit_store, "append", failing_append)
    with pytest.raises(StoreError, match=r"disk is full.*NOT saved"):
        desk.recordings.save(make_recording())
    monkeypatch.undo()
    assert {t: count(desk, t) for t in before} == before
    desk.recordings.save(make_recording())
    assert count(desk, "recordings") == before["recordings"] + 1


def test_invalid_recording_writes_nothing(desk: Desk, make_recording: Make) -> None:
    before = count(desk, "audit")
    with pytest.raises(ValidationFailed) as err:
        desk.recordings.save(make_recording(nik="123"))
    assert [p.field for p in err.value.problems if p.is_error] == ["nik"]
    assert count(desk, "recordings") == 0 and count(desk, "audit") == before


def test_a_nik_is_recorded_once_unless_voided(desk: Desk, make_recording: Make) -> None:
    first = desk.recordings.save(make_recording())
    with pytest.raises(ValidationFailed, match="already recorded"):
        desk.recordings.save(make_recording())
    desk.recordings.void(first.record_id, "foto tertukar")
    with pytest.raises(DeskError, match="already voided"):
        desk.recordings.void(first.record_id, "lagi")
    second = desk.recordings.save(make_recording())
    assert second.record_id != first.record_id
    assert desk.status().recordings == StateCounts(2, {"final": 1, "voided": 1})


def test_duplicates_within_one_batch_are_refused(desk: Desk, make_recording: Make) -> None:
    outcomes = list(
        desk.recordings.save_many([make_recording(), make_recording()], per_transaction=5)
    )
    assert [type(o).__name__ for o in outcomes] == ["SavedRecording", "ValidationFailed"]
    assert count(desk, "recordings") == 1


def test_on_list_flag_follows_the_reference_list(desk: Desk, make_recording: Make) -> None:
    desk.residents.add([{"nik": "7271024507050001", "nama": "SITI"}], source="test")
    saved = desk.recordings.save(make_recording())
    (on_list,) = desk.session.connection.execute(
        "SELECT on_list FROM recordings WHERE record_id = ?", (saved.record_id,)
    ).fetchone()
    assert on_list == 1


def test_the_log_keeps_qualities_not_images(desk: Desk, make_recording: Make) -> None:

    raw = make_recording()
    raw["biometrics"]["fingers"]["L5"] = {"exception": "AMPUTASI"}
    saved = desk.recordings.save(raw)
    (captures,) = desk.session.connection.execute(
        "SELECT captures FROM recordings WHERE record_id = ?", (saved.record_id,)
    ).fetchone()
    summary = json.loads(captures)
    assert summary["face"] == 90 and summary["fingers.R1"] == 60 and summary["signature"] is None
    assert summary["fingers.L5"] == {"exception": "AMPUTASI"}
    assert len(summary) == 14


def test_log_pages_by_id_and_by_offset_agree(desk: Desk) -> None:
    from ektp_desk.demo import BiometricDetail, seed
    from ektp_desk.store.recordings import LogFilter

    seed(desk, recordings=45, seed_value=5, detail=BiometricDetail.NONE)
    top = desk.recordings.log_dense_top()
    assert top == 45
    every = LogFilter()
    for offset in (0, 10, 40, 44):
        by_offset = desk.recordings.log_page(every, offset=offset, limit=10)
        by_id = desk.recordings.log_page(every, offset=offset, limit=10, top_id=top)
        assert [e.record_id for e in by_id] == [e.record_id for e in by_offset]
    assert desk.recordings.log_count(every) == 45
    (nama,) = desk.session.connection.execute("SELECT nama FROM recordings LIMIT 1").fetchone()
    found = desk.recordings.log_page(
        LogFilter(text=nama.split()[0][:3].lower()), offset=0, limit=50
    )
    assert found and all(e.nama.startswith(nama.split()[0][:3]) for e in found)


def test_a_draft_carries_the_capture_bytes_the_form_holds(desk: Desk, make_recording: Make) -> None:
    """The form hands over a RecordingDraft with its bytes; nothing is read back from it."""
    fields = {k: v for k, v in make_recording().items() if k != "biometrics"}
    captures = {
        slot: CaptureDraft(image=png(16, 16, shade=9), quality=70) for slot in BIOMETRIC_SLOTS
    }
    captures["face"] = CaptureDraft(image=FACE, quality=90)
    captures["iris.L"] = CaptureDraft(exception="MATA BUTA", exception_photo=FACE)
    recording, problems = desk.recordings.validate(RecordingDraft(fields=fields, captures=captures))
    assert recording is not None, problems
    by_slot = {c.slot: c for c in recording.captures}
    assert by_slot["face"].image == FACE and by_slot["fingers.R1"].quality == 70
    assert by_slot["iris.L"].exception == "MATA BUTA"
    assert by_slot["iris.L"].exception_photo == FACE
    del captures["fingers.L5"]
    captures["signature"] = CaptureDraft(image=b"not an image")
    with pytest.raises(ValidationFailed) as refused:
        desk.recordings.save(RecordingDraft(fields=fields, captures=captures))
    codes = {p.field: p.code for p in refused.value.problems}
    assert codes == {
        "biometrics.fingers.L5": "capture_missing",
        "biometrics.signature": "image_content",
    }
    captures["fingers.L5"] = CaptureDraft(exception="AMPUTASI")
    captures["signature"] = CaptureDraft(image=png(16, 16))
    saved = desk.recordings.save(RecordingDraft(fields=fields, captures=captures))
    assert held_payload(desk, saved.record_id)
