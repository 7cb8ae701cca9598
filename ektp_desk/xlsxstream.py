"""The first worksheet of an XLSX workbook, read as a stream of rows with bounded memory.

A workbook is a ZIP of XML files, and both can be bombs: a 1 MB file can inflate to
gigabytes, and one shared string can be a gigabyte long. openpyxl's loader cannot be
bounded (it holds each text node whole before looking at it), so the parts are inflated
here chunk by chunk from the ZIP, counting the bytes, and parsed with expat's push parser,
counting the characters of each cell as they arrive: a cap trips as soon as it is passed,
whatever the file claims. The sheet's declared `dimension` is never read; every row is.

Values come out as openpyxl's would: text, int or float, bool, datetime for a number in a
date format, None for an empty cell.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO
from xml.parsers import expat

from ektp_desk.domain.problems import CodedError
from ektp_desk.xlsx_texts import XLSX_TEXTS

# The shared-string table is the one part held in memory (cells refer to it by number):
# its text plus a per-string overhead may take at most this many bytes.
SHARED_STRINGS_MAX_BYTES = 128 * 2**20
_PER_STRING = 64  # what a Python string and its list slot cost beyond the text
_CHUNK = 64 * 1024
_MAX_COLUMNS = 16_384  # Excel's own limit (column XFD)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


class XlsxError(CodedError):
    """The workbook cannot be read, or passes a cap; the message says which."""

    code = "xlsx"
    catalogue = XLSX_TEXTS


@dataclass(frozen=True, slots=True)
class XlsxLimits:
    max_inflated_bytes: int
    max_cell_chars: int
    max_rows: int
    # How each cap is named to the person who hits it (a setting they can change).
    inflated_setting: str = "import_max_inflated_mb"
    cell_setting: str = "import_max_cell_chars"
    rows_setting: str = "import_max_rows"


class _Inflated:
    """Counts every byte inflated from the workbook, across all its parts."""

    def __init__(self, limits: XlsxLimits) -> None:
        self.limits = limits
        self.total = 0

    def chunks(self, stream: IO[bytes]) -> Iterator[bytes]:
        while chunk := stream.read(_CHUNK):
            self.total += len(chunk)
            if self.total > self.limits.max_inflated_bytes:
                raise XlsxError(
                    "inflated",
                    mb=self.limits.max_inflated_bytes // 2**20,
                    setting=self.limits.inflated_setting,
                )
            yield chunk


def _parser(
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None] | None = None,
) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")

    def no_dtd(*_: object) -> None:
        # A workbook has no DTD; entity declarations are how XML bombs are built.
        raise XlsxError("dtd")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    return parser


def _feed(parser: expat.XMLParserType, chunk: bytes, *, final: bool = False) -> None:
    try:
        parser.Parse(chunk, final)
    except expat.ExpatError as exc:
        raise XlsxError("xml_damaged", detail=exc) from None


def _local(name: str) -> tuple[str, str]:
    ns, _, local = name.rpartition(" ")
    return ns, local


class _Text:
    """The characters of one cell or shared string, refused past the cap as they arrive."""

    def __init__(self, limits: XlsxLimits, where: Callable[[], str]) -> None:
        self.limits = limits
        self.where = where
        self.parts: list[str] = []
        self.length = 0

    def add(self, data: str) -> None:
        self.length += len(data)
        if self.length > self.limits.max_cell_chars:
            raise XlsxError(
                "cell_too_long",
                where=self.where(),
                limit=self.limits.max_cell_chars,
                setting=self.limits.cell_setting,
            )
        self.parts.append(data)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts = []
        self.length = 0
        return text


def _parse_part(
    zf: zipfile.ZipFile, name: str, inflated: _Inflated, parser: expat.XMLParserType
) -> None:
    with zf.open(name) as stream:
        for chunk in inflated.chunks(stream):
            _feed(parser, chunk)
    _feed(parser, b"", final=True)


def _first_sheet(zf: zipfile.ZipFile, inflated: _Inflated) -> tuple[str, bool]:
    """The path of the workbook's first sheet, and whether it counts dates from 1904."""
    sheet_rid: list[str] = []
    date1904 = [False]

    def wb_start(name: str, attrs: dict[str, str]) -> None:
        ns, local = _local(name)
        if ns == _MAIN and local == "sheet" and not sheet_rid:
            sheet_rid.append(attrs.get(f"{_REL} id", ""))
        elif ns == _MAIN and local == "workbookPr":
            date1904[0] = attrs.get("date1904", "0") in ("1", "true")

    _parse_part(zf, "xl/workbook.xml", inflated, _parser(wb_start, lambda _: None))
    if not sheet_rid:
        raise XlsxError("no_sheet")
    target: list[str] = []

    def rel_start(name: str, attrs: dict[str, str]) -> None:
        ns, local = _local(name)
        if ns == _PKG_REL and local == "Relationship" and attrs.get("Id") == sheet_rid[0]:
            target.append(attrs.get("Target", ""))

    _parse_part(zf, "xl/_rels/workbook.xml.rels", inflated, _parser(rel_start, lambda _: None))
    if not target:
        raise XlsxError("no_first_sheet")
    path = target[0].lstrip("/")
    if not path.startswith("xl/"):
        path = "xl/" + path
    return path, date1904[0]


def _shared_strings(zf: zipfile.ZipFile, inflated: _Inflated, limits: XlsxLimits) -> list[str]:
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    strings: list[str] = []
    text = _Text(limits, lambda: f"shared string {len(strings) + 1}")
    state = {"t": False, "phonetic": 0}
    held = [0]

    def start(name: str, attrs: dict[str, str]) -> None:
        _, local = _local(name)
        if local == "rPh":
            state["phonetic"] += 1
        elif local == "t" and not state["phonetic"]:
            state["t"] = True

    def end(name: str) -> None:
        _, local = _local(name)
        if local == "rPh":
            state["phonetic"] -= 1
        elif local == "t":
            state["t"] = False
        elif local == "si":
            strings.append(text.take())
            held[0] += len(strings[-1]) + _PER_STRING
            if held[0] > SHARED_STRINGS_MAX_BYTES:
                raise XlsxError("shared_strings", mb=SHARED_STRINGS_MAX_BYTES // 2**20)

    def chars(data: str) -> None:
        if state["t"]:
            text.add(data)

    _parse_part(zf, "xl/sharedStrings.xml", inflated, _parser(start, end, chars))
    return strings


def _date_styles(zf: zipfile.ZipFile, inflated: _Inflated) -> set[int]:
    """The indexes of the cell formats (the `s` of a cell) that show a date."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if "xl/styles.xml" not in zf.namelist():
        return set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    depth = {"cellXfs": False}

    def start(name: str, attrs: dict[str, str]) -> None:
        _, local = _local(name)
        if local == "numFmt" and attrs.get("numFmtId", "").isdigit():
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            depth["cellXfs"] = True
        elif local == "xf" and depth["cellXfs"]:
            fmt = attrs.get("numFmtId", "0")
            formats.append(int(fmt) if fmt.isdigit() else 0)

    def end(name: str) -> None:
        if _local(name)[1] == "cellXfs":
            depth["cellXfs"] = False

    _parse_part(zf, "xl/styles.xml", inflated, _parser(start, end))
    return {
        index
        for index, fmt in enumerate(formats)
        if is_date_format(custom.get(fmt) or BUILTIN_FORMATS.get(fmt) or "General")
    }


def _column(ref: str, where: str) -> int:
    letters = 0
    for c in ref:
        letters = letters * 26 + ord(c) - 64
    if letters > _MAX_COLUMNS:
        raise XlsxError("beyond_last_column", where=where)
    return letters - 1


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def read_rows(path: Path, limits: XlsxLimits) -> Iterator[list[object]]:
    """Every row of the first sheet, in order, with empty rows where the sheet skips row
    numbers (so row numbers match the sheet's). Raises XlsxError."""
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise XlsxError("not_xlsx", detail=exc) from None
    with zf:
        try:
            yield from _read_rows(zf, limits)
        except (KeyError, zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            # A missing part, a bad CRC, a cut-short entry, a number that is not one.
            raise XlsxError("damaged", detail=exc) from None


class _Sheet:
    """expat handlers for a worksheet: finished rows pile up in `done` between chunks (an
    int there stands for that many empty rows, where the sheet skips row numbers)."""

    def __init__(
        self, limits: XlsxLimits, shared: list[str], date_styles: set[int], date1904: bool
    ) -> None:
        self.limits = limits
        self.shared = shared
        self.date_styles = date_styles
        self.date1904 = date1904
        self.done: list[list[object] | int] = []
        self.row: list[object] = []
        self.row_number = 0
        self.col = -1
        self.kind = "n"
        self.style = 0
        self.ref = ""
        self.inside = ""
        self.text = _Text(limits, self.here)

    def here(self) -> str:
        return f"row {self.row_number}" + (f", cell {self.ref}" if self.ref else "")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        ns, local = _local(name)
        if ns != _MAIN:
            return
        if local == "row":
            number = attrs.get("r", "")
            current = int(number) if number.isdigit() else self.row_number + 1
            if current <= self.row_number:
                raise XlsxError("row_order", current=current, previous=self.row_number)
            if current > self.limits.max_rows + 1:  # + 1: the header row
                raise XlsxError(
                    "too_many_rows", limit=self.limits.max_rows, setting=self.limits.rows_setting
                )
            if current - self.row_number > 1:
                self.done.append(current - self.row_number - 1)
            self.row_number = current
            self.col = -1
            self.row = []
        elif local == "c":
            ref = attrs.get("r", "")
            m = _CELL_REF.match(ref)
            col = _column(m.group(1), ref) if m else self.col + 1
            if col <= self.col:
                raise XlsxError("cell_order", where=self.here(), ref=ref)
            self.col = col
            self.kind = attrs.get("t", "n")
            style = attrs.get("s", "0")
            self.style = int(style) if style.isdigit() else 0
            self.ref = ref
        elif local in ("v", "t"):
            self.inside = local

    def end(self, name: str) -> None:
        ns, local = _local(name)
        if ns != _MAIN:
            return
        if local in ("v", "t"):
            self.inside = ""
        elif local == "c":
            self.row.extend([None] * (self.col - len(self.row)))
            self.row.append(self.value(self.text.take()))
            self.ref = ""
        elif local == "row":
            self.done.append(self.row)
            self.row = []

    def chars(self, data: str) -> None:
        if self.inside == "v" or (self.inside == "t" and self.kind == "inlineStr"):
            self.text.add(data)

    def value(self, raw: str) -> object:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

        if self.kind == "s":
            index = raw.strip()
            if not index.isdigit() or int(index) >= len(self.shared):
                raise XlsxError("no_shared_string", where=self.here())
            return self.shared[int(index)]
        if self.kind in ("inlineStr", "str", "e"):
            return raw
        if raw.strip() == "":
            return None
        if self.kind == "b":
            return raw.strip() in ("1", "true")
        if self.kind == "d":
            return datetime.fromisoformat(raw.strip())
        value = _number(raw.strip())
        if self.style in self.date_styles:
            return from_excel(value, CALENDAR_MAC_1904 if self.date1904 else CALENDAR_WINDOWS_1900)
        return value

    def take(self) -> Iterator[list[object]]:
        for item in self.done:
            if isinstance(item, int):
                for _ in range(item):
                    yield []
            else:
                yield item
        self.done = []


def _read_rows(zf: zipfile.ZipFile, limits: XlsxLimits) -> Iterator[list[object]]:
    inflated = _Inflated(limits)
    sheet_path, date1904 = _first_sheet(zf, inflated)
    sheet = _Sheet(
        limits, _shared_strings(zf, inflated, limits), _date_styles(zf, inflated), date1904
    )
    parser = _parser(sheet.start, sheet.end, sheet.chars)
    with zf.open(sheet_path) as stream:
        for chunk in inflated.chunks(stream):
            _feed(parser, chunk)
            yield from sheet.take()
    _feed(parser, b"", final=True)
    yield from sheet.take()
