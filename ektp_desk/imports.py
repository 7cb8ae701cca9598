"""The desk's resident-list import: the format itself is read by `protocol.residents_file`
(shared with the hub, which publishes lists in it); here, what only the desk writes, the
error report of the rows it refused."""

from __future__ import annotations

import csv
from pathlib import Path

from ektp_desk.fsutil import atomic_private_path
from ektp_desk.protocol.residents_file import (
    CSV_ROW_CELLS,
    DEFAULT_MAX_CELL_CHARS,
    DEFAULT_MAX_INFLATED_MB,
    DEFAULT_MAX_ROWS,
    MAX_FILE_BYTES,
    MAX_REPORTED_ROWS,
    REQUIRED_COLUMNS,
    ImportFileError,
    ImportLimits,
    ImportPlan,
    RowProblem,
    read_residents,
)
from ektp_desk.reports.cells import csv_row

__all__ = [
    "CSV_ROW_CELLS",
    "DEFAULT_MAX_CELL_CHARS",
    "DEFAULT_MAX_INFLATED_MB",
    "DEFAULT_MAX_ROWS",
    "MAX_FILE_BYTES",
    "MAX_REPORTED_ROWS",
    "REQUIRED_COLUMNS",
    "ImportFileError",
    "ImportLimits",
    "ImportPlan",
    "RowProblem",
    "error_report_path",
    "read_residents",
    "write_error_report",
]


def write_error_report(path: Path, problems: list[RowProblem], *, unreported: int = 0) -> None:
    """A CSV (UTF-8 with BOM, for Excel) with one line per problem, written atomically and
    readable by its owner only (it holds names and NIKs); values that would start a
    formula are written as text."""
    with atomic_private_path(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["baris", "kolom", "nilai", "pesan", "message"])
        for p in problems:
            writer.writerow(csv_row([p.row, p.field, p.value, p.message_id, p.message_en]))
        if unreported:
            writer.writerow(
                ["", "", "", f"... dan {unreported:,} baris lain yang ditolak tidak dirinci.",
                 f"... and {unreported:,} more rejected rows, not detailed."]
            )  # fmt: skip


def error_report_path(source: Path) -> Path:
    return source.with_name(source.stem + ".errors.csv")
