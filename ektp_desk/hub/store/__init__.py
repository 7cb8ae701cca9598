"""The hub's storage: desks and their tokens, records received, their envelopes, rejections,
the desks' audit heads, and the desk releases offered.

`HubStore` is the interface the API and the CLI use. Its two implementations share every
table's SQL (one module per group of tables: `desks`, `records`) and differ only in the
database under them (`database`): `SqliteHubStore`, one file, for the demo and one small
office; `PostgresHubStore`, for Disdukcapil, where several workers share one database and
every guarantee (idempotency by record id, one accepted record per NIK) is the database's.
`open_store` picks one from `--db`: a `postgresql://` URL or a file path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from ektp_desk.hub.store.cases import CaseTables
from ektp_desk.hub.store.database import (
    Database,
    PostgresDatabase,
    SqliteDatabase,
    is_postgres_url,
)
from ektp_desk.hub.store.desks import DeskTables
from ektp_desk.hub.store.hub_audit import HubAuditTables
from ektp_desk.hub.store.published import Publication, PublishedTables
from ektp_desk.hub.store.records import AuditHeads, RecordTables
from ektp_desk.hub.store.releases import ReleaseTables
from ektp_desk.hub.store.rows import (
    CONFLICT_REASON,
    Admitted,
    CaseRow,
    DeskAudit,
    DeskRow,
    HeldRecord,
    NewRecord,
    Rejection,
)
from ektp_desk.hub.store.status import StatusTables
from ektp_desk.protocol.bundle import DeskBundleKey
from ektp_desk.protocol.release import Release
from ektp_desk.protocol.status import StatusPage, Void

__all__ = [
    "CONFLICT_REASON",
    "Admitted",
    "CaseRow",
    "CityStore",
    "DeskAudit",
    "DeskRow",
    "HeldRecord",
    "HubStore",
    "NewRecord",
    "PostgresHubStore",
    "Publication",
    "Rejection",
    "SqliteHubStore",
    "Void",
    "is_postgres_url",
    "open_store",
]


class CityStore(Protocol):
    """The city's one truth, down to the desks: duplicate-NIK cases and their decisions,
    voids, the published resident lists, and the status feed."""

    def cases(self, state: str | None = None) -> list[CaseRow]: ...
    def case(self, case_id: str) -> CaseRow | None: ...
    def resolve_case(
        self, case_id: str, *, keep: str | None, reason: str, by: str, at: str
    ) -> CaseRow: ...
    def void_records(self, desk_id: str, voids: Sequence[Void], *, at: str) -> list[str]: ...
    def publication(self, kecamatan: str) -> Publication | None: ...
    def published_rows(self, kecamatan: str) -> Iterator[dict[str, str]]: ...
    def publish_list(
        self,
        kecamatan: str,
        rows: Sequence[Mapping[str, str]],
        *,
        sha256: str,
        by: str,
        at: str,
    ) -> Publication: ...
    def status_page(self, kecamatan: str, *, after: int, limit: int) -> StatusPage: ...
    def add_audit(
        self, *, at: str, actor: str, action: str, subject: str, detail: dict[str, object]
    ) -> None: ...
    def hub_audit(self, limit: int = 100) -> list[dict[str, object]]: ...


class HubStore(CityStore, Protocol):
    @property
    def database(self) -> Database: ...
    def get_meta(self, key: str) -> str | None: ...
    def put_meta(self, key: str, value: str) -> None: ...
    def add_desk(self, desk_id: str, kecamatan: str, token: str, at: str) -> None: ...
    def desks(self) -> list[DeskRow]: ...
    def revoke_desk(self, desk_id: str, at: str) -> bool: ...
    def desk_for_token(self, token: str) -> DeskRow | None: ...
    def desk(self, desk_id: str) -> DeskRow | None: ...
    def bundle_key(self, desk_id: str) -> bytes | None: ...
    def remember_bundle_key(self, desk_id: str, token: str) -> None: ...
    def bundle_keys(self, desk_id: str) -> list[DeskBundleKey]: ...
    def rotate_token(self, desk_id: str, token: str, at: str, *, keep_old_key: bool) -> None: ...
    def reenroll_desk(
        self, desk_id: str, token: str, at: str, *, keep_old_key: bool, kecamatan: str | None
    ) -> None: ...
    def held(self, record_id: str) -> HeldRecord | None: ...
    def envelope(self, record_id: str) -> bytes | None: ...
    def approval(self, record_id: str) -> dict[str, object] | None: ...
    def records(self, desk_id: str | None = None) -> Iterator[HeldRecord]: ...
    def envelopes(self) -> Iterator[tuple[str, str, str, int, bytes]]: ...
    def counts(self) -> list[tuple[str, str, int]]: ...
    def rejections(self, desk_id: str | None = None) -> list[Rejection]: ...
    def tally(self, day: str) -> list[tuple[str, str, str, int]]: ...

    def ingest(
        self,
        *,
        batch_id: str,
        desk_id: str,
        at: str,
        new: list[NewRecord],
        rejected: list[Rejection],
        total_bytes: int,
    ) -> list[Admitted]: ...

    def desk_audit(self, desk_id: str) -> DeskAudit | None: ...
    def hold_audit_head(
        self, desk_id: str, *, count: int, digest: str, at: str, event: str
    ) -> None: ...
    def flag_audit(
        self, desk_id: str, *, count: int, digest: str, at: str, reason: str
    ) -> None: ...
    def accept_rollback(self, desk_id: str, at: str) -> bool: ...
    def audit_heads(self, desk_id: str) -> list[tuple[int, str, str, str]]: ...
    def add_release(self, release: Release, file_name: str) -> None: ...
    def releases(self) -> list[tuple[Release, str]]: ...
    def current_release(self) -> tuple[Release, str] | None: ...
    def exclusive(self, desk_id: str | None = None) -> AbstractContextManager[None]: ...
    def close(self) -> None: ...


class _Tables(
    DeskTables,
    RecordTables,
    AuditHeads,
    ReleaseTables,
    StatusTables,
    CaseTables,
    PublishedTables,
    HubAuditTables,
):
    pass


class SqliteHubStore(_Tables):
    """The hub's store in one SQLite file."""

    def __init__(self, path: Path, *, migrate_now: bool = True) -> None:
        super().__init__(SqliteDatabase(Path(path)), migrate_now=migrate_now)
        self.path = Path(path)


class PostgresHubStore(_Tables):
    """The hub's store in a PostgreSQL database, given by its `postgresql://` URL."""

    def __init__(self, url: str, *, migrate_now: bool = True, pool_size: int = 8) -> None:
        super().__init__(PostgresDatabase(url, pool_size=pool_size), migrate_now=migrate_now)
        self.url = url


def open_store(db: str | Path, *, migrate_now: bool = True) -> SqliteHubStore | PostgresHubStore:
    """The store `--db` names: a `postgresql://` URL, else the path of a SQLite file."""
    if isinstance(db, str) and is_postgres_url(db):
        return PostgresHubStore(db, migrate_now=migrate_now)
    return SqliteHubStore(Path(db), migrate_now=migrate_now)
