"""The day's queue (antrian): tickets added, called, skipped, recalled, cancelled."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ektp_desk.desk.city import CityError
from ektp_desk.desk.errors import DeskError
from ektp_desk.domain.accounts import Permission
from ektp_desk.domain.moments import iso
from ektp_desk.domain.nik import NikError, parse_nik
from ektp_desk.domain.problems import Text
from ektp_desk.domain.words import ticket_state_word
from ektp_desk.store import queue as queue_store
from ektp_desk.store import recordings as recording_store
from ektp_desk.store import residents as resident_store

if TYPE_CHECKING:
    from ektp_desk.desk import Desk

log = logging.getLogger(__name__)


class Queue:
    """`desk.queue`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.session = desk.session

    def today(self) -> list[queue_store.Ticket]:
        self.session.require_user()
        return queue_store.for_day(self.session.connection, self.session.today().isoformat())

    def enqueue(
        self,
        *,
        nik: str | None = None,
        nama: str | None = None,
        walk_in: bool = False,
        anyway: bool = False,
    ) -> queue_store.Ticket:
        """A ticket for a resident of the reference list (by NIK), or for a walk-in not on
        it (NIK and name as told; flagged). A NIK another desk recorded is refused with
        `recorded_elsewhere` (the window asks, then adds it `anyway`)."""
        self.session.require(Permission.QUEUE)
        day = self.session.today().isoformat()
        nik = (nik or "").strip() or None
        name = " ".join((nama or "").split()).upper() or None
        if nik is not None:
            try:
                parse_nik(nik, reference=self.session.today(), region_list=self.session.regions)
            except NikError as exc:
                raise DeskError("nik", problem=exc.problem) from None
            resident = resident_store.get(self.session.connection, nik)
            if resident is not None:
                name, walk_in = resident.nama, False
            elif not walk_in:
                raise DeskError("not_listed", nik=nik)
            if queue_store.open_for_nik(self.session.connection, day, nik) is not None:
                raise DeskError("ticket_today", nik=nik)
            previous = recording_store.active_for_nik(self.session.connection, nik)
            if previous is not None:
                raise DeskError("already_recorded", nik=nik, day=previous[1])
            elsewhere = self.desk.city.recorded_at(nik)
            if elsewhere is not None and not anyway:
                raise CityError(
                    "recorded_elsewhere",
                    nik=nik,
                    desk=elsewhere.desk_id,
                    day=elsewhere.recorded_on or "?",
                )
        elif not walk_in:
            raise DeskError("need_nik")
        if not name:
            raise DeskError("walk_in_name")
        with self.session.transaction():
            ticket = queue_store.add(
                self.session.connection,
                day=day,
                nik=nik,
                nama=name,
                walk_in=walk_in,
                at=iso(self.session.now()),
            )
            self.session.audit("queue.add", ticket.label, walk_in=walk_in)
        return ticket

    def _move(self, ticket_id: int, state: str, action: str, **flags: bool) -> queue_store.Ticket:
        self.session.require(Permission.QUEUE)
        ticket = queue_store.get(self.session.connection, ticket_id)
        if ticket is None:
            raise DeskError("no_ticket", ticket=ticket_id)
        if ticket.state in (queue_store.DONE, queue_store.CANCELLED):
            raise DeskError(
                "ticket_closed",
                label=ticket.label,
                state=Text(ticket_state_word(ticket.state).id.lower(), ticket.state),
            )
        with self.session.transaction():
            queue_store.set_state(
                self.session.connection, ticket_id, state, at=iso(self.session.now()), **flags
            )
            self.session.audit(action, ticket.label)
        moved = queue_store.get(self.session.connection, ticket_id)
        assert moved is not None
        return moved

    def call_next(self) -> queue_store.Ticket | None:
        self.session.require(Permission.QUEUE)
        ticket = queue_store.next_waiting(self.session.connection, self.session.today().isoformat())
        if ticket is None:
            return None
        return self._move(ticket.id, queue_store.CALLED, "queue.call", called=True)

    def skip(self, ticket_id: int) -> queue_store.Ticket:
        return self._move(ticket_id, queue_store.SKIPPED, "queue.skip")

    def recall(self, ticket_id: int) -> queue_store.Ticket:
        return self._move(ticket_id, queue_store.CALLED, "queue.recall", called=True)

    def cancel(self, ticket_id: int) -> queue_store.Ticket:
        return self._move(ticket_id, queue_store.CANCELLED, "queue.cancel", finished=True)

    def board(self, *, recent: int = 5) -> queue_store.Board:
        """The waiting room's screen: today's called number, the ones before, how many wait.
        It holds no name or NIK, so it needs no one logged in (the screen faces the room)."""
        return queue_store.board(
            self.session.connection, self.session.today().isoformat(), recent=recent
        )

    def changes(self) -> int:
        """A number that changes when another connection commits: the screen polls this
        and reads the board only when it moved."""
        return queue_store.data_version(self.session.connection)

    def ticket_of_recording(self, day: str, nik: str) -> queue_store.Ticket | None:
        """The ticket a recording of `nik` on `day` was made under, if it had one."""
        return queue_store.done_for_nik(self.session.connection, day, nik)
