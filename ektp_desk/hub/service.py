"""The hub's API as plain calls, free of any web framework: authentication, limits, the
manifest, and the answers. The FastAPI app (`hub.app`) and the small standard-library
server the desk's demo runs in its own process (`hub.lite`) both speak through this."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ektp_desk import __version__
from ektp_desk.domain.boundedjson import JsonLimitError, loads
from ektp_desk.hub.api_error import ApiError
from ektp_desk.hub.feed import StatusFeed
from ektp_desk.hub.ingest import Ingestor
from ektp_desk.hub.limits import HubLimits, setting
from ektp_desk.hub.releases import RELEASE_KEY_META
from ektp_desk.hub.store import DeskRow, HubStore
from ektp_desk.protocol.envelope import key_id, public_bytes
from ektp_desk.protocol.release import Release, parse_range
from ektp_desk.protocol.wire import API, Manifest, ManifestError, parse_audit_head, parse_manifest

log = logging.getLogger(__name__)

__all__ = ["ApiError", "HubService", "ReleaseBytes"]

BATCH_PATH = API + "/batches"
DEFAULT_MAX_BATCH_RECORDS = 500
MAX_STATUS_RECORDS = 1000


@dataclass(frozen=True, slots=True)
class ReleaseBytes:
    """What a download answers: the installer's file, the bytes asked (first, last
    inclusive) and its whole size; `partial` when a range was asked (206)."""

    path: Path
    first: int
    last: int
    size: int
    partial: bool

    @property
    def length(self) -> int:
        return self.last - self.first + 1

    def headers(self) -> dict[str, str]:
        headers = {
            "Accept-Ranges": "bytes",
            "Content-Length": str(self.length),
            "Content-Type": "application/octet-stream",
        }
        if self.partial:
            headers["Content-Range"] = f"bytes {self.first}-{self.last}/{self.size}"
        return headers

    def chunks(self, chunk: int = 64 * 1024) -> Iterator[bytes]:
        """The bytes asked, read from the file as they are sent (never held whole)."""
        left = self.length
        with self.path.open("rb") as f:
            f.seek(self.first)
            while left > 0:
                data = f.read(min(chunk, left))
                if not data:
                    return
                left -= len(data)
                yield data


class HubService:
    def __init__(
        self,
        store: HubStore,
        private_key: X25519PrivateKey,
        *,
        limits: HubLimits | None = None,
        max_batch_bytes: int | None = None,
        max_batch_records: int = DEFAULT_MAX_BATCH_RECORDS,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        training: bool = False,
        release_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.release_dir = release_dir
        self.limits = limits or HubLimits()
        if max_batch_bytes is not None:
            self.limits = replace(self.limits, max_batch_bytes=max_batch_bytes)
        self.max_batch_bytes = self.limits.max_batch_bytes
        self.max_batch_records = max_batch_records
        self.ingestor = Ingestor(
            store, private_key, clock=clock, training=training, limits=self.limits
        )
        public = public_bytes(private_key)
        self._config = {
            "public_key": base64.b64encode(public).decode(),
            "key_id": key_id(public),
            "algorithm": "X25519-HKDF-SHA256-AES256GCM",
        }
        self._keyed: set[str] = set()  # desks whose bundle key is known to be stored
        self.feed = StatusFeed(
            store, clock=clock, read_json=self._json, refuse_flagged=self.refuse_flagged
        )

    def health(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "server_time": self.clock().isoformat(timespec="seconds"),
            "version": __version__,
            "limits": {
                "max_batch_bytes": self.max_batch_bytes,
                "max_batch_records": self.max_batch_records,
                "max_json_bytes": self.limits.max_json_bytes,
            },
        }

    def config(self) -> dict[str, str]:
        """The sealing key, and the release key once the hub has one: a desk pins both."""
        release_key = self.store.get_meta(RELEASE_KEY_META)
        if not release_key:
            return self._config
        public = base64.b64decode(release_key)
        return {**self._config, "release_public_key": release_key, "release_key_id": key_id(public)}

    # -- the desk installer offered ---------------------------------------------------------

    def _current_release(self) -> tuple[Release, Path] | None:
        """The newest release whose file this hub can serve."""
        if self.release_dir is None:
            return None
        current = self.store.current_release()
        if current is None:
            return None
        path = self.release_dir / current[1]
        return (current[0], path) if path.is_file() else None

    def release_offer(self) -> dict[str, Any] | None:
        current = self._current_release()
        return current[0].as_dict() if current else None

    def release(self, desk: DeskRow) -> dict[str, Any]:
        offer = self.release_offer()
        if offer is None:
            raise ApiError(404, "no_release", "this hub offers no desk release")
        return offer

    def release_bytes(self, desk: DeskRow, range_header: str | None) -> ReleaseBytes:
        """The current installer's bytes a download asks for: the whole file, or the one
        range a resumed download asks (`Range: bytes=N-`)."""
        current = self._current_release()
        if current is None:
            raise ApiError(404, "no_release", "this hub offers no desk release")
        release, path = current
        try:
            asked = parse_range(range_header, release.size)
        except ValueError as exc:
            raise ApiError(416, "bad_range", f"{exc} (the file has {release.size} bytes)") from None
        if asked is None:
            return ReleaseBytes(path, 0, release.size - 1, release.size, partial=False)
        return ReleaseBytes(path, asked[0], asked[1], release.size, partial=True)

    def authenticate(self, authorization: str | None) -> DeskRow:
        scheme, _, token = (authorization or "").partition(" ")
        token = token.strip()
        desk = self.store.desk_for_token(token) if scheme.lower() == "bearer" else None
        if desk is None:
            raise ApiError(401, "unauthorized", "missing or unknown desk token")
        if desk.revoked_at is not None:
            raise ApiError(401, "revoked", f"the token of desk {desk.desk_id} was revoked")
        if desk.desk_id not in self._keyed:
            if self.store.bundle_key(desk.desk_id) is None:
                self.store.remember_bundle_key(desk.desk_id, token)
            self._keyed.add(desk.desk_id)
        return desk

    def whoami(self, desk: DeskRow) -> dict[str, str]:
        return {"desk_id": desk.desk_id, "kecamatan": desk.kecamatan}

    def body_cap(self, path: str) -> tuple[int, str]:
        """The most bytes a request's body to `path` may hold, and the cap's name: a batch
        its own, every other body (JSON) the JSON cap."""
        if path.rstrip("/") == BATCH_PATH:
            return self.limits.max_batch_bytes, "max_batch_bytes"
        return self.limits.max_json_bytes, "max_json_bytes"

    def too_large(self, path: str, size: int | str, *, declared: bool = False) -> ApiError:
        cap, name = self.body_cap(path)
        seen = f"it declares {size} bytes" if declared else f"refused after {size} bytes"
        return ApiError(
            413,
            "too_large",
            f"a request body to {path} may hold at most {cap} bytes ({setting(name)}); {seen}",
        )

    def check_length(self, path: str, length: str | None) -> int | None:
        """The Content-Length a request declares, refused before its body is read when
        unusable or above the cap; None when there is none (the bytes read are counted
        against the cap all the same, whatever the header says)."""
        if length is None:
            return None
        length = length.strip()
        if not (length.isascii() and length.isdigit()):
            raise ApiError(400, "malformed", "bad Content-Length")
        if int(length) > self.body_cap(path)[0]:
            raise self.too_large(path, length, declared=True)
        return int(length)

    def _json(self, raw: bytes | str, what: str) -> object:
        return loads(
            raw,
            max_bytes=self.limits.max_json_bytes,
            max_depth=self.limits.max_json_depth,
            what=what,
            size_setting=setting("max_json_bytes"),
            depth_setting=setting("max_json_depth"),
        )

    def manifest(self, desk: DeskRow, raw: bytes | str | None) -> Manifest:
        try:
            if raw is None:
                raise ManifestError("no 'manifest' part")
            obj = self._json(raw, "the manifest")
            manifest = parse_manifest(obj, max_records=self.max_batch_records)
        except (ManifestError, JsonLimitError) as exc:
            raise ApiError(400, "malformed", f"bad manifest: {exc}") from None
        if manifest.desk_id != desk.desk_id:
            raise ApiError(401, "wrong_desk", "the token does not belong to the manifest's desk")
        self.refuse_flagged(desk)
        return manifest

    def batch(
        self, desk: DeskRow, manifest: Manifest, parts: Mapping[str, bytes]
    ) -> dict[str, Any]:
        outcomes = self.ingestor.ingest(desk, manifest, parts)
        log.info("batch %s from %s: %d records", manifest.batch_id, desk.desk_id, len(outcomes))
        return {"batch_id": manifest.batch_id, "results": [o.as_dict() for o in outcomes]}

    def record_status(self, desk: DeskRow, body: bytes) -> dict[str, Any]:
        """What became of records the desk sent by other ways (a bundle on a USB stick)."""
        try:
            obj = self._json(body, "the status request")
            items = obj.get("records") if isinstance(obj, dict) else None
            if not isinstance(items, list) or len(items) > MAX_STATUS_RECORDS:
                raise ValueError(f"'records' must be a list of at most {MAX_STATUS_RECORDS}")
            asked: list[tuple[str, str]] = []
            for item in items:
                record_id = item.get("record_id") if isinstance(item, dict) else None
                sha256 = item.get("sha256") if isinstance(item, dict) else None
                if not isinstance(record_id, str) or not isinstance(sha256, str):
                    raise ValueError("each record needs 'record_id' and 'sha256' as strings")
                asked.append((record_id, sha256))
        except ValueError as exc:
            raise ApiError(400, "malformed", f"bad status request: {exc}") from None
        return {"results": self.ingestor.states(desk, asked)}

    # -- the desks' audit heads ------------------------------------------------------------

    def refuse_flagged(self, desk: DeskRow) -> None:
        """A desk whose audit log went back sends nothing until Disdukcapil accepts it."""
        held = self.store.desk_audit(desk.desk_id)
        if held is not None and held.flagged_at is not None and not held.accept_next:
            raise ApiError(409, "audit_rolled_back", _rollback_message(desk, held.flag_reason))

    def audit_head(self, desk: DeskRow, body: bytes) -> dict[str, Any]:
        """Hold the desk's audit head when it only grew since the one held; flag the desk and
        refuse (409) when its log lost entries or was rewritten before that point."""
        try:
            head = parse_audit_head(self._json(body, "the audit head"))
        except (ManifestError, JsonLimitError) as exc:
            raise ApiError(400, "malformed", f"bad audit head: {exc}") from None
        at = self.clock().isoformat(timespec="seconds")
        refused: ApiError | None = None
        with self.store.exclusive(desk.desk_id):
            held = self.store.desk_audit(desk.desk_id)
            if held is None or held.accept_next:
                event = "first head" if held is None else "head after an accepted rollback"
                self.store.hold_audit_head(
                    desk.desk_id, count=head.count, digest=head.hash, at=at, event=event
                )
            elif held.flagged_at is not None:
                refused = ApiError(
                    409, "audit_rolled_back", _rollback_message(desk, held.flag_reason)
                )
            elif head.count >= held.count and head.confirmed_count != held.count:
                # The desk must give its entry at the count the hub holds (GET tells it).
                raise ApiError(
                    409,
                    "audit_resend",
                    f"give the hash of audit entry {held.count}, the count the hub holds",
                )
            else:
                reason = None
                if head.count < held.count:
                    reason = f"its audit log went back from {held.count} to {head.count} entries"
                elif head.confirmed_hash != held.hash:
                    reason = f"its audit entry {held.count} is not the one the hub confirmed"
                if reason is None:
                    if (head.count, head.hash) != (held.count, held.hash):
                        self.store.hold_audit_head(
                            desk.desk_id, count=head.count, digest=head.hash, at=at, event="head"
                        )
                else:
                    self.store.flag_audit(
                        desk.desk_id, count=head.count, digest=head.hash, at=at, reason=reason
                    )
                    log.warning("desk %s flagged: %s", desk.desk_id, reason)
                    refused = ApiError(409, "audit_rolled_back", _rollback_message(desk, reason))
        if refused is not None:
            raise refused
        confirmed = self.store.desk_audit(desk.desk_id)
        assert confirmed is not None
        # The hub's limits and clock ride along: a desk on a far link needs no `/health` then;
        # and the desk release offered, so a desk learns of one with no extra round trip.
        answer = {"confirmed": {"count": confirmed.count, "hash": confirmed.hash}, **self.health()}
        offer = self.release_offer()
        if offer is not None:
            answer["release"] = offer
        return answer

    def audit_held(self, desk: DeskRow) -> dict[str, Any]:
        """The count of the desk's audit head the hub holds: the desk sends its entry's hash
        at that count with its head."""
        held = self.store.desk_audit(desk.desk_id)
        return {"count": held.count if held else 0}


def _rollback_message(desk: DeskRow, reason: str | None) -> str:
    return (
        f"audit log rolled back: desk {desk.desk_id} is flagged ({reason}); Disdukcapil checks "
        f"with the office by phone, then runs `ektp-hub desk accept-rollback {desk.desk_id}`"
    )
