"""Supervisor reports: daily tallies, progress to the deadline, the outreach list, and their
CSV / XLSX / JSON writers (the PDF writer uses Qt and lives in ektp_desk/ui)."""

from __future__ import annotations


class ReportError(Exception):
    """A report that cannot be made as asked; the message says why."""
