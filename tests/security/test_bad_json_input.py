"""Deeply nested or wrongly typed JSON given to `ektp-desk record add`, `tally merge` and
`bundle import`: exit 2 with one line naming the file and what is wrong, no traceback, and
nothing written."""

from __future__ import annotations

import hashlib
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from ektp_desk.protocol.bundle import MAGIC, TRAILER, VERSION
from ektp_desk.store.db import DB_FILE
from tests.conftest import ADMIN_PASSWORD, new_desk, pin_test_hub

DEEP = "[" * 100_000 + "]" * 100_000  # past the parser's own recursion limit
DEEP_33 = '{"a":' * 33 + "1" + "}" * 33  # just past the desk's limit of 32


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    desk = new_desk(tmp_path / "desk")
    pin_test_hub(desk)
    desk.close()
    return tmp_path / "desk"


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "EKTP_DESK_DATA_DIR": str(data_dir),
        "EKTP_DESK_USER": "admin",
        "EKTP_DESK_PASSWORD": ADMIN_PASSWORD,
        "XDG_STATE_HOME": str(data_dir.parent / "state"),
    }
    return subprocess.run(
        [sys.executable, "-m", "ektp_desk", *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


def assert_one_line(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for word in words:
        assert word in lines[0], lines[0]


def recordings(data_dir: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(data_dir / DB_FILE)
    try:
        return int(conn.execute("SELECT count(*) FROM recordings").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (DEEP, ["nests deeper than the limit of 32 levels", "MAX_JSON_DEPTH"]),
        (DEEP_33, ["nests deeper than the limit of 32 levels"]),
        (f'[{{"nik": "7271024507050001", "biometrics": {DEEP_33}}}]', ["nests deeper"]),
        ("42", ["holds a JSON number"]),
        ('"7271024507050001"', ["holds a JSON string"]),
        ("null", ["holds a JSON null"]),
    ],
)
def test_record_add(data_dir: Path, tmp_path: Path, text: str, words: list[str]) -> None:
    path = tmp_path / "rekaman.json"
    path.write_text(text, encoding="utf-8")
    assert_one_line(run(data_dir, "record", "add", str(path)), "rekaman.json", *words)
    assert recordings(data_dir) == 0


def _tally() -> dict[str, object]:
    return {
        "version": 1, "desk_id": "A-1", "kecamatan": "72.71.02", "date_from": "2026-11-27",
        "date_to": "2026-11-27", "total": 0, "early": 0, "walk_ins": 0, "by_kelurahan": {},
        "by_sex": {}, "by_age_band": {}, "by_operator": {}, "by_hour": {}, "by_sync_state": {},
        "queue": {"tickets": 0, "served": 0, "average_wait_minutes": None,
                  "average_service_minutes": None},
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (DEEP, ["nests deeper than the limit of 32 levels"]),
        (json.dumps(_tally() | {"extra": json.loads(DEEP_33)}), ["nests deeper"]),
        ("[1, 2]", ["not a tally"]),
        (json.dumps(_tally() | {"queue": "none"}), ["'queue' must be an object"]),
        (json.dumps(_tally() | {"by_sex": {"PEREMPUAN": None}}), ["'by_sex' -> 'PEREMPUAN'"]),
        (json.dumps(_tally() | {"desk_id": ["A-1"]}), ["'desk_id' must be text"]),
    ],
)
def test_tally_merge(data_dir: Path, tmp_path: Path, text: str, words: list[str]) -> None:
    good = tmp_path / "a.json"
    good.write_text(json.dumps(_tally() | {"desk_id": "B-1"}), encoding="utf-8")
    bad = tmp_path / "edited.json"
    bad.write_text(text, encoding="utf-8")
    out = tmp_path / "merged.json"
    done = run(data_dir, "tally", "merge", str(good), str(bad), "-o", str(out))
    assert_one_line(done, "edited.json", *words)
    assert not out.exists()


def raw_bundle(path: Path, index: bytes, body: bytes = b"") -> Path:
    """A bundle file around any index text, with a correct checksum, as a forger makes it."""
    head = MAGIC + bytes([VERSION]) + struct.pack(">I", len(index)) + index + body
    path.write_bytes(head + TRAILER + hashlib.sha256(head).digest())
    return path


def _index(**changes: object) -> dict[str, object]:
    entry = {
        "record_id": "0b0d7e1c-6a4e-4c9a-9d2e-1f0a3b5c7d9e", "desk_id": "LAPTOP-1",
        "nik": "7271024507050001", "finalized_at": "2026-11-27T02:00:00+00:00",
        "recorded_on": "2026-11-27", "sha256": hashlib.sha256(b"x").hexdigest(), "size": 1,
        "mac": "0" * 64,
    }  # fmt: skip
    record = {k: v for k, v in (entry | changes).items() if v is not None}
    return {
        "format": "ektp-desk-bundle", "version": 1, "bundle_id": "b", "desk_id": "LAPTOP-1",
        "kecamatan": "72.71.02", "created_at": "2026-11-27T09:00:00+00:00", "key_id": "k",
        "records": [record],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("index", "words"),
    [
        (DEEP.encode(), ["nests deeper than the limit of 32 levels"]),
        (
            json.dumps(_index() | {"records": json.loads(DEEP_33)}).encode(),
            ["nests deeper than the limit of 32 levels"],
        ),
        (b"[1, 2, 3]", ["index is damaged"]),
        (json.dumps(_index(size="1")).encode(), ["size must be a positive integer"]),
        (json.dumps(_index(nik=7271024507050001)).encode(), ["'nik' is missing"]),
        (json.dumps(_index(record_id=["x"])).encode(), ["'record_id' is missing"]),
        (json.dumps(_index() | {"records": {"a": 1}}).encode(), ["lists no recordings"]),
        (json.dumps(_index() | {"key_id": 5}).encode(), ["'key_id' is missing"]),
    ],
)
def test_bundle_import(data_dir: Path, tmp_path: Path, index: bytes, words: list[str]) -> None:
    bundle = raw_bundle(tmp_path / "forged.ektpbundle", index, b"x")
    done = run(data_dir, "bundle", "import", str(bundle))
    assert_one_line(done, "forged.ektpbundle", "nothing was imported", *words)
