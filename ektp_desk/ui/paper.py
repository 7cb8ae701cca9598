"""Draws the desk's paper (ektp_desk.reports.documents: tickets, receipts, invitations) with
Qt, to a PDF or to any printer: the same drawing for both.

Each sheet's HTML is laid out by a QTextDocument on the target's own resolution, and its QR
code is drawn as an image of whole pixels per module, scaled without smoothing, so it
stays sharp on a 203 dpi thermal head as on a PDF. A roll (58 or 80 mm) gets a page exactly
as long as the sheet.
"""

from __future__ import annotations

import ctypes
import io
import sys
from pathlib import Path

import segno
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from ektp_desk.desk import atomic_path
from ektp_desk.reports.documents import PaperDocument, Sheet
from ektp_desk.ui.pdf_report import ensure_gui

PDF_DPI = 300
_GAP_MM = 2.5
_STRIP_PAD_MM = 6


# PySide6 6.12.0 under CPython 3.11 drops a reference to None at every call of a Qt method
# that returns nothing (from 3.12 on None is immortal and this does no harm). A thousand
# invitations make several thousand such calls, enough to free None and abort the
# interpreter. The drawing gives back, sheet by sheet, the references taken since it began,
# for good (as the missing Py_INCREF would have): references merely held in a list would be
# dropped again when the interpreter exits, and None freed then.


class _NoneKeeper:
    def __init__(self) -> None:
        self.level = sys.getrefcount(None)

    def top_up(self) -> None:
        none = ctypes.py_object(None)
        for _ in range(self.level - sys.getrefcount(None) + 1):  # + the one `none` holds
            ctypes.pythonapi.Py_IncRef(none)


def _px(mm: float, dpi: float) -> float:
    return mm * dpi / 25.4


def _text(html: str, css: str, width: float, device: QPagedPaintDevice) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDocumentMargin(0)
    doc.setHtml(f"<html><head><style>{css}</style></head><body>{html}</body></html>")
    doc.setTextWidth(width)
    return doc


class _Placed:
    """One sheet laid out in a box `width` wide: where its text, QR and footer go."""

    def __init__(
        self, sheet: Sheet, css: str, width: float, dpi: float, device: QPagedPaintDevice
    ) -> None:
        gap = _px(_GAP_MM, dpi)
        self.qr_size = _px(sheet.qr_mm, dpi)
        self.qr_text = sheet.qr
        text_width = width - (self.qr_size + gap if sheet.qr_place == "right" else 0)
        self.main = _text(sheet.html, css, text_width, device)
        main_height = self.main.size().height()
        if sheet.qr_place == "right":
            self.qr_at = QPointF(width - self.qr_size, 0)
            top = max(main_height, self.qr_size) + gap
        else:
            self.qr_at = QPointF((width - self.qr_size) / 2, main_height + gap)
            top = main_height + self.qr_size + 2 * gap
        self.footer = _text(sheet.footer_html, css, width, device) if sheet.footer_html else None
        self.footer_at = top
        self.height = top + (self.footer.size().height() if self.footer else 0)

    def paint(self, painter: QPainter, origin: QPointF) -> None:
        painter.save()
        painter.translate(origin)
        self.main.drawContents(painter)
        _paint_qr(painter, self.qr_text, self.qr_at, self.qr_size)
        if self.footer is not None:
            painter.translate(0, self.footer_at)
            self.footer.drawContents(painter)
        painter.restore()


def _paint_qr(painter: QPainter, text: str, at: QPointF, size: float) -> None:
    """The QR code with its quiet zone of four modules, drawn as one image of whole pixels
    per module, scaled without smoothing so that its edges stay sharp."""
    png = io.BytesIO()
    segno.make_qr(text, error="m").save(png, kind="png", scale=8, border=4)
    image = QImage.fromData(png.getvalue())
    painter.drawImage(QRectF(at, QSizeF(size, size)), image)


def _set_page(device: QPagedPaintDevice, document: PaperDocument, height_mm: float) -> None:
    paper = document.paper
    size = QPageSize(
        QSizeF(paper.width_mm, height_mm),
        QPageSize.Unit.Millimeter,
        paper.key,
        QPageSize.SizeMatchPolicy.ExactMatch,
    )
    margin = paper.margin_mm
    layout = QPageLayout(
        size,
        QPageLayout.Orientation.Portrait,
        QMarginsF(margin, margin, margin, margin),
        QPageLayout.Unit.Millimeter,
    )
    device.setPageLayout(layout)


def render(document: PaperDocument, device: QPagedPaintDevice) -> None:
    """Draw every sheet of `document` on `device` (a QPdfWriter or a QPrinter)."""
    paper = document.paper
    dpi = float(device.logicalDpiX())
    css = document.css()
    usable_mm = paper.width_mm - 2 * paper.margin_mm
    width = _px(usable_mm, dpi)
    if document.per_page > 1:
        _render_strips(document, device, css, dpi)
        return
    keeper = _NoneKeeper()
    placed = []
    for sheet in document.sheets:
        placed.append(_Placed(sheet, css, width, dpi, device))
        keeper.top_up()
    if paper.height_mm is not None:
        _set_page(device, document, paper.height_mm)
    else:
        tallest = max(p.height for p in placed) * 25.4 / dpi
        _set_page(device, document, tallest + 2 * paper.margin_mm + 1)
    painter = QPainter(device)
    try:
        for n, one in enumerate(placed):
            if n:
                device.newPage()
            one.paint(painter, QPointF(0, 0))
            keeper.top_up()
    finally:
        painter.end()
        keeper.top_up()


def _render_strips(
    document: PaperDocument, device: QPagedPaintDevice, css: str, dpi: float
) -> None:
    """Several sheets to a page, one a strip, with dashed lines to cut along between."""
    paper = document.paper
    assert paper.height_mm is not None
    keeper = _NoneKeeper()
    _set_page(device, document, paper.height_mm)
    width = _px(paper.width_mm - 2 * paper.margin_mm, dpi)
    strip = _px(paper.height_mm - 2 * paper.margin_mm, dpi) / document.per_page
    pad = _px(_STRIP_PAD_MM, dpi)
    painter = QPainter(device)
    try:
        pen = QPen(QColor("#555"), max(1.0, dpi / 150), Qt.PenStyle.DashLine)
        for n, sheet in enumerate(document.sheets):
            slot = n % document.per_page
            if n and not slot:
                device.newPage()
            placed = _Placed(sheet, css, width - 2 * pad, dpi, device)
            placed.paint(painter, QPointF(pad, slot * strip + pad))
            if slot < document.per_page - 1:
                painter.setPen(pen)
                y = (slot + 1) * strip
                painter.drawLine(QPointF(0, y), QPointF(width, y))
            del placed
            keeper.top_up()
    finally:
        painter.end()
        keeper.top_up()


def write_pdf(document: PaperDocument, target: Path) -> None:
    """The document as a PDF, written whole or not at all."""
    ensure_gui()
    with atomic_path(target) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(document.title)
        writer.setCreator("ektp-desk")
        writer.setResolution(PDF_DPI)
        render(document, writer)
        del writer  # finishes the file


class PaperPrinter:
    """Sends paper to a printer: through the print dialog when asked, else straight to the
    default printer. Tests replace `printer` to print to a PDF file instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def printer(self, document: PaperDocument, *, ask: bool) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(document.title)
        if ask:
            dialog = QPrintDialog(printer, self.parent)
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return None
        elif not printer.isValid() or not (printer.printerName() or printer.outputFileName()):
            raise NoPrinter
        return printer

    def send(self, document: PaperDocument, *, ask: bool) -> str | None:
        """Print `document`; where it went, or None when the clerk cancelled. Raises
        NoPrinter when asked to print without a dialog and there is no printer."""
        printer = self.printer(document, ask=ask)
        if printer is None:
            return None
        render(document, printer)
        return printer.outputFileName() or printer.printerName() or "printer"


class NoPrinter(Exception):
    """No printer is set up on this computer."""
