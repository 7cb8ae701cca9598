"""The hub checks what it accepts (issue 13, item 4). A desk token sent a record with no
images, `recorded_on` "1999-99-99" and `finalized_at` "garbage", and a NIK in full-width
digits: all were accepted. Now each is rejected with a reason the desk shows, while a
resident of another kecamatan or province is still taken and counted in the desk's
kecamatan."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.desk import Desk
from ektp_desk.domain.images import encode_png_gray
from ektp_desk.domain.recording import build_recording
from ektp_desk.hub.ingest import Ingestor
from ektp_desk.hub.limits import HubLimits
from ektp_desk.hub.store import SqliteHubStore
from ektp_desk.protocol.bundle import BundleError, _parse_entry
from ektp_desk.protocol.envelope import generate_private_key, public_bytes, seal
from ektp_desk.protocol.payload import build_payload
from ektp_desk.protocol.wire import Manifest, ManifestEntry, ManifestError, Outcome, parse_manifest
from tests.conftest import FakeClock, new_desk
from tests.hubproc import HubProcess

KEY = generate_private_key()
DESK = "PALU-BARAT-1"
HUB_NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # an hour after the desk's test clock
FULL_WIDTH_NIK = "".join(chr(0xFF10 + int(d)) for d in "7271024507050001")


def _payload(desk: Desk, raw: dict[str, Any], record_id: str) -> bytes:
    recording, problems = build_recording(raw, context=desk.context(), now=desk.now())
    assert recording is not None, problems
    return build_payload(
        recording, record_id=record_id, desk_id=DESK, operator="admin", finalized_at=desk.now()
    )


def _rewrite(
    payload: bytes,
    *,
    manifest: Mapping[str, object] | None = None,
    biometrics: Mapping[str, object] | None = None,
    biodata: Mapping[str, object] | None = None,
    drop: tuple[str, ...] = (),
    files: Mapping[str, bytes] | None = None,
) -> bytes:
    """The payload with some of its content changed, as a forging desk would send it."""
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        content = {name: zf.read(name) for name in zf.namelist()}
    man = json.loads(content["manifest.json"]) | dict(manifest or {})
    if biometrics:
        man["biometrics"] = man["biometrics"] | dict(biometrics)
    bio = json.loads(content["biodata.json"]) | dict(biodata or {})
    content["manifest.json"] = json.dumps(man).encode()
    content["biodata.json"] = json.dumps(bio, ensure_ascii=False).encode()
    content.update(files or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in content.items():
            if name not in drop:
                zf.writestr(name, data)
    return out.getvalue()


class Hub:
    def __init__(self, folder: Path, desk: Desk) -> None:
        self.desk = desk
        self.store = SqliteHubStore(folder / "hub.sqlite3")
        self.store.add_desk(DESK, "72.71.02", "token", "2026-11-01")
        self.ingestor = Ingestor(self.store, KEY, clock=lambda: HUB_NOW)

    def send(
        self,
        raw: dict[str, Any],
        change: Callable[[bytes], bytes] = lambda p: p,
        **fields: str,
    ) -> tuple[Outcome, str]:
        record_id = str(uuid.uuid4())
        payload = change(_payload(self.desk, raw, record_id))
        envelope = seal(payload, public_key=public_bytes(KEY), record_id=record_id, desk_id=DESK)
        entry = ManifestEntry(
            record_id,
            fields.get("nik", raw["nik"]),
            fields.get("finalized_at", "2026-11-27T02:00:00.000+00:00"),
            fields.get("recorded_on", "2026-11-27"),
            hashlib.sha256(envelope).hexdigest(),
            len(envelope),
        )
        sender = self.store.desk(DESK)
        assert sender is not None
        (outcome,) = self.ingestor.ingest(
            sender, Manifest(str(uuid.uuid4()), DESK, (entry,)), {record_id: envelope}
        )
        return outcome.outcome, outcome.reason or ""


@pytest.fixture
def hub(tmp_path: Path, desk: Desk) -> Hub:
    return Hub(tmp_path / "hub", desk)


def test_a_well_formed_record_is_accepted(hub: Hub, make_recording: Any) -> None:
    assert hub.send(make_recording()) == (Outcome.ACCEPTED, "")


def test_the_record_of_the_trial_is_rejected_on_every_count(hub: Hub, make_recording: Any) -> None:
    """Another province, no images, recorded_on 1999-99-99, finalized_at garbage."""
    no_images: dict[str, object] = {
        slot: {}
        for slot in ("face", "signature", "fingers.R1", "iris.L")  # and the rest likewise
    }
    outcome, reason = hub.send(
        make_recording(kelurahan="73.01.01.1001"),
        lambda p: _rewrite(p, biometrics=no_images),
        recorded_on="1999-99-99",
        finalized_at="garbage",
    )
    assert outcome is Outcome.REJECTED and "recorded_on" in reason
    outcome, reason = hub.send(
        make_recording(kelurahan="73.01.01.1001"), lambda p: _rewrite(p, biometrics=no_images)
    )
    assert outcome is Outcome.REJECTED and "capture face" in reason


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"recorded_on": "1999-99-99"}, "recorded_on '1999-99-99' is not a date"),
        ({"recorded_on": "2010-12-31"}, "recorded_on 2010-12-31 is out of range"),
        ({"recorded_on": "2026-11-29"}, "recorded_on 2026-11-29 is out of range"),
        ({"recorded_on": "2026-1-27"}, "recorded_on '2026-1-27' is not a date"),
        ({"finalized_at": "garbage"}, "finalized_at 'garbage' is not an ISO 8601 time"),
        ({"finalized_at": "2026-11-27T02:00:00"}, "has no offset"),
        ({"finalized_at": "2010-12-31T23:00:00+00:00"}, "is out of range"),
        ({"finalized_at": "2026-11-27T03:11:00+00:00"}, "is out of range"),  # 11 min ahead
    ],
)
def test_dates_out_of_range_or_malformed_are_rejected(
    hub: Hub, make_recording: Any, fields: dict[str, str], named: str
) -> None:
    outcome, reason = hub.send(make_recording(), lambda p: p, **fields)
    assert outcome is Outcome.REJECTED
    assert named in reason
    if "out of range" in named:  # the reason names the bounds and their settings
        assert "2011-01-01" in reason and "EKTP_HUB_CLOCK_DRIFT_MINUTES" in reason


def test_a_time_within_the_drift_allowance_is_taken(hub: Hub, make_recording: Any) -> None:
    outcome, _ = hub.send(make_recording(), finalized_at="2026-11-27T03:09:00+00:00")
    assert outcome is Outcome.ACCEPTED


def test_the_drift_allowance_is_a_setting(tmp_path: Path, desk: Desk, make_recording: Any) -> None:
    hub = Hub(tmp_path / "hub", desk)
    hub.ingestor.limits = HubLimits.from_env({"EKTP_HUB_CLOCK_DRIFT_MINUTES": "30"})
    outcome, _ = hub.send(make_recording(), finalized_at="2026-11-27T03:20:00+00:00")
    assert outcome is Outcome.ACCEPTED


def test_a_sealed_time_out_of_range_is_rejected(hub: Hub, make_recording: Any) -> None:
    outcome, reason = hub.send(
        make_recording(), lambda p: _rewrite(p, manifest={"recorded_at": "1999-99-99"})
    )
    assert outcome is Outcome.REJECTED and "recorded_at" in reason


def test_a_nik_in_full_width_digits_is_refused_everywhere(hub: Hub, make_recording: Any) -> None:
    assert FULL_WIDTH_NIK.isdigit()  # what let it through
    entry = {
        "record_id": str(uuid.uuid4()), "nik": FULL_WIDTH_NIK, "finalized_at": "x",
        "recorded_on": "2026-11-27", "sha256": "a" * 64, "size": 10,
    }  # fmt: skip
    with pytest.raises(ManifestError, match="16 ASCII digits"):
        parse_manifest(
            {"version": 1, "batch_id": "b", "desk_id": DESK, "records": [entry]}, max_records=5
        )
    with pytest.raises(BundleError, match="16 ASCII digits"):
        _parse_entry(entry | {"desk_id": DESK, "mac": "b" * 64}, "record 1")
    # A desk that builds its own entry and payload gets a rejection, not a new person.
    outcome, reason = hub.send(
        make_recording(), lambda p: _rewrite(p, biodata={"nik": FULL_WIDTH_NIK}), nik=FULL_WIDTH_NIK
    )
    assert outcome is Outcome.REJECTED and "16 ASCII digits" in reason
    assert list(hub.store.records()) == []


JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffc0000b080010001001011100ffd9")


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda p: _rewrite(p, drop=("face.png",)), "capture face: its image 'face.png' is not"),
        (lambda p: _rewrite(p, drop=("fingers/R3.png",)), "capture fingers.R3"),
        (lambda p: _rewrite(p, files={"iris/L.png": b"not an image"}), "capture iris.L"),
        (lambda p: _rewrite(p, files={"signature.png": JPEG}), "is a jpeg image, not png"),
        (lambda p: _rewrite(p, biometrics={"fingers.L1": None}), "capture fingers.L1 is missing"),
        (
            lambda p: _rewrite(p, biometrics={"face": {"exception": "TIDAK ADA"}}),
            "capture face cannot be excepted",
        ),
        (
            lambda p: _rewrite(p, biometrics={"iris.R": {"exception": " "}}),
            "without its reason",
        ),
        (
            lambda p: _rewrite(p, files={"face.png": encode_png_gray(8, 8, bytes(64))}),
            "not the size declared",
        ),
        (
            lambda p: _rewrite(
                p,
                files={"face.png": encode_png_gray(8, 8, bytes(64))},
                biometrics={"face": {"file": "face.png", "format": "png", "width": 8, "height": 8}},
            ),
            "smaller than 480x640",
        ),
        (lambda p: _rewrite(p, manifest={"biometrics": "none"}), "lists no captures"),
    ],
)
def test_every_mandatory_capture_must_be_an_image_of_its_kind(
    hub: Hub, make_recording: Any, change: Callable[[bytes], bytes], named: str
) -> None:
    outcome, reason = hub.send(make_recording(), change)
    assert outcome is Outcome.REJECTED
    assert named in reason


def test_an_excepted_finger_with_its_reason_is_taken(hub: Hub, make_recording: Any) -> None:
    raw = make_recording()
    raw["biometrics"]["fingers"]["L5"] = {"exception": "JARI DIAMPUTASI"}
    assert hub.send(raw)[0] is Outcome.ACCEPTED


@pytest.mark.parametrize("kelurahan", ["72.71.01.1004", "73.01.01.1001"])
def test_a_resident_of_elsewhere_is_taken_and_counted_in_the_desks_kecamatan(
    hub: Hub, make_recording: Any, kelurahan: str
) -> None:
    """Another kecamatan of Palu, then another province (Sulawesi Selatan)."""
    assert hub.send(make_recording(kelurahan=kelurahan))[0] is Outcome.ACCEPTED
    assert hub.store.tally("2026-11-27") == [("72.71.02", DESK, "accepted", 1)]


def test_a_rejection_reason_reaches_the_desk_as_its_hub_detail(
    hub: Hub, make_recording: Any
) -> None:
    """What the Sinkronisasi page's quarantine table shows is the outcome's `reason`."""
    record_id = str(uuid.uuid4())
    payload = _rewrite(_payload(hub.desk, make_recording(), record_id), drop=("face.png",))
    envelope = seal(payload, public_key=public_bytes(KEY), record_id=record_id, desk_id=DESK)
    entry = ManifestEntry(
        record_id, make_recording()["nik"], "2026-11-27T02:00:00+00:00", "2026-11-27",
        hashlib.sha256(envelope).hexdigest(), len(envelope),
    )  # fmt: skip
    sender = hub.store.desk(DESK)
    assert sender is not None
    (outcome,) = hub.ingestor.ingest(sender, Manifest("b", DESK, (entry,)), {record_id: envelope})
    answer = outcome.as_dict()
    assert answer["outcome"] == "rejected"
    assert "capture face" in str(answer["reason"])
    assert [r.reason for r in hub.store.rejections(DESK)] == [answer["reason"]]


def test_a_desk_whose_clock_runs_ahead_is_told_why_its_record_was_rejected(
    tmp_path: Path, make_recording: Any
) -> None:
    """Through a real hub: a desk 20 minutes fast (past the 10-minute allowance) sends at
    once; the record is rejected, and the reason is in the desk's quarantine list (the
    Sinkronisasi page), next to the resident's NIK and name."""
    hub_process = HubProcess(tmp_path / "real-hub")
    hub_process.keygen()
    token = hub_process.add_desk("FAST-1")
    hub_process.start()
    desk = new_desk(
        tmp_path / "fast", "FAST-1", clock=FakeClock(datetime.now(UTC) + timedelta(minutes=20))
    )
    try:
        desk.hub.set(hub_process.url, token)
        desk.recordings.save(make_recording(recorded_at=None))
        report = desk.hub.engine().run()
        assert report.ok
        quarantine = desk.hub.overview().quarantine
        (held,) = quarantine
        nik, state, detail = held.nik, held.state, held.detail or ""
        assert (nik, state) == (make_recording()["nik"], "rejected")
        assert "finalized_at" in detail and "is out of range" in detail
        assert "EKTP_HUB_CLOCK_DRIFT_MINUTES" in detail
    finally:
        desk.close()
        hub_process.stop()
