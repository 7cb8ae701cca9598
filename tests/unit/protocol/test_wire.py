from __future__ import annotations

from typing import Any

import pytest

from ektp_desk.protocol.wire import ManifestError, parse_manifest

RID = "0b7c3f5e-8d2a-4c1e-9f00-123456789abc"


def manifest(**record: Any) -> dict[str, Any]:
    entry = {
        "record_id": RID,
        "nik": "7271024507050001",
        "finalized_at": "2026-11-28T02:00:00.000+00:00",
        "recorded_on": "2026-11-28",
        "sha256": "a" * 64,
        "size": 10,
    }
    entry.update(record)
    return {"version": 1, "batch_id": "b1", "desk_id": "D1", "records": [entry]}


def test_a_good_manifest() -> None:
    m = parse_manifest(manifest(), max_records=10)
    assert m.records[0].record_id == RID
    assert parse_manifest(m.as_dict(), max_records=10) == m


def test_a_correction_names_the_record_it_replaces() -> None:
    other = "0b7c3f5e-8d2a-4c1e-9f00-000000000001"
    m = parse_manifest(manifest(replaces=other), max_records=10)
    assert m.records[0].replaces == other
    assert m.as_dict()["records"][0]["replaces"] == other  # type: ignore[index]
    assert "replaces" not in parse_manifest(manifest(), max_records=10).as_dict()["records"][0]  # type: ignore[index]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"record_id": "not-a-uuid"}, "record_id"),
        ({"nik": "123"}, "nik"),
        ({"sha256": "xyz"}, "sha256"),
        ({"size": 0}, "size"),
        ({"size": True}, "size"),
        ({"recorded_on": "28-11-2026"}, "recorded_on"),
        ({"finalized_at": ""}, "finalized_at"),
        ({"replaces": "R-1"}, "replaces"),
        ({"replaces": RID}, "replaces must be another record"),
    ],
)
def test_bad_entries(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        parse_manifest(manifest(**change), max_records=10)


def test_bad_shapes() -> None:
    with pytest.raises(ManifestError, match="JSON object"):
        parse_manifest([], max_records=10)
    with pytest.raises(ManifestError, match="version"):
        parse_manifest({**manifest(), "version": 2}, max_records=10)
    with pytest.raises(ManifestError, match="non-empty list"):
        parse_manifest({**manifest(), "records": []}, max_records=10)
    with pytest.raises(ManifestError, match="at most 0"):
        parse_manifest(manifest(), max_records=0)
