"""Bad input never shows a traceback: the hub's half (issue 13, item 22). A bundle whose
index is deeply nested or wrongly typed JSON, with a right checksum so that it is parsed,
makes `ektp-hub bundle import` exit 2 with one line naming what is wrong."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ektp_desk.protocol.bundle import MAGIC, TRAILER, VERSION
from tests.hubproc import HubProcess

ENTRY = {
    "record_id": "00000000-0000-0000-0000-000000000000", "desk_id": "D",
    "nik": "7271024507050001", "finalized_at": "2026-11-27T02:00:00+00:00",
    "recorded_on": "2026-11-27", "sha256": "a" * 64, "size": 3, "mac": "b" * 64,
}  # fmt: skip
INDEX = {
    "format": "ektp-desk-bundle", "version": 1, "bundle_id": "b", "desk_id": "D",
    "kecamatan": "72.71.02", "created_at": "2026-11-27", "key_id": "k" * 16,
    "records": [ENTRY],
}  # fmt: skip


def _json(obj: object) -> bytes:
    return json.dumps(obj).encode()


CASES: dict[str, tuple[bytes, str]] = {
    "nested 100,000 deep": (b"[" * 100_000, "nests deeper than the limit of 32 levels"),
    "records nested 5,000 deep": (
        b'{"format": "ektp-desk-bundle", "records": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        "nests deeper than the limit of 32 levels",
    ),
    "an integer of 5,000 digits": (
        _json(INDEX).replace(b'"size": 3', b'"size": ' + b"9" * 5000),
        "not valid JSON",
    ),
    "UTF-16 text": (b"\xff\xfe" + json.dumps(INDEX).encode("utf-16-le"), "not UTF-8"),
    "records an object": (_json(INDEX | {"records": {"a": 1}}), "lists no recordings"),
    "a record a list": (_json(INDEX | {"records": [[1, 2]]}), "record 1 is not an object"),
    "a size in quotes": (
        _json(INDEX | {"records": [ENTRY | {"size": "3"}]}),
        "size must be a positive integer",
    ),
    "a NIK as a number": (
        _json(INDEX | {"records": [ENTRY | {"nik": 7271024507050001}]}),
        "'nik' is missing or not text",
    ),
    "a bundle id as a list": (_json(INDEX | {"bundle_id": [1]}), "'bundle_id' is missing"),
}


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    process = HubProcess(tmp_path_factory.mktemp("hub"))
    process.keygen()
    yield process


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bundle_of_bad_json_exits_2_with_one_line(
    hub: HubProcess, tmp_path: Path, case: str
) -> None:
    index, named = CASES[case]
    body = MAGIC + bytes([VERSION]) + len(index).to_bytes(4, "big") + index
    path = tmp_path / "bad.ektpbundle"
    path.write_bytes(body + TRAILER + hashlib.sha256(body).digest())
    done = hub.cli("bundle", "import", str(path), check=False)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("ektp-hub: error: bad.ektpbundle") and named in line
