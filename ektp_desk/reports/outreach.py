"""The outreach list (daftar belum rekam): per kelurahan, the residents on the reference list
who have not recorded yet, in door-to-door order (RW, RT, address, name)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from ektp_desk.domain.nik import age_on
from ektp_desk.domain.regions import RegionList, regions
from ektp_desk.reports.cells import append_xlsx_row
from ektp_desk.reports.writers import atomic_path, sheet_title
from ektp_desk.store import tallies

NO_KELURAHAN = "-"
COLUMNS = ("No", "Nama", "NIK", "Alamat", "RT", "RW", "Umur", "17 tahun sebelum batas")


def outreach_list(
    conn: sqlite3.Connection,
    *,
    kecamatan: str,
    as_of: date,
    deadline: date,
    kelurahan: str | None = None,
) -> dict[str, list[dict[str, Any]]]:
    rows = tallies.not_recorded(conn, kecamatan=kecamatan, kelurahan=kelurahan)
    out: dict[str, list[dict[str, Any]]] = {}
    for nik, nama, born, alamat, rt, rw, kel in rows:
        birth = date.fromisoformat(born)
        age = age_on(birth, as_of)
        out.setdefault(kel or NO_KELURAHAN, []).append(
            {
                "nik": nik,
                "nama": nama,
                "alamat": alamat or "",
                "rt": rt or "",
                "rw": rw or "",
                "age": age,
                "turns_17_before_deadline": age < 17 and age_on(birth, deadline) >= 17,
            }
        )
    return out


def kelurahan_title(code: str, rl: RegionList | None = None) -> str:
    if code == NO_KELURAHAN:
        return "Tanpa kelurahan"
    return f"{(rl or regions()).name(code) or ''} ({code})".strip()


def write_outreach_xlsx(lists: dict[str, list[dict[str, Any]]], target: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rl = regions()
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for code, people in lists.items():
        title = (
            sheet_title(rl.name(code) or code)[:28] if code != NO_KELURAHAN else "Tanpa kelurahan"
        )
        while title in used:
            title = title[:26] + "_" + str(len(used))
        used.add(title)
        ws = wb.create_sheet(title)
        append_xlsx_row(ws, [f"Daftar belum rekam KTP-el: {kelurahan_title(code, rl)}"])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append(list(COLUMNS))
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for n, p in enumerate(people, start=1):
            append_xlsx_row(
                ws,
                [n, p["nama"], p["nik"], p["alamat"], p["rt"], p["rw"], p["age"],
                 "ya" if p["turns_17_before_deadline"] else ""],
            )  # fmt: skip
        for column, width in zip("ABCDEFGH", (5, 30, 19, 34, 6, 6, 6, 12), strict=True):
            ws.column_dimensions[column].width = width
    if not lists:
        wb.create_sheet("Kosong").append(["Semua penduduk dalam daftar sudah direkam."])
    with atomic_path(target) as tmp:
        wb.save(tmp)
