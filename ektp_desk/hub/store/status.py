"""The status feed's reads: a kecamatan's records (and those of NIKs on its published list)
changed after a cursor, in change order, with the cases they name and the list's version."""

from __future__ import annotations

from collections.abc import Sequence

from ektp_desk.hub.store.base import StoreBase
from ektp_desk.hub.store.database import Connection
from ektp_desk.protocol.status import (
    CASE_FIELDS,
    COLUMNS,
    CaseStatus,
    PublishedList,
    StatusPage,
    status_rows,
)

_FEED = (
    f"SELECT change_seq, {', '.join(COLUMNS)} FROM records WHERE change_seq > ? AND"
    " (kecamatan = ? OR nik IN (SELECT nik FROM published_residents WHERE kecamatan = ?))"
    " ORDER BY change_seq LIMIT ?"
)


class StatusTables(StoreBase):
    def status_page(self, kecamatan: str, *, after: int, limit: int) -> StatusPage:
        """Up to `limit` rows changed after `after`, in change order; `more` when others
        follow. A case or list changed after the rows were read reaches the desk with the
        rows that change bumps, on a later page."""
        with self._db.read() as conn:
            rows = conn.execute(_FEED, (after, kecamatan, kecamatan, limit + 1)).fetchall()
            more = len(rows) > limit
            rows = rows[:limit]
            cursor = int(rows[-1][0]) if rows else after
            page_rows = status_rows([row[1:] for row in rows])
            case_ids = sorted({r.case_id for r in page_rows if r.case_id is not None})
            return StatusPage(
                cursor=cursor,
                more=more,
                rows=page_rows,
                cases=_cases(conn, case_ids),
                published=_published(conn, kecamatan),
            )


def _cases(conn: Connection, case_ids: Sequence[str]) -> tuple[CaseStatus, ...]:
    out: list[CaseStatus] = []
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(
            f"SELECT {', '.join(CASE_FIELDS)} FROM cases WHERE case_id IN ({marks})"
            " ORDER BY case_id",
            chunk,
        ):
            out.append(CaseStatus(*row))
    return tuple(out)


def _published(conn: Connection, kecamatan: str) -> PublishedList | None:
    row = conn.execute(
        "SELECT version, published_at, residents FROM published_lists WHERE kecamatan = ?"
        " ORDER BY version DESC LIMIT 1",
        (kecamatan,),
    ).fetchone()
    return PublishedList(int(row[0]), str(row[1]), int(row[2])) if row else None
