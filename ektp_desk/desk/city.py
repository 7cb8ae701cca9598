"""The city's truth at this desk (`desk.city`): where a NIK was recorded, at any desk of
the kecamatan; the duplicate cases naming this desk's records; the resident list that
Disdukcapil publishes, applied in place of the desk's own; and status bundles carried on
a USB stick to a desk with no link."""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ektp_desk.desk.errors import DeskError, store_failure
from ektp_desk.domain.accounts import Permission
from ektp_desk.domain.moments import iso
from ektp_desk.domain.problems import Text
from ektp_desk.imports import ImportFileError, ImportLimits, read_residents
from ektp_desk.protocol.bundle import bundle_key
from ektp_desk.protocol.status import StatusError, read_status_bundle
from ektp_desk.store import city as city_store
from ektp_desk.store import residents as resident_store
from ektp_desk.sync.city import apply_status

if TYPE_CHECKING:
    from ektp_desk.desk import Desk

log = logging.getLogger(__name__)

RecordedAt = city_store.RecordedAt
RecordStatus = city_store.RecordStatus

# The refusals of the city's truth at the desk, in both languages.
CITY_TEXTS: dict[str, Text] = {
    "published_list": Text(
        "daftar penduduk terbitan Disdukcapil versi {version} tidak terbaca: {detail}",
        "Disdukcapil's published resident list version {version} cannot be read: {detail}",
    ),
    "published_applies": Text(
        "kecamatan ini memakai daftar penduduk terbitan Disdukcapil (versi {version}); "
        "impor daftar sendiri hanya dengan --replace-published",
        "this kecamatan uses Disdukcapil's published resident list (version {version}); "
        "import a list of your own only with --replace-published",
    ),
    "recorded_elsewhere": Text(
        "NIK {nik} sudah direkam di {desk}, {day}; tambahkan tetap bila memang perlu",
        "NIK {nik} was already recorded at {desk}, {day}; add anyway if it must be",
    ),
    "not_correctable": Text(
        "rekaman {record_id} {state}: hanya rekaman yang ditolak, dibatalkan atau NIK ganda"
        " yang dapat dikoreksi",
        "recording {record_id} is {state}: only a rejected, voided or duplicate-NIK"
        " recording can be corrected",
    ),
    "already_corrected": Text(
        "rekaman {record_id} sudah dikoreksi oleh rekaman {by}",
        "recording {record_id} was already corrected by recording {by}",
    ),
    "status_bundle": Text(
        "{file} bukan berkas status yang dapat diterapkan di desk ini: {detail}",
        "{file} is not a status file this desk can apply: {detail}",
    ),
}


class CityError(DeskError):
    code = "city"
    catalogue = CITY_TEXTS


@dataclass(frozen=True, slots=True)
class PublishedApplied:
    version: int
    residents: int
    added: int
    changed: int
    removed: int
    rejected: int


class City:
    """`desk.city`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.session = desk.session

    def recorded_at(self, nik: str) -> RecordedAt | None:
        """Where and when the NIK was recorded (here or at another desk), if it was."""
        return city_store.recorded_anywhere(
            self.session.connection, nik, desk_id=self.session.desk_id
        )

    def record_status(self, record_id: str) -> RecordStatus | None:
        """The hub's word on a record: its state, reason and case (none before a pull)."""
        return city_store.record_status(self.session.connection, record_id)

    def cases(self) -> dict[str, int]:
        """Duplicate cases naming this desk's records: {"open": N, "resolved": M}."""
        return city_store.case_counts(self.session.connection, desk_id=self.session.desk_id)

    def published_version(self) -> int | None:
        return city_store.published_version(self.session.connection)

    def apply_published(self, csv_text: str, version: int) -> PublishedApplied:
        """Disdukcapil's list for the kecamatan in place of the desk's: every valid row of
        it, the rest (and the residents no longer on it) gone; all in one transaction."""
        fd, name = tempfile.mkstemp(prefix=".published-", suffix=".csv", dir=self.desk.data_dir)
        path = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(csv_text)
            plan = read_residents(
                path,
                context=self.session.context(),
                today=self.session.today(),
                limits=ImportLimits(max_rows=10_000_000),
            )
        except ImportFileError as exc:
            raise CityError("published_list", version=version, detail=exc) from None
        finally:
            path.unlink(missing_ok=True)
        now = iso(self.session.now())
        conn = self.session.connection
        try:
            with self.session.transaction():
                added, changed, removed = resident_store.replace_all(conn, plan.rows, at=now)
                city_store.set_published_version(conn, version)
                self.session.audit(
                    "residents.publish",
                    str(version),
                    residents=len(plan.rows),
                    added=added,
                    changed=changed,
                    removed=removed,
                    rejected=plan.rejected_rows,
                )
        except sqlite3.OperationalError as exc:
            raise store_failure(
                exc, Text("daftar terbitan tidak diterapkan", "the published list was not applied")
            ) from exc
        log.info(
            "published list v%d applied: %d residents (%d added, %d changed, %d removed)",
            version, len(plan.rows), added, changed, removed,
        )  # fmt: skip
        return PublishedApplied(
            version, len(plan.rows), added, changed, removed, plan.rejected_rows
        )

    def import_status(self, path: Path) -> dict[str, object]:
        """A status bundle carried from the hub to a desk with no link: checked as made for
        this desk by its hub, then applied as a sync's pull would be (rows and cursor in one
        transaction; the published list when newer than the one applied here)."""
        self.session.require(Permission.TRANSFER_BUNDLES)
        token = self.desk.hub.token()
        if not token:
            raise DeskError("bundle_no_hub_import")
        try:
            bundle = read_status_bundle(path, desk_id=self.session.desk_id, key=bundle_key(token))
        except StatusError as exc:
            raise CityError("status_bundle", file=path.name, detail=exc) from None
        if bundle.kecamatan != self.session.kecamatan:
            detail = f"it is for kecamatan {bundle.kecamatan}"
            raise CityError("status_bundle", file=path.name, detail=detail)
        conn = self.session.connection
        try:
            applied = apply_status(conn, bundle.rows, bundle.cases, cursor=bundle.cursor)
        except sqlite3.OperationalError as exc:
            raise store_failure(
                exc, Text("berkas status tidak diterapkan", "the status file was not applied")
            ) from exc
        published: PublishedApplied | None = None
        have = self.published_version()
        offered, csv_text = bundle.published, bundle.published_csv
        if offered is not None and csv_text is not None and (have or 0) < offered.version:
            published = self.apply_published(csv_text, offered.version)
        with self.session.transaction():
            self.session.audit(
                "status.import",
                path.name,
                rows=applied,
                cursor=bundle.cursor,
                published=published.version if published else None,
            )
        return {
            "kind": "ektp-status",
            "file": str(path),
            "created_at": bundle.created_at,
            "rows": applied,
            "cases": len(bundle.cases),
            "cursor": bundle.cursor,
            "published": asdict(published) if published else None,
        }
