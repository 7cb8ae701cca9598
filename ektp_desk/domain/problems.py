"""A validation problem: which field, how bad, and what to tell the clerk in both languages."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    code: str
    message_id: str
    message_en: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def message(self, language: str = "id") -> str:
        return self.message_en if language == "en" else self.message_id

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "code": self.code,
            "severity": self.severity.value,
            "message_id": self.message_id,
            "message_en": self.message_en,
        }

    def __str__(self) -> str:
        return f"{self.field}: {self.message_id} / {self.message_en}"


def error(field: str, code: str, message_id: str, message_en: str) -> Problem:
    return Problem(field, code, message_id, message_en, Severity.ERROR)


def warning(field: str, code: str, message_id: str, message_en: str) -> Problem:
    return Problem(field, code, message_id, message_en, Severity.WARNING)


def errors_in(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def unknown_field(field: str) -> Problem:
    return error(
        field, "unknown_field", f"Kolom '{field}' tidak dikenal.", f"Unknown field '{field}'."
    )
