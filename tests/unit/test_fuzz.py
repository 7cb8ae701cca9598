"""Fuzzing the parsers that read what comes from outside: envelopes, manifests, bundles,
payloads (zip bombs included), deeply nested JSON, multipart bodies, status requests, SBI
device answers, JSON recordings and XLSX imports. Each may
refuse, with its own error naming the problem, but never crash or let garbage through."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ektp_desk.capture import CaptureError
from ektp_desk.capture.sbi import SbiClient, SbiDevice
from ektp_desk.desk import Desk
from ektp_desk.domain.boundedjson import JsonLimitError
from ektp_desk.domain.boundedjson import loads as bounded_loads
from ektp_desk.domain.recording import build_recording
from ektp_desk.hub.ingest import ContentError, Ingestor, read_payload
from ektp_desk.hub.limits import HubLimits
from ektp_desk.hub.lite import parse_multipart
from ektp_desk.hub.service import ApiError, HubService
from ektp_desk.hub.store import SqliteHubStore
from ektp_desk.imports import ImportFileError
from ektp_desk.protocol.bundle import (
    BundleEntry,
    BundleError,
    BundleHeader,
    BundleReader,
    bundle_key,
    sign_entry,
    write_bundle,
)
from ektp_desk.protocol.envelope import EnvelopeError, generate_private_key, open_envelope
from ektp_desk.protocol.wire import Manifest, ManifestEntry, ManifestError, Outcome, parse_manifest
from tests.security import zipcraft

FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                 max_size=6),
    max_leaves=25,
)  # fmt: skip
KEY = generate_private_key()


@given(data=st.binary(max_size=400))
def test_any_bytes_open_as_an_envelope_or_are_refused(data: bytes) -> None:
    with pytest.raises(EnvelopeError):
        open_envelope(data, private_key=KEY, record_id=str(uuid.uuid4()), desk_id="D")


@given(obj=json_values)
def test_any_json_is_a_manifest_or_refused(obj: object) -> None:
    try:
        manifest = parse_manifest(obj, max_records=50)
    except ManifestError:
        return
    assert manifest.records and all(len(e.nik) == 16 for e in manifest.records)


def _entry(**fields: Any) -> dict[str, Any]:
    base = {
        "record_id": str(uuid.uuid4()), "nik": "7271024507050001",
        "finalized_at": "2026-11-28T01:00:00+00:00", "recorded_on": "2026-11-28",
        "sha256": "a" * 64, "size": 10,
    }  # fmt: skip
    base.update(fields)
    return base


@given(field=st.sampled_from(["record_id", "nik", "sha256", "size", "recorded_on", "mac"]),
       value=json_values)  # fmt: skip
def test_a_manifest_with_one_bad_field_is_refused_naming_it(field: str, value: object) -> None:
    entry = _entry(**{field: value})
    if field == "mac":
        entry["origin_desk"] = "LAPTOP-1"
    try:
        parse_manifest({"version": 1, "batch_id": "b", "desk_id": "D", "records": [entry]},
                       max_records=5)  # fmt: skip
    except ManifestError as exc:
        assert field in str(exc) or "records[0]" in str(exc)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(
    niks=st.lists(st.text("0123456789", min_size=16, max_size=16), min_size=1, max_size=4),
    envelopes=st.lists(st.binary(min_size=1, max_size=300), min_size=4, max_size=4),
    origin=st.sampled_from([None, "PALU-BARAT-1", "LAPTOP-1", "NOBODY"]),
)
def test_well_formed_batches_of_garbage_are_all_rejected(
    tmp_path: Path, niks: list[str], envelopes: list[bytes], origin: str | None
) -> None:
    store = SqliteHubStore(tmp_path / f"hub-{uuid.uuid4().hex}.sqlite3")
    for desk_id in ("PALU-BARAT-1", "LAPTOP-1"):
        if store.desk(desk_id) is None:
            store.add_desk(desk_id, "72.71.02", f"token-{desk_id}", "2026-11-01")
    sender = store.desk("PALU-BARAT-1")
    assert sender is not None
    ingestor = Ingestor(store, KEY, clock=lambda: datetime.now(UTC))
    entries = tuple(
        ManifestEntry(str(uuid.uuid4()), nik, "2026-11-28T01:00:00", "2026-11-28",
                      hashlib.sha256(env).hexdigest(), len(env), origin,
                      "b" * 64 if origin else None)
        for nik, env in zip(niks, envelopes, strict=False)
    )  # fmt: skip
    parts = {e.record_id: env for e, env in zip(entries, envelopes, strict=False)}
    outcomes = ingestor.ingest(sender, Manifest("b", "PALU-BARAT-1", entries), parts)
    assert {o.outcome for o in outcomes} == {Outcome.REJECTED}
    assert list(store.records()) == []


@given(data=st.binary(max_size=600))
def test_any_bytes_are_a_payload_or_refused(data: bytes) -> None:
    with pytest.raises(ContentError):
        read_payload(data)


@given(content_type=st.text(max_size=60), body=st.binary(max_size=400))
def test_any_body_is_multipart_or_refused(content_type: str, body: bytes) -> None:
    try:
        parts = parse_multipart(content_type, body)
    except ApiError as exc:
        assert exc.status == 400
        return
    assert all(isinstance(v, bytes) for v in parts.values())


def _bundle(path: Path) -> bytes:
    envelopes = [b"envelope-%d" % i for i in range(3)]
    entries = tuple(
        sign_entry(bundle_key("t"), BundleEntry(str(uuid.uuid4()), "D", "7271024507050001",
                   "2026-11-28T01:00:00", "2026-11-28", hashlib.sha256(e).hexdigest(), len(e), ""))
        for e in envelopes
    )  # fmt: skip
    write_bundle(
        path, BundleHeader("b", "D", "72.71.02", "2026", "k" * 16, entries), iter(envelopes)
    )
    return path.read_bytes()


@settings(max_examples=80, deadline=None, suppress_health_check=FIXTURES)
@given(cuts=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=4),
       length=st.integers(min_value=0))  # fmt: skip
def test_any_damage_to_a_bundle_is_refused(
    tmp_path: Path, cuts: list[tuple[int, int]], length: int
) -> None:
    good = _bundle(tmp_path / "good.ektpbundle")
    data = bytearray(good)
    for position, value in cuts:
        data[position % len(data)] = value
    data = data[: length % (len(data) + 1)]
    assume(bytes(data) != good)
    (tmp_path / "bad.ektpbundle").write_bytes(bytes(data))
    with pytest.raises(BundleError):
        BundleReader(tmp_path / "bad.ektpbundle")


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(index=json_values)
def test_any_index_with_a_right_checksum_is_read_or_refused(tmp_path: Path, index: object) -> None:
    from ektp_desk.protocol.bundle import MAGIC, TRAILER, VERSION

    head = json.dumps(index).encode()
    body = MAGIC + bytes([VERSION]) + len(head).to_bytes(4, "big") + head
    (tmp_path / "x.ektpbundle").write_bytes(body + TRAILER + hashlib.sha256(body).digest())
    with pytest.raises(BundleError):
        BundleReader(tmp_path / "x.ektpbundle")  # no records can follow an index of nothing


class _Transport:
    """A device service that always gives the same answer."""

    def __init__(self, status: int, body: bytes) -> None:
        self.answer = (status, body)

    def exchange(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        return self.answer


@settings(max_examples=80, deadline=None)
@given(status=st.sampled_from([200, 200, 200, 500]), body=json_values | st.binary(max_size=80))
def test_any_device_answer_is_a_capture_or_refused(status: int, body: object) -> None:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    client = SbiClient(trusted={"ab" * 32}, transport=_Transport(status, raw))
    device = SbiDevice(4501, "dev-1", "Finger", ("1",), "Ready", "m", "m", "s")
    with pytest.raises(CaptureError):
        client.capture(device, ["Left Thumb"], requested_score=40)
    with pytest.raises(CaptureError):
        client.info(device)
    assert client._probe(4501, "Finger") == []  # untrusted or malformed: never offered


@settings(max_examples=80, deadline=None, suppress_health_check=FIXTURES)
@given(raw=json_values)
def test_any_json_is_a_recording_or_a_list_of_problems(desk: Desk, raw: object) -> None:
    recording, problems = build_recording(raw, context=desk.context(), now=desk.now())
    assert recording is not None or problems
    if isinstance(raw, dict):
        raw = {**raw, "nik": "7271024507050001", "nama": "SITI"}
        recording, problems = build_recording(raw, context=desk.context(), now=desk.now())
        assert recording is not None or problems


printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)
cells = st.one_of(
    st.none(),
    st.integers(-(10**17), 10**17),
    st.floats(allow_nan=False, allow_infinity=False),
    printable,  # what a worksheet can hold
    st.booleans(),
    st.dates().map(lambda d: datetime(d.year, d.month, d.day)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURES)
@given(header=st.lists(st.sampled_from(["nik", "nama", "tanggal_lahir", "kelurahan", "rt",
                                        "jenis_kelamin", "x", ""]), min_size=1, max_size=6),
       rows=st.lists(st.lists(cells, max_size=6), max_size=6))  # fmt: skip
def test_any_xlsx_is_imported_whole_or_refused(
    desk: Desk, tmp_path: Path, header: list[str], rows: list[list[object]]
) -> None:
    path = tmp_path / "fuzz.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    before = desk.status().residents
    try:
        result = desk.residents.import_file(path)
    except ImportFileError as exc:
        assert str(exc)
        assert desk.status().residents == before
        return
    assert desk.status().residents == before + result.inserted


# Shapes from the attack trial (issue 13, item 3): nesting deep enough to exhaust the
# parser's recursion, and archives that inflate far beyond their size or lie about it.
nested = st.recursive(
    st.integers() | st.text(alphabet='[]{}"\\ax', max_size=8),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=2),
    max_leaves=60,
)  # fmt: skip


def _depth(obj: object) -> int:
    if isinstance(obj, list):
        return 1 + max((_depth(v) for v in obj), default=0)
    if isinstance(obj, dict):
        return 1 + max((_depth(v) for v in obj.values()), default=0)
    return 0


@settings(max_examples=150)
@given(obj=nested, wrap=st.integers(0, 3000), kind=st.sampled_from("[{"))
def test_any_nesting_is_parsed_within_the_depth_cap_or_refused(
    obj: object, wrap: int, kind: str
) -> None:
    text = json.dumps(obj)
    depth = _depth(obj)
    if kind == "[":
        text, depth = "[" * wrap + text + "]" * wrap, depth + wrap
    else:
        text, depth = '{"k":' * wrap + text + "}" * wrap, depth + wrap
    try:
        value = bounded_loads(text, max_bytes=1 << 20, max_depth=32)
    except JsonLimitError as exc:
        assert depth > 32 or "bytes" in str(exc)
        return
    assert depth <= 32 and value == json.loads(text)


@given(raw=st.binary(max_size=200) | st.text(alphabet='[]{}"\\:,1 ', max_size=200))
def test_any_text_is_json_or_refused_by_the_bounded_parser(raw: bytes | str) -> None:
    try:
        bounded_loads(raw, max_bytes=150, max_depth=4)
    except JsonLimitError as exc:
        assert str(exc)


zip_entries = st.lists(
    st.builds(
        lambda name, kind, mib, lie, data: (
            zipcraft.bomb(name, mib, declared=lie) if kind == "bomb"
            else zipcraft.deflated(name, data) if kind == "deflated"
            else zipcraft.stored(name, data)
        ),
        st.sampled_from(["manifest.json", "biodata.json", "face.png", "iris/L.png", "x"]),
        st.sampled_from(["bomb", "deflated", "stored"]),
        st.integers(1, 48),
        st.none() | st.integers(0, 64 << 20),
        st.binary(max_size=64) | st.just(b'{"nik": "7271024507050001"}'),
    ),
    max_size=5,
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(entries=zip_entries)
def test_any_archive_is_a_payload_or_refused_within_its_caps(entries: list[Any]) -> None:
    limits = HubLimits(max_payload_bytes=24 << 20, max_payload_entry_bytes=8 << 20)
    try:
        opened = read_payload(zipcraft.archive(entries), limits)
    except ContentError as exc:
        assert str(exc)
        return
    assert sum(opened.files.values()) <= limits.max_payload_bytes


@settings(max_examples=80, deadline=None, suppress_health_check=FIXTURES)
@given(obj=json_values | nested, wrap=st.integers(0, 2000))
def test_any_status_request_is_answered_or_refused(tmp_path: Path, obj: object, wrap: int) -> None:
    store = SqliteHubStore(tmp_path / "status.sqlite3")
    service = HubService(store, KEY)
    desk = store.desk("D")
    if desk is None:
        store.add_desk("D", "72.71.02", "t", "2026-11-01")
        desk = store.desk("D")
    assert desk is not None
    body = ("[" * wrap + json.dumps({"records": obj}) + "]" * wrap).encode()
    try:
        answer = service.record_status(desk, body)
    except ApiError as exc:
        assert exc.status == 400
        return
    assert isinstance(answer["results"], list)
