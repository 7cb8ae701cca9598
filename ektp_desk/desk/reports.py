"""The reports: the tally of a date or range with the progress to the deadline, the
outreach list, and their export (audited)."""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ektp_desk.desk.errors import DeskError, FileInUse
from ektp_desk.domain.accounts import Permission
from ektp_desk.domain.moments import iso
from ektp_desk.domain.workdays import Holidays, HolidaysError, load_holidays
from ektp_desk.fsutil import TargetInUse
from ektp_desk.reports import writers as report_writers
from ektp_desk.reports.cells import CSV_STYLES
from ektp_desk.reports.outreach import outreach_list, write_outreach_xlsx
from ektp_desk.reports.tally import Tally, compute_progress, compute_tally, default_deadline

if TYPE_CHECKING:
    from ektp_desk.desk import Desk

log = logging.getLogger(__name__)


class Reports:
    """`desk.reports`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.session = desk.session

    def deadline(self) -> date:
        text = self.session.settings.get("deadline")
        return date.fromisoformat(text) if text else default_deadline(self.session.today())

    def holidays(self) -> Holidays:
        """The holidays the working days leave out: the admin's file, else the shipped list."""
        path = self.session.settings.get("holidays_file")
        try:
            return load_holidays(path)
        except HolidaysError as exc:
            raise DeskError("holidays_file", detail=exc) from None

    def tally(self, date_from: date, date_to: date | None = None) -> Tally:
        """The tally of a date or range, with the progress to the deadline as of its end."""
        self.session.require(Permission.EXPORT)
        date_to = date_to or date_from
        if date_to < date_from:
            raise DeskError("period_backwards", date_to=date_to, date_from=date_from)
        counted = compute_tally(
            self.session.connection,
            date_from=date_from,
            date_to=date_to,
            desk_id=self.session.desk_id,
            kecamatan=self.session.kecamatan,
            kelurahan_codes=[code for code, _ in self.session.kelurahan_list()],
        )
        target = self.session.settings.get("target")
        return dataclasses.replace(
            counted,
            kecamatan_name=self.session.regions.name(self.session.kecamatan),
            generated_at=iso(self.session.now()),
            progress=compute_progress(
                self.session.connection,
                as_of=date_to,
                target=int(target) if target else None,
                deadline=self.deadline(),
                holidays=self.holidays(),
            ),
        )

    def export_tally(
        self,
        fmt: str,
        target: Path,
        date_from: date,
        date_to: date | None = None,
        *,
        pdf_writer: Callable[..., None] | None = None,
        csv_style: str = report_writers.DEFAULT_CSV_STYLE,
    ) -> Tally:
        """Write the tally as csv (in `csv_style`: "excel-id" or "standard"), xlsx, json or
        pdf (the PDF writer is Qt's, so the window or the CLI hands it in; it gets the
        desk's letterhead and signatories), and audit the export."""
        if csv_style not in CSV_STYLES:
            raise DeskError("csv_style", style=csv_style)
        tally = self.tally(date_from, date_to)
        self._write_report(tally, fmt, target, pdf_writer=pdf_writer, csv_style=csv_style)
        self.record_export(
            "tally", fmt, target, date_from=tally.date_from, date_to=tally.date_to,
            total=tally.total,
        )  # fmt: skip
        return tally

    def _write_report(
        self,
        tally: Tally,
        fmt: str,
        target: Path,
        *,
        pdf_writer: Callable[..., None] | None,
        csv_style: str,
    ) -> None:
        writer = report_writers.WRITERS.get(fmt)
        if writer is None and fmt == "pdf" and pdf_writer is not None:
            frame = self.desk.paper.frame()
            writer = lambda tally, target: pdf_writer(tally, target, frame=frame)  # noqa: E731
        if fmt == "csv":
            writer = functools.partial(report_writers.write_csv, style=csv_style)
        if writer is None:
            raise DeskError("report_format", fmt=fmt)
        try:
            writer(tally, target)
        except TargetInUse:
            raise FileInUse("file_in_use", target=target) from None
        except OSError as exc:
            raise DeskError("cannot_write", target=target, detail=exc.strerror or exc) from None

    def record_export(self, kind: str, fmt: str, target: Path, **detail: object) -> None:
        with self.session.transaction():
            self.session.audit(f"export.{kind}", target.name, format=fmt, **detail)

    def outreach(self, kelurahan: str | None = None) -> dict[str, list[dict[str, Any]]]:
        self.session.require(Permission.EXPORT)
        return outreach_list(
            self.session.connection,
            kecamatan=self.session.kecamatan,
            as_of=self.session.today(),
            deadline=self.deadline(),
            kelurahan=kelurahan,
        )

    def export_outreach(
        self,
        fmt: str,
        target: Path,
        *,
        kelurahan: str | None = None,
        pdf_writer: Callable[..., None] | None = None,
    ) -> int:
        lists = self.outreach(kelurahan)
        try:
            if fmt == "xlsx":
                write_outreach_xlsx(lists, target)
            elif fmt == "pdf" and pdf_writer is not None:
                pdf_writer(
                    lists,
                    target,
                    deadline=self.deadline().isoformat(),
                    frame=self.desk.paper.frame(),
                )
            else:
                raise DeskError("outreach_format", fmt=fmt)
        except TargetInUse:
            raise FileInUse("file_in_use", target=target) from None
        except OSError as exc:
            raise DeskError("cannot_write", target=target, detail=exc.strerror or exc) from None
        people = sum(len(v) for v in lists.values())
        self.record_export("outreach", fmt, target, kelurahan=kelurahan, people=people)
        return people
