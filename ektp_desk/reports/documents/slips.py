"""The queue ticket (nomor antrian) and the receipt (tanda bukti perekaman KTP-el)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from ektp_desk.reports.documents.indonesian import (
    clock_time,
    date_time,
    masked_nik,
    weekday_date,
    zone_name,
)
from ektp_desk.reports.documents.paper import PaperDocument, PaperSize, Sheet


@dataclass(frozen=True, slots=True)
class TicketFacts:
    label: str
    kecamatan_name: str
    desk_id: str
    taken_at: datetime  # in the desk's zone
    ahead: int
    code: str


@dataclass(frozen=True, slots=True)
class ReceiptFacts:
    record_id: str
    nik: str
    nama: str
    recorded_at: datetime  # in the desk's zone
    kecamatan_name: str
    regency_name: str
    desk_id: str
    operator: str
    code: str


def _e(text: object) -> str:
    return html.escape(str(text))


def ticket_document(facts: TicketFacts, paper: PaperSize) -> PaperDocument:
    ahead = (
        f"{facts.ahead} orang di depan Anda" if facts.ahead else "Tidak ada antrian di depan Anda"
    )
    body = (
        "<div align='center'>"
        f"<div class='title'>KECAMATAN {_e(facts.kecamatan_name.upper())}</div>"
        "<div>Perekaman KTP-el</div><br>"
        "<div>NOMOR ANTRIAN</div>"
        f"<div class='big'>{_e(facts.label)}</div>"
        f"<div>Meja {_e(facts.desk_id)}</div>"
        f"<div>{_e(weekday_date(facts.taken_at.date()))}</div>"
        f"<div>pukul {clock_time(facts.taken_at)} {_e(zone_name(facts.taken_at))}</div>"
        f"<div><b>{_e(ahead)}</b></div></div>"
    )
    footer = (
        "<div align='center' class='small'>Harap menunggu sampai nomor Anda dipanggil."
        "<br>Layanan ini gratis, tidak dipungut biaya.</div>"
    )
    qr_mm = min(30.0, paper.width_mm - 2 * paper.margin_mm - 10)
    sheet = Sheet(body, facts.code, qr_mm, "below", footer)
    return PaperDocument(f"Nomor antrian {facts.label}", paper, (sheet,))


def receipt_document(facts: ReceiptFacts, paper: PaperSize) -> PaperDocument:
    rows = (
        ("Nomor rekaman", f"<span class='small'>{_e(facts.record_id)}</span>"),
        ("NIK", _e(masked_nik(facts.nik))),
        ("Nama", f"<b>{_e(facts.nama)}</b>"),
        ("Waktu perekaman", _e(date_time(facts.recorded_at))),
        ("Kecamatan", _e(f"{facts.kecamatan_name}, {facts.regency_name}")),
        ("Meja", _e(facts.desk_id)),
        ("Operator", _e(facts.operator)),
    )
    table = "".join(f"<tr><td nowrap>{k}</td><td>:</td><td>{v}</td></tr>" for k, v in rows)
    body = (
        "<div align='center'><div class='title'>TANDA BUKTI PEREKAMAN KTP-el</div>"
        f"<div>Kecamatan {_e(facts.kecamatan_name)}, {_e(facts.regency_name)}</div></div><br>"
        f"<table>{table}</table><br>"
        "<div><b>Selanjutnya:</b> data perekaman dikirim ke Dinas Kependudukan dan Pencatatan"
        " Sipil (Disdukcapil). KTP-el dicetak oleh Disdukcapil dan diambil sesuai pengumuman"
        " Disdukcapil. Simpan tanda bukti ini dan bawa saat mengambil KTP-el.</div>"
    )
    footer = (
        "<div align='center' class='small'>Kode di atas dipindai di meja untuk mencari"
        " rekaman ini.</div>"
    )
    qr_mm = min(35.0, paper.width_mm - 2 * paper.margin_mm - 10)
    sheet = Sheet(body, facts.code, qr_mm, "below", footer)
    return PaperDocument("Tanda bukti perekaman KTP-el", paper, (sheet,))
