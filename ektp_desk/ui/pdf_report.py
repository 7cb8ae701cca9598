"""PDF and print output of the reports, through Qt's PDF writer and printer.

The HTML built here is the one document behind both the PDF and the printed page.
"""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path, PureWindowsPath
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import (
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
)
from PySide6.QtWidgets import QApplication

from ektp_desk.desk import (
    BREAKDOWNS,
    OUTREACH_COLUMNS,
    Tally,
    atomic_path,
    kelurahan_title,
    label_key,
    period,
    summary_rows,
)
from ektp_desk.domain.regions import regions, timezone_for
from ektp_desk.reports.documents import (
    ReportFrame,
    dates_in_words,
    default_frame,
    letterhead_html,
    long_date,
    number,
    signatures_html,
    state_words,
)

_CSS = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; }
h1 { font-size: 14pt; margin-bottom: 2px; }
h2 { font-size: 11pt; margin-top: 10px; margin-bottom: 2px; }
table { border-collapse: collapse; }
td, th { border: 1px solid #999; padding: 2px 6px; }
th { background: #e8ecf2; }
td.n { text-align: right; }
"""
_NIK_CELL = " style='white-space: nowrap'"  # a NIK is read whole, never cut over two lines
# The outreach list's columns, in % of the page: room for a name and an address on a line
# or two, and no more than its heading's words for the "17 tahun sebelum batas" mark.
_OUTREACH_WIDTHS = (5, 21, 18, 23, 6, 6, 8, 13)


_app_ref: list[QApplication] = []


def headless_environment(platform: str, environ: Mapping[str, str]) -> dict[str, str]:
    """What the CLI's Qt application needs added to `environ` to make a PDF on `platform`
    (a `sys.platform` value). Offscreen only where there is no screen to use, that is an X11
    or Wayland system with neither: Windows and macOS always have their own platform, and
    their offscreen one reads fonts from Qt's own folder (none), not the system's. Should
    offscreen be asked for on Windows anyway, it is pointed at the Windows fonts."""
    out: dict[str, str] = {}
    screenless = platform not in ("win32", "cygwin", "darwin") and not (
        environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")
    )
    if screenless and "QT_QPA_PLATFORM" not in environ:
        out["QT_QPA_PLATFORM"] = "offscreen"
    offscreen = (environ.get("QT_QPA_PLATFORM") or out.get("QT_QPA_PLATFORM")) == "offscreen"
    if offscreen and platform == "win32" and "QT_QPA_FONTDIR" not in environ:
        windows = environ.get("WINDIR") or environ.get("SystemRoot") or r"C:\Windows"
        out["QT_QPA_FONTDIR"] = str(PureWindowsPath(windows) / "Fonts")
    return out


def ensure_gui() -> None:
    """The PDF writer needs a Qt application; the CLI has none, so make one (see
    `headless_environment`). A QApplication (not only a QGuiApplication), so that widgets
    made later in the same process still work."""
    if QGuiApplication.instance() is None:
        os.environ.update(headless_environment(sys.platform, os.environ))
        _app_ref.append(QApplication([]))


def _table(rows: list[tuple[str, object]], head: tuple[str, str] | None = None) -> str:
    out = ["<table width='100%'>"]
    if head:
        out.append(
            f"<tr><th align='left'>{html.escape(head[0])}</th><th>{html.escape(head[1])}</th></tr>"
        )
    for key, value in rows:
        cell = html.escape(dates_in_words(number(value)))
        cls = " class='n'" if isinstance(value, int | float) else ""
        out.append(f"<tr><td>{html.escape(key)}</td><td{cls}>{cell}</td></tr>")
    out.append("</table>")
    return "".join(out)


def _frame(frame: ReportFrame | None, kecamatan: str) -> ReportFrame:
    """The desk's frame, or (a merged tally on a computer with no desk) the kecamatan's own,
    dated in its zone."""
    return frame or default_frame(kecamatan, datetime.now(ZoneInfo(timezone_for(kecamatan))).date())


def tally_html(tally: Tally, frame: ReportFrame | None = None) -> str:
    """The tally (of one desk, or merged) framed by the letterhead and the signatures;
    numbers written the Indonesian way and states in words."""
    rl = regions()
    frame = _frame(frame, tally.kecamatan)
    parts = [
        f"<html><head><style>{_CSS}</style></head><body>",
        letterhead_html(frame),
        "<h1>Laporan Harian Perekaman KTP-el</h1>",
        f"<p>Kecamatan {html.escape(tally.kecamatan)} "
        f"{html.escape(rl.name(tally.kecamatan) or '')} · Desk "
        f"{html.escape(', '.join(tally.desk_list))} · Periode "
        f"{period(tally.date_from, tally.date_to)}</p>",
        "<h2>Ringkasan</h2>",
        _table(summary_rows(tally)),
    ]
    for key, title in BREAKDOWNS:
        rows: list[tuple[str, object]] = [
            (state_words(key, label_key(key, k, rl)), int(v))
            for k, v in tally.breakdown(key).items()
        ]
        if key == "by_hour":
            rows = [r for r in rows if r[1]] or rows[:1]
        rows.append(("Jumlah", sum(tally.breakdown(key).values())))
        parts += [f"<h2>{html.escape(title)}</h2>", _table(rows, (title, "Jumlah"))]
    parts.append(signatures_html(frame) + "</body></html>")
    return "".join(parts)


def outreach_html(
    lists: dict[str, list[dict[str, Any]]], *, deadline: str, frame: ReportFrame | None = None
) -> str:
    frame = _frame(frame, next(iter(lists), "72")[:8])
    everyone = sum(len(v) for v in lists.values())
    parts = [
        f"<html><head><style>{_CSS}</style></head><body>",
        letterhead_html(frame),
        "<h1>Daftar Penduduk Belum Rekam KTP-el</h1>",
        f"<p>{html.escape(number(everyone))} orang, untuk diundang sebelum batas waktu "
        f"{html.escape(long_date(date.fromisoformat(deadline)))}.</p>",
    ]
    if not lists:
        parts.append("<p>Semua penduduk dalam daftar sudah direkam.</p>")
    for code, people in lists.items():
        parts.append(f"<h2>{html.escape(kelurahan_title(code))}: {len(people)} orang</h2>")
        parts.append(
            "<table width='100%'><tr>"
            + "".join(
                f"<th width='{w}%'>{c}</th>"
                for c, w in zip(OUTREACH_COLUMNS, _OUTREACH_WIDTHS, strict=True)
            )
            + "</tr>"
        )
        for n, p in enumerate(people, start=1):
            cells = (number(n), p["nama"], p["nik"], p["alamat"], p["rt"], p["rw"], p["age"],
                     "ya" if p["turns_17_before_deadline"] else "")  # fmt: skip
            parts.append(
                "<tr>"
                + "".join(
                    f"<td{_NIK_CELL if i == 2 else ''}>{html.escape(str(c))}</td>"
                    for i, c in enumerate(cells)
                )
                + "</tr>"
            )
        parts.append("</table>")
    parts.append(signatures_html(frame) + "</body></html>")
    return "".join(parts)


# QTextDocument turns the CSS's points into pixels at 96 to the inch (Qt's default logical
# DPI), and print_() scales its pages by the device's resolution over that: a page laid out
# at any other resolution prints every size scaled (at 150, 9 pt came out as 5.8 pt).
LAYOUT_DPI = 96
# The rows of the table a signature block signs that go over with it to a new page.
ROWS_KEPT_WITH_SIGNATURES = 3


def paginated(document_html: str, page: QSizeF) -> QTextDocument:
    """The report laid out on pages of `page`, its signature block (the last table: place
    and date, titles, space, names, NIP) whole on one page and never alone there: when it
    would split, or start a page the table it signs ended before, the last rows of that
    table go over with it, in a table of their own under a copy of the head row (or the
    whole table with its heading, when it is that short). Qt's QTextDocument does not
    honour `page-break-inside: avoid` on a table (PySide6 6.11) and a page break inside a
    cell moves that cell alone, so the page of each part is read from the layout, and the
    break is set before a table or a heading, which Qt honours."""
    document = _laid_out(document_html, page)
    title = _title_position(document)  # the letterhead, when there is one, stands above it
    tables = [
        f
        for f in document.rootFrame().childFrames()
        if isinstance(f, QTextTable) and f.firstPosition() > title
    ]
    if not tables:
        return document
    signed = tables[-2] if len(tables) > 1 else None
    signatures = tables[-1]
    first, last = _pages(document, signatures)
    kept = None if signed is None else max(0, signed.rows() - ROWS_KEPT_WITH_SIGNATURES)
    if first == last and (signed is None or _row_page(document, signed, kept or 0) == first):
        return document
    if signed is not None and signed.rows() - 1 > ROWS_KEPT_WITH_SIGNATURES:
        carried = _carry_over(document_html, ROWS_KEPT_WITH_SIGNATURES)
        if carried is not None:
            return _laid_out(carried, page)
    anchor = signatures if signed is None else signed  # it goes over with what stands before
    cursor = QTextCursor(document.findBlock(anchor.firstPosition() - 1))
    block = cursor.blockFormat()
    block.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    cursor.setBlockFormat(block)
    return document


def _row_page(document: QTextDocument, table: QTextTable, row: int) -> int:
    """The page (from 0) a row of a table starts on (Qt may split a row over two pages)."""
    block = table.cellAt(row, 0).firstCursorPosition().block()
    top = document.documentLayout().blockBoundingRect(block).top()
    return int(top // document.pageSize().height())


def _title_position(document: QTextDocument) -> int:
    """Where the report's title (its h1) starts; 0 when it has none."""
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 1:
            return block.position()
        block = block.next()
    return 0


def _laid_out(document_html: str, page: QSizeF) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(document_html)
    document.setPageSize(page)
    return document


def _carry_over(document_html: str, rows: int) -> str | None:
    """`document_html` with the last `rows` rows of the table before the signature block
    (the last table) moved into a table of their own that starts a page, under a copy of
    the table's head row; None when the HTML is not made as expected."""
    signatures = document_html.rfind("<table")
    start = document_html.rfind("<table", 0, signatures)
    end = document_html.find("</table>", start)
    if start < 0 or end < 0 or end > signatures:
        return None
    table = document_html[start:end]
    row_starts = [i for i in range(len(table)) if table.startswith("<tr", i)]
    if len(row_starts) <= rows + 1:
        return None
    opening, head = table[: row_starts[0]], table[row_starts[0] : row_starts[1]]
    cut = row_starts[-rows]
    over = opening.replace("<table", "<table style='page-break-before: always'", 1)
    return (
        document_html[:start] + table[:cut] + "</table>" + over + head + table[cut:]
        + document_html[end:]
    )  # fmt: skip


def _pages(document: QTextDocument, frame: QTextFrame) -> tuple[int, int]:
    """The pages (from 0) a frame of a paginated document starts and ends on."""
    height = document.pageSize().height()
    box = document.documentLayout().frameBoundingRect(frame)
    return int(box.top() // height), int((box.bottom() - 1) // height)


def print_html(document_html: str, device: QPagedPaintDevice) -> None:
    """Lay the report out on A4-like pages of `device` (a QPdfWriter or a QPrinter) with
    15 mm margins, and draw it. The layout is made at LAYOUT_DPI whatever the device's
    resolution, so a printed page breaks where the PDF's does."""
    device.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    scale = LAYOUT_DPI / device.logicalDpiX()
    page = QSizeF(device.width() * scale, device.height() * scale)
    paginated(document_html, page).print_(device)


def write_html_pdf(document_html: str, target: Path, *, title: str) -> None:
    ensure_gui()
    with atomic_path(target) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(title)
        writer.setCreator("ektp-desk")
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setResolution(LAYOUT_DPI)
        print_html(document_html, writer)
        del writer  # finishes the file


def write_tally_pdf(tally: Tally, target: Path, *, frame: ReportFrame | None = None) -> None:
    write_html_pdf(tally_html(tally, frame), target, title="Laporan Harian Perekaman KTP-el")


def write_outreach_pdf(
    lists: dict[str, list[dict[str, Any]]],
    target: Path,
    *,
    deadline: str,
    frame: ReportFrame | None = None,
) -> None:
    write_html_pdf(
        outreach_html(lists, deadline=deadline, frame=frame),
        target,
        title="Daftar Penduduk Belum Rekam KTP-el",
    )
