"""What the waiting room hears when a ticket is called: the ticket's label read digit by
digit and the desk's number in Indonesian words ("Nomor antrian A nol nol satu, silakan
ke meja satu")."""

from __future__ import annotations

import re

DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ((1_000_000_000, "miliar"), (1_000_000, "juta"), (1000, "ribu"), (100, "ratus"))


def number_words(n: int) -> str:
    """`n` (0 or more) in Indonesian words: 11 "sebelas", 100 "seratus", 1000 "seribu"."""
    if n < 0:
        raise ValueError("a negative number has no ticket or desk")
    if n < 10:
        return DIGITS[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{DIGITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{DIGITS[tens]} puluh" + (f" {DIGITS[rest]}" if rest else "")
    for scale, word in _SCALES:
        if n >= scale:
            head, rest = divmod(n, scale)
            # "se-" for one of a hundred or a thousand; one million is "satu juta".
            lead = f"se{word}" if head == 1 and scale <= 1000 else f"{number_words(head)} {word}"
            return lead + (f" {number_words(rest)}" if rest else "")
    raise AssertionError("unreachable")  # pragma: no cover


def label_words(label: str) -> str:
    """A ticket label as it is read out: letters as they are, each digit by its name, so
    "A001" is "A nol nol satu" (as a resident reads the ticket in their hand)."""
    return " ".join(DIGITS[int(c)] if c.isdigit() else c.upper() for c in label if c.isalnum())


def desk_words(desk_id: str) -> str:
    """A desk's name as it is read out: the number its id ends with in words
    ("PALU-BARAT-1" is "satu", "MEJA12" is "dua belas"); an id without a number is read
    as its parts ("LOKET-A" is "loket A")."""
    found = re.search(r"(\d+)$", desk_id)
    if found is not None:
        return number_words(int(found.group(1)))
    return " ".join(
        part.lower() if len(part) > 1 else part for part in re.split(r"[-_ ]+", desk_id) if part
    )


def call_text(label: str, desk_id: str) -> str:
    """The sentence spoken when ticket `label` is called to desk `desk_id`."""
    return f"Nomor antrian {label_words(label)}, silakan ke meja {desk_words(desk_id)}"
