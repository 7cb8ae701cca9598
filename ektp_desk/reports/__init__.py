"""Supervisor reports: the tally of a day or a range and the progress to the deadline
(`tally`), the outreach list (`outreach`), and their CSV / XLSX / JSON writers (`writers`,
with `cells` keeping spreadsheet cells data). The PDF writer uses Qt and lives in
ektp_desk/ui."""

from __future__ import annotations


class ReportError(Exception):
    """A report that cannot be made as asked; the message says why."""
