"""The resident lists Disdukcapil publishes, one current list per kecamatan: each version's
counts (added, changed, removed against the one before), and the current rows, which the
desks pull and whose NIKs the kecamatan's status feed follows wherever they are recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace

from ektp_desk.hub.store import changes
from ektp_desk.hub.store.base import StoreBase
from ektp_desk.hub.store.database import Connection


@dataclass(frozen=True, slots=True)
class Publication:
    """A kecamatan's list as published: its version and what changed against the last."""

    kecamatan: str
    version: int
    published_at: str
    published_by: str
    sha256: str
    residents: int
    added: int
    changed: int
    removed: int
    new: bool = True  # false when the same file was already the current list

    def as_dict(self) -> dict[str, object]:
        return asdict(self)  # every field, in their order


_LIST_COLUMNS = (
    "kecamatan, version, published_at, published_by, sha256, residents, added, changed, removed"
)


class PublishedTables(StoreBase):
    def publication(self, kecamatan: str) -> Publication | None:
        """The kecamatan's current list, None when none was published."""
        row = self._one(
            f"SELECT {_LIST_COLUMNS} FROM published_lists WHERE kecamatan = ?"
            " ORDER BY version DESC LIMIT 1",
            (kecamatan,),
        )
        return Publication(*row) if row else None

    def published_rows(self, kecamatan: str) -> Iterator[dict[str, str]]:
        """The current list's residents, in NIK order, as the import format reads them."""
        for (raw,) in self._db.stream(
            "SELECT row_json FROM published_residents WHERE kecamatan = ? ORDER BY nik",
            (kecamatan,),
        ):
            row = json.loads(raw)
            yield {str(k): str(v) for k, v in row.items()}

    def publish_list(
        self,
        kecamatan: str,
        rows: Sequence[Mapping[str, str]],
        *,
        sha256: str,
        by: str,
        at: str,
    ) -> Publication:
        """Make `rows` the kecamatan's current list, in one transaction: a new version
        counting the residents added, changed and removed. The same file as the current
        list makes no new version. Records elsewhere of the NIKs added move on in the change
        sequence, so the kecamatan's desks learn of them."""
        with self._db.write() as conn:
            self._db.lock_desk(conn, None)
            current = conn.execute(
                f"SELECT {_LIST_COLUMNS} FROM published_lists WHERE kecamatan = ?"
                " ORDER BY version DESC LIMIT 1",
                (kecamatan,),
            ).fetchone()
            if current is not None and current[4] == sha256:
                return replace(Publication(*current), new=False)
            old = {
                str(nik): str(raw)
                for nik, raw in conn.execute(
                    "SELECT nik, row_json FROM published_residents WHERE kecamatan = ?",
                    (kecamatan,),
                )
            }
            new = {row["nik"]: json.dumps(dict(row), sort_keys=True) for row in rows}
            added = [nik for nik in new if nik not in old]
            changed = [nik for nik in new if nik in old and old[nik] != new[nik]]
            removed = [nik for nik in old if nik not in new]
            _store_rows(conn, kecamatan, rows, drop=removed + changed, put=added + changed)
            version = (int(current[1]) if current else 0) + 1
            publication = Publication(
                kecamatan, version, at, by, sha256, len(new), len(added), len(changed),
                len(removed),
            )  # fmt: skip
            conn.execute(
                f"INSERT INTO published_lists ({_LIST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tuple(publication.as_dict()[k] for k in _LIST_COLUMNS.split(", ")),
            )
            changes.audit(
                conn, at=at, actor=by, action="list_published", subject=kecamatan,
                detail={k: v for k, v in publication.as_dict().items() if k != "new"},
            )  # fmt: skip
            elsewhere = _records_of_niks(conn, kecamatan, added)
            changes.bump(conn, self._db.dialect, elsewhere)
        return publication


def _store_rows(
    conn: Connection,
    kecamatan: str,
    rows: Sequence[Mapping[str, str]],
    *,
    drop: list[str],
    put: list[str],
) -> None:
    for nik in drop:
        conn.execute(
            "DELETE FROM published_residents WHERE kecamatan = ? AND nik = ?", (kecamatan, nik)
        )
    wanted = set(put)
    for row in rows:
        if row["nik"] not in wanted:
            continue
        conn.execute(
            "INSERT INTO published_residents (kecamatan, nik, kelurahan, tanggal_lahir,"
            " status_perkawinan, row_json) VALUES (?, ?, ?, ?, ?, ?)",
            (
                kecamatan, row["nik"], row.get("kelurahan", ""), row.get("tanggal_lahir", ""),
                row.get("status_perkawinan", ""), json.dumps(dict(row), sort_keys=True),
            ),
        )  # fmt: skip


def _records_of_niks(conn: Connection, kecamatan: str, niks: list[str]) -> list[str]:
    """Records of other kecamatan holding these NIKs: the list's feed now includes them."""
    found: list[str] = []
    for start in range(0, len(niks), 500):
        chunk = niks[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.extend(
            str(r[0])
            for r in conn.execute(
                f"SELECT record_id FROM records WHERE kecamatan <> ? AND nik IN ({marks})",
                (kecamatan, *chunk),
            )
        )
    return found
