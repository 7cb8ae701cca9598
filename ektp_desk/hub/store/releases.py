"""The desk releases the hub offers: one row per version, with the installer's file name in
the release folder, its size, SHA-256 and signature."""

from __future__ import annotations

from ektp_desk.hub import HubError
from ektp_desk.hub.store.base import StoreBase
from ektp_desk.protocol.release import Release, parse_version

_COLUMNS = "version, size, sha256, signature, key_id, notes, added_at, file_name"


class ReleaseTables(StoreBase):
    def add_release(self, release: Release, file_name: str) -> None:
        with self._db.write() as conn:
            cur = conn.execute(
                f"INSERT INTO releases ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (
                    release.version,
                    release.size,
                    release.sha256,
                    release.signature,
                    release.key_id,
                    release.notes,
                    release.added_at,
                    file_name,
                ),
            )
        if cur.rowcount != 1:
            raise HubError(f"release {release.version} was already added; give a new version")

    def releases(self) -> list[tuple[Release, str]]:
        """Every release and its file name, the newest version first (as versions, not as
        text: 0.10.0 is newer than 0.9.0)."""
        with self._db.read() as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM releases").fetchall()
        found = [(Release(*(r[:7])), str(r[7])) for r in rows]
        return sorted(found, key=lambda item: parse_version(item[0].version), reverse=True)

    def current_release(self) -> tuple[Release, str] | None:
        found = self.releases()
        return found[0] if found else None
