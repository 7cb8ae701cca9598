"""A desk release as the hub offers it and the desk checks it: the installer's version, size
and SHA-256, signed with the hub's release key (Ed25519).

The signature covers a short statement of version, size and digest, not the file itself:
the hub signs once without reading the file twice, the desk hashes the file as it lands on
disk, and an old signed release cannot be passed off under a newer version, since the
version is signed with it."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from packaging.version import InvalidVersion, Version

from ektp_desk.protocol.envelope import key_id

RELEASE_PATH = "/release"
DOWNLOAD_PATH = "/release/download"
_STATEMENT = "ektp-desk release v1"
_CHUNK = 1 << 20


class ReleaseError(ValueError):
    """A release that cannot be trusted or read: its fields, its file or its signature."""


def parse_version(text: str) -> Version:
    """A release version (PEP 440: 0.2.0, 1.0.0rc1), compared as versions, not as text."""
    try:
        return Version(text.strip())
    except InvalidVersion:
        raise ReleaseError(f"{text!r} is not a version (like 0.2.0)") from None


def is_newer(offered: str, installed: str) -> bool:
    return parse_version(offered) > parse_version(installed)


def statement(version: str, size: int, sha256: str) -> bytes:
    return f"{_STATEMENT}\n{version}\n{size}\n{sha256}".encode()


def file_digest(path: Path) -> tuple[int, str]:
    """The file's size and SHA-256 (hex), read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def release_public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True, slots=True)
class Release:
    version: str
    size: int
    sha256: str
    signature: str  # base64 of the Ed25519 signature of `statement(...)`
    key_id: str  # the fingerprint of the release key that signed it
    notes: str = ""
    added_at: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "size": self.size,
            "sha256": self.sha256,
            "signature": self.signature,
            "key_id": self.key_id,
            "notes": self.notes,
            "added_at": self.added_at,
        }

    @classmethod
    def from_dict(cls, obj: object) -> Release:
        """A release from the hub's answer; its fields checked, not yet its signature."""
        if not isinstance(obj, dict):
            raise ReleaseError("the release answer is not an object")
        try:
            release = cls(
                version=str(obj["version"]),
                size=obj["size"],
                sha256=str(obj["sha256"]),
                signature=str(obj.get("signature") or ""),
                key_id=str(obj.get("key_id") or ""),
                notes=str(obj.get("notes") or ""),
                added_at=str(obj.get("added_at") or ""),
            )
        except KeyError as exc:
            raise ReleaseError(f"the release answer has no {exc.args[0]!r}") from None
        if not isinstance(release.size, int) or isinstance(release.size, bool) or release.size < 0:
            raise ReleaseError("the release's size is not a whole number")
        if len(release.sha256) != 64 or any(c not in "0123456789abcdef" for c in release.sha256):
            raise ReleaseError("the release's sha256 is not 64 hex digits")
        parse_version(release.version)
        return release


def sign_release(
    key: Ed25519PrivateKey, *, version: str, size: int, sha256: str, notes: str = "", at: str = ""
) -> Release:
    signature = key.sign(statement(version, size, sha256))
    return Release(
        version=version,
        size=size,
        sha256=sha256,
        signature=base64.b64encode(signature).decode(),
        key_id=key_id(release_public_bytes(key)),
        notes=notes,
        added_at=at,
    )


def check_signature(release: Release, public_key: bytes) -> None:
    """Refuse (ReleaseError) a release not signed by the pinned release key."""
    if not release.signature:
        raise ReleaseError(f"release {release.version} is not signed")
    try:
        signature = base64.b64decode(release.signature, validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            signature, statement(release.version, release.size, release.sha256)
        )
    except (binascii.Error, ValueError, InvalidSignature):
        raise ReleaseError(
            f"release {release.version} is not signed by the release key this desk pinned "
            f"({key_id(public_key)})"
        ) from None


def check_file(release: Release, path: Path, public_key: bytes) -> None:
    """Refuse (ReleaseError) a file that is not the signed release: its size, its SHA-256
    and the signature, checked against the pinned key."""
    check_signature(release, public_key)
    size, digest = file_digest(path)
    if size != release.size:
        raise ReleaseError(
            f"the downloaded file has {size} bytes, the release {release.version} {release.size}"
        )
    if digest != release.sha256:
        raise ReleaseError(
            f"the downloaded file's SHA-256 is not the release {release.version}'s: it was "
            "altered on the way or on the hub"
        )


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The one byte range (first, last inclusive) an HTTP `Range: bytes=` header asks of a
    file of `size` bytes; None for the whole file. ValueError when it cannot be served
    (the answer is 416)."""
    if header is None or not header.strip():
        return None
    unit, _, spec = header.strip().partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        raise ValueError("only one range of bytes is served")
    first_text, dash, last_text = spec.strip().partition("-")
    if not dash:
        raise ValueError("a malformed range")
    try:
        if first_text == "":  # the last N bytes
            count = int(last_text)
            if count <= 0:
                raise ValueError("an empty range")
            return max(size - count, 0), size - 1
        first = int(first_text)
        last = int(last_text) if last_text else size - 1
    except ValueError:
        raise ValueError("a malformed range") from None
    if first < 0 or first >= size or last < first:
        raise ValueError(f"the range starts past the file's {size} bytes")
    return first, min(last, size - 1)
