"""The city's truth at the desk: status pages applied (all or nothing), the one "recorded
anywhere" answer used by outreach, the queue and progress, cases in `status`, and the
published resident list in place of the desk's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.cli import main
from ektp_desk.desk import CityError, Desk
from ektp_desk.protocol.bundle import bundle_key
from ektp_desk.protocol.status import (
    PublishedList,
    StatusError,
    StatusPage,
    StatusRow,
    status_bundle_body,
    write_status_bundle,
)
from ektp_desk.store import city as city_store
from ektp_desk.sync.city import apply_page
from tests.conftest import ADMIN_PASSWORD, pin_test_hub

COLUMNS = ["record_id", "nik", "desk_id", "recorded_on", "state", "case_id", "reason", "replaces"]
KELURAHAN = "72.71.02.1007"


def nik(serial: int) -> str:
    return f"7271020101900{serial:03d}"


def residents(desk: Desk, count: int) -> list[str]:
    niks = [nik(i) for i in range(1, count + 1)]
    desk.residents.add(
        [
            {"nik": n, "nama": f"WARGA {'ABCDEFGHIJ'[i]}", "kelurahan": KELURAHAN}
            for i, n in enumerate(niks)
        ],
        source="t",
    )
    return niks


def page(rows: list[list[Any]], *, cursor: int, more: bool = False, **extra: Any) -> dict[str, Any]:
    return {"cursor": cursor, "more": more, "columns": COLUMNS, "rows": rows, "cases": []} | extra


def row(record: str, nik_: str, desk_id: str = "PALU-BARAT-2", state: str = "accepted",
        case: str | None = None, day: str = "2026-11-28") -> list[Any]:  # fmt: skip
    return [record, nik_, desk_id, day, state, case, None, None]


def outreach_niks(desk: Desk) -> set[str]:
    return {p["nik"] for people in desk.reports.outreach().values() for p in people}


def test_outreach_and_queue_leave_out_residents_recorded_at_another_desk(desk: Desk) -> None:
    a, b, c = residents(desk, 3)
    apply_page(
        desk.session.connection,
        page([row("r-a", a), row("r-b", b, state="voided"), row("r-x", nik(99))], cursor=3),
    )
    assert outreach_niks(desk) == {b, c}  # a voided record does not count as recorded
    seen = desk.city.recorded_at(a)
    assert seen is not None and (seen.desk_id, seen.recorded_on) == ("PALU-BARAT-2", "2026-11-28")
    assert desk.city.recorded_at(b) is None
    with pytest.raises(CityError) as refused:
        desk.queue.enqueue(nik=a)
    assert refused.value.key == "recorded_elsewhere"
    assert "PALU-BARAT-2" in str(refused.value)
    assert desk.queue.enqueue(nik=a, anyway=True).nik == a  # the clerk said yes
    assert desk.queue.enqueue(nik=b).nik == b


def test_a_later_state_replaces_the_earlier_one(desk: Desk) -> None:
    (a,) = residents(desk, 1)
    conn = desk.session.connection
    apply_page(conn, page([row("r-a", a)], cursor=1))
    assert outreach_niks(desk) == set()
    apply_page(conn, page([row("r-a", a, state="voided")], cursor=2))
    assert outreach_niks(desk) == {a}
    assert city_store.cursor(conn) == 2


def test_a_broken_page_applies_nothing_and_keeps_the_cursor(desk: Desk) -> None:
    a, b = residents(desk, 2)
    conn = desk.session.connection
    apply_page(conn, page([row("r-a", a)], cursor=5))
    broken = page([row("r-b", b), row("r-c", b, state="lost")], cursor=9)
    with pytest.raises(StatusError, match="is not one of"):
        apply_page(conn, broken)
    assert city_store.cursor(conn) == 5
    assert desk.city.recorded_at(b) is None
    with pytest.raises(StatusError, match="must be a list of"):
        apply_page(conn, page([["r-b", b]], cursor=9))
    assert city_store.cursor(conn) == 5


def test_status_counts_the_cases_naming_this_desks_records(
    desk: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = residents(desk, 2)
    cases = [
        {"case_id": "C000001", "nik": a, "state": "open"},
        {"case_id": "C000002", "nik": b, "state": "resolved", "decision": "keep"},
        {"case_id": "C000003", "nik": nik(50), "state": "open"},
    ]
    rows = [
        row("r-1", a, desk.desk_id, "duplicate_nik", "C000001"),
        row("r-2", a, "PALU-BARAT-2", "accepted", "C000001"),
        row("r-3", b, desk.desk_id, "voided", "C000002"),
        row("r-4", nik(50), "PALU-BARAT-2", "accepted", "C000003"),
    ]
    apply_page(desk.session.connection, page(rows, cursor=4, cases=cases))
    assert desk.status().to_json()["cases"] == {"open": 1, "resolved": 1}
    data_dir = desk.data_dir
    desk.close()
    assert main(["--data-dir", str(data_dir), "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cases"] == {"open": 1, "resolved": 1}
    assert main(["--data-dir", str(data_dir), "status"]) == 0
    assert "cases      1 open, 1 resolved" in capsys.readouterr().out


def test_progress_counts_recordings_at_other_desks(desk: Desk) -> None:
    a, b, _ = residents(desk, 3)
    desk.change_setting("deadline", "2026-12-31")
    before = desk.reports.tally(desk.today()).progress
    assert before is not None and before.recorded == 0
    today = desk.today().isoformat()
    apply_page(
        desk.session.connection,
        page([row("r-a", a, day=today), row("r-b", b, state="replaced", day=today)], cursor=2),
    )
    after = desk.reports.tally(desk.today()).progress
    assert after is not None and after.recorded == 1


PUBLISHED_V1 = "nik,nama,kelurahan\n{a},WARGA SATU,{k}\n{b},WARGA DUA,{k}\n{c},WARGA TIGA,{k}\n"
PUBLISHED_V2 = (
    "nik,nama,kelurahan\n{a},WARGA SATU,{k}\n{b},WARGA DUA BARU,{k}\n{d},WARGA EMPAT,{k}\n"
)


def test_a_published_list_replaces_the_desks_own_and_refuses_imports_after(
    desk: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = residents(desk, 1)[0]
    a, b, c, d = (nik(i) for i in (11, 12, 13, 14))
    first = desk.city.apply_published(PUBLISHED_V1.format(a=a, b=b, c=c, k=KELURAHAN), 1)
    assert (first.added, first.changed, first.removed) == (3, 0, 1)
    assert desk.residents.get(own) is None and desk.residents.count() == 3
    second = desk.city.apply_published(PUBLISHED_V2.format(a=a, b=b, d=d, k=KELURAHAN), 2)
    assert (second.added, second.changed, second.removed, second.residents) == (1, 1, 1, 3)
    resident = desk.residents.get(b)
    assert resident is not None and resident.nama == "WARGA DUA BARU"
    assert desk.city.published_version() == 2

    listing = tmp_path / "own.csv"
    listing.write_text(f"nik,nama\n{own},WARGA SENDIRI\n", encoding="utf-8")
    with pytest.raises(CityError, match="replace-published"):
        desk.residents.import_file(listing)
    assert desk.residents.get(own) is None
    data_dir = desk.data_dir
    desk.close()
    args = ["--data-dir", str(data_dir), "--user", "admin", "residents", "import", str(listing)]
    env_password = {"EKTP_DESK_PASSWORD": ADMIN_PASSWORD}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env_password.items():
            mp.setenv(key, value)
        assert main(args) == 2
        assert "--replace-published" in capsys.readouterr().err
        assert main([*args, "--replace-published"]) == 0
        capsys.readouterr()
        assert main(["--data-dir", str(data_dir), "status"]) == 0
        assert "(published list v2)" in capsys.readouterr().out
    with Desk.open(data_dir) as reopened:
        assert reopened.residents.get(own) is not None


def test_a_published_list_that_cannot_be_read_changes_nothing(desk: Desk) -> None:
    (own,) = residents(desk, 1)
    with pytest.raises(CityError, match="version 4"):
        desk.city.apply_published("nama,alamat\nX,Y\n", 4)
    assert desk.residents.get(own) is not None and desk.city.published_version() is None


def _status_bundle(desk: Desk, target: Path, *, token: str, published_csv: str | None) -> Path:
    page = StatusPage(
        cursor=7,
        more=False,
        rows=(
            StatusRow("r-x", nik(1), "PALU-BARAT-2", "2026-11-28", "accepted", None, None, None),
        ),
        cases=(),
        published=PublishedList(3, "2026-11-29T01:00:00Z", 2) if published_csv else None,
    )
    body = status_bundle_body(
        kecamatan=desk.kecamatan,
        created_at="2026-11-29T02:00:00Z",
        page=page,
        published_csv=published_csv,
        keys={desk.desk_id: bundle_key(token), "PALU-BARAT-9": bundle_key("other")},
    )
    write_status_bundle(target, body)
    return target


def test_a_status_bundle_is_applied_as_a_pull_would_be(
    desk: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pin_test_hub(desk)
    token = desk.hub.token()
    assert token is not None
    listing = (
        f"nik,nama,kelurahan\n{nik(1)},WARGA SATU,{KELURAHAN}\n{nik(2)},WARGA DUA,{KELURAHAN}\n"
    )
    path = _status_bundle(desk, tmp_path / "status.json.gz", token=token, published_csv=listing)
    forged = _status_bundle(desk, tmp_path / "forged.json.gz", token="not-ours", published_csv=None)
    with pytest.raises(CityError, match="not signed by this desk's hub"):
        desk.bundles.import_file(forged)
    assert city_store.cursor(desk.session.connection) == 0

    summary = desk.bundles.import_file(path)
    assert summary["rows"] == 1 and summary["cursor"] == 7
    assert desk.city.published_version() == 3 and desk.residents.count() == 2
    assert outreach_niks(desk) == {nik(2)}  # nik(1) recorded at PALU-BARAT-2
    data_dir = desk.data_dir
    desk.close()
    args = ["--data-dir", str(data_dir), "--user", "admin", "bundle", "import", str(path)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
        assert main(args) == 0
    assert "status of 2026-11-29T02:00:00Z applied: 1 records" in capsys.readouterr().out


def test_queue_add_on_the_command_line_asks_for_anyway(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    (a,) = residents(desk, 1)
    apply_page(desk.session.connection, page([row("r-a", a)], cursor=1))
    data_dir = desk.data_dir
    desk.close()
    args = ["--data-dir", str(data_dir), "--user", "admin", "queue", "add", a]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
        assert main(args) == 2
        assert "already recorded at PALU-BARAT-2, 2026-11-28" in capsys.readouterr().err
        assert main([*args, "--anyway"]) == 0
