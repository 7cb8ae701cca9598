"""The recordings: checked, saved with their sealed payload and audit entry in one
transaction, voided, and read back for the log."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from ektp_desk.desk.accounts import HOLDING_PUBLIC
from ektp_desk.desk.city import CityError
from ektp_desk.desk.errors import DeskError, ValidationFailed, store_failure
from ektp_desk.domain.accounts import Permission
from ektp_desk.domain.eligibility import Eligibility
from ektp_desk.domain.moments import iso
from ektp_desk.domain.problems import Problem, Text, error
from ektp_desk.domain.recording import Recording, RecordingDraft, build_recording
from ektp_desk.domain.words import sync_state_word
from ektp_desk.protocol.envelope import key_id, seal
from ektp_desk.protocol.payload import build_payload, capture_qualities
from ektp_desk.store import audit as audit_store
from ektp_desk.store import payloads as payload_store
from ektp_desk.store import queue as queue_store
from ektp_desk.store import recordings as recording_store
from ektp_desk.store import replay
from ektp_desk.store import residents as resident_store

if TYPE_CHECKING:
    from ektp_desk.desk import Desk

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SavedRecording:
    record_id: str
    nik: str
    local_date: date
    eligibility: Eligibility
    warnings: tuple[Problem, ...]
    # The rules that hold it from sync until a supervisor approves it (none: it is sent).
    needs_approval: tuple[str, ...] = ()


def already_recorded(previous: tuple[str, str]) -> Problem:
    record_id, day = previous
    return error(
        "nik",
        "already_recorded",
        f"NIK ini sudah direkam pada {day} (rekaman {record_id}); batalkan rekaman itu dulu "
        "bila perlu direkam ulang.",
        f"This NIK was already recorded on {day} (recording {record_id}); void that "
        "recording first if it must be recorded again.",
    )


class Recordings:
    """`desk.recordings`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.session = desk.session
        self._ticket_for_save: int | None = None
        self._replaces: str | None = None  # the recording a correction being saved replaces

    def validate(self, draft: RecordingDraft | object) -> tuple[Recording | None, list[Problem]]:
        """Check a draft (or a JSON recording, its images as base64) without saving anything."""
        recording, problems = build_recording(
            draft, context=self.session.context(), now=self.session.now()
        )
        if recording is not None:
            previous = recording_store.active_for_nik(
                self.session.connection, recording.nik, besides=self._replaces
            )
            if previous is not None:
                problems.append(already_recorded(previous))
                return None, problems
        return recording, problems

    def save(
        self, draft: RecordingDraft | object, *, ticket_id: int | None = None
    ) -> SavedRecording:
        """Validate, finalize and durably save one recording; the form's Save and
        `ektp-desk record add` both end here, each with a RecordingDraft. A queue ticket
        given is marked done in the same transaction."""
        results = list(self.save_many([draft], ticket_id=ticket_id))
        outcome = results[0]
        if isinstance(outcome, ValidationFailed):
            raise outcome
        return outcome

    def save_many(
        self,
        items: Iterable[RecordingDraft | object],
        *,
        per_transaction: int = 1,
        ticket_id: int | None = None,
    ) -> Iterator[SavedRecording | ValidationFailed]:
        """Save many recordings, yielding for each, in order, either the saved recording
        (only once its transaction has committed) or why it was refused.

        `per_transaction` groups commits for bulk loads (demo data); a clerk's save and
        `record add` commit each recording on its own.
        """
        operator = self.session.require(Permission.RECORD).name
        self.desk.health.require_disk_room()
        self._ticket_for_save = ticket_id
        chunk: list[tuple[Recording, str]] = []
        for raw in items:
            recording, problems = self.validate(raw)
            if recording is None:
                if chunk:
                    yield from self._commit(chunk, operator)
                    chunk = []
                yield ValidationFailed(problems)
                continue
            chunk.append((recording, str(uuid.uuid4())))
            if len(chunk) >= per_transaction:
                yield from self._commit(chunk, operator)
                chunk = []
        if chunk:
            yield from self._commit(chunk, operator)

    def _commit(
        self, chunk: list[tuple[Recording, str]], operator: str
    ) -> Iterator[SavedRecording | ValidationFailed]:
        now = self.session.now()
        outcomes: list[SavedRecording | ValidationFailed] = []
        try:
            with self.session.transaction():
                for recording, record_id in chunk:
                    previous = recording_store.active_for_nik(
                        self.session.connection, recording.nik, besides=self._replaces
                    )
                    if previous is not None:
                        outcomes.append(ValidationFailed([already_recorded(previous)]))
                        continue
                    rules = self._insert(recording, record_id, operator, now)
                    if self._ticket_for_save is not None:
                        queue_store.set_state(
                            self.session.connection, self._ticket_for_save, queue_store.DONE,
                            at=iso(now), finished=True,
                        )  # fmt: skip
                    outcomes.append(
                        SavedRecording(
                            record_id,
                            recording.nik,
                            recording.local_date,
                            recording.eligibility,
                            recording.warnings,
                            rules,
                        )
                    )
        except sqlite3.OperationalError as exc:
            raise store_failure(
                exc, Text("rekaman TIDAK disimpan", "the recording was NOT saved")
            ) from exc
        return iter(outcomes)

    def _insert(
        self, recording: Recording, record_id: str, operator: str, now: datetime
    ) -> tuple[str, ...]:
        """The recording, its payload, its audit entry and, when it needs a supervisor's
        approval, its hold; the rules that asked for one."""
        payload = build_payload(
            recording,
            record_id=record_id,
            desk_id=self.session.desk_id,
            operator=operator,
            finalized_at=now,
            training=self.session.training,
        )
        payload, payload_format, sealed_for = self._seal(payload, record_id)
        digest = hashlib.sha256(payload).hexdigest()
        row = self._row(recording, record_id, operator, now)
        recording_store.insert(
            self.session.connection,
            row=row,
            payload=payload,
            payload_format=payload_format,
            key_id=sealed_for,
            sha256=digest,
            at=iso(now),
        )
        audit_store.append(
            self.session.connection,
            at=iso(now),
            actor=operator,
            action="recording.save",
            subject=record_id,
            detail={
                "sha256": digest,
                "size": len(payload),
                "row": replay.recording_digest([row[c] for c in replay.RECORDING_COLUMNS]),
            }
            | ({"replaces": self._replaces} if self._replaces else {}),
        )
        rules = self.desk.approvals.rules_for(recording, replaces=self._replaces)
        if rules:
            self.desk.approvals.hold(record_id, rules, at=iso(now))
            audit_store.append(
                self.session.connection,
                at=iso(now),
                actor=operator,
                action="recording.hold",
                subject=record_id,
                detail={"rules": list(rules)},
            )
        return rules

    def _seal(self, payload: bytes, record_id: str) -> tuple[bytes, str, str | None]:
        """The payload sealed for the hub, or for the holding key while no hub is set:
        (payload, its format, the key id it is sealed for)."""
        desk_id = self.session.desk_id
        hub_key = self.desk.hub.public_key()
        holding = self.session.settings.get(HOLDING_PUBLIC)
        if hub_key is not None:
            payload = seal(payload, public_key=hub_key, record_id=record_id, desk_id=desk_id)
            return payload, payload_store.SEALED_FORMAT, self.session.settings["hub_key_id"]
        if holding:
            # No hub key yet: sealed for the desk's holding key, so no image is ever kept in
            # clear; an admin's `hub set` re-seals it for the hub.
            public = base64.b64decode(holding)
            payload = seal(payload, public_key=public, record_id=record_id, desk_id=desk_id)
            return payload, payload_store.HELD_FORMAT, key_id(public)
        return payload, payload_store.CLEAR_FORMAT, None

    def _row(
        self, recording: Recording, record_id: str, operator: str, now: datetime
    ) -> dict[str, object]:
        local = recording.recorded_at.astimezone(self.session.timezone)
        bio = recording.biodata
        on_list = resident_store.listed(self.session.connection, recording.nik)
        return {
            "record_id": record_id,
            "nik": bio["nik"],
            "nama": bio["nama"],
            "jenis_kelamin": bio["jenis_kelamin"],
            "tanggal_lahir": bio["tanggal_lahir"],
            "kelurahan": bio["kelurahan"],
            "biodata": json.dumps(bio, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
            "captures": json.dumps(
                capture_qualities(recording), sort_keys=True, separators=(",", ":")
            ),
            "recorded_at": iso(recording.recorded_at),
            "local_date": local.date().isoformat(),
            "local_hour": local.hour,
            "age": recording.age,
            "early": int(recording.eligibility is Eligibility.EARLY),
            "on_list": int(on_list),
            "operator": operator,
            "finalized_at": iso(now),
            "ticket_id": self._ticket_for_save,
            "replaces": self._replaces,
        }

    def void(self, record_id: str, reason: str) -> None:
        actor = self.session.require(Permission.VOID_RECORDING)
        reason = " ".join(reason.split())
        if not reason:
            raise DeskError("void_reason")
        entry = recording_store.get(self.session.connection, record_id)
        if entry is None:
            raise DeskError("no_recording", record_id=record_id)
        if entry.voided:
            raise DeskError("already_voided", record_id=record_id)
        now = iso(self.session.now())
        with self.session.transaction():
            recording_store.void(
                self.session.connection, record_id, at=now, by=actor.name, reason=reason
            )
            self.session.audit("recording.void", record_id, reason=reason)

    def correct(self, record_id: str, draft: RecordingDraft | object) -> SavedRecording:
        """A supervisor reopens a rejected, voided or duplicate-NIK recording: the new one
        names the one it replaces (which then counts no more) and waits for approval like
        any correction; the hub links the two and counts the person once."""
        self.session.require(Permission.VOID_RECORDING)
        entry = recording_store.get(self.session.connection, record_id)
        if entry is None:
            raise DeskError("no_recording", record_id=record_id)
        by = recording_store.correction_of(self.session.connection, record_id)
        if by is not None:
            raise CityError("already_corrected", record_id=record_id, by=by)
        hub = self.desk.city.record_status(record_id)
        hub_state = hub.state if hub is not None else None
        if not (
            entry.voided
            or entry.sync_state in ("rejected", "duplicate_nik", "case_open", "case_voided")
            or hub_state in ("voided", "duplicate_nik")
        ):
            state = sync_state_word(entry.sync_state)
            raise CityError("not_correctable", record_id=record_id, state=state)
        self._replaces = record_id
        try:
            return self.save(draft)
        finally:
            self._replaces = None

    def get(self, record_id: str) -> recording_store.LogEntry | None:
        return recording_store.get(self.session.connection, record_id)

    def log_count(self, f: recording_store.LogFilter) -> int:
        return recording_store.log_count(self.session.connection, f)

    def log_page(
        self,
        f: recording_store.LogFilter,
        *,
        offset: int,
        limit: int,
        top_id: int | None = None,
    ) -> list[recording_store.LogEntry]:
        return recording_store.log_page(
            self.session.connection, f, offset=offset, limit=limit, top_id=top_id
        )

    def log_dense_top(self) -> int | None:
        return recording_store.dense_top(self.session.connection)

    def detail(self, record_id: str) -> recording_store.RecordingDetail | None:
        return recording_store.detail(self.session.connection, record_id)
