"""The codes printed as QR on the desk's paper: a body, a dot and one check character.

A USB barcode scanner types what it reads into whichever field has the focus, so the
window must tell a scanned code from a typed name or NIK, and a misread from a good read.
The check character is Luhn mod 36 over 0-9A-Z (case is ignored, as some scanners change
it), which catches every single wrong character and every swap of two neighbours but 0
with Z (no record id or NIK holds a Z).
"""

from __future__ import annotations

import re

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_N = len(_ALPHABET)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_NIK = re.compile(r"\d{16}")


def _digits(body: str) -> list[int]:
    # Characters outside the alphabet (the record id's hyphens) carry no value of their own
    # but keep their place, so a hyphen moved is still a different code.
    return [_ALPHABET.find(c) if c in _ALPHABET else 0 for c in body.upper()]


def check_character(body: str) -> str:
    """The Luhn mod 36 check character of `body`."""
    factor, total = 2, 0
    for value in reversed(_digits(body)):
        addend = factor * value
        total += addend // _N + addend % _N
        factor = 1 if factor == 2 else 2
    return _ALPHABET[(_N - total % _N) % _N]


def with_check(body: str) -> str:
    return f"{body}.{check_character(body)}"


def checked_body(text: str) -> str | None:
    """The body of a scanned `BODY.C`, or None if `text` is no such code or its check
    character does not match."""
    body, dot, check = text.strip().rpartition(".")
    if not dot or not body or len(check) != 1:
        return None
    return body if check.upper() == check_character(body) else None


def receipt_code(record_id: str) -> str:
    """The receipt's QR: the record id, a dot and its check character."""
    return with_check(record_id)


def record_id_of(text: str) -> str | None:
    """The record id a receipt's QR holds, if `text` is one read right."""
    body = checked_body(text)
    return body.lower() if body is not None and _UUID.fullmatch(body.lower()) else None


def invitation_code(nik: str) -> str:
    """The invitation's QR: the resident's NIK, a dot and its check character."""
    return with_check(nik)


def nik_of(text: str) -> str | None:
    """The NIK an invitation's QR holds, if `text` is one read right."""
    body = checked_body(text)
    return body if body is not None and _NIK.fullmatch(body) else None


def ticket_code(desk_id: str, day: str, label: str) -> str:
    """The ticket's QR: desk, day and number, with a check character."""
    return with_check(f"{desk_id}/{day}/{label}")
