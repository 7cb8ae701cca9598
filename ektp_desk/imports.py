"""The desk's resident-list import: the format itself is read by `protocol.residents_file`
(shared with the hub, which publishes lists in it); here, what only the desk writes, the
error report of the rows it refused."""

from __future__ import annotations

import csv
from pathlib import Path

from ektp_desk.fsutil import atomic_private_path
from ektp_desk.protocol.residents_file import (
    CSV_ROW_CELLS,
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


def write_error_report(
    path: Path,
    problems: list[RowProblem],
    *,
    unreported: int = 0,
    warnings: list[RowProblem] | None = None,
) -> None:
    """A CSV (UTF-8 with BOM, for Excel) with one line per problem, the rows refused first
    and then the warnings of rows imported (told apart by `tingkat` / `severity`), written
    atomically and readable by its owner only (it holds names and NIKs); values that would
    start a formula are written as text."""
    with atomic_private_path(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["baris", "kolom", "nilai", "pesan", "message", "tingkat", "severity"])
        for p in problems:
            writer.writerow(
                csv_row([p.row, p.field, p.value, p.message_id, p.message_en, *REFUSED])
            )
        if unreported:
            writer.writerow(
                ["", "", "", f"... dan {unreported:,} baris lain yang ditolak tidak dirinci.",
                 f"... and {unreported:,} more rejected rows, not detailed.", *REFUSED]
            )  # fmt: skip
        for p in warnings or []:
            writer.writerow(csv_row([p.row, p.field, p.value, p.message_id, p.message_en, *WARNED]))


# The severity column: the row refused, or imported with a warning.
REFUSED = ("ditolak", "rejected")
WARNED = ("peringatan", "warning")


def error_report_path(source: Path) -> Path:
    return source.with_name(source.stem + ".errors.csv")
