"""The desk's import format: reading a reference list of residents from a CSV or XLSX file,
row by row, with reasons. The desk imports its own lists with it, and the hub reads the
lists Disdukcapil publishes with it (and sends them down in the same format).

The file is read and checked completely before anything is written: the caller gets the
valid rows and, for every other row, each problem with its row number and column.

Both formats are read as streams with caps (`ImportLimits`: rows, characters in a cell,
bytes inflated from an XLSX), each a desk setting named in the error it raises, so that a
small crafted file cannot take the desk's memory or fill its disk with an error report.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ektp_desk.domain.biodata import BIODATA_FIELDS, DeskContext, normalize_biodata
from ektp_desk.domain.defaults import (
    DEFAULT_MAX_CELL_CHARS,
    DEFAULT_MAX_INFLATED_MB,
    DEFAULT_MAX_ROWS,
)
from ektp_desk.domain.problems import CodedError, Problem, Text
from ektp_desk.domain.regions import Level
from ektp_desk.protocol.residents_file_texts import IMPORT_FILE_TEXTS

REQUIRED_COLUMNS = ("nik", "nama")
MAX_FILE_BYTES = 200 * 1024 * 1024
# A CSV record (one row, which quoted cells may spread over several lines) may hold at most
# this many cells of the maximum length.
CSV_ROW_CELLS = 64
# Rows whose problems are kept for the error report; the rest are counted, not detailed.
MAX_REPORTED_ROWS = 10_000


class ImportFileError(CodedError):
    """The file as a whole cannot be used; nothing is imported."""

    code = "import_file"
    catalogue = IMPORT_FILE_TEXTS


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    field: str
    message_id: str
    message_en: str
    value: str = ""


@dataclass(frozen=True, slots=True)
class ImportLimits:
    max_rows: int = DEFAULT_MAX_ROWS
    max_cell_chars: int = DEFAULT_MAX_CELL_CHARS
    max_inflated_mb: int = DEFAULT_MAX_INFLATED_MB

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> ImportLimits:
        def number(key: str, default: int) -> int:
            text = settings.get(key, "")
            return int(text) if text.isdigit() else default

        return cls(
            max_rows=number("import_max_rows", DEFAULT_MAX_ROWS),
            max_cell_chars=number("import_max_cell_chars", DEFAULT_MAX_CELL_CHARS),
            max_inflated_mb=number("import_max_inflated_mb", DEFAULT_MAX_INFLATED_MB),
        )

    def too_many_rows(self, name: str) -> ImportFileError:
        return ImportFileError("too_many_rows", name=name, rows=self.max_rows)

    def cell_too_long(self, name: str, line: int, column: int) -> ImportFileError:
        return ImportFileError(
            "cell_too_long", name=name, line=line, column=column, chars=self.max_cell_chars
        )


@dataclass(slots=True)
class ImportPlan:
    rows: list[dict[str, str]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rejected_rows: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    unreported_rows: int = 0  # rejected rows past MAX_REPORTED_ROWS, counted only
    # What an imported row was warned of (as `record add` warns: a marriage below 19, a
    # kelurahan of another kecamatan...): the row is kept, the warning reported.
    warnings: list[RowProblem] = field(default_factory=list)
    warning_count: int = 0  # all of them, also past MAX_REPORTED_ROWS


def _header_key(text: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(text or "").strip().lower())


def _csv_encoding(path: Path) -> str:
    """UTF-8 when the whole file is UTF-8, else Windows-1252 (Excel's "CSV" on an Indonesian
    Windows is written in the ANSI code page); read in chunks, never whole."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return "cp1252"
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _csv_rows(path: Path, limits: ImportLimits) -> Iterator[list[object]]:
    encoding = _csv_encoding(path)
    record_cap = limits.max_cell_chars * CSV_ROW_CELLS
    line_number = 0
    pending = 0  # characters handed to the csv reader since it last gave a row

    try:
        with path.open(encoding=encoding, newline="") as f:
            first = f.readline(record_cap + 1)
            delimiter = max((";", ",", "\t"), key=first.count)
            f.seek(0)

            def lines() -> Iterator[str]:
                nonlocal line_number, pending
                while line := f.readline(record_cap + 1):
                    line_number += 1
                    pending += len(line)
                    if pending > record_cap:
                        raise ImportFileError(
                            "line_too_long", name=path.name, line=line_number, cap=record_cap,
                            cells=CSV_ROW_CELLS, chars=limits.max_cell_chars,
                        )  # fmt: skip
                    if "\x00" in line:
                        raise ImportFileError("not_text", name=path.name)
                    yield line

            reader = csv.reader(lines(), delimiter=delimiter, strict=True)
            for row in reader:
                pending = 0
                for column, cell in enumerate(row, start=1):
                    if len(cell) > limits.max_cell_chars:
                        raise limits.cell_too_long(path.name, reader.line_num, column)
                yield list(row)
    except csv.Error as exc:
        raise ImportFileError(
            "csv_malformed", name=path.name, line=line_number, detail=str(exc)
        ) from None
    except UnicodeDecodeError as exc:
        raise ImportFileError("encoding", name=path.name, byte=exc.start) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path, limits: ImportLimits) -> Iterator[list[object]]:
    from ektp_desk.xlsxstream import XlsxError, XlsxLimits, read_rows

    caps = XlsxLimits(
        max_inflated_bytes=limits.max_inflated_mb * 2**20,
        max_cell_chars=limits.max_cell_chars,
        max_rows=limits.max_rows,
    )
    try:
        yield from read_rows(path, caps)
    except XlsxError as exc:
        raise ImportFileError("workbook", name=path.name, error=exc) from None


_DMY_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def _normalize_date(text: str) -> str:
    """Accept DD-MM-YYYY and DD/MM/YYYY, as Indonesian spreadsheets write dates."""
    m = _DMY_RE.match(text.strip())
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return text


def read_residents(
    path: Path, *, context: DeskContext, today: date, limits: ImportLimits | None = None
) -> ImportPlan:
    """Read and check every row of a residents file; raises ImportFileError when unusable."""
    limits = limits or ImportLimits()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError("too_large", name=path.name, size=size)
        with path.open("rb") as f:
            magic = f.read(4)
    except OSError as exc:
        raise ImportFileError("unreadable", path=path, detail=exc.strerror or exc) from None
    if not magic:
        raise ImportFileError("empty", name=path.name)
    raw_rows: Iterator[list[object]]
    if magic == b"PK\x03\x04" or path.suffix.lower() in (".xlsx", ".xlsm"):
        raw_rows = _xlsx_rows(path, limits)
    else:
        raw_rows = _csv_rows(path, limits)

    rows = iter(raw_rows)
    header: list[str] = []
    for candidate in rows:
        header = [_header_key(c) for c in candidate]
        if any(header):
            break
    else:
        raise ImportFileError("no_header", name=path.name)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        found = ", ".join(h for h in header if h) or Text("tidak ada", "nothing")
        raise ImportFileError(
            "missing_columns", name=path.name, missing=", ".join(missing), found=found
        )
    seen_headers: set[str] = set()
    for h in header:
        if h and h in seen_headers:
            raise ImportFileError("column_twice", name=path.name, column=h)
        seen_headers.add(h)
    plan = ImportPlan(ignored_columns=[h for h in header if h and h not in BIODATA_FIELDS])
    first_row_of_nik: dict[str, int] = {}
    header_row = 1
    for offset, cells in enumerate(rows, start=header_row + 1):
        if offset > limits.max_rows + header_row:
            raise limits.too_many_rows(path.name)
        _check_row(
            offset, header, list(cells), plan, first_row_of_nik, context=context, today=today
        )
    return plan


def _check_row(
    row_number: int,
    header: list[str],
    cells: list[object],
    plan: ImportPlan,
    first_row_of_nik: dict[str, int],
    *,
    context: DeskContext,
    today: date,
) -> None:
    if all(_cell_text(c).strip() == "" for c in cells):
        return
    values, problems = _row_values(row_number, header, cells, context)
    if len(cells) > len(header) and any(_cell_text(c).strip() for c in cells[len(header) :]):
        problems.append(
            RowProblem(
                row_number,
                "baris",
                "Baris ini memiliki lebih banyak kolom daripada judul kolom.",
                "This row has more cells than the header row.",
            )
        )
    biodata, _, found = normalize_biodata(
        values, context=context, reference=today, required=REQUIRED_COLUMNS
    )
    problems.extend(_row_problem(row_number, p, values) for p in found if p.is_error)
    nik = biodata.get("nik")
    if nik is not None and not problems:
        if nik in first_row_of_nik:
            problems.append(
                RowProblem(
                    row_number,
                    "nik",
                    f"NIK sudah ada di baris {first_row_of_nik[nik]} berkas ini.",
                    f"The NIK already appears in row {first_row_of_nik[nik]} of this file.",
                    nik,
                )
            )
        else:
            first_row_of_nik[nik] = row_number
    if problems:
        if plan.rejected_rows < MAX_REPORTED_ROWS:
            plan.problems.extend(problems)
        else:
            plan.unreported_rows += 1
        plan.rejected_rows += 1
    else:
        plan.rows.append(biodata)
        warned = [_row_problem(row_number, p, values) for p in found if not p.is_error]
        if len(plan.warnings) < MAX_REPORTED_ROWS:
            plan.warnings.extend(warned)
        plan.warning_count += len(warned)


def _row_values(
    row_number: int, header: list[str], cells: list[object], context: DeskContext
) -> tuple[dict[str, object], list[RowProblem]]:
    """The row's biodata cells as text (dates and kelurahan names made canonical), and a
    problem for each NIK or KK number Excel holds as a number."""
    problems: list[RowProblem] = []
    values: dict[str, object] = {}
    for key, cell in zip(header, cells, strict=False):
        if key not in BIODATA_FIELDS:
            continue
        if key in ("nik", "no_kk") and isinstance(cell, float | int) and not isinstance(cell, bool):
            problems.append(
                RowProblem(
                    row_number,
                    key,
                    "Kolom ini tersimpan sebagai angka di Excel, sehingga digit terakhir bisa "
                    "hilang; format kolom sebagai Teks lalu isi ulang.",
                    "This column is stored as a number in Excel, which can lose the last "
                    "digits; format the column as Text and enter it again.",
                    _cell_text(cell),
                )
            )
            continue
        text = _cell_text(cell).strip()
        if not text:
            continue
        if key in ("tanggal_lahir", "kitap_berlaku"):
            text = _normalize_date(text)
        if key == "kelurahan":
            text = _kelurahan_code(text, context)
        values[key] = text
    return values, problems


def _kelurahan_code(text: str, context: DeskContext) -> str:
    """A kelurahan given by name is looked up within the desk's kecamatan."""
    if re.fullmatch(r"[\d.]+", text):
        return text
    folded = " ".join(text.casefold().split())
    for region in context.region_list.search(
        text, level=Level.KELURAHAN, within=context.kecamatan, limit=20
    ):
        if region.name.casefold() == folded:
            return region.code
    return text


def _row_problem(row_number: int, problem: Problem, values: dict[str, object]) -> RowProblem:
    return RowProblem(
        row_number,
        problem.field,
        problem.message_id,
        problem.message_en,
        str(values.get(problem.field, "")),
    )


def residents_csv(rows: Iterable[Mapping[str, str]]) -> str:
    """Residents as a CSV file in this format (every biodata column, comma-separated, one
    row per resident), as the hub sends a published list down; `read_residents` reads it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BIODATA_FIELDS)
    for row in rows:
        writer.writerow([row.get(name, "") for name in BIODATA_FIELDS])
    return out.getvalue()
