"""A printed document as the desk hands it to Qt: the paper, and per sheet the HTML and the
QR code to put on it. The layout is here; ektp_desk/ui/paper draws it (PDF or printer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ektp_desk.reports import ReportError


@dataclass(frozen=True, slots=True)
class PaperSize:
    key: str
    width_mm: float
    height_mm: float | None  # None: a thermal roll, cut as long as the content
    margin_mm: float
    font_pt: float

    @property
    def is_roll(self) -> bool:
        return self.height_mm is None


PAPERS = {
    "58mm": PaperSize("58mm", 58, None, 2.5, 7.5),
    "80mm": PaperSize("80mm", 80, None, 3.5, 9),
    "a6": PaperSize("a6", 105, 148, 7, 9),
    "a4": PaperSize("a4", 210, 297, 15, 10),
}
TICKET_PAPERS = ("58mm", "80mm", "a6")
RECEIPT_PAPERS = ("80mm", "a6", "a4")


def paper_size(key: str, allowed: tuple[str, ...]) -> PaperSize:
    if key.lower() not in allowed:
        raise ReportError("paper", key=key, allowed=", ".join(allowed))
    return PAPERS[key.lower()]


@dataclass(frozen=True, slots=True)
class Sheet:
    """What one ticket, receipt or invitation shows: HTML, then its QR code (below the HTML,
    centred, or at the top right beside it), then the footer's HTML."""

    html: str
    qr: str
    qr_mm: float
    qr_place: Literal["below", "right"] = "below"
    footer_html: str = ""


@dataclass(frozen=True, slots=True)
class PaperDocument:
    title: str
    paper: PaperSize
    sheets: tuple[Sheet, ...]
    per_page: int = 1  # more than one: the page is cut into strips, with lines to cut along

    def css(self) -> str:
        pt = self.paper.font_pt
        return (
            f"body {{ font-family: 'DejaVu Sans', sans-serif; font-size: {pt}pt; }}"
            f" .big {{ font-size: {pt * 4:.0f}pt; font-weight: bold; }}"
            f" .title {{ font-size: {pt * 1.3:.1f}pt; font-weight: bold; }}"
            f" .small {{ font-size: {pt * 0.85:.1f}pt; }}"
            " td { padding: 1px 3px; vertical-align: top; }"
        )
