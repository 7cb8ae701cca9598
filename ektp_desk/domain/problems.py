"""What the clerk is told, in both languages: a validation problem (which field, how bad),
a text, and the base of every error whose message is a coded text."""

from __future__ import annotations

from collections.abc import Mapping
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


@dataclass(frozen=True, slots=True)
class Text:
    """One message in both languages, side by side; `{name}` fields are filled by `format`.
    Printed (the CLI, logs) it is the English."""

    id: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.id

    def __str__(self) -> str:
        return self.en


def in_language(value: object, language: str) -> object:
    """A parameter as the reader of `language` sees it: texts and coded errors in their
    language, anything else (a path, a number) as it is."""
    if isinstance(value, Text):
        return value.get(language)
    if isinstance(value, CodedError):
        return value.text(language)
    if isinstance(value, Problem):
        return value.message(language)
    return value


class CodedError(Exception):
    """An error whose every message is one entry of its class's `catalogue`, by its `key`:
    the text in both languages. `code` is the kind of error (for logs and scripts).
    `str(error)` is the English (what the CLI prints); the window shows
    `error.text(language)`. An unknown key or a missing field fails where the error is made,
    and tests/unit/desk/test_error_texts.py checks every place that makes one."""

    code = "error"
    catalogue: Mapping[str, Text] = {}

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def __reduce__(self) -> tuple[object, ...]:
        # Copied or pickled, an error keeps its key and fields (its class's __init__ takes
        # those, not the message Exception would hand back).
        return (_remade, (type(self), self.args, self.__dict__))

    def text(self, language: str) -> str:
        template = self.catalogue[self.key].get(language)
        return template.format(**{k: in_language(v, language) for k, v in self.params.items()})


def _remade(
    cls: type[CodedError], args: tuple[object, ...], state: dict[str, object]
) -> CodedError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error
