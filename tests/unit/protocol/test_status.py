"""The status contract: a feed page read back as written (columns in any order, a newer
hub's extra column read past, a bad row named), and the status bundle taken only by the
desks it was signed for, unchanged."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from ektp_desk.protocol.bundle import bundle_key
from ektp_desk.protocol.status import (
    CaseStatus,
    PublishedList,
    StatusError,
    StatusPage,
    StatusRow,
    is_status_bundle,
    parse_status_page,
    read_status_bundle,
    status_bundle_body,
    write_status_bundle,
)

ROW = StatusRow(
    "6f1c0000-0000-4000-8000-000000000001", "7271021234560001", "PALU-BARAT-2",
    "2026-11-28", "duplicate_nik", "C000042", None, None,
)  # fmt: skip
CASE = CaseStatus("C000042", "7271021234560001", "open", None, None, None, None)
PAGE = StatusPage(7, False, (ROW,), (CASE,), PublishedList(3, "2026-11-29T01:00:00Z", 41234))


def test_a_page_reads_back_as_written() -> None:
    assert parse_status_page(json.loads(json.dumps(PAGE.as_dict()))) == PAGE


def test_columns_in_another_order_and_unknown_ones_are_read() -> None:
    raw = PAGE.as_dict()
    columns = ["extra", *reversed(raw["columns"])]  # type: ignore[call-overload]
    raw["columns"] = columns
    raw["rows"] = [["x", *reversed(ROW.as_list())]]
    assert parse_status_page(raw).rows == (ROW,)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"more": "no"}, "'more' must be true or false"),
        ({"cursor": -1}, "cursor must be a count"),
        ({"rows": [[1, 2]]}, r"rows\[0\] must be a list of 8 values"),
        ({"columns": ["record_id"]}, "'columns' lacks nik"),
    ],
)
def test_a_bad_page_is_refused_naming_what(change: dict[str, object], message: str) -> None:
    with pytest.raises(StatusError, match=message):
        parse_status_page(PAGE.as_dict() | change)


def test_a_bad_state_is_named() -> None:
    raw = PAGE.as_dict() | {"rows": [[*ROW.as_list()[:4], "lost", None, None, None]]}
    with pytest.raises(StatusError, match=r"rows\[0\].state 'lost'"):
        parse_status_page(raw)


def test_the_bundle_is_taken_by_the_desks_it_was_signed_for_only(tmp_path: Path) -> None:
    keys = {"PALU-BARAT-1": bundle_key("t1"), "PALU-BARAT-2": bundle_key("t2")}
    body = status_bundle_body(
        kecamatan="72.71.02", created_at="2026-11-30T01:00:00Z", page=PAGE,
        published_csv="nik,nama\n", keys=keys,
    )  # fmt: skip
    path = tmp_path / "status.json.gz"
    write_status_bundle(path, body)
    assert is_status_bundle(path)
    got = read_status_bundle(path, desk_id="PALU-BARAT-2", key=bundle_key("t2"))
    assert got.rows == (ROW,) and got.cases == (CASE,) and got.cursor == 7
    assert got.published == PAGE.published and got.published_csv == "nik,nama\n"
    with pytest.raises(StatusError, match="not made for desk PALU-BARAT-3"):
        read_status_bundle(path, desk_id="PALU-BARAT-3", key=bundle_key("t3"))
    with pytest.raises(StatusError, match="not signed by this desk's hub"):
        read_status_bundle(path, desk_id="PALU-BARAT-1", key=bundle_key("wrong"))
    changed = json.loads(gzip.decompress(path.read_bytes()))
    changed["rows"][0][4] = "accepted"
    path.write_bytes(gzip.compress(json.dumps(changed).encode()))
    with pytest.raises(StatusError, match="or was changed"):
        read_status_bundle(path, desk_id="PALU-BARAT-2", key=bundle_key("t2"))
    other = tmp_path / "other.gz"
    other.write_bytes(gzip.compress(b'{"kind": "ektp-bundle"}'))
    assert not is_status_bundle(other) and not is_status_bundle(tmp_path / "missing")


def test_a_file_that_is_no_status_bundle_is_refused_in_one_line(tmp_path: Path) -> None:
    deep = tmp_path / "deep.gz"
    deep.write_bytes(gzip.compress(b'{"kind": "ektp-status", "x": ' + b"[" * 50 + b"]" * 50 + b"}"))
    with pytest.raises(StatusError, match=r"deep\.gz is not a status bundle"):
        read_status_bundle(deep, desk_id="D", key=b"k")
    plain = tmp_path / "plain.json"
    plain.write_text("{}")
    with pytest.raises(StatusError, match=r"plain\.json is not a readable status bundle"):
        read_status_bundle(plain, desk_id="D", key=b"k")
