"""What frames every printed report: the letterhead (kop surat), the place and date line
and the signatories with their NIP, from the desk's settings."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from ektp_desk.domain.regions import RegionList, regions
from ektp_desk.reports.documents.indonesian import place_and_date

BLANK_NAME = "(.................................)"


@dataclass(frozen=True, slots=True)
class Signatory:
    title: str
    name: str | None = None
    nip: str | None = None


@dataclass(frozen=True, slots=True)
class ReportFrame:
    letterhead: tuple[str, ...]
    place: str
    day: date
    signatories: tuple[Signatory, Signatory]

    @property
    def place_and_date(self) -> str:
        return place_and_date(self.place, self.day)


def regency_place(kecamatan: str, rl: RegionList | None = None) -> str:
    """The kabupaten/kota of a kecamatan without its "Kota"/"Kabupaten" prefix: Palu."""
    rl = rl or regions()
    name = rl.name(".".join(kecamatan.split(".")[:2])) or ""
    for prefix in ("Kabupaten ", "Kab. ", "Kota "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name or kecamatan


def default_letterhead(kecamatan: str, rl: RegionList | None = None) -> tuple[str, ...]:
    rl = rl or regions()
    regency = rl.name(".".join(kecamatan.split(".")[:2])) or ""
    return (
        f"PEMERINTAH {regency}".upper().strip(),
        f"KECAMATAN {rl.name(kecamatan) or ''}".upper(),
    )


def letterhead_lines(value: str) -> tuple[str, ...]:
    """The `letterhead` setting: lines separated by "|" (or newlines)."""
    return tuple(line.strip() for line in value.replace("\n", "|").split("|") if line.strip())


def default_frame(kecamatan: str, day: date) -> ReportFrame:
    """The frame of a report made with no desk's settings at hand (a merged tally)."""
    return ReportFrame(
        letterhead=default_letterhead(kecamatan),
        place=regency_place(kecamatan),
        day=day,
        signatories=(Signatory("Supervisor / Kasi Pelayanan"), Signatory("Mengetahui, Camat")),
    )


def letterhead_html(frame: ReportFrame) -> str:
    if not frame.letterhead:
        return ""
    first, *rest = frame.letterhead
    lines = [f"<div style='font-size:13pt; font-weight:bold'>{html.escape(first)}</div>"]
    for n, line in enumerate(rest):
        size = "12pt; font-weight:bold" if n == 0 else "9pt"
        lines.append(f"<div style='font-size:{size}'>{html.escape(line)}</div>")
    return (
        "<table width='100%' style='border:none; border-bottom:3px double #000'>"
        "<tr><td align='center' style='border:none'>" + "".join(lines) + "</td></tr></table>"
    )


def _signature_cell(signatory: Signatory) -> str:
    name = f"<b><u>{html.escape(signatory.name)}</u></b>" if signatory.name else BLANK_NAME
    nip = f"NIP. {html.escape(signatory.nip)}" if signatory.nip else "NIP."
    return (
        f"<td style='border:none' width='50%' align='center'>{html.escape(signatory.title)}"
        f"<br><br><br><br>{name}<br>{nip}</td>"
    )


def signatures_html(frame: ReportFrame) -> str:
    """The place and date line above the right-hand signatory, then both signatures."""
    left, right = frame.signatories
    return (
        "<br><table width='100%' style='border:none'>"
        "<tr><td style='border:none' width='50%'></td>"
        f"<td style='border:none' width='50%' align='center'>"
        f"{html.escape(frame.place_and_date)}</td></tr>"
        f"<tr>{_signature_cell(left)}{_signature_cell(right)}</tr></table>"
    )
