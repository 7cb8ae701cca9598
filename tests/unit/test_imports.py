from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ektp_desk.desk import Desk
from ektp_desk.imports import ImportFileError, error_report_path

HEADER = "nik,nama,tanggal_lahir,jenis_kelamin,alamat,rt,rw,kelurahan,status_perkawinan\n"
GOOD = [
    "7271024507050001,Siti Lamakarate,2005-07-05,P,Jl. Kartini 3,1,2,72.71.02.1007,BELUM KAWIN",
    "7271020312880042,Budi Santoso,03-12-1988,L,Jl. Malonda 9,4,1,Kamonji,KAWIN",
]


def write(tmp_path: Path, text: str, name: str = "warga.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding, newline="")
    return path


def residents(desk: Desk) -> int:
    return int(desk.session.connection.execute("SELECT count(*) FROM residents").fetchone()[0])


def test_import_a_clean_csv(desk: Desk, tmp_path: Path) -> None:
    result = desk.residents.import_file(write(tmp_path, HEADER + "\n".join(GOOD) + "\n"))
    assert (result.imported, result.inserted, result.updated, result.rejected) == (2, 2, 0, 0)
    assert result.report is None
    budi = desk.residents.get("7271020312880042")
    assert budi is not None
    assert budi.tanggal_lahir == "1988-12-03"  # DD-MM-YYYY accepted
    assert budi.kelurahan == "72.71.02.1007"  # a kelurahan name resolved to its code
    assert (budi.rt, budi.rw) == ("004", "001")
    assert [r.nik for r in desk.residents.search("santo")] == ["7271020312880042"]
    assert [r.nik for r in desk.residents.search("727102031")] == ["7271020312880042"]


def test_rejected_rows_get_a_report_and_the_rest_is_imported(desk: Desk, tmp_path: Path) -> None:
    rows = [
        *GOOD,
        "7271024507050000,Serial Nol,,,,,,,",
        "12345,Pendek,,,,,,,",
        "7271020312880043,Budi Dua,1988-12-04,L,,,,,",
        "7271020312880042,Budi Lagi,,,,,,,",
        ",Tanpa NIK,,,,,,,",
        ",,,,,,,,",
    ]
    path = write(tmp_path, HEADER + "\n".join(rows) + "\n")
    result = desk.residents.import_file(path)
    assert (result.imported, result.rejected) == (2, 5)
    assert result.report == error_report_path(path) == tmp_path / "warga.errors.csv"
    raw = result.report.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    with result.report.open(encoding="utf-8-sig", newline="") as f:
        report = list(csv.DictReader(f))
    assert [(r["baris"], r["kolom"]) for r in report] == [
        ("4", "nik"),
        ("5", "nik"),
        ("6", "tanggal_lahir"),
        ("7", "nik"),
        ("8", "nik"),
    ]
    assert "baris 3" in report[3]["pesan"] and "row 3" in report[3]["message"]
    assert residents(desk) == 2


def test_reimport_updates_by_nik_and_keeps_absent_columns(desk: Desk, tmp_path: Path) -> None:
    desk.residents.import_file(write(tmp_path, HEADER + "\n".join(GOOD) + "\n"))
    update = "nik,nama,alamat\n7271024507050001,Siti Lamakarate Putri,Jl. Baru 1\n"
    result = desk.residents.import_file(write(tmp_path, update, "update.csv"))
    assert (result.inserted, result.updated) == (0, 1)
    siti = desk.residents.get("7271024507050001")
    assert siti is not None
    assert siti.nama == "SITI LAMAKARATE PUTRI"
    assert siti.alamat == "JL. BARU 1"
    assert siti.kelurahan == "72.71.02.1007"
    assert [r.nama for r in desk.residents.search("putri")] == ["SITI LAMAKARATE PUTRI"]
    assert residents(desk) == 2


def test_semicolons_and_windows_1252(desk: Desk, tmp_path: Path) -> None:
    text = "NIK;Nama;Alamat\r\n7271024507050001;Siti Lamakarate;Jl. Périntis 4\r\n"
    result = desk.residents.import_file(write(tmp_path, text, encoding="cp1252"))
    assert result.imported == 1
    siti = desk.residents.get("7271024507050001")
    assert siti is not None and siti.alamat == "JL. PÉRINTIS 4"


def test_unknown_columns_are_ignored_and_named(desk: Desk, tmp_path: Path) -> None:
    result = desk.residents.import_file(
        write(tmp_path, "no,nik,nama,keterangan\n1," + GOOD[0][:16] + ",SITI,x\n")
    )
    assert result.imported == 1
    assert result.plan.ignored_columns == ["no", "keterangan"]


def test_xlsx_import(desk: Desk, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["NIK", "Nama", "Tanggal Lahir", "RT"])
    ws.append(["7271024507050001", "Siti Lamakarate", date(2005, 7, 5), 3])
    ws.append([7271020312880042, "Budi Santoso", None, 1])  # NIK typed as a number
    path = tmp_path / "warga.xlsx"
    wb.save(path)
    result = desk.residents.import_file(path)
    assert (result.imported, result.rejected) == (1, 1)
    assert result.plan.problems[0].field == "nik"
    assert "Teks" in result.plan.problems[0].message_id
    siti = desk.residents.get("7271024507050001")
    assert siti is not None and siti.rt == "003"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"nama,alamat\nSiti,Jl\n", r"lacks the column\(s\) nik"),
        (b"nik,nama,nik\n", "appears twice"),
        (b'nik,nama\n7271024507050001,"Siti\n', "malformed"),
        (b"\x00\x01\x02nik,nama\n", "NUL"),
        (b"\n\n\n", "no header row"),
        (b"PK\x03\x04 not really a workbook", "not a readable XLSX"),
    ],
)
def test_unusable_files_import_nothing(
    desk: Desk, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "warga.csv"
    path.write_bytes(content)
    audit_before = desk.session.connection.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(ImportFileError, match=message):
        desk.residents.import_file(path)
    assert residents(desk) == 0
    assert (
        desk.session.connection.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before
    )
    assert not error_report_path(path).exists()


cell = st.one_of(
    st.sampled_from(
        ["7271024507050001", "7271020312880042", "72710203128800", "BUDI", "", "L", "P",
         "2005-07-05", "99-99-9999", "72.71.02.1007", "KAWIN", "ﾃｽﾄ", '"', ";", ","]
    ),
    st.text(max_size=12),
)  # fmt: skip
columns = st.lists(
    st.sampled_from(["nik", "nama", "tanggal_lahir", "jenis_kelamin", "rt", "kelurahan", "x"]),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(header=columns, rows=st.lists(st.lists(cell, max_size=7), max_size=8))
def test_malformed_imports_never_half_write(
    desk: Desk, tmp_path: Path, header: list[str], rows: list[list[str]]
) -> None:
    path = tmp_path / "fuzz.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    before = residents(desk)
    try:
        result = desk.residents.import_file(path)
    except ImportFileError:
        assert residents(desk) == before
        return
    assert result.imported + result.rejected <= len(rows)
    assert result.imported == result.inserted + result.updated
    assert residents(desk) == before + result.inserted
    assert (result.report is not None) == (result.rejected > 0)
    if result.report is not None:
        with result.report.open(encoding="utf-8-sig", newline="") as f:
            reported_rows = {int(r["baris"]) for r in csv.DictReader(f)}
        assert len(reported_rows) == result.rejected


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_are_imported_or_refused_cleanly(
    desk: Desk, tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(b"nik,nama\n" + data)
    before = residents(desk)
    try:
        result = desk.residents.import_file(path)
    except ImportFileError:
        assert residents(desk) == before
    else:
        assert residents(desk) == before + result.inserted
