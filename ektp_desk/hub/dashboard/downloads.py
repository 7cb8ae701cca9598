"""The city tally as a file: XLSX (openpyxl, already the desk's) and PDF (`pdf`), both from
the same rows the city page shows."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from ektp_desk.hub.dashboard.figures import AreaRow, CityView, indonesian_date
from ektp_desk.hub.dashboard.pdf import Table, table_pdf

HEADER = (
    "Kode", "Kecamatan", "Terekam", "Target", "Persen", "Sisa", "Perlu per hari kerja",
    "Rata-rata 7 hari", "NIK ganda", "Di luar daftar",
)  # fmt: skip
WIDTHS = (70.0, 150.0, 60.0, 60.0, 55.0, 55.0, 100.0, 90.0, 60.0, 70.0)


def _values(area: AreaRow) -> list[object]:
    percent, needed = area.percent, area.needed_per_day
    return [
        area.code, area.name, area.recorded, area.target,
        None if percent is None else round(percent, 1), area.remaining,
        None if needed is None else round(needed, 1), round(area.average, 1),
        area.duplicates, area.outside,
    ]  # fmt: skip


def _texts(area: AreaRow) -> list[str]:
    return [
        area.code, area.name, str(area.recorded),
        "–" if area.target is None else str(area.target), area.percent_text,
        "–" if area.remaining is None else str(area.remaining), area.needed_text,
        area.average_text, str(area.duplicates), str(area.outside),
    ]  # fmt: skip


def subtitle(city: CityView) -> str:
    return (
        f"Per {indonesian_date(city.today)}; batas waktu {city.deadline_text},"
        f" {city.days_left} hari kerja lagi"
    )


def tally_xlsx(city: CityView) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Rekap kota"
    sheet.append([f"Rekap perekaman KTP-el {city.name}"])
    sheet.append([subtitle(city)])
    sheet.append(list(HEADER))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for area in city.areas:
        sheet.append(_values(area))
    sheet.append(_values(city.total))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJ", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width / 5
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tally_pdf(city: CityView) -> bytes:
    return table_pdf(
        Table(
            title=f"Rekap perekaman KTP-el {city.name}",
            subtitle=subtitle(city),
            header=HEADER,
            rows=[_texts(a) for a in city.areas],
            widths=WIDTHS,
            footer=_texts(city.total),
            text_columns=2,
        )
    )
