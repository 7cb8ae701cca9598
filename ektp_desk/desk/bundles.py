"""Bundles: recordings carried on a USB stick, exported from this desk and imported from
another to be forwarded to the hub."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from ektp_desk.desk.errors import DeskError, FileInUse, store_failure
from ektp_desk.domain.accounts import Permission
from ektp_desk.domain.moments import iso
from ektp_desk.domain.problems import Text
from ektp_desk.fsutil import TargetInUse
from ektp_desk.protocol.bundle import (
    BundleEntry,
    BundleError,
    BundleHeader,
    BundleReader,
    bundle_key,
    check_forwardable,
    sign_entry,
    write_bundle,
)
from ektp_desk.protocol.status import is_status_bundle
from ektp_desk.store import bundles as bundle_store
from ektp_desk.store import payloads as payload_store

if TYPE_CHECKING:
    from ektp_desk.desk import Desk

log = logging.getLogger(__name__)


class Bundles:
    """`desk.bundles`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.session = desk.session

    def export(self, target: Path) -> dict[str, object]:
        """Every sealed recording the hub has not acked (this desk's and those it forwards)
        into one bundle file. They stay queued: the hub's word settles them, not the file.
        Allowed on a damaged store too: it only reads, and it is how the records get out."""
        self.session.require(Permission.TRANSFER_BUNDLES, reads_only=True)
        kid = self.session.settings.get("hub_key_id")
        token = self.desk.hub.token() if kid else None
        if not token or not kid:
            raise DeskError("bundle_no_hub_export")
        now = self.session.now()
        conn = self.session.connection
        # One snapshot for the index and the envelopes.
        with self.session.transaction(immediate=False):
            rows = bundle_store.unsent(conn)
            header = self._header(rows, bundle_key(token), kid, iso(now))
            _check_room(target, header.payload_bytes + 1024 * 1024 + len(rows) * 512)
            try:
                size = write_bundle(target, header, bundle_store.payloads(conn, rows))
            except BundleError as exc:
                raise DeskError("bundle_failed", detail=exc) from None
            except TargetInUse:
                raise FileInUse("file_in_use", target=target) from None
        own = [r.record_id for r in rows if r.origin is None]
        summary = header.summary() | {"file": str(target), "file_bytes": size}
        log.info("bundle %s exported: %d records to %s", header.bundle_id, len(rows), target)
        if self.session.damaged is None:
            with self.session.transaction():
                bundle_store.mark_bundled(conn, own, bundle_id=header.bundle_id, at=iso(now))
                self.session.audit(
                    "bundle.export",
                    header.bundle_id,
                    file=target.name,
                    records=len(rows),
                    forwarded=len(rows) - len(own),
                    bytes=size,
                )
        return summary

    def _header(
        self, rows: list[bundle_store.Unsent], key: bytes, kid: str, at: str
    ) -> BundleHeader:
        if not rows:
            clear = payload_store.count_clear(self.session.connection)
            waiting = Text(f" atau menunggu disegel ({clear})", f" or waits to be sealed ({clear})")
            raise DeskError("nothing_to_export", clear=waiting if clear else "")
        desk_id = self.session.desk_id
        entries = tuple(
            sign_entry(
                key,
                BundleEntry(
                    r.record_id, desk_id, r.nik, r.finalized_at, r.recorded_on,
                    r.sha256, r.size, "", approval=r.approval, replaces=r.replaces,
                ),
            )
            if r.origin is None
            else BundleEntry(
                r.record_id, r.origin, r.nik, r.finalized_at, r.recorded_on, r.sha256,
                r.size, r.mac or "", approval=r.approval, replaces=r.replaces,
            )
            for r in rows
        )  # fmt: skip
        return BundleHeader(
            bundle_id=str(uuid.uuid4()),
            desk_id=desk_id,
            kecamatan=self.session.kecamatan,
            created_at=at,
            key_id=kid,
            entries=entries,
        )

    def import_file(self, path: Path) -> dict[str, object]:
        """Another desk's bundle (a laptop back from the villages): its records are kept
        here and forwarded to the hub at the next sync, all or none of them. A status bundle
        from the hub (`ektp-hub bundle export-status`) is applied as a sync's pull would."""
        self.session.require(Permission.TRANSFER_BUNDLES)
        if is_status_bundle(path):
            return self.desk.city.import_status(path)
        kid = self.session.settings.get("hub_key_id")
        if not kid:
            raise DeskError("bundle_no_hub_import")
        try:
            reader = BundleReader(path)
        except BundleError as exc:
            raise DeskError("bundle_unreadable", detail=exc) from None
        self._check_importable(path, reader, kid)
        try:
            new, already, own = self._take(path, reader, kid)
        except BundleError as exc:
            raise DeskError("bundle_unreadable", detail=exc) from None
        except sqlite3.OperationalError as exc:
            raise store_failure(
                exc,
                Text("tidak ada isi bundel yang diimpor", "nothing from the bundle was imported"),
            ) from exc
        header = reader.header
        log.info(
            "bundle %s from %s imported: %d new, %d here already",
            header.bundle_id, header.desk_id, new, already,
        )  # fmt: skip
        return header.summary() | {"new": new, "already_here": already, "own_skipped": own}

    def _check_importable(self, path: Path, reader: BundleReader, kid: str) -> None:
        header = reader.header
        if header.key_id != kid:
            raise DeskError("bundle_other_hub", name=path.name, theirs=header.key_id, ours=kid)
        if header.desk_id == self.session.desk_id:
            raise DeskError("bundle_own", name=path.name)
        from ektp_desk.sync.engine import forwardable_record_bytes

        max_bytes = forwardable_record_bytes()
        for number, entry in enumerate(header.entries, start=1):
            if entry.size > max_bytes:  # before anything is read into memory
                try:
                    check_forwardable(
                        entry, b"", key_id=kid, max_bytes=max_bytes, where=f"record {number}"
                    )
                except BundleError as exc:
                    raise DeskError("bundle_record", name=path.name, detail=exc) from None
        floor, _ = self.desk.health.disk_limits()
        if self.desk.health.disk_free_mb() - reader.size / 2**20 < floor:
            raise DeskError(
                "bundle_no_room", name=path.name, size=f"{reader.size / 2**20:.0f}", floor=floor
            )

    def _take(self, path: Path, reader: BundleReader, kid: str) -> tuple[int, int, int]:
        """The bundle's records kept, in one transaction: (new, here already, own)."""
        conn = self.session.connection
        header = reader.header
        from ektp_desk.sync.engine import forwardable_record_bytes

        max_bytes = forwardable_record_bytes()
        now = iso(self.session.now())
        new = already = own = 0
        with self.session.transaction():
            for number, (entry, envelope) in enumerate(reader.envelopes(), start=1):
                if entry.desk_id == self.session.desk_id:
                    own += 1
                    continue
                check_forwardable(
                    entry, envelope, key_id=kid, max_bytes=max_bytes, where=f"record {number}"
                )
                added = bundle_store.add_forwarded(
                    conn,
                    record_id=entry.record_id,
                    origin=entry.desk_id,
                    bundle_id=header.bundle_id,
                    nik=entry.nik,
                    finalized_at=entry.finalized_at,
                    recorded_on=entry.recorded_on,
                    sha256=entry.sha256,
                    size=entry.size,
                    mac=entry.mac,
                    key_id=header.key_id,
                    envelope=envelope,
                    at=now,
                    approval=entry.approval,
                    replaces=entry.replaces,
                )
                new += added
                already += not added
            user = self.session.user
            bundle_store.add_forwarded_bundle(
                conn,
                bundle_id=header.bundle_id,
                desk_id=header.desk_id,
                kecamatan=header.kecamatan,
                created_at=header.created_at,
                file=path.name,
                records=len(header.entries),
                at=now,
                by=user.name if user else None,
            )
            self.session.audit(
                "bundle.import",
                header.bundle_id,
                file=path.name,
                from_desk=header.desk_id,
                new=new,
                already_here=already,
            )
        return new, already, own

    def forwarded_summary(self) -> list[tuple[str, str, int]]:
        return bundle_store.forwarded_summary(self.session.connection)

    def forwarded(self) -> list[bundle_store.ForwardedBundle]:
        """The bundles of other desks imported here, newest first (supervisor)."""
        self.session.require(Permission.TRANSFER_BUNDLES, reads_only=True)
        return bundle_store.forwarded_bundles(self.session.connection)

    def drop(self, bundle_id: str) -> dict[str, int]:
        """Remove a forwarded bundle: its records and their payloads, whatever their state
        (those the hub holds are not affected there). Audited. Returns the states of the
        records removed."""
        self.session.require(Permission.TRANSFER_BUNDLES)
        bundle_id = bundle_id.strip()
        with self.session.transaction():
            removed = bundle_store.drop_forwarded_bundle(self.session.connection, bundle_id)
            if removed is None:
                raise DeskError("no_forwarded", bundle_id=bundle_id)
            self.session.audit("bundle.drop", bundle_id, records=sum(removed.values()), **removed)
        log.info("forwarded bundle %s dropped: %s", bundle_id, removed)
        return removed


def _check_room(target: Path, need: int) -> None:
    folder = target.parent if target.parent != Path("") else Path(".")
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise DeskError("cannot_write_to", folder=folder, detail=exc.strerror or exc) from None
    if free < need:
        raise DeskError(
            "stick_too_small", folder=folder, free=f"{free / 2**20:.0f}", need=f"{need / 2**20:.0f}"
        )
