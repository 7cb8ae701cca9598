"""Invitations (undangan perekaman) for the kelurahan to hand out: one per resident of the
outreach list, three to an A4 page, each with a suggested day and hour spread over the
working days left before the deadline at the desk's daily capacity."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from ektp_desk.domain.workdays import Holidays, office_days
from ektp_desk.reports import ReportError
from ektp_desk.reports.documents.indonesian import long_date, masked_nik, weekday_date
from ektp_desk.reports.documents.paper import PAPERS, PaperDocument, Sheet

# The office serves 08.00-12.00 and 13.00-15.00 (a break at noon): one invited hour each.
SERVICE_HOURS = (8, 9, 10, 11, 13, 14)
WHAT_TO_BRING = "Kartu Keluarga (KK) asli atau fotokopinya, dan undangan ini"


@dataclass(frozen=True, slots=True)
class Slot:
    day: date
    hour: int

    def text(self, zone: str) -> str:
        return f"pukul {self.hour:02d}.00-{self.hour + 1:02d}.00 {zone}".strip()


@dataclass(frozen=True, slots=True)
class Schedule:
    slots: tuple[Slot, ...]
    per_day: int  # as asked, or raised so that everyone fits before the deadline
    asked_per_day: int
    working_days: int


def schedule(
    count: int, *, start: date, deadline: date, per_day: int, holidays: Holidays
) -> Schedule:
    """A day and hour for each of `count` residents, in the list's order: `per_day` a
    working day (Monday to Friday, not a holiday or cuti bersama: `office_days`), from
    `start` to the deadline; if they would not fit, as many more a day as they need (the
    Schedule says so)."""
    if per_day < 1:
        raise ReportError("invite_per_day")
    days = office_days(start, deadline, holidays)
    if not days:
        raise ReportError("invite_no_day", start=start.isoformat(), deadline=deadline.isoformat())
    used = max(per_day, math.ceil(count / len(days)))
    per_hour = math.ceil(used / len(SERVICE_HOURS))
    slots = tuple(
        Slot(days[n // used], SERVICE_HOURS[(n % used) // per_hour]) for n in range(count)
    )
    return Schedule(slots, used, per_day, len(days))


@dataclass(frozen=True, slots=True)
class Office:
    kecamatan_name: str
    address: str
    zone: str
    deadline: date


def _invitation(person: dict[str, Any], slot: Slot, office: Office, code: str) -> Sheet:
    e = html.escape
    address = ", ".join(
        part
        for part in (
            person["alamat"],
            f"RT {person['rt']}" if person["rt"] else "",
            f"RW {person['rw']}" if person["rw"] else "",
            person.get("kelurahan_name") or "",
        )
        if part
    )
    place = f"Kantor Kecamatan {office.kecamatan_name}"
    if office.address:
        place += f", {office.address}"
    body = (
        "<div class='title'>UNDANGAN PEREKAMAN KTP-el</div>"
        f"<div>Kepada Yth. <b>{e(person['nama'])}</b></div>"
        f"<div>NIK {e(masked_nik(person['nik']))}</div>"
        f"<div>{e(address)}</div><br>"
        f"<div>Dengan hormat, Bapak/Ibu/Saudara diundang untuk merekam KTP-el di"
        f" <b>{e(place)}</b> pada:</div>"
        "<table>"
        f"<tr><td>Hari, tanggal</td><td>:</td><td><b>{e(weekday_date(slot.day))}</b></td></tr>"
        f"<tr><td>Waktu</td><td>:</td><td><b>{e(slot.text(office.zone))}</b></td></tr>"
        f"<tr><td>Dibawa</td><td>:</td><td>{e(WHAT_TO_BRING)}</td></tr></table>"
        f"<div class='small'>Perekaman gratis. Batas waktu perekaman"
        f" {e(long_date(office.deadline))}; berhalangan pada waktu itu, datanglah pada hari"
        " kerja lain. Tunjukkan kode QR ini di meja antrian.</div>"
    )
    return Sheet(body, code, 28, "right")


def invitations_document(
    people: list[dict[str, Any]], plan: Schedule, office: Office, codes: list[str]
) -> PaperDocument:
    sheets = tuple(
        _invitation(p, slot, office, code)
        for p, slot, code in zip(people, plan.slots, codes, strict=True)
    )
    return PaperDocument("Undangan perekaman KTP-el", PAPERS["a4"], sheets, per_page=3)
