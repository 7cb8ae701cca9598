"""Cells written from data into a spreadsheet stay data: a name, an address, a reason or a
key that begins like a formula is written as text, never as something Excel would run.

Every CSV and XLSX writer of the package (reports, the outreach list, import error reports)
passes its cells through `csv_cell` or `append_xlsx_row`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# What Excel and LibreOffice take as the start of a formula (or of a DDE call) in a cell
# typed or opened from CSV; OWASP's list for CSV injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold; openpyxl refuses them rather than write a broken file.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> object:
    """A CSV cell: text that a spreadsheet would read as a formula gets a leading
    apostrophe (shown as text by Excel); numbers and other text are written as they are."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


@dataclass(frozen=True, slots=True)
class CsvStyle:
    """How a CSV separates its cells and writes a fraction. Excel reads a CSV with the list
    separator and the decimal mark of Windows' regional settings: with Indonesian ones (`;`
    and a decimal comma) a standard CSV opens in one column."""

    delimiter: str
    decimal: str


CSV_STYLES = {
    "excel-id": CsvStyle(delimiter=";", decimal=","),  # "Excel (Indonesia)"
    "standard": CsvStyle(delimiter=",", decimal="."),
}


def csv_row(values: Iterable[object], style: CsvStyle = CSV_STYLES["standard"]) -> list[object]:
    out = [csv_cell(v) for v in values]
    if style.decimal != ".":
        out = [str(v).replace(".", style.decimal) if isinstance(v, float) else v for v in out]
    return out


def _xlsx_value(value: object) -> object:
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("\ufffd", value)
    return value


def append_xlsx_row(sheet: Worksheet, values: Iterable[object]) -> None:
    """Append a row whose text cells are string cells, never formulas: openpyxl takes any
    string that starts with '=' for a formula, so each text cell's type is set back to
    string, and one that looks like a formula also gets Excel's quote prefix, so that
    editing the cell in Excel keeps it text."""
    sheet.append([_xlsx_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        value = cell.value
        if isinstance(value, str):
            cell.data_type = "s"
            if looks_like_formula(value):
                cell.quotePrefix = True
