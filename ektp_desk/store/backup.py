"""Encrypted backups of the desk's database, taken with SQLite's online backup while the
desk keeps working, and restored into an empty data dir.

Two kinds of file, each a header and then chunks. Each chunk is nonce (12) | length (4) |
AES-256-GCM ciphertext and tag of up to 1 MiB, with the chunk's number and a last-chunk flag
as associated data, so a truncated, reordered or altered file is refused rather than
restored half.

- MAGIC (8) | salt (16) | scrypt n, r, p (3 x 4): the key comes from a passphrase typed now.
- MAGIC_KEYED (8) | wrapped backup key (88) | ephemeral X25519 public key (32): for backups
  that run by themselves. The desk keeps only the backup key's public half; its private half
  is in every such file, wrapped under the passphrase (scrypt, AES-GCM), so a restore needs
  the file and the passphrase, and the desk never stores the passphrase.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from ektp_desk.fsutil import TargetInUse, atomic_private_file, remove_stale_partials
from ektp_desk.store import StoreError, keywrap
from ektp_desk.store import audit as audit_store
from ektp_desk.store.db import refuse_foreign_schema

MAGIC = b"EKTPBAK1"
MAGIC_KEYED = b"EKTPBAK2"
WRAPPED_SIZE = 16 + 12 + 12 + 32 + 16
_WRAP_AAD = b"ektp-desk backup key v1"
CHUNK = 1024 * 1024
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSPHRASE = 10


class BackupError(StoreError):
    """A backup that cannot be made or restored; the message says why."""


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * r * n + 2**20, dklen=32
    )


def _aad(index: int, last: bool) -> bytes:
    return struct.pack(">Q?", index, last)


def snapshot(
    conn: sqlite3.Connection, target: Path, *, progress: Callable[[int, int], None] | None = None
) -> None:
    """A consistent copy of the live database, page by page, while others keep writing."""
    copy = sqlite3.connect(target)
    try:
        with copy:
            conn.backup(
                copy,
                pages=1024,
                progress=(lambda _s, remaining, total: progress(total - remaining, total))
                if progress
                else None,
            )
    finally:
        copy.close()


def _chunks(path: Path) -> Iterator[tuple[bytes, bool]]:
    with path.open("rb") as f:
        current = f.read(CHUNK)
        while True:
            following = f.read(CHUNK)
            yield current, not following
            if not following:
                return
            current = following


def _write_chunks(source: Path, target: Path, header: bytes, aes: AESGCM) -> int:
    written = 0
    try:
        with atomic_private_file(target) as out:
            out.write(header)
            written += len(header)
            for index, (data, last) in enumerate(_chunks(source)):
                nonce = os.urandom(12)
                sealed = aes.encrypt(nonce, data, _aad(index, last))
                out.write(nonce + struct.pack(">I", len(sealed)) + sealed)
                written += 16 + len(sealed)
    except TargetInUse:
        raise  # the desk says so in its reader's language, and the window offers another name
    except OSError as exc:
        raise BackupError("backup_write", target=target, detail=exc.strerror or exc) from None
    return written


def encrypt_file(source: Path, target: Path, passphrase: str) -> int:
    """Write `source` encrypted to `target` (atomically); returns the bytes written."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError("passphrase_short", minimum=MIN_PASSPHRASE)
    salt = os.urandom(16)
    aes = AESGCM(_key(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P))
    header = MAGIC + salt + struct.pack(">III", SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return _write_chunks(source, target, header, aes)


@dataclass(frozen=True, slots=True)
class BackupKey:
    """The public half of a desk's backup key, and its private half wrapped under the
    passphrase; both are safe to keep in the desk's settings."""

    public: bytes
    wrapped: bytes


def new_backup_key(passphrase: str) -> BackupKey:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError("passphrase_short", minimum=MIN_PASSPHRASE)
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    wrapped = keywrap.wrap(raw, passphrase, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, label=_WRAP_AAD)
    assert len(wrapped) == WRAPPED_SIZE
    return BackupKey(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw), wrapped)


def _unwrap(wrapped: bytes, passphrase: str, name: str) -> X25519PrivateKey:
    try:
        raw = keywrap.unwrap(wrapped, passphrase, label=_WRAP_AAD)
    except keywrap.WrongSecret:
        raise BackupError("backup_header_secret") from None
    return X25519PrivateKey.from_private_bytes(raw)


def _data_key(shared: bytes, ephemeral: bytes) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"ektp-desk backup v2" + ephemeral
    ).derive(shared)
    return AESGCM(key)


def encrypt_file_to_key(source: Path, target: Path, key: BackupKey) -> int:
    """Write `source` encrypted for the backup key (no passphrase needed now)."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(key.public))
    header = MAGIC_KEYED + key.wrapped + ephemeral_public
    return _write_chunks(source, target, header, _data_key(shared, ephemeral_public))


def decrypt_file(source: Path, target: Path, passphrase: str) -> None:
    try:
        f = source.open("rb")
    except OSError as exc:
        raise BackupError("backup_read", source=source, detail=exc.strerror or exc) from None
    with f, target.open("wb") as out:
        magic = f.read(len(MAGIC))
        if magic == MAGIC:
            header = f.read(28)
            if len(header) < 28:
                raise BackupError("backup_truncated", name=source.name)
            salt = header[:16]
            n, r, p = struct.unpack(">III", header[16:28])
            if not (2**10 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):
                raise BackupError("backup_header_damaged", name=source.name)
            aes = AESGCM(_key(passphrase, salt, n, r, p))
        elif magic == MAGIC_KEYED:
            header = f.read(WRAPPED_SIZE + 32)
            if len(header) < WRAPPED_SIZE + 32:
                raise BackupError("backup_truncated", name=source.name)
            private = _unwrap(header[:WRAPPED_SIZE], passphrase, source.name)
            ephemeral = header[WRAPPED_SIZE:]
            try:
                shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
            except ValueError:
                raise BackupError("backup_header_damaged", name=source.name) from None
            aes = _data_key(shared, ephemeral)
        else:
            raise BackupError("not_a_backup", name=source.name)
        index = 0
        while True:
            head = f.read(16)
            if not head:
                raise BackupError("backup_last_part", name=source.name)
            if len(head) < 16:
                raise BackupError("backup_truncated", name=source.name)
            (length,) = struct.unpack(">I", head[12:16])
            sealed = f.read(length)
            if len(sealed) != length:
                raise BackupError("backup_truncated", name=source.name)
            try:
                data = aes.decrypt(head[:12], sealed, _aad(index, False))
                last = False
            except InvalidTag:
                try:
                    data = aes.decrypt(head[:12], sealed, _aad(index, True))
                    last = True
                except InvalidTag:
                    raise BackupError("backup_part", part=index + 1) from None
            out.write(data)
            index += 1
            if last:
                if f.read(1):
                    raise BackupError("backup_trailing", name=source.name)
                break
        out.flush()
        os.fsync(out.fileno())


def rotate(folder: Path, *, keep: int, pattern: str = "ektp-desk-*.ektpbak") -> list[Path]:
    """Delete all but the newest `keep` backups in `folder`, and the partial files of backups
    killed mid-way; returns the backups deleted."""
    remove_stale_partials(folder, pattern)
    backups = sorted(folder.glob(pattern), key=lambda p: p.name, reverse=True)
    gone = backups[keep:]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def restored_problem(plain: Path, source: Path) -> BackupError | None:
    """Why a decrypted backup must not become the desk's store (damaged, a broken audit
    chain, objects ektp-desk did not make, no desk database at all), or None."""
    probe = sqlite3.connect(plain)
    try:
        verdict = probe.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            return BackupError("restored_damaged", verdict=verdict)
        report = audit_store.verify(probe)
        if not report.ok:
            return BackupError("restored_chain", reason=report.reason)
        try:
            refuse_foreign_schema(probe, source)
        except StoreError as exc:
            return BackupError("restored_refused", detail=exc)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        return BackupError("restored_not_desk", detail=exc)
    finally:
        probe.close()
    return None
