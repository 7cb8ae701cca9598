"""The reference list of residents who must record: upsert by NIK, look-up, name search."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ektp_desk.domain.biodata import BIODATA_FIELDS

COLUMNS = BIODATA_FIELDS  # the biodata as the domain lists it, NIK first
_UPDATABLE = [c for c in COLUMNS if c != "nik"]
_UPSERT = (
    f"INSERT INTO residents ({', '.join(COLUMNS)}, imported_at, updated_at)"
    f" VALUES ({', '.join('?' for _ in COLUMNS)}, ?, ?)"
    " ON CONFLICT (nik) DO UPDATE SET "
    + ", ".join(f"{c} = COALESCE(excluded.{c}, {c})" for c in _UPDATABLE)
    + ", updated_at = excluded.updated_at"
)
_WORD_RE = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Resident:
    nik: str
    nama: str
    tanggal_lahir: str
    jenis_kelamin: str
    kelurahan: str | None
    alamat: str | None
    rt: str | None
    rw: str | None
    fields: dict[str, str | None]


def upsert_many(
    conn: sqlite3.Connection, rows: Iterable[Mapping[str, str]], *, at: str
) -> tuple[int, int]:
    """Insert or update residents by NIK; returns (inserted, updated). Call inside a
    transaction. A column absent from a row keeps its stored value."""
    inserted = updated = 0
    exists = conn.cursor()
    for row in rows:
        found = exists.execute("SELECT 1 FROM residents WHERE nik = ?", (row["nik"],)).fetchone()
        conn.execute(_UPSERT, (*(row.get(c) for c in COLUMNS), at, at))
        if found:
            updated += 1
        else:
            inserted += 1
    return inserted, updated


def _resident(row: Any) -> Resident:
    values: dict[str, Any] = dict(zip(COLUMNS, row, strict=True))
    return Resident(
        nik=str(values["nik"]),
        nama=str(values["nama"]),
        tanggal_lahir=str(values["tanggal_lahir"]),
        jenis_kelamin=str(values["jenis_kelamin"]),
        kelurahan=values["kelurahan"],
        alamat=values["alamat"],
        rt=values["rt"],
        rw=values["rw"],
        fields=values,
    )


_SELECT = f"SELECT {', '.join('r.' + c for c in COLUMNS)} FROM residents r"


def get(conn: sqlite3.Connection, nik: str) -> Resident | None:
    row = conn.execute(_SELECT + " WHERE r.nik = ?", (nik,)).fetchone()
    return _resident(row) if row else None


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM residents").fetchone()[0])


def fts_query(text: str) -> str | None:
    """Every word of `text` as a prefix, all required: 'budi san' -> '"budi"* AND "san"*'."""
    words = _WORD_RE.findall(text)
    if not words:
        return None
    return " AND ".join(f'"{w}"*' for w in words)


def search(conn: sqlite3.Connection, text: str, *, limit: int = 20) -> list[Resident]:
    """Residents by NIK prefix (digits) or by the start of any words of their name."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        upper = text[:-1] + chr(ord(text[-1]) + 1)
        rows = conn.execute(
            _SELECT + " WHERE r.nik >= ? AND r.nik < ? ORDER BY r.nik LIMIT ?",
            (text, upper, limit),
        ).fetchall()
        return [_resident(r) for r in rows]
    query = fts_query(text)
    if query is None:
        return []
    rows = conn.execute(
        _SELECT + " JOIN residents_fts f ON f.rowid = r.id WHERE residents_fts MATCH ?"
        " ORDER BY f.rowid LIMIT ?",
        (query, limit),
    ).fetchall()
    return sorted((_resident(r) for r in rows), key=lambda r: (r.nama, r.nik))


def listed(conn: sqlite3.Connection, nik: str) -> bool:
    """The NIK is on the reference list."""
    return conn.execute("SELECT 1 FROM residents WHERE nik = ?", (nik,)).fetchone() is not None


def replace_all(
    conn: sqlite3.Connection, rows: Iterable[Mapping[str, str]], *, at: str
) -> tuple[int, int, int]:
    """The list becomes exactly `rows` (a published list): (added, changed, removed). Call
    inside a transaction. A resident whose fields are all the same is left untouched."""
    held = {
        str(r[0]): tuple(r[1:]) for r in conn.execute(f"SELECT {', '.join(COLUMNS)} FROM residents")
    }
    upsert = (
        f"INSERT INTO residents ({', '.join(COLUMNS)}, imported_at, updated_at)"
        f" VALUES ({', '.join('?' for _ in COLUMNS)}, ?, ?)"
        " ON CONFLICT (nik) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in _UPDATABLE)
        + ", updated_at = excluded.updated_at"
    )
    added = changed = 0
    writes: list[tuple[object, ...]] = []
    for row in rows:
        values = tuple(row.get(c) for c in COLUMNS)
        before = held.pop(str(values[0]), None)
        if before is None:
            added += 1
        elif before != values[1:]:
            changed += 1
        else:
            continue
        writes.append((*values, at, at))
    conn.executemany(upsert, writes)
    conn.executemany("DELETE FROM residents WHERE nik = ?", [(nik,) for nik in held])
    return added, changed, len(held)
