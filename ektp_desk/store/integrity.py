"""What makes a store file trustworthy beyond SQLite's own checks: it holds only the schema
the migrations made (no trigger, view, table or index of anyone else's), and a store once
found damaged stays refused for writes, across processes, by a marker file beside it."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from pathlib import Path

from ektp_desk.store.schema import MIGRATIONS

DAMAGE_SUFFIX = ".damaged"

# SQLite's own objects (sqlite_sequence, sqlite_stat1 after ANALYZE, automatic indexes) are
# made by SQLite itself for the schema it was given: expected whatever their number.
_SQLITE_OWN = "sqlite_"

SchemaObject = tuple[str, str, str, str | None]  # type, name, table, sql


@functools.cache
def expected_schema(version: int) -> frozenset[SchemaObject]:
    """Every object of `sqlite_master` that migrations 1..version make, as they make it (FTS5
    shadow tables included), built in memory."""
    conn = sqlite3.connect(":memory:")
    try:
        for statements in MIGRATIONS[:version]:
            for statement in statements:
                conn.execute(statement)
        return frozenset(_objects(conn))
    finally:
        conn.close()


def _objects(conn: sqlite3.Connection) -> list[SchemaObject]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM main.sqlite_master").fetchall()
    # SQL compared with its whitespace collapsed: the same statement however laid out.
    return [
        (str(t), str(n), str(tbl), None if sql is None else " ".join(str(sql).split()))
        for t, n, tbl, sql in rows
        if not str(n).startswith(_SQLITE_OWN)
    ]


def foreign_objects(conn: sqlite3.Connection, version: int) -> list[str]:
    """The objects of the store that migrations 1..version did not make, or made otherwise
    (a trigger of ours rewritten counts), each named with its type; also ours gone missing."""
    expected = expected_schema(version)
    found = _objects(conn)
    problems = [
        f"{kind} {name!r}" + (" (changed from ours)" if any(e[1] == name for e in expected) else "")
        for kind, name, table, sql in sorted(found)
        if (kind, name, table, sql) not in expected
    ]
    present = {(o[0], o[1]) for o in found}
    problems += [
        f"{kind} {name!r} is missing"
        for kind, name, _, _ in sorted(expected)
        if (kind, name) not in present
    ]
    return problems


def damage_marker(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + DAMAGE_SUFFIX)


def recorded_damage(db_path: Path) -> str | None:
    """Why the store was found damaged before (by `check`, or a read that failed), if it was."""
    marker = damage_marker(db_path)
    try:
        return marker.read_text(encoding="utf-8", errors="replace").strip() or "damaged"
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"the damage marker {marker} cannot be read ({exc.strerror or exc})"


def record_damage(db_path: Path, reason: str) -> None:
    """Remember that the store is damaged, so every later process refuses writes too."""
    with contextlib.suppress(OSError):  # a read-only folder: this process refuses all the same
        damage_marker(db_path).write_text(reason + "\n", encoding="utf-8")


def clear_damage(db_path: Path) -> None:
    damage_marker(db_path).unlink(missing_ok=True)


def is_corruption(exc: BaseException) -> bool:
    """An error that means the file itself is damaged (not busy, not full, not locked): a
    damaged page, or text that is no longer UTF-8."""
    if isinstance(exc, UnicodeDecodeError):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    text = str(exc)
    return "malformed" in text or "not a database" in text or "Could not decode" in text


def refuse_writes(conn: sqlite3.Connection) -> None:
    """This connection writes nothing more (a damaged store)."""
    conn.execute("PRAGMA query_only = ON")


def structure_problems(conn: sqlite3.Connection, *, quick: bool) -> list[str]:
    """SQLite's integrity_check (or its quicker quick_check), and with a full check every
    reference looked up (seconds on a large store, so not at each start)."""
    problems: list[str] = []
    pragma = "quick_check" if quick else "integrity_check"
    for (line,) in conn.execute(f"PRAGMA {pragma}").fetchall():
        if line != "ok":
            problems.append(f"database integrity: {line}")
    references = [] if quick else conn.execute("PRAGMA foreign_key_check").fetchall()
    for table, rowid, parent, _ in references:
        problems.append(f"{table} row {rowid} points to a missing {parent} row")
    return problems
