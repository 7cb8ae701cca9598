"""A minimal PDF writer for the city tally: one table over as many A4 landscape pages as it
needs, in the standard Helvetica fonts (every PDF reader has them; nothing embedded).

Why not a library: the hub may not import Qt (the desk's PDFs are Qt's), and a table of
text needs only a few hundred bytes of PDF syntax; this keeps the hub free of a PDF
dependency and its fonts. Text is WinAnsi (cp1252), which covers Indonesian."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PAGE_W, PAGE_H = 842.0, 595.0  # A4 landscape, in points
MARGIN = 36.0
SIZE = 9.0
LINE = 14.0
# Helvetica's advance widths (per 1000) of the characters numbers are written with, to set
# them flush right; other text is set flush left.
_NUMERIC = {**dict.fromkeys("0123456789", 556), ",": 278, ".": 278, "%": 889, "–": 556, "-": 333}


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _numeric_width(text: str) -> float | None:
    """The width of `text` in points when it is a number, else None (set flush left)."""
    if not text or any(c not in _NUMERIC for c in text):
        return None
    return sum(_NUMERIC[c] for c in text) * SIZE / 1000


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    subtitle: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float]  # column widths, in points
    footer: Sequence[str] = ()  # a total row, bold, on the last page
    text_columns: int = 0  # the first columns are text (codes, names): always flush left


def _cell_ops(x: float, y: float, width: float, text: str, font: str, *, text_only: bool) -> bytes:
    number = None if text_only else _numeric_width(text)
    left = x + width - 4 - number if number is not None else x + 2
    return b"BT /%s %.1f Tf %.1f %.1f Td (%s) Tj ET\n" % (
        font.encode(),
        SIZE,
        left,
        y,
        _escape(text),
    )


def _row_ops(y: float, table: Table, cells: Sequence[str], font: str) -> bytes:
    out = b""
    x = MARGIN
    widths = table.widths
    for column, (width, text) in enumerate(zip(widths, cells, strict=False)):
        out += _cell_ops(x, y, width, text, font, text_only=column < table.text_columns)
        x += width
    return out + b"0.8 G %.1f %.1f m %.1f %.1f l S 0 G\n" % (
        MARGIN, y - 4, MARGIN + sum(widths), y - 4
    )  # fmt: skip


def _pages(table: Table) -> list[bytes]:
    per_page = int((PAGE_H - 2 * MARGIN - 3 * LINE) // LINE) - 1
    chunks = [table.rows[i : i + per_page] for i in range(0, len(table.rows), per_page)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        y = PAGE_H - MARGIN
        ops = b"BT /F2 13 Tf %.1f %.1f Td (%s) Tj ET\n" % (MARGIN, y, _escape(table.title))
        y -= LINE
        sub = f"{table.subtitle} · halaman {number} dari {len(chunks)}"
        ops += b"BT /F1 9 Tf %.1f %.1f Td (%s) Tj ET\n" % (MARGIN, y, _escape(sub))
        y -= 1.5 * LINE
        ops += _row_ops(y, table, table.header, "F2")
        for row in chunk:
            y -= LINE
            ops += _row_ops(y, table, row, "F1")
        if number == len(chunks) and table.footer:
            ops += _row_ops(y - LINE, table, table.footer, "F2")
        pages.append(ops)
    return pages


def table_pdf(table: Table) -> bytes:
    """The table as a complete PDF file."""
    contents = _pages(table)
    count = len(contents)
    # objects: 1 catalog, 2 pages, 3 and 4 fonts, then a page and its content per page
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    for i, ops in enumerate(contents):
        page = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W:.0f} {PAGE_H:.0f}]"
            f" /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {6 + 2 * i} 0 R >>"
        )
        objects.append(page.encode())
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(ops), ops))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref
    )  # fmt: skip
    return bytes(out)
