"""The reference list of residents: imported from a CSV/XLSX file or given as rows,
searched, looked up."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ektp_desk.desk.city import CityError
from ektp_desk.desk.errors import ValidationFailed, store_failure
from ektp_desk.domain.accounts import Permission
from ektp_desk.domain.moments import iso
from ektp_desk.domain.problems import Text, error
from ektp_desk.domain.recording import normalize_biodata
from ektp_desk.fsutil import TargetInUse, free_name
from ektp_desk.imports import (
    REQUIRED_COLUMNS,
    ImportLimits,
    ImportPlan,
    error_report_path,
    read_residents,
    write_error_report,
)
from ektp_desk.store import city as city_store
from ektp_desk.store import recordings as recording_store
from ektp_desk.store import residents as resident_store

if TYPE_CHECKING:
    from ektp_desk.desk import Desk

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ImportResult:
    imported: int
    inserted: int
    updated: int
    rejected: int
    report: Path | None
    plan: ImportPlan
    warnings: int = 0  # of rows imported, listed in the report after the rejected rows


class Residents:
    """`desk.residents`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.session = desk.session

    def import_file(self, path: Path, *, replace_published: bool = False) -> ImportResult:
        """Import a CSV/XLSX reference list: every valid row in one transaction, an error
        report next to the file for the rest (under the next free name when the last one is
        open in another program). Raises ImportFileError for an unusable file. Once
        Disdukcapil's published list is applied, only with `replace_published`."""
        self.session.require(Permission.IMPORT_RESIDENTS)
        published = city_store.published_version(self.session.connection)
        if published is not None and not replace_published:
            raise CityError("published_applies", version=published)
        plan = read_residents(
            path,
            context=self.session.context(),
            today=self.session.today(),
            limits=ImportLimits.from_settings(self.session.settings),
        )
        report: Path | None = None
        report_path = error_report_path(path)
        if plan.problems or plan.warnings:
            written = partial(
                write_error_report,
                problems=plan.problems,
                unreported=plan.unreported_rows,
                warnings=plan.warnings,
            )
            try:
                written(report_path)
            except TargetInUse:  # the last report, open in Excel while its rows were fixed
                report_path = free_name(report_path)
                written(report_path)
            report = report_path
        inserted, updated = self._store(plan.rows, source=path.name, rejected=plan.rejected_rows)
        return ImportResult(
            imported=len(plan.rows),
            inserted=inserted,
            updated=updated,
            rejected=plan.rejected_rows,
            report=report,
            plan=plan,
            warnings=plan.warning_count,
        )

    def add(self, rows: Iterable[Mapping[str, object]], *, source: str) -> int:
        """Validate and store residents given as field mappings (all or none); returns how
        many. Used for generated demo lists; files go through `import_residents`."""
        self.session.require(Permission.IMPORT_RESIDENTS)
        context, today = self.session.context(), self.session.today()
        valid: list[dict[str, str]] = []
        for number, row in enumerate(rows, start=1):
            biodata, _, problems = normalize_biodata(
                row, context=context, reference=today, required=REQUIRED_COLUMNS
            )
            errors = [p for p in problems if p.is_error]
            if errors:
                raise ValidationFailed(
                    [
                        error(
                            p.field,
                            p.code,
                            f"baris {number}: {p.message_id}",
                            f"row {number}: {p.message_en}",
                        )
                        for p in errors
                    ]
                )
            valid.append(biodata)
        self._store(valid, source=source, rejected=0)
        return len(valid)

    def _store(self, rows: list[dict[str, str]], *, source: str, rejected: int) -> tuple[int, int]:
        now = iso(self.session.now())
        try:
            with self.session.transaction():
                inserted, updated = resident_store.upsert_many(
                    self.session.connection, rows, at=now
                )
                self.session.audit(
                    "residents.import",
                    source,
                    inserted=inserted,
                    updated=updated,
                    rejected=rejected,
                )
        except sqlite3.OperationalError as exc:
            raise store_failure(
                exc, Text("tidak ada penduduk yang diimpor", "no resident was imported")
            ) from exc
        return inserted, updated

    def search(self, text: str, *, limit: int = 20) -> list[resident_store.Resident]:
        self.session.require_user()
        return resident_store.search(self.session.connection, text, limit=limit)

    def count(self) -> int:
        """Residents on the desk's list."""
        return resident_store.count(self.session.connection)

    def recorded_on(self, nik: str) -> str | None:
        """The local date this NIK was recorded at this desk (not voided), if it was."""
        previous = recording_store.active_for_nik(self.session.connection, nik)
        return previous[1] if previous else None

    def get(self, nik: str) -> resident_store.Resident | None:
        return resident_store.get(self.session.connection, nik)
