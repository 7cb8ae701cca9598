"""A foreign resident's stay permit on the KTP-el: a WNA's card carries the KITAP number and
is valid until the permit ends ("berlaku hingga" that date); a WNI's is valid for life
("SEUMUR HIDUP"). The two permit fields are optional in the biodata: only a WNA has them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from ektp_desk.domain.problems import Problem, error

PERMIT_FIELDS = ("no_kitap", "kitap_berlaku")
FOR_LIFE = "SEUMUR HIDUP"
_KITAP_RE = re.compile(r"^[A-Z0-9][A-Z0-9./-]{4,29}$")


def valid_until(biodata: Mapping[str, str]) -> str:
    """What the card prints under "berlaku hingga": SEUMUR HIDUP for a WNI, the end of the
    permit (DD-MM-YYYY) for a WNA."""
    if biodata.get("kewarganegaraan") != "WNA" or "kitap_berlaku" not in biodata:
        return FOR_LIFE
    return f"{date.fromisoformat(biodata['kitap_berlaku']):%d-%m-%Y}"


def check_permit(
    texts: Mapping[str, str | None],
    *,
    citizenship: str | None,
    reference: date,
    out: dict[str, str],
    problems: list[Problem],
) -> None:
    """A WNA needs the KITAP number and its end date, not past on the recording date; a
    WNI has neither. What passes goes into `out`, the rest into `problems`."""
    number, until = texts.get("no_kitap"), texts.get("kitap_berlaku")
    if citizenship != "WNA":
        if (number or until) and citizenship == "WNI":
            problems.append(
                error(
                    "no_kitap" if number else "kitap_berlaku",
                    "permit_for_wni",
                    "KITAP hanya untuk WNA; KTP-el WNI berlaku seumur hidup.",
                    "A KITAP is for a WNA only; a WNI's KTP-el is valid for life.",
                )
            )
        return
    _check_number(number, out, problems)
    _check_until(until, reference, out, problems)


def _check_number(number: str | None, out: dict[str, str], problems: list[Problem]) -> None:
    if number is None:
        problems.append(
            error(
                "no_kitap",
                "permit_required",
                "WNA wajib menyebut nomor KITAP.",
                "A WNA must give the KITAP number.",
            )
        )
    elif not _KITAP_RE.match(number.upper()):
        problems.append(
            error(
                "no_kitap",
                "permit_format",
                f"Nomor KITAP '{number}' tidak sah (5 sampai 30 huruf, angka, '.', '/', '-').",
                f"KITAP number '{number}' is not valid (5 to 30 letters, digits, '.', '/', '-').",
            )
        )
    else:
        out["no_kitap"] = number.upper()


def _check_until(
    until: str | None, reference: date, out: dict[str, str], problems: list[Problem]
) -> None:
    if until is None:
        problems.append(
            error(
                "kitap_berlaku",
                "permit_required",
                "WNA wajib menyebut masa berlaku KITAP.",
                "A WNA must give the date the KITAP is valid until.",
            )
        )
        return
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", until):
            raise ValueError
        end = date.fromisoformat(until)
    except ValueError:
        problems.append(
            error(
                "kitap_berlaku",
                "date_format",
                f"Masa berlaku KITAP '{until}' bukan tanggal yang sah (format TTTT-BB-HH).",
                f"KITAP validity '{until}' is not a valid date (format YYYY-MM-DD).",
            )
        )
        return
    if end < reference:
        problems.append(
            error(
                "kitap_berlaku",
                "permit_expired",
                f"KITAP sudah berakhir pada {end.isoformat()}; perpanjang dulu.",
                f"The KITAP ended on {end.isoformat()}; it must be renewed first.",
            )
        )
        return
    out["kitap_berlaku"] = end.isoformat()
