"""The dashboard's figures and files without a server: working days, the pace needed, the
chart's SVG, the city tally read back from its XLSX and its PDF, and what a desk's headers
tell the desks page."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from ektp_desk.hub.dashboard import seen
from ektp_desk.hub.dashboard.chart import line_chart
from ektp_desk.hub.dashboard.downloads import tally_pdf, tally_xlsx
from ektp_desk.hub.dashboard.figures import AreaRow, CityView
from ektp_desk.hub.dashboard.pdf import Table, table_pdf

TODAY = date(2026, 11, 30)  # a Monday
DEADLINE = date(2026, 12, 31)


def _area(code: str, name: str, recorded: int, target: int | None) -> AreaRow:
    if target is None:
        return AreaRow(code, name, recorded, None, None, None, None, 12.5, duplicates=1)
    left = target - recorded
    return AreaRow(code, name, recorded, target, left, 100 * recorded / target, left / 20, 12.5, 1)


def _city() -> CityView:
    areas = [_area("72.71.02", "Palu Barat", 150, 400), _area("72.71.03", "Palu Selatan", 7, None)]
    total = AreaRow("", "Jumlah", 150, 400, 250, 37.5, 12.5, 25.0, duplicates=2, outside=7)
    return CityView("Kota Palu", TODAY, DEADLINE, 20, areas, total, [(TODAY, 157)])


def test_an_area_is_written_the_indonesian_way_and_knows_when_it_is_behind() -> None:
    area = _area("72.71.02", "Palu Barat", 150, 400)
    assert area.percent_text == "37,5%"
    assert area.needed_text == "12,5"  # 250 over 20 working days
    assert not area.behind  # 12.5 a day needed, 12.5 a day done
    assert _area("x", "y", 100, 400).behind  # 15 a day needed
    none = _area("x", "y", 5, None)
    assert (none.remaining, none.percent_text, none.needed_text) == (None, "–", "–")
    assert not none.behind
    assert AreaRow("x", "y", 0, 1, 1, 0.0, 1234.5, 0.0).needed_text == "1.234,5"


def test_the_chart_is_svg_with_the_target_line() -> None:
    svg = str(line_chart([(TODAY, 3), (date(2026, 12, 2), 10)], target=40))
    assert svg.startswith("<svg") and "<polyline" in svg and "target 40" in svg
    assert "30 November 2026" in svg and "2 Desember 2026" in svg
    assert "Belum ada rekaman" in str(line_chart([]))


def test_the_xlsx_holds_the_city_tally() -> None:
    sheet = load_workbook(io.BytesIO(tally_xlsx(_city()))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Rekap perekaman KTP-el Kota Palu"
    assert rows[2][:4] == ["Kode", "Kecamatan", "Terekam", "Target"]
    assert rows[3][:6] == ["72.71.02", "Palu Barat", 150, 400, 37.5, 250]
    assert rows[4][:4] == ["72.71.03", "Palu Selatan", 7, None]
    assert rows[5][1:4] == ["Jumlah", 150, 400]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_reads_back_with_every_row_on_its_pages(tmp_path: object) -> None:
    text = _pdftotext(tally_pdf(_city()))
    assert "Rekap perekaman KTP-el Kota Palu" in text
    assert "Palu Barat" in text and "37,5%" in text and "Jumlah" in text
    assert any(line.startswith("72.71.02 ") for line in text.splitlines())  # codes flush left
    rows = [[f"R{i:03d}", "x(y)\\z"] for i in range(120)]  # more than one page holds
    long = _pdftotext(table_pdf(Table("T", "S", ["a", "b"], rows, [60.0, 60.0])))
    assert "halaman 4 dari 4" in long and "R000" in long and "R119" in long
    assert long.count("x(y)\\z") == 120


def _pdftotext(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    assert done.stderr == b""  # no syntax error reported
    return done.stdout.decode()


def test_a_desks_headers_give_its_version_clock_and_queue() -> None:
    now = datetime(2026, 11, 30, 2, 0, 0, tzinfo=UTC)
    assert seen._version("ektp-desk/0.3.1") == "0.3.1"
    assert seen._version("python-requests/2.31") is None
    assert seen._drift("Mon, 30 Nov 2026 02:03:00 GMT", now) == 180
    assert seen._drift("Mon, 30 Nov 2026 01:59:30 GMT", now) == -30
    assert seen._drift("yesterday", now) is None
    assert seen._waiting("42") == 42
    assert seen._waiting("-1") is None and seen._waiting("1e9") is None
