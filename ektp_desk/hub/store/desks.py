"""The desks enrolled at the hub and their tokens: enrolment, revocation, rotation, a
second enrolment, and the bundle keys each token gave."""

from __future__ import annotations

import hashlib

from ektp_desk.hub import HubError
from ektp_desk.hub.store.base import StoreBase
from ektp_desk.hub.store.database import Connection
from ektp_desk.hub.store.rows import DeskRow
from ektp_desk.protocol.bundle import DeskBundleKey, bundle_key


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class DeskTables(StoreBase):
    def add_desk(self, desk_id: str, kecamatan: str, token: str, at: str) -> None:
        with self._db.write() as conn:
            cur = conn.execute(
                "INSERT INTO desks (desk_id, kecamatan, token_hash, created_at, bundle_key)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (desk_id, kecamatan, token_hash(token), at, bundle_key(token).hex()),
            )
        if cur.rowcount != 1:
            raise HubError(f"desk {desk_id} is already enrolled")

    def desks(self) -> list[DeskRow]:
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT desk_id, kecamatan, created_at, revoked_at FROM desks ORDER BY desk_id"
            ).fetchall()
        return [DeskRow(*r) for r in rows]

    def revoke_desk(self, desk_id: str, at: str) -> bool:
        with self._db.write() as conn:
            cur = conn.execute(
                "UPDATE desks SET revoked_at = ? WHERE desk_id = ? AND revoked_at IS NULL",
                (at, desk_id),
            )
        return bool(cur.rowcount == 1)

    def desk_for_token(self, token: str) -> DeskRow | None:
        row = self._one(
            "SELECT desk_id, kecamatan, created_at, revoked_at FROM desks WHERE token_hash = ?",
            (token_hash(token),),
        )
        return DeskRow(*row) if row else None

    def desk(self, desk_id: str) -> DeskRow | None:
        row = self._one(
            "SELECT desk_id, kecamatan, created_at, revoked_at FROM desks WHERE desk_id = ?",
            (desk_id,),
        )
        return DeskRow(*row) if row else None

    def bundle_key(self, desk_id: str) -> bytes | None:
        row = self._one("SELECT bundle_key FROM desks WHERE desk_id = ?", (desk_id,))
        return bytes.fromhex(row[0]) if row and row[0] else None

    def remember_bundle_key(self, desk_id: str, token: str) -> None:
        """For a desk enrolled before bundles: its key, learnt from the token it presented."""
        with self._db.write() as conn:
            conn.execute(
                "UPDATE desks SET bundle_key = ? WHERE desk_id = ? AND bundle_key IS NULL",
                (bundle_key(token).hex(), desk_id),
            )

    def bundle_keys(self, desk_id: str) -> list[DeskBundleKey]:
        """The desk's current bundle key first, then those of its rotated tokens."""
        out = [DeskBundleKey(k) for k in [self.bundle_key(desk_id)] if k is not None]
        with self._db.read() as conn:
            retired = conn.execute(
                "SELECT bundle_key, retired_at FROM retired_bundle_keys WHERE desk_id = ?"
                " ORDER BY retired_at DESC",
                (desk_id,),
            ).fetchall()
        for key, retired_at in retired:
            out.append(DeskBundleKey(bytes.fromhex(key), str(retired_at)))
        return out

    def rotate_token(self, desk_id: str, token: str, at: str, *, keep_old_key: bool) -> None:
        """Give an active desk a new token; the old one stops working at once. With
        `keep_old_key`, bundles the desk signed with the old token before now still count."""
        with self._db.write() as conn:
            self._db.lock_desk(conn, desk_id)
            row = conn.execute(
                "SELECT revoked_at, bundle_key FROM desks WHERE desk_id = ?", (desk_id,)
            ).fetchone()
            if row is None:
                raise HubError(f"no desk {desk_id} is enrolled")
            if row[0] is not None:
                raise HubError(
                    f"desk {desk_id} was revoked on {row[0]}; enrol it again with "
                    f"`ektp-hub desk add {desk_id} --reenroll`"
                )
            self._replace_token(conn, desk_id, token, at, row[1], keep_old_key, "rotate")

    def reenroll_desk(
        self, desk_id: str, token: str, at: str, *, keep_old_key: bool, kecamatan: str | None
    ) -> None:
        """Enrol a revoked desk again under its id, with a new token, keeping every record it
        sent. With `keep_old_key`, bundles it signed before its revocation still count."""
        with self._db.write() as conn:
            self._db.lock_desk(conn, desk_id)
            row = conn.execute(
                "SELECT revoked_at, bundle_key, kecamatan FROM desks WHERE desk_id = ?",
                (desk_id,),
            ).fetchone()
            if row is None:
                raise HubError(f"no desk {desk_id} was ever enrolled; enrol it without --reenroll")
            if row[0] is None:
                raise HubError(
                    f"desk {desk_id} is active; give it a new token with "
                    f"`ektp-hub desk rotate {desk_id}`"
                )
            if kecamatan is not None and kecamatan != row[2]:
                raise HubError(
                    f"desk {desk_id} was enrolled for {row[2]}; a desk enrolled again keeps its "
                    "kecamatan (enrol a new desk id for another kecamatan)"
                )
            # Its old key vouches only for what was finalized before the revocation.
            self._replace_token(conn, desk_id, token, str(row[0]), row[1], keep_old_key, "reenroll")
            conn.execute("UPDATE desks SET revoked_at = NULL WHERE desk_id = ?", (desk_id,))

    @staticmethod
    def _replace_token(
        conn: Connection,
        desk_id: str,
        token: str,
        retired_at: str,
        old_key: str | None,
        keep_old_key: bool,
        reason: str,
    ) -> None:
        if old_key and keep_old_key:
            conn.execute(
                "INSERT INTO retired_bundle_keys (desk_id, bundle_key, retired_at, reason)"
                " VALUES (?, ?, ?, ?)",
                (desk_id, old_key, retired_at, reason),
            )
        elif not keep_old_key:
            conn.execute("DELETE FROM retired_bundle_keys WHERE desk_id = ?", (desk_id,))
        conn.execute(
            "UPDATE desks SET token_hash = ?, bundle_key = ? WHERE desk_id = ?",
            (token_hash(token), bundle_key(token).hex(), desk_id),
        )
