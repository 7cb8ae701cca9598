"""`residents import` with crafted files: a decompression bomb is refused with exit 2 and a
low peak, every row is read whatever the sheet's `dimension` says, and the caps on rows and
cell length hold for XLSX and CSV alike."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ektp_desk.desk import Desk
from ektp_desk.imports import ImportFileError, error_report_path
from tests.conftest import ADMIN_PASSWORD, new_desk

PEAK_LIMIT_MB = 300
HEADER = ("nik", "nama", "tanggal_lahir")
PEOPLE = [
    ("7271024507050001", "Siti Lamakarate", "2005-07-05"),
    ("7271020312880042", "Budi Santoso", "1988-12-03"),
    ("7271024101900003", "Rahma Lasoso", "1990-01-01"),
    ("7271020202850004", "Andi Pratama", "1985-02-02"),
    ("7271024303950005", "Nur Aisyah", "1995-03-03"),
]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PKG = "http://schemas.openxmlformats.org/package/2006"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>'
CONTENT_TYPES = (
    f'{XML_HEAD}<Types xmlns="{PKG}/content-types">'
    '<Default Extension="rels"'
    ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SML}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SML}.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
    '<sheets><sheet name="Warga" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def _sheet_xml(rows: list[tuple[str, ...]], *, dimension: str, padding: int = 0) -> bytes:
    out = [f'{XML_HEAD}<worksheet xmlns="{MAIN}">']
    out.append(f'<dimension ref="{dimension}"/><sheetData>')
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{chr(65 + c)}{r}" t="s"><v>{value}</v></c>' for c, value in enumerate(row)
        )
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out).encode() + b" " * padding + b"</sheetData></worksheet>"


def make_xlsx(
    path: Path,
    rows: list[tuple[str, ...]],
    *,
    dimension: str | None = None,
    bomb_chars: int = 0,
    bomb_in: str = "",
    sheet_padding: int = 0,
) -> Path:
    """A workbook written part by part; `bomb_chars` lengthens the shared string `bomb_in`
    by that many characters, `sheet_padding` adds that many blanks to the sheet (both
    compress to almost nothing). Every cell is a shared string, as Excel writes text."""
    strings: list[str] = []
    index: dict[str, int] = {}
    numbered = []
    for row in rows:
        cells = []
        for value in row:
            if value not in index:
                index[value] = len(strings)
                strings.append(value)
            cells.append(str(index[value]))
        numbered.append(tuple(cells))
    dimension = dimension or f"A1:{chr(64 + max(len(r) for r in rows))}{len(rows)}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(f'{XML_HEAD}<sst xmlns="{MAIN}">'.encode())
            for text in strings:
                f.write(b"<si><t>" + text.encode())
                left = bomb_chars if text == bomb_in else 0
                block = b"A" * 2**20
                while left > 0:
                    f.write(block[: min(left, len(block))])
                    left -= len(block)
                f.write(b"</t></si>")
            f.write(b"</sst>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            sheet = _sheet_xml(numbered, dimension=dimension)
            head, tail = sheet.rsplit(b"</sheetData>", 1)
            f.write(head)
            block = b" " * 2**20
            left = sheet_padding
            while left > 0:
                f.write(block[: min(left, len(block))])
                left -= len(block)
            f.write(b"</sheetData>" + tail)
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    new_desk(tmp_path / "desk").close()
    return tmp_path / "desk"


def import_in_process(
    data_dir: Path, source: Path, *settings: tuple[str, str]
) -> tuple[int, str, int]:
    """`ektp-desk residents import` in a process of its own; returns its exit status, its
    standard error and its peak resident memory in MB."""
    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over exec from the forked
    # copy of the parent, so a big test process would count as this import's peak.
    script = (
        "import re, sys\n"
        "from ektp_desk.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "status = open('/proc/self/status').read()\n"
        "peak = int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024\n"
        "print(f'PEAK {peak}', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    env = {
        **os.environ,
        "EKTP_DESK_DATA_DIR": str(data_dir),
        "EKTP_DESK_USER": "admin",
        "EKTP_DESK_PASSWORD": ADMIN_PASSWORD,
        "XDG_STATE_HOME": str(data_dir.parent / "state"),
    }
    for key, value in settings:
        done = subprocess.run(
            [sys.executable, "-m", "ektp_desk", "settings", "set", key, value],
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [sys.executable, "-c", script, "residents", "import", str(source)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    lines = done.stderr.strip().splitlines()
    assert lines and lines[-1].startswith("PEAK "), done.stderr
    return done.returncode, "\n".join(lines[:-1]), int(lines[-1].split()[1])


def _assert_refused(code: int, stderr: str, setting: str) -> None:
    assert code == 2, stderr
    assert "Traceback" not in stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert setting in stderr and "nothing was imported" in stderr, stderr


def test_a_shared_string_bomb_is_refused_with_a_low_peak(data_dir: Path, tmp_path: Path) -> None:
    # A name of 256 MiB, as one shared string, in a file of about a megabyte.
    source = make_xlsx(
        tmp_path / "bom.xlsx", [HEADER, PEOPLE[0]], bomb_chars=256 * 2**20, bomb_in=PEOPLE[0][1]
    )
    assert source.stat().st_size < 2 * 2**20
    code, stderr, peak = import_in_process(data_dir, source)
    _assert_refused(code, stderr, "import_max_cell_chars")
    assert "1,000 characters" in stderr
    assert peak < PEAK_LIMIT_MB, f"peak {peak} MB"
    assert not error_report_path(source).exists()


def test_an_inflation_bomb_is_refused_at_the_cap_with_a_low_peak(
    data_dir: Path, tmp_path: Path
) -> None:
    # 160 MiB of blanks in the sheet against a cap lowered to 64 MB: the cap trips while
    # the file is read, and memory stays flat (the bomb is larger than the cap).
    source = make_xlsx(tmp_path / "bom.xlsx", [HEADER, PEOPLE[0]], sheet_padding=160 * 2**20)
    code, stderr, peak = import_in_process(data_dir, source, ("import_max_inflated_mb", "64"))
    _assert_refused(code, stderr, "import_max_inflated_mb")
    assert "64 MB" in stderr
    assert peak < PEAK_LIMIT_MB, f"peak {peak} MB"


def test_every_row_is_read_whatever_the_dimension_says(desk: Desk, tmp_path: Path) -> None:
    source = make_xlsx(tmp_path / "warga.xlsx", [HEADER, *PEOPLE], dimension="A1:C2")
    result = desk.residents.import_file(source)
    assert (result.imported, result.rejected) == (5, 0)
    assert all(desk.residents.get(nik) is not None for nik, _, _ in PEOPLE)


def test_the_row_cap_refuses_the_file(desk: Desk, tmp_path: Path) -> None:
    desk.change_setting("import_max_rows", "3")
    xlsx = make_xlsx(tmp_path / "warga.xlsx", [HEADER, *PEOPLE])
    csv = tmp_path / "warga.csv"
    csv.write_text("\n".join(",".join(r) for r in [HEADER, *PEOPLE]) + "\n", encoding="utf-8")
    for source in (xlsx, csv):
        with pytest.raises(ImportFileError, match=r"more than 3 rows \(setting import_max_rows\)"):
            desk.residents.import_file(source)
    assert desk.session.connection.execute("SELECT count(*) FROM residents").fetchone()[0] == 0
    desk.change_setting("import_max_rows", "5")
    assert desk.residents.import_file(csv).imported == 5


def test_a_cell_past_the_cap_refuses_the_file(desk: Desk, tmp_path: Path) -> None:
    long_name = "A" * 1001
    xlsx = make_xlsx(tmp_path / "warga.xlsx", [HEADER, (PEOPLE[0][0], long_name, "2005-07-05")])
    csv = tmp_path / "warga.csv"
    csv.write_text(f"nik,nama\n{PEOPLE[0][0]},{long_name}\n", encoding="utf-8")
    # A quoted cell may hold line breaks: one spread over many lines is still one cell.
    spread = tmp_path / "spread.csv"
    spread.write_text(f'nik,nama\n{PEOPLE[0][0]},"' + "ab\n" * 40_000 + '"\n', encoding="utf-8")
    for source in (xlsx, csv, spread):
        with pytest.raises(ImportFileError, match="setting import_max_cell_chars"):
            desk.residents.import_file(source)
        assert not error_report_path(source).exists()
    assert desk.session.connection.execute("SELECT count(*) FROM residents").fetchone()[0] == 0
