"""The tally, the progress and the outreach list as CSV, XLSX and JSON (PDF: ektp_desk.ui).

Each writer writes to a temporary file beside the target that only its owner can read,
fsyncs it and renames it into place, so a failed export leaves no half-written file and no
export is readable by other accounts. Every cell goes through ektp_desk.reports.cells.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from ektp_desk.domain.formats import long_date
from ektp_desk.domain.problems import Text
from ektp_desk.domain.regions import RegionList, regions
from ektp_desk.domain.words import sync_state_word
from ektp_desk.fsutil import atomic_private_path
from ektp_desk.reports import ReportError
from ektp_desk.reports.cells import CSV_STYLES, append_xlsx_row, csv_row
from ektp_desk.reports.tally import QueueFigures, Tally

# The CSV styles a tally is written in ("excel-id": `;` and decimal comma; "standard": `,`);
# the window picks "excel-id" when it speaks Indonesian.
DEFAULT_CSV_STYLE = "standard"

BREAKDOWNS = (
    ("by_kelurahan", "Kelurahan/desa"),
    ("by_sex", "Jenis kelamin"),
    ("by_age_band", "Kelompok umur"),
    ("by_operator", "Operator"),
    ("by_hour", "Jam"),
    ("by_sync_state", "Status sinkron"),
)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path to write the export into (owner-only, 0600 on POSIX), renamed to
    `target` when done; see ektp_desk.fsutil.atomic_private_path."""
    with atomic_private_path(target) as tmp:
        yield tmp


def label_key(breakdown: str, key: str, rl: RegionList, language: str = "id") -> str:
    """A breakdown's key as a person reads it: a kelurahan with its name, a state as a word
    (on paper in Indonesian; in the window in its language)."""
    if breakdown == "by_kelurahan":
        return f"{key} {rl.name(key) or ''}".strip()
    if breakdown == "by_sync_state":
        return sync_state_word(key).get(language)
    return key


def period(date_from: str, date_to: str) -> str:
    """30 November 2026, or 1 November 2026 s.d. 30 November 2026."""
    first, last = long_date(date.fromisoformat(date_from)), long_date(date.fromisoformat(date_to))
    return first if first == last else f"{first} s.d. {last}"


def summary_rows(tally: Tally) -> list[tuple[str, object]]:
    queue = tally.queue
    rows: list[tuple[str, object]] = [
        ("Kecamatan", f"{tally.kecamatan} {tally.kecamatan_name or ''}".strip()),
        ("Desk", ", ".join(tally.desk_list)),
        ("Periode", period(tally.date_from, tally.date_to)),
        ("Jumlah perekaman", tally.total),
        ("Perekaman awal (umur 16)", tally.early),
        ("Datang langsung (tidak di daftar)", tally.walk_ins),
        ("Nomor antrian", queue.tickets),
        ("Dilayani", queue.served),
        ("Rata-rata menunggu (menit)", queue.average_wait_minutes),
        ("Rata-rata pelayanan (menit)", queue.average_service_minutes),
    ]
    progress = tally.progress
    if progress:
        rows += [
            ("Target", progress.target),
            ("Sudah direkam", progress.recorded),
            ("Persen", progress.percent),
            ("Batas waktu", long_date(date.fromisoformat(progress.deadline))),
            ("Sisa hari", progress.days_left),
            ("Sisa hari kerja", progress.working_days_left),
            ("Perlu per hari kerja", progress.needed_per_day),
            ("Di luar target: datang langsung", progress.walk_ins),
            ("Di luar target: perekaman awal", progress.early),
            ("Rata-rata 7 hari terakhir", progress.average_last_7_days),
        ]
    return rows


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "-", text)[:31]


def write_json(tally: Tally, target: Path) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(
            json.dumps(tally.to_json(), indent=2, ensure_ascii=False, sort_keys=True), "utf-8"
        )


def _write_csv_rows(f: TextIO, tally: Tally, rl: RegionList, style: str) -> None:
    cells = CSV_STYLES[style]
    writer = csv.writer(f, delimiter=cells.delimiter)
    writer.writerow(["bagian", "kunci", "jumlah"])
    for name, value in summary_rows(tally):
        writer.writerow(csv_row(["ringkasan", name, "" if value is None else value], cells))
    for key, _title in BREAKDOWNS:
        for item, count in tally.breakdown(key).items():
            writer.writerow(csv_row([key, label_key(key, item, rl), count], cells))


def write_csv(tally: Tally, target: Path, *, style: str = DEFAULT_CSV_STYLE) -> None:
    """UTF-8 with BOM, so Excel opens it right; one row per figure: section, key, count;
    cells separated and fractions written as `style` says (see CSV_STYLES)."""
    if style not in CSV_STYLES:
        raise ReportError(
            "csv_style",
            style=style,
            styles=Text(" atau ".join(CSV_STYLES), " or ".join(CSV_STYLES)),
        )
    rl = regions()
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as f:
        _write_csv_rows(f, tally, rl, style)


def write_xlsx(tally: Tally, target: Path) -> None:
    """A summary sheet and one sheet per breakdown; numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rl = regions()
    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    ws.append(["Laporan Harian Perekaman KTP-el"])
    ws["A1"].font = Font(bold=True, size=13)
    for name, value in summary_rows(tally):
        append_xlsx_row(ws, [name, value])
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 28
    for key, title in BREAKDOWNS:
        sheet = wb.create_sheet(sheet_title(title))
        sheet.append([title, "Jumlah"])
        sheet["A1"].font = sheet["B1"].font = Font(bold=True)
        for item, count in tally.breakdown(key).items():
            append_xlsx_row(sheet, [label_key(key, item, rl), count])
        append_xlsx_row(sheet, ["Jumlah", sum(tally.breakdown(key).values())])
        sheet.column_dimensions["A"].width = 34
    with atomic_path(target) as tmp:
        wb.save(tmp)


WRITERS: dict[str, Callable[[Tally, Path], None]] = {
    "csv": write_csv,
    "xlsx": write_xlsx,
    "json": write_json,
}


def _count(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ReportError("not_a_count", where=where, value=f"{value!r:.40}")
    return value


def _text_field(tally: dict[str, Any], key: str, name: str) -> str:
    value = tally.get(key)
    if not isinstance(value, str):
        raise ReportError("not_text", name=name, key=key)
    return value


def _minutes(queue: dict[str, Any], key: str, name: str) -> float | None:
    value = queue.get(key)
    if value is not None and (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not (math.isfinite(value) and value >= 0)
    ):
        raise ReportError("not_minutes", name=name, key=key)
    return value


def _breakdowns(parts: dict[str, dict[str, int]]) -> dict[str, Any]:
    """The breakdowns as Tally's keyword arguments, every one of them there."""
    return {key: parts[key] for key, _title in BREAKDOWNS}


def check_tally(tally: object, name: str) -> Tally:
    """A tally read from a JSON file (which anyone can edit) as `merge_tallies` needs it:
    every count a whole number of 0 or more, every key text; raises ReportError naming the
    file `name` and the key. What a merge does not read (the progress) is left out."""
    if not isinstance(tally, dict):
        raise ReportError("not_a_tally", name=name)
    text = {
        key: _text_field(tally, key, name)
        for key in ("desk_id", "kecamatan", "date_from", "date_to")
    }
    version = tally.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ReportError("tally_version", name=name)
    if tally.get("kecamatan_name") is not None:
        _text_field(tally, "kecamatan_name", name)
    desks = tally.get("desks")
    if desks is not None and (
        not isinstance(desks, list) or not desks or not all(isinstance(d, str) for d in desks)
    ):
        raise ReportError("tally_desks", name=name)
    counts = {
        key: _count(tally.get(key), f"{name}: '{key}'") for key in ("total", "early", "walk_ins")
    }
    breakdowns: dict[str, dict[str, int]] = {}
    for key, _title in BREAKDOWNS:
        part = tally.get(key)
        if not isinstance(part, dict):
            raise ReportError("not_counts", name=name, key=key)
        breakdowns[key] = {
            str(item): _count(count, f"{name}: '{key}' -> {item!r:.40}")
            for item, count in part.items()
        }
    queue = tally.get("queue")
    if not isinstance(queue, dict):
        raise ReportError("tally_queue", name=name)
    figures = QueueFigures(
        tickets=_count(queue.get("tickets"), f"{name}: 'queue' -> 'tickets'"),
        served=_count(queue.get("served"), f"{name}: 'queue' -> 'served'"),
        average_wait_minutes=_minutes(queue, "average_wait_minutes", name),
        average_service_minutes=_minutes(queue, "average_service_minutes", name),
    )
    return Tally(
        version=version,
        desk_id=text["desk_id"],
        kecamatan=text["kecamatan"],
        date_from=text["date_from"],
        date_to=text["date_to"],
        total=counts["total"],
        early=counts["early"],
        walk_ins=counts["walk_ins"],
        queue=figures,
        kecamatan_name=tally.get("kecamatan_name"),
        desks=desks,
        **_breakdowns(breakdowns),
    )


def merge_tallies(tallies: list[Tally]) -> Tally:
    """One report from the tallies of several desks of one kecamatan and period."""
    if len(tallies) < 2:
        raise ReportError("merge_one")
    first = tallies[0]
    seen: set[str] = set()
    for t in tallies:
        for key in ("kecamatan", "date_from", "date_to"):
            if getattr(t, key) != getattr(first, key):
                raise ReportError(
                    "merge_differs",
                    key=key,
                    theirs=getattr(t, key),
                    their_desk=t.desk_id,
                    ours=getattr(first, key),
                    our_desk=first.desk_id,
                )
        for desk in t.desk_list:
            if desk in seen:
                raise ReportError("merge_desk_twice", desk=desk)
            seen.add(desk)
    breakdowns: dict[str, dict[str, int]] = {}
    for key, _ in BREAKDOWNS:
        counts: dict[str, int] = {}
        for t in tallies:
            for item, count in t.breakdown(key).items():
                counts[item] = counts.get(item, 0) + count
        breakdowns[key] = (
            dict(sorted(counts.items())) if key in ("by_kelurahan", "by_operator") else counts
        )

    def weighted(field: str, weight: str) -> float | None:
        parts = [
            (value, getattr(t.queue, weight))
            for t in tallies
            if (value := getattr(t.queue, field)) is not None
        ]
        total_weight = sum(w for _, w in parts)
        return round(sum(v * w for v, w in parts) / total_weight, 1) if total_weight else None

    return Tally(
        version=first.version,
        desk_id="+".join(sorted(seen)),
        desks=sorted(seen),
        kecamatan=first.kecamatan,
        kecamatan_name=first.kecamatan_name,
        date_from=first.date_from,
        date_to=first.date_to,
        total=sum(t.total for t in tallies),
        early=sum(t.early for t in tallies),
        walk_ins=sum(t.walk_ins for t in tallies),
        **_breakdowns(breakdowns),
        queue=QueueFigures(
            tickets=sum(t.queue.tickets for t in tallies),
            served=sum(t.queue.served for t in tallies),
            average_wait_minutes=weighted("average_wait_minutes", "tickets"),
            average_service_minutes=weighted("average_service_minutes", "served"),
        ),
    )
