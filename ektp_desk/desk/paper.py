"""`desk.paper`: the documents the desk prints (queue ticket, receipt, invitations) made
from its store and settings, the frame of its reports, and their export, audited. The
layout is ektp_desk/reports/documents; the faces draw the result with Qt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ektp_desk.desk import settings as desk_settings
from ektp_desk.desk.errors import DeskError, FileInUse
from ektp_desk.domain.accounts import Permission
from ektp_desk.domain.problems import Text
from ektp_desk.domain.scancodes import invitation_code, receipt_code, ticket_code
from ektp_desk.domain.workdays import office_days
from ektp_desk.fsutil import TargetInUse
from ektp_desk.reports import ReportError
from ektp_desk.reports.documents import PaperDocument, PaperSize, ReportFrame, Signatory
from ektp_desk.reports.documents.frame import default_letterhead, letterhead_lines, regency_place
from ektp_desk.reports.documents.indonesian import zone_name
from ektp_desk.reports.documents.invitations import (
    Office,
    Schedule,
    invitations_document,
    schedule,
)
from ektp_desk.reports.documents.paper import RECEIPT_PAPERS, TICKET_PAPERS, paper_size
from ektp_desk.reports.documents.slips import (
    ReceiptFacts,
    TicketFacts,
    receipt_document,
    ticket_document,
)
from ektp_desk.store import queue as queue_store
from ektp_desk.store import recordings as recording_store

if TYPE_CHECKING:
    from ektp_desk.desk import Desk

PdfWriter = Callable[[PaperDocument, Path], None]


@dataclass(frozen=True, slots=True)
class Invitations:
    document: PaperDocument
    schedule: Schedule
    first_day: date | None
    last_day: date | None


def _people_ahead(day: list[queue_store.Ticket], ticket: queue_store.Ticket) -> int:
    """Tickets before this one not yet called when it was taken (so a reprint says the same)."""
    return sum(
        1
        for t in day
        if t.number < ticket.number
        and (t.called_at is None or t.called_at > ticket.created_at)
        and (t.finished_at is None or t.finished_at > ticket.created_at)
    )


class Paper:
    """`desk.paper`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.session = desk.session

    def setting(self, key: str) -> str | None:
        return desk_settings.value_of(self.session.settings, key)

    @property
    def ticket_printing(self) -> str:
        """off, ask or always: whether a ticket prints when a resident joins the queue."""
        return self.setting("ticket_print") or "off"

    def _local(self, stamp: str) -> datetime:
        return datetime.fromisoformat(stamp).astimezone(self.session.timezone)

    def _paper(self, key: str | None, setting: str, allowed: tuple[str, ...]) -> PaperSize:
        try:
            return paper_size(key or self.setting(setting) or allowed[0], allowed)
        except ReportError as exc:
            raise DeskError("paper_refused", problem=exc) from None

    def ticket(
        self, number: int, day: date | None = None, *, paper: str | None = None
    ) -> PaperDocument:
        """The ticket of `number` on `day` (today), as it was when taken."""
        self.session.require(Permission.QUEUE, reads_only=True)
        day = day or self.session.today()
        tickets = queue_store.for_day(self.session.connection, day.isoformat())
        found = next((t for t in tickets if t.number == number), None)
        if found is None:
            raise DeskError("no_ticket_on", label=f"A{number:03d}", day=day.isoformat())
        facts = TicketFacts(
            label=found.label,
            kecamatan_name=self.session.regions.name(self.session.kecamatan) or "",
            desk_id=self.session.desk_id,
            taken_at=self._local(found.created_at),
            ahead=_people_ahead(tickets, found),
            code=ticket_code(self.session.desk_id, found.day, found.label),
        )
        return ticket_document(facts, self._paper(paper, "ticket_paper", TICKET_PAPERS))

    def receipt(self, record_id: str, *, paper: str | None = None) -> PaperDocument:
        """The resident's receipt (tanda bukti) of a recording that stands."""
        self.session.require(Permission.RECORD, reads_only=True)
        entry = recording_store.get(self.session.connection, record_id.strip().lower())
        if entry is None:
            raise DeskError("no_recording_here", record_id=record_id)
        if entry.voided:
            raise DeskError("voided_no_receipt", record_id=record_id)
        rl = self.session.regions
        kecamatan = self.session.kecamatan
        facts = ReceiptFacts(
            record_id=entry.record_id,
            nik=entry.nik,
            nama=entry.nama,
            recorded_at=self._local(entry.recorded_at),
            kecamatan_name=rl.name(kecamatan) or kecamatan,
            regency_name=rl.name(".".join(kecamatan.split(".")[:2])) or "",
            desk_id=self.session.desk_id,
            operator=entry.operator,
            code=receipt_code(entry.record_id),
        )
        return receipt_document(facts, self._paper(paper, "receipt_paper", RECEIPT_PAPERS))

    def invitations(
        self,
        *,
        kelurahan: str | None = None,
        start: date | None = None,
        per_day: int | None = None,
    ) -> Invitations:
        """An invitation for each resident of the outreach list, from `start` (the next
        working day) at `per_day` a day (the `daily_capacity` setting)."""
        lists = self.desk.reports.outreach(kelurahan)
        rl = self.session.regions
        people = [
            {**p, "kelurahan_name": f"Kel. {rl.name(code)}" if rl.name(code) else ""}
            for code, members in lists.items()
            for p in members
        ]
        if not people:
            where = (
                Text(f"kelurahan {kelurahan}", f"kelurahan {kelurahan}")
                if kelurahan
                else Text("dalam daftar", "the list")
            )
            raise DeskError("nobody_to_invite", where=where)
        today = self.session.today()
        holidays = self.desk.reports.holidays()
        # The next service day (two weeks hold one, even around Lebaran).
        soon = office_days(today + timedelta(days=1), today + timedelta(days=14), holidays)
        first = start or (soon[0] if soon else today + timedelta(days=1))
        capacity = per_day or desk_settings.int_of(self.session.settings, "daily_capacity")
        deadline = self.desk.reports.deadline()
        try:
            plan = schedule(
                len(people), start=first, deadline=deadline, per_day=capacity, holidays=holidays
            )
        except ReportError as exc:
            raise DeskError("paper_refused", problem=exc) from None
        frame = self.frame()
        office = Office(
            kecamatan_name=rl.name(self.session.kecamatan) or self.session.kecamatan,
            address=", ".join(frame.letterhead[2:]),
            zone=zone_name(self.session.now().astimezone(self.session.timezone)),
            deadline=deadline,
        )
        codes = [invitation_code(p["nik"]) for p in people]
        document = invitations_document(people, plan, office, codes)
        days = [s.day for s in plan.slots]
        return Invitations(document, plan, min(days, default=None), max(days, default=None))

    def frame(self) -> ReportFrame:
        """The letterhead, place and date, and signatories of the desk's reports."""
        kecamatan = self.session.kecamatan
        text = self.setting("letterhead")
        return ReportFrame(
            letterhead=letterhead_lines(text) if text else default_letterhead(kecamatan),
            place=self.setting("report_place") or regency_place(kecamatan, self.session.regions),
            day=self.session.today(),
            signatories=(
                Signatory(
                    "Supervisor / Kasi Pelayanan",
                    self.setting("supervisor_name"),
                    self.setting("supervisor_nip"),
                ),
                Signatory(
                    "Mengetahui, Camat", self.setting("camat_name"), self.setting("camat_nip")
                ),
            ),
        )

    def export(
        self, document: PaperDocument, target: Path, *, writer: PdfWriter, kind: str
    ) -> None:
        """Write `document` with the face's PDF writer, whole or not at all; audited."""
        try:
            writer(document, target)
        except TargetInUse:
            raise FileInUse("file_in_use", target=target) from None
        except OSError as exc:
            raise DeskError("cannot_write", target=target, detail=exc.strerror or exc) from None
        self.printed(kind, str(target), sheets=len(document.sheets))

    def printed(self, kind: str, where: str, **detail: object) -> None:
        with self.session.transaction():
            self.session.audit(f"paper.{kind}", Path(where).name or where, **detail)
