"""The desk's adjustable settings, in one table: key, type, default, rule and help text.

`ektp-desk settings set KEY VALUE` and the window change them through
`Desk.change_setting`, which checks the value against the rule here; the README's list of
settings is this table. A default of None means the setting is unset until chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ektp_desk.capture import CAPTURE_RETRIES, QUALITY_MIN
from ektp_desk.desk.errors import DeskError
from ektp_desk.domain.eligibility import DEFAULT_MARRIAGE_MIN_AGE
from ektp_desk.domain.workdays import HolidaysError, load_holidays
from ektp_desk.imports import DEFAULT_MAX_CELL_CHARS, DEFAULT_MAX_INFLATED_MB, DEFAULT_MAX_ROWS
from ektp_desk.sync import DEFAULT_PURGE_DAYS

Rule = Callable[[str], str | None]

DEFAULT_LOCKOUT_ATTEMPTS = 5
DEFAULT_LOCKOUT_MINUTES = 5
DEFAULT_DISK_WARN_MB = 2048
DEFAULT_DISK_FLOOR_MB = 200
DEFAULT_IDLE_LOCK_MINUTES = 5
DEFAULT_BACKUP_KEEP = 7
DEFAULT_DAILY_CAPACITY = 40


def parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DeskError("unknown_zone", name=name) from None


def _int_rule(low: int, high: int) -> Rule:
    def check(value: str) -> str | None:
        if not value.isdigit() or not low <= int(value) <= high:
            return f"must be a whole number from {low} to {high}"
        return None

    return check


def _fingerprints_rule(value: str) -> str | None:
    """Trusted SBI device certificates: SHA-256 fingerprints, comma-separated."""
    parts = [p.strip().lower() for p in value.split(",") if p.strip()]
    if not all(len(p) == 64 and all(c in "0123456789abcdef" for c in p) for p in parts):
        return "give SHA-256 certificate fingerprints (64 hex digits), comma-separated"
    return None


def _date_rule(value: str) -> str | None:
    try:
        date.fromisoformat(value)
    except ValueError:
        return "must be a date, YYYY-MM-DD"
    return None


def _zone_rule(value: str) -> str | None:
    try:
        parse_zone(value)
    except DeskError as exc:
        return str(exc)
    return None


def _text_rule(most: int) -> Rule:
    def check(value: str) -> str | None:
        if not value.strip() or len(value) > most:
            return f"must be text of 1 to {most} characters"
        return None

    return check


def _nip_rule(value: str) -> str | None:
    """A civil servant's NIP: 18 digits (spaces between groups allowed)."""
    digits = value.replace(" ", "")
    return None if digits.isdigit() and len(digits) == 18 else "must be an NIP of 18 digits"


def _holidays_rule(value: str) -> str | None:
    """A holidays file the program can read (`domain.workdays`), checked when it is set."""
    try:
        load_holidays(value.strip())
    except HolidaysError as exc:
        return str(exc)
    return None


def _one_of(*choices: str) -> Rule:
    def check(value: str) -> str | None:
        return None if value in choices else f"must be {' or '.join(choices)}"

    return check


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    type: str  # "int", "date", "zone", "choice", "text"
    default: str | None
    rule: Rule
    help: str


def _int(key: str, low: int, high: int, default: int | None, help: str) -> Setting:
    return Setting(
        key, "int", None if default is None else str(default), _int_rule(low, high), help
    )


SETTINGS: tuple[Setting, ...] = (
    _int("target", 0, 10_000_000, None, "residents to record by the deadline (the tally's target)"),
    _int("lockout_attempts", 1, 50, DEFAULT_LOCKOUT_ATTEMPTS, "failed log-ins before a lock"),
    _int("lockout_minutes", 1, 24 * 60, DEFAULT_LOCKOUT_MINUTES, "how long a lock lasts"),
    _int("idle_lock_minutes", 1, 240, DEFAULT_IDLE_LOCK_MINUTES, "idle minutes, then the lock"),
    Setting("timezone", "zone", None, _zone_rule, "the desk's time zone (from the kecamatan)"),
    _int("purge_after_days", 0, 3650, DEFAULT_PURGE_DAYS, "days an acked payload is kept"),
    Setting("language", "choice", "id", _one_of("id", "en"), "the window's language"),
    Setting("deadline", "date", None, _date_rule, "the recording deadline, YYYY-MM-DD"),
    Setting(
        "holidays_file",
        "text",
        None,
        _holidays_rule,
        "a CSV (date,name) of holidays replacing the shipped 2026-2027 list",
    ),
    _int("quality_finger_min", 0, 100, QUALITY_MIN["Finger"], "the lowest finger quality taken"),
    _int("quality_iris_min", 0, 100, QUALITY_MIN["Iris"], "the lowest iris quality taken"),
    _int("capture_retries", 1, 10, CAPTURE_RETRIES, "captures tried before an exception"),
    Setting("sbi_trusted", "text", None, _fingerprints_rule, "trusted SBI certificates"),
    Setting("capture_device", "choice", None, _one_of("simulated", "sbi"), "the capture devices"),
    Setting(
        "backup_folder",
        "text",
        None,
        lambda v: None if v.strip() else "give a folder",
        "where the daily automatic backup goes",
    ),
    _int("backup_keep", 1, 365, DEFAULT_BACKUP_KEEP, "automatic backups kept"),
    _int("disk_warn_mb", 0, 10_000_000, DEFAULT_DISK_WARN_MB, "free MB below which it warns"),
    _int("disk_floor_mb", 0, 10_000_000, DEFAULT_DISK_FLOOR_MB, "free MB below which no save"),
    _int("import_max_rows", 1, 100_000_000, DEFAULT_MAX_ROWS, "rows read from one list"),
    _int("import_max_cell_chars", 16, 1_000_000, DEFAULT_MAX_CELL_CHARS, "characters a cell"),
    _int("import_max_inflated_mb", 1, 1_000_000, DEFAULT_MAX_INFLATED_MB, "an XLSX unpacked"),
    _int("marriage_min_age", 10, 19, DEFAULT_MARRIAGE_MIN_AGE, "youngest age married (SIAK)"),
    # Paper: tickets, receipts, invitations and the reports' frame.
    Setting(
        "ticket_print", "choice", "off", _one_of("off", "ask", "always"), "a ticket on joining"
    ),
    Setting("ticket_paper", "choice", "80mm", _one_of("58mm", "80mm", "a6"), "the ticket's paper"),
    Setting("receipt_paper", "choice", "a4", _one_of("80mm", "a6", "a4"), "the receipt's paper"),
    _int("daily_capacity", 1, 1000, DEFAULT_DAILY_CAPACITY, "residents invited a working day"),
    Setting(
        "letterhead", "text", None, _text_rule(400), "the reports' letterhead, lines split by |"
    ),
    Setting("report_place", "text", None, _text_rule(60), "the place above the signatures"),
    Setting("supervisor_name", "text", None, _text_rule(80), "the supervisor who signs reports"),
    Setting("supervisor_nip", "text", None, _nip_rule, "the signing supervisor's NIP"),
    Setting("camat_name", "text", None, _text_rule(80), "the camat who signs reports"),
    Setting("camat_nip", "text", None, _nip_rule, "the camat's NIP"),
)
BY_KEY = {s.key: s for s in SETTINGS}
ADJUSTABLE_SETTINGS: dict[str, Rule] = {s.key: s.rule for s in SETTINGS}


def value_of(settings: Mapping[str, str], key: str) -> str | None:
    """A setting's value: the one chosen, else the table's default (None: unset)."""
    chosen = settings.get(key)
    return chosen if chosen is not None else BY_KEY[key].default


def int_of(settings: Mapping[str, str], key: str) -> int:
    """An int setting's value (chosen, else the table's default)."""
    value = value_of(settings, key)
    if value is None:
        raise DeskError("setting_no_value", key=key)
    return int(value)


def checked(key: str, value: str) -> str:
    """The value stripped, if the setting is adjustable and the value keeps its rule."""
    setting = BY_KEY.get(key)
    if setting is None:
        raise DeskError("setting_unknown", key=key, adjustable=", ".join(ADJUSTABLE_SETTINGS))
    value = value.strip()
    problem = setting.rule(value)
    if problem:
        raise DeskError("setting_refused", key=key, problem=problem)
    return value
