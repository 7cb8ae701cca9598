"""The desk releases a hub offers: its release key (Ed25519; the private half encrypted under
the hub's passphrase, readable by the hub's user only, as the sealing key), and each
installer added, signed and kept as a file in the release folder.

The installers stay files, not rows: one is tens of megabytes, PostgreSQL would hand a
bytea back whole (no ranges without large objects) and carry it in every dump and WAL
segment, while a file is served in ranges straight from disk by every worker and by
nginx alike. The store keeps each release's version, size, SHA-256, signature and date."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ektp_desk.fsutil import atomic_private_file, atomic_private_path
from ektp_desk.hub import HubError
from ektp_desk.hub.store import HubStore
from ektp_desk.protocol.envelope import key_id
from ektp_desk.protocol.release import (
    Release,
    ReleaseError,
    file_digest,
    parse_version,
    release_public_bytes,
    sign_release,
)

RELEASE_KEY_META = "release_public_key"  # base64 of the public half, for /config
# An installer holds nothing personal and is served by every worker and by nginx, which may
# run as another user: readable by all.
INSTALLER_MODE = 0o644


def create_release_key(path: Path, passphrase: bytes, store: HubStore) -> Ed25519PrivateKey:
    """A new release key, written encrypted to `path`; its public half put in the store."""
    if path.exists():
        raise HubError(f"{path} exists; a hub keeps its release key (desks have pinned it)")
    if len(passphrase) < 8:
        raise HubError("the passphrase needs at least 8 characters")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_private_file(path) as out:  # only the hub's user reads it
        out.write(pem)
    store.put_meta(RELEASE_KEY_META, base64.b64encode(release_public_bytes(key)).decode())
    return key


def load_release_key(path: Path, passphrase: bytes) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=passphrase)
    except OSError as exc:
        raise HubError(f"cannot read the release key {path} ({exc.strerror})") from None
    except (ValueError, TypeError):
        raise HubError(f"wrong passphrase, or {path} is not a release key file") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise HubError(f"{path} does not hold an Ed25519 release key")
    return key


def release_key_id(store: HubStore) -> str | None:
    encoded = store.get_meta(RELEASE_KEY_META)
    return key_id(base64.b64decode(encoded)) if encoded else None


def installer_name(version: str) -> str:
    return f"ektp-desk-{version}-setup.exe"


def add_release(
    store: HubStore,
    key: Ed25519PrivateKey,
    source: Path,
    *,
    version: str,
    notes: str,
    folder: Path,
    at: str,
) -> Release:
    """Copy the installer into the release folder, sign it and record it: the file is in
    place (and synced to disk) before the row that offers it is written, and removed when
    the row cannot be."""
    try:
        version = str(parse_version(version))
    except ReleaseError as exc:
        raise HubError(f"--version: {exc}") from None
    if not source.is_file():
        raise HubError(f"{source} is not a file")
    if any(r.version == version for r, _ in store.releases()):
        raise HubError(f"release {version} was already added; give a new version")
    folder.mkdir(parents=True, exist_ok=True)
    name = installer_name(version)
    target = folder / name
    if target.exists():  # another `release add` of this version got there first
        raise HubError(f"{target} exists; give a new version")
    with atomic_private_path(target, mode=INSTALLER_MODE) as tmp:
        shutil.copyfile(source, tmp)
        size, sha256 = file_digest(tmp)
        if size == 0:
            raise HubError(f"{source} is empty")
        release = sign_release(key, version=version, size=size, sha256=sha256, notes=notes, at=at)
    try:
        store.add_release(release, name)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return release
