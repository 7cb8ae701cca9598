from __future__ import annotations

import csv
import dataclasses
import json
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk, DeskError
from ektp_desk.domain.accounts import Role
from ektp_desk.domain.nik import age_on
from ektp_desk.reports import ReportError
from ektp_desk.reports.tally import QueueFigures, Tally
from ektp_desk.reports.writers import merge_tallies, write_csv, write_xlsx
from tests.conftest import FAST_SCRYPT, FakeClock, full_biometrics, new_desk

WITA = ZoneInfo("Asia/Makassar")


def band(age: int) -> str:
    for low, high, name in ((17, 20, "17-20"), (21, 30, "21-30"), (31, 40, "31-40"),
                            (41, 50, "41-50"), (51, 60, "51-60")):  # fmt: skip
        if low <= age <= high:
            return name
    return "<17" if age < 17 else ">60"


def independent_count(desk: Desk, first: date, last: date) -> dict[str, Any]:
    """The tally counted another way: from each recording's UTC time and full biodata."""
    counts: dict[str, Counter[str]] = {
        k: Counter() for k in ("kel", "sex", "band", "op", "hour", "state")
    }
    total = early = walk_ins = 0
    rows = desk.session.connection.execute(
        "SELECT r.recorded_at, r.biodata, r.operator, o.state, r.voided_at, r.nik"
        " FROM recordings r JOIN outbox o USING (record_id)"
    ).fetchall()
    listed = {n for (n,) in desk.session.connection.execute("SELECT nik FROM residents")}
    for recorded_at, biodata, operator, state, voided, nik in rows:
        local = datetime.fromisoformat(recorded_at).astimezone(WITA)
        if voided or not first <= local.date() <= last:
            continue
        bio = json.loads(biodata)
        born = date.fromisoformat(bio["tanggal_lahir"])
        age = local.year - born.year - ((local.month, local.day) < (born.month, born.day))
        total += 1
        counts["kel"][bio["kelurahan"]] += 1
        counts["sex"][bio["jenis_kelamin"]] += 1
        counts["band"][band(age)] += 1
        counts["op"][operator] += 1
        counts["hour"][f"{local.hour:02d}"] += 1
        counts["state"][state] += 1
        early += age == 16 and bio["status_perkawinan"] == "BELUM KAWIN"
        walk_ins += nik not in listed
    return {"total": total, "early": early, "walk_ins": walk_ins, **counts}


def nonzero(d: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in d.items() if v}


@pytest.fixture
def busy_desk(tmp_path: Path, clock: FakeClock) -> Desk:
    desk = new_desk(tmp_path / "desk", clock=clock)
    desk.accounts.add("ani", Role.CLERK, "sandi-ani-1", scrypt=FAST_SCRYPT)
    seed(desk, recordings=150, days=6, seed_value=11, detail=BiometricDetail.NONE)
    # A second operator records five of the residents still waiting, one a walk-in.
    desk.accounts.login("ani", "sandi-ani-1")
    waiting = desk.session.connection.execute(
        "SELECT nik FROM residents WHERE nik NOT IN (SELECT nik FROM recordings) LIMIT 5"
    ).fetchall()
    for (nik,) in waiting:
        resident = desk.residents.get(nik)
        assert resident is not None
        raw = {k: v for k, v in resident.fields.items() if v is not None}
        desk.recordings.save({**raw, "biometrics": full_biometrics()})
    walk_in = {**raw, "nik": "7271020101800001", "tanggal_lahir": "1980-01-01",
               "jenis_kelamin": "LAKI-LAKI", "biometrics": full_biometrics()}  # fmt: skip
    desk.recordings.save(walk_in)
    desk.accounts.login("admin", "rahasia-admin")
    ids = [
        r
        for (r,) in desk.session.connection.execute(
            # never the walk-in, whom the test counts: record ids are random
            "SELECT record_id FROM recordings WHERE nik != ? ORDER BY id LIMIT 3",
            (walk_in["nik"],),
        )
    ]
    for record_id in ids:
        desk.recordings.void(record_id, "salah rekam")
    return desk


def test_tally_matches_an_independent_count(busy_desk: Desk) -> None:
    days = sorted(
        {d for (d,) in busy_desk.session.connection.execute("SELECT local_date FROM recordings")}
    )
    assert len(days) >= 3
    for first, last in ((days[0], days[0]), (days[1], days[-1]), (days[-1], days[-1])):
        f, t = date.fromisoformat(first), date.fromisoformat(last)
        tally = busy_desk.reports.tally(f, t)
        expected = independent_count(busy_desk, f, t)
        assert tally.total == expected["total"] > 0
        assert nonzero(tally.by_kelurahan) == dict(expected["kel"])
        assert nonzero(tally.by_sex) == dict(expected["sex"])
        assert nonzero(tally.by_age_band) == dict(expected["band"])
        assert tally.by_operator == dict(expected["op"])
        assert nonzero(tally.by_hour) == dict(expected["hour"])
        assert nonzero(tally.by_sync_state) == dict(expected["state"])
        assert tally.early == expected["early"]
        assert tally.walk_ins == expected["walk_ins"]
        assert list(tally.by_hour) == [f"{h:02d}" for h in range(24)]
        assert set(tally.by_kelurahan) == {c for c, _ in busy_desk.kelurahan_list()}
    whole = busy_desk.reports.tally(date.fromisoformat(days[0]), date.fromisoformat(days[-1]))
    assert whole.walk_ins == 1 and set(whole.by_operator) == {"admin", "ani"}


def test_voided_recordings_are_left_out(busy_desk: Desk) -> None:
    total = sum(
        busy_desk.reports.tally(date.fromisoformat(d)).total
        for (d,) in busy_desk.session.connection.execute(
            "SELECT DISTINCT local_date FROM recordings"
        )
    )
    assert total == 150 + 6 - 3


def test_queue_service_figures(
    desk: Desk, clock: FakeClock, make_recording: Callable[..., dict[str, Any]]
) -> None:
    desk.residents.add([{"nik": "7271024507050001", "nama": "SITI"}], source="t")
    ticket = desk.queue.enqueue(nik="7271024507050001")
    desk.queue.enqueue(nik="7271020312880042", nama="Budi", walk_in=True)
    clock.advance(minutes=10)
    called = desk.queue.call_next()
    assert called is not None and called.id == ticket.id
    clock.advance(minutes=15)
    desk.recordings.save(make_recording(recorded_at=None), ticket_id=ticket.id)
    tally = desk.reports.tally(desk.today())
    assert tally.queue == QueueFigures(
        tickets=2, served=1, average_wait_minutes=10.0, average_service_minutes=15.0
    )
    assert tally.walk_ins == 0 and tally.total == 1


def test_progress_to_the_deadline(busy_desk: Desk, clock: FakeClock) -> None:
    busy_desk.change_setting("deadline", "2026-12-31")
    today = busy_desk.today()
    progress = busy_desk.reports.tally(today).progress
    assert progress is not None
    # Counted another way: the listed residents who are 17 by the deadline or ever married,
    # and those of them with a recording not voided.
    conn = busy_desk.session.connection
    must = [
        (nik, kel)
        for nik, born, status, kel in conn.execute(
            "SELECT nik, tanggal_lahir, status_perkawinan, kelurahan FROM residents"
        )
        if status != "BELUM KAWIN" or age_on(date.fromisoformat(born), date(2026, 12, 31)) >= 17
    ]
    done = {n for (n,) in conn.execute("SELECT nik FROM recordings WHERE voided_at IS NULL")}
    recorded = sum(nik in done for nik, _ in must)
    assert (progress.target, progress.recorded) == (len(must), recorded)
    assert progress.remaining == len(must) - recorded
    assert progress.percent == round(100 * recorded / len(must), 1)
    # The walk-in and the early recordings are counted apart, never against the target.
    walk_ins, early = conn.execute(
        "SELECT sum(nik NOT IN (SELECT nik FROM residents)), sum(early) FROM recordings"
        " WHERE voided_at IS NULL"
    ).fetchone()
    assert (progress.walk_ins, progress.early) == (walk_ins, early) and walk_ins == 1
    # 28 November to 31 December: 34 days, of which five Sundays and Christmas Eve (cuti
    # bersama) and Christmas are not working days.
    assert progress.days_left == (date(2026, 12, 31) - today).days == 34
    assert progress.working_days_left == 34 - 5 - 2
    assert progress.needed_per_day == round((len(must) - recorded) / 27, 1)
    week = conn.execute(
        "SELECT count(*) FROM recordings WHERE voided_at IS NULL AND on_list = 1"
        " AND local_date > ?",
        ((today - timedelta(days=7)).isoformat(),),
    ).fetchone()[0]
    assert progress.average_last_7_days == round(week / 7, 1)
    assert len(progress.daily) == 30 and progress.daily[-1].date == today.isoformat()
    by_kel = Counter(kel for _, kel in must)
    assert {a.kelurahan: a.target for a in progress.by_kelurahan} == by_kel
    assert sum(a.recorded for a in progress.by_kelurahan) == recorded
    with pytest.raises(DeskError, match="YYYY-MM-DD"):
        busy_desk.change_setting("deadline", "31-12-2026")


def test_a_target_set_by_hand_replaces_the_lists(busy_desk: Desk) -> None:
    busy_desk.change_setting("target", "1000")
    progress = busy_desk.reports.tally(busy_desk.today()).progress
    assert progress is not None and progress.target == 1000
    assert progress.percent == round(100 * progress.recorded / 1000, 1)


def test_walk_ins_never_push_progress_past_the_list(tmp_path: Path, clock: FakeClock) -> None:
    """Seen: 157.1% and "0 remaining" while listed residents were unrecorded."""
    desk = new_desk(tmp_path / "desk", clock=clock)
    seed(desk, recordings=4, days=1, seed_value=3, detail=BiometricDetail.NONE)
    for (record_id,) in desk.session.connection.execute("SELECT record_id FROM recordings"):
        desk.recordings.void(record_id, "salah rekam")  # the list stays, all unrecorded
    listed = desk.session.connection.execute("SELECT count(*) FROM residents").fetchone()[0]
    desk.change_setting("deadline", "2026-12-31")
    (nik,) = desk.session.connection.execute("SELECT nik FROM residents LIMIT 1").fetchone()
    resident = desk.residents.get(nik)
    assert resident is not None
    raw = {k: v for k, v in resident.fields.items() if v is not None}
    for n in range(listed + 5):  # more walk-ins than residents on the list
        desk.recordings.save({
            **raw, "nik": f"727102010180{n + 1:04d}", "nama": "WARGA DATANG LANGSUNG",
            "tanggal_lahir": "1980-01-01", "jenis_kelamin": "LAKI-LAKI",
            "biometrics": full_biometrics(),
        })  # fmt: skip
    progress = desk.reports.tally(desk.today()).progress
    assert progress is not None
    assert progress.recorded == 0 and progress.remaining == progress.target > 0
    assert progress.percent == 0.0 and progress.walk_ins == listed + 5


def test_the_holidays_file_is_an_admins_to_replace(busy_desk: Desk, tmp_path: Path) -> None:
    mine = tmp_path / "libur.csv"
    mine.write_text("date,name\n2026-12-01,Libur daerah\n", encoding="utf-8")
    busy_desk.change_setting("holidays_file", str(mine))
    progress = busy_desk.reports.tally(busy_desk.today()).progress
    assert progress is not None and progress.working_days_left == 34 - 5 - 1
    bad = tmp_path / "rusak.csv"
    bad.write_text("date,name\n2026-12-01,Libur\n31/12/2026,Tahun baru\n", encoding="utf-8")
    with pytest.raises(DeskError, match="line 3"):
        busy_desk.change_setting("holidays_file", str(bad))


def test_csv_and_xlsx_hold_the_same_numbers(busy_desk: Desk, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    day = busy_desk.today()
    tally = busy_desk.reports.export_tally(
        "xlsx", tmp_path / "t.xlsx", day - timedelta(days=6), day
    )
    busy_desk.reports.export_tally("csv", tmp_path / "t.csv", day - timedelta(days=6), day)
    assert (tmp_path / "t.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    by_section: dict[str, int] = Counter()
    for row in rows:
        if row["bagian"] != "ringkasan":
            by_section[row["bagian"]] += int(row["jumlah"])
    assert set(by_section.values()) == {tally.total}
    summary = {r["kunci"]: r["jumlah"] for r in rows if r["bagian"] == "ringkasan"}
    assert summary["Jumlah perekaman"] == str(tally.total)

    wb = load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames == [
        "Ringkasan", "Kelurahan-desa", "Jenis kelamin", "Kelompok umur", "Operator", "Jam",
        "Status sinkron",
    ]  # fmt: skip
    values = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert values["Jumlah perekaman"] == tally.total
    for name in wb.sheetnames[1:]:
        rows_x = list(wb[name].iter_rows(min_row=2, values_only=True))
        assert all(isinstance(r[1], int) for r in rows_x)  # numbers as numbers
        assert rows_x[-1] == ("Jumlah", tally.total)
        assert sum(r[1] for r in rows_x[:-1]) == tally.total
    exports = busy_desk.session.connection.execute(
        "SELECT subject, detail FROM audit WHERE action = 'export.tally' ORDER BY seq"
    ).fetchall()
    assert [s for s, _ in exports] == ["t.xlsx", "t.csv"]
    assert json.loads(exports[0][1])["format"] == "xlsx"


def test_exports_name_states_and_the_period_in_words(busy_desk: Desk, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    day = busy_desk.today()
    tally = busy_desk.reports.export_tally("xlsx", tmp_path / "t.xlsx", day, day)
    busy_desk.reports.export_tally("csv", tmp_path / "t.csv", day, day)
    waiting = tally.by_sync_state["queued"]
    assert waiting > 0
    rows = list(load_workbook(tmp_path / "t.xlsx")["Status sinkron"].iter_rows(values_only=True))
    assert ("Menunggu dikirim", waiting) in rows  # a word, and the count a number
    assert not {"queued", "acked", "sending"} & {r[0] for r in rows}
    summary = dict(load_workbook(tmp_path / "t.xlsx")["Ringkasan"].iter_rows(values_only=True))
    assert day == date(2026, 11, 27) and summary["Periode"] == "27 November 2026"
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as f:
        states = {r["kunci"] for r in csv.DictReader(f) if r["bagian"] == "by_sync_state"}
    assert "Menunggu dikirim" in states and "queued" not in states


def _pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing (.ci/run installs poppler-utils)")
        pytest.skip("pdftotext is not installed here (Debian's poppler-utils)")
    return subprocess.run(
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_report_shows_the_totals(busy_desk: Desk, tmp_path: Path) -> None:
    from ektp_desk.ui.pdf_report import write_tally_pdf

    day = busy_desk.today()
    tally = busy_desk.reports.export_tally(
        "pdf", tmp_path / "t.pdf", day, pdf_writer=write_tally_pdf
    )
    text = _pdf_text(tmp_path / "t.pdf")
    assert "Laporan Harian Perekaman KTP-el" in text
    assert "Palu Barat" in text and "PALU-BARAT-1" in text
    line = next(line for line in text.splitlines() if "Jumlah perekaman" in line)
    assert line.split()[-1] == str(tally.total)
    assert "Camat" in text and "Supervisor" in text


def test_a_report_needs_a_supervisor(busy_desk: Desk, tmp_path: Path) -> None:
    busy_desk.accounts.login("ani", "sandi-ani-1")
    with pytest.raises(DeskError, match="may not export"):
        busy_desk.reports.export_tally("csv", tmp_path / "x.csv", busy_desk.today())
    assert not (tmp_path / "x.csv").exists()


def _desk_tally(tmp_path: Path, desk_id: str, kecamatan: str, clock: FakeClock) -> Tally:
    desk = Desk.create(
        tmp_path / desk_id, kecamatan=kecamatan, desk_id=desk_id, admin_name="admin",
        admin_password="rahasia-admin", scrypt=FAST_SCRYPT, clock=clock,
    )  # fmt: skip
    try:
        desk.accounts.login("admin", "rahasia-admin")
        seed(desk, recordings=20, seed_value=hash(desk_id) % 1000, detail=BiometricDetail.NONE)
        return desk.reports.tally(desk.today())
    finally:
        desk.close()


def test_merge_tallies_of_one_kecamatan(tmp_path: Path, clock: FakeClock) -> None:
    a = _desk_tally(tmp_path, "A-1", "72.71.02", clock)
    b = _desk_tally(tmp_path, "B-1", "72.71.02", clock)
    merged = merge_tallies([a, b])
    assert merged.desks == ["A-1", "B-1"]
    assert merged.total == a.total + b.total
    for key in ("by_sex", "by_kelurahan", "by_age_band"):
        assert sum(merged.breakdown(key).values()) == merged.total
    write_csv(merged, tmp_path / "m.csv")
    write_xlsx(merged, tmp_path / "m.xlsx")
    with pytest.raises(ReportError, match="twice"):
        merge_tallies([a, a])
    c = _desk_tally(tmp_path, "C-1", "72.71.01", clock)
    with pytest.raises(ReportError, match="kecamatan"):
        merge_tallies([a, c])
    other_day = dataclasses.replace(b, date_from="2026-01-01", date_to="2026-01-01")
    with pytest.raises(ReportError, match="date_from"):
        merge_tallies([a, other_day])
    with pytest.raises(ReportError, match="twice"):
        merge_tallies([merged, a])


def test_outreach_list(busy_desk: Desk, tmp_path: Path, clock: FakeClock) -> None:
    from openpyxl import load_workbook

    from ektp_desk.ui.pdf_report import write_outreach_pdf

    # Someone who turns 17 before the deadline, not yet recorded.
    birth = date(2010, 1, 15)
    busy_desk.residents.add(
        [{"nik": "7271021501100001", "nama": "Remaja Satu", "tanggal_lahir": birth.isoformat(),
          "kelurahan": "72.71.02.1007", "rt": "2", "rw": "1", "alamat": "Jl. A"}],
        source="t",
    )  # fmt: skip
    busy_desk.change_setting("deadline", "2027-01-31")
    lists = busy_desk.reports.outreach()
    recorded = {
        n
        for (n,) in busy_desk.session.connection.execute(
            "SELECT nik FROM recordings WHERE voided_at IS NULL"
        )
    }
    everyone = {p["nik"] for people in lists.values() for p in people}
    residents = {n for (n,) in busy_desk.session.connection.execute("SELECT nik FROM residents")}
    assert everyone == residents - recorded
    teen = next(p for p in lists["72.71.02.1007"] if p["nik"] == "7271021501100001")
    assert teen["age"] == 16 and teen["turns_17_before_deadline"] is True
    for people in lists.values():
        keys = [(p["rw"], p["rt"], p["alamat"], p["nama"]) for p in people]
        assert keys == sorted(keys)
    count = busy_desk.reports.export_outreach("xlsx", tmp_path / "o.xlsx")
    assert count == len(everyone)
    wb = load_workbook(tmp_path / "o.xlsx")
    assert sum(ws.max_row - 2 for ws in wb.worksheets) == count
    busy_desk.reports.export_outreach("pdf", tmp_path / "o.pdf", pdf_writer=write_outreach_pdf)
    assert "REMAJA SATU" in _pdf_text(tmp_path / "o.pdf")
    actions = [a for (a,) in busy_desk.session.connection.execute("SELECT action FROM audit")]
    assert actions.count("export.outreach") == 2


def test_daily_counts_follow_saves_and_voids(busy_desk: Desk) -> None:
    def both() -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        kept = busy_desk.session.connection.execute(
            "SELECT local_date, recorded FROM daily_counts WHERE recorded > 0 ORDER BY 1"
        ).fetchall()
        counted = busy_desk.session.connection.execute(
            "SELECT local_date, count(*) FROM recordings WHERE voided_at IS NULL"
            " GROUP BY local_date ORDER BY 1"
        ).fetchall()
        return kept, counted

    kept, counted = both()
    assert kept == counted and len(kept) >= 3
    (record_id,) = busy_desk.session.connection.execute(
        "SELECT record_id FROM recordings WHERE voided_at IS NULL LIMIT 1"
    ).fetchone()
    busy_desk.recordings.void(record_id, "uji")
    kept, counted = both()
    assert kept == counted
