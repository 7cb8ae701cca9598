"""The desk's paper, laid out without Qt: the queue ticket, the receipt, the invitations,
and the frame of every report (letterhead, place and date, signatories). ektp_desk/ui/paper
draws a `PaperDocument` to a PDF or a printer."""

from __future__ import annotations

from ektp_desk.reports.documents.frame import (
    ReportFrame,
    Signatory,
    default_frame,
    letterhead_html,
    signatures_html,
)
from ektp_desk.reports.documents.indonesian import (
    dates_in_words,
    long_date,
    number,
    state_words,
)
from ektp_desk.reports.documents.paper import (
    PAPERS,
    RECEIPT_PAPERS,
    TICKET_PAPERS,
    PaperDocument,
    PaperSize,
    Sheet,
)

__all__ = [
    "PAPERS",
    "RECEIPT_PAPERS",
    "TICKET_PAPERS",
    "PaperDocument",
    "PaperSize",
    "ReportFrame",
    "Sheet",
    "Signatory",
    "dates_in_words",
    "default_frame",
    "letterhead_html",
    "long_date",
    "number",
    "signatures_html",
    "state_words",
]
