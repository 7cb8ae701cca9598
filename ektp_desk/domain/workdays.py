"""Working days to the deadline: every day but Sundays, national holidays and cuti bersama.
The office's service days, on which residents are invited, are fewer: Monday to Friday
less the same holidays (`office_days`).

The government's list ships as `resources/holidays/hari_libur_2026_2027.csv` (`date,name`);
an admin replaces it with a file of the same form (desk setting `holidays_file`, hub
`--holidays`). A file with a bad line is refused whole, naming the line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ektp_desk.paths import resources_dir

DEFAULT_FILE = Path("holidays") / "hari_libur_2026_2027.csv"
MAX_FILE_BYTES = 1_000_000
SATURDAY = 5
SUNDAY = 6


class HolidaysError(ValueError):
    """The holidays file cannot be read; the text names the file and the line."""


@dataclass(frozen=True, slots=True)
class Holidays:
    days: dict[date, str]
    source: str

    @property
    def years(self) -> list[int]:
        return sorted({d.year for d in self.days})

    def name(self, day: date) -> str | None:
        return self.days.get(day)


def parse_holidays(text: str, source: str) -> Holidays:
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(rows, None)
    if header is None or [h.strip().lower() for h in header[:2]] != ["date", "name"]:
        raise HolidaysError(f"{source}: the first line must be the header 'date,name'")
    days: dict[date, str] = {}
    for number, row in enumerate(rows, start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise HolidaysError(f"{source}, line {number}: expected 2 columns (date,name)")
        try:
            day = date.fromisoformat(row[0].strip())
        except ValueError:
            raise HolidaysError(
                f"{source}, line {number}: {row[0]!r} is not a date YYYY-MM-DD"
            ) from None
        if not row[1].strip():
            raise HolidaysError(f"{source}, line {number}: the holiday has no name")
        days[day] = row[1].strip()
    return Holidays(days, source)


def load_holidays(path: Path | str | None = None) -> Holidays:
    """The holidays of `path`, or the shipped list."""
    file = Path(path) if path else resources_dir() / DEFAULT_FILE
    try:
        with file.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise HolidaysError(f"{file}: cannot read the holidays file ({exc.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise HolidaysError(f"{file}: larger than {MAX_FILE_BYTES} bytes, not a holidays list")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HolidaysError(f"{file}: not UTF-8 text") from None
    return parse_holidays(text, str(file))


def working_days(start: date, end: date, holidays: Holidays) -> int:
    """Working days from `start` to `end`, both included (0 when `end` is before `start`)."""
    if end < start:
        return 0
    span = (end - start).days + 1
    weeks, rest = divmod(span, 7)
    count = weeks * 6 + sum(
        1 for i in range(rest) if (start + timedelta(days=i)).weekday() != SUNDAY
    )
    return count - sum(1 for d in holidays.days if start <= d <= end and d.weekday() != SUNDAY)


def office_days(start: date, last: date, holidays: Holidays) -> list[date]:
    """The days the office serves invited residents, from `start` to `last` (both
    included): Monday to Friday, less national holidays and cuti bersama."""
    days = []
    day = start
    while day <= last:
        if day.weekday() < SATURDAY and day not in holidays.days:
            days.append(day)
        day += timedelta(days=1)
    return days
