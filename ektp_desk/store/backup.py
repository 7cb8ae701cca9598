"""Encrypted backups of the desk's database, taken with SQLite's online backup while the
desk keeps working, and restored into an empty data dir.

File layout: MAGIC (8) | salt (16) | scrypt n, r, p (3 x 4) | chunks. Each chunk is
nonce (12) | length (4) | AES-256-GCM ciphertext and tag of up to 1 MiB, with the chunk's
number and a last-chunk flag as associated data, so a truncated, reordered or altered file
is refused rather than restored half.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ektp_desk.store import StoreError

MAGIC = b"EKTPBAK1"
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


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a directory; its rename is durable enough
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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


def encrypt_file(source: Path, target: Path, passphrase: str) -> int:
    """Write `source` encrypted to `target` (atomically); returns the bytes written."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"a backup passphrase needs at least {MIN_PASSPHRASE} characters")
    salt = os.urandom(16)
    aes = AESGCM(_key(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P))
    tmp = target.with_name(f".{target.name}.tmp")
    written = 0
    try:
        with tmp.open("wb") as out:
            header = MAGIC + salt + struct.pack(">III", SCRYPT_N, SCRYPT_R, SCRYPT_P)
            out.write(header)
            written += len(header)
            for index, (data, last) in enumerate(_chunks(source)):
                nonce = os.urandom(12)
                sealed = aes.encrypt(nonce, data, _aad(index, last))
                out.write(nonce + struct.pack(">I", len(sealed)) + sealed)
                written += 16 + len(sealed)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"cannot write the backup {target}: {exc.strerror or exc}") from None
    return written


def decrypt_file(source: Path, target: Path, passphrase: str) -> None:
    try:
        f = source.open("rb")
    except OSError as exc:
        raise BackupError(f"cannot read {source}: {exc.strerror or exc}") from None
    with f, target.open("wb") as out:
        header = f.read(len(MAGIC) + 16 + 12)
        if len(header) < len(MAGIC) + 28 or not header.startswith(MAGIC):
            raise BackupError(f"{source.name} is not an ektp-desk backup")
        salt = header[8:24]
        n, r, p = struct.unpack(">III", header[24:36])
        if not (2**10 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):
            raise BackupError(f"{source.name}: the backup header is damaged")
        aes = AESGCM(_key(passphrase, salt, n, r, p))
        index = 0
        while True:
            head = f.read(16)
            if not head:
                raise BackupError(f"{source.name} is truncated: its last part is missing")
            if len(head) < 16:
                raise BackupError(f"{source.name} is truncated")
            (length,) = struct.unpack(">I", head[12:16])
            sealed = f.read(length)
            if len(sealed) != length:
                raise BackupError(f"{source.name} is truncated")
            try:
                data = aes.decrypt(head[:12], sealed, _aad(index, False))
                last = False
            except InvalidTag:
                try:
                    data = aes.decrypt(head[:12], sealed, _aad(index, True))
                    last = True
                except InvalidTag:
                    raise BackupError(
                        "wrong passphrase, or the backup is damaged (part "
                        f"{index + 1} does not decrypt)"
                    ) from None
            out.write(data)
            index += 1
            if last:
                if f.read(1):
                    raise BackupError(f"{source.name} has data after its last part")
                break
        out.flush()
        os.fsync(out.fileno())


def private_temp(folder: Path) -> Path:
    """A temporary file readable by this user only, on the same disk as `folder`."""
    fd, name = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite3", dir=folder)
    os.close(fd)
    os.chmod(name, 0o600)
    return Path(name)


def rotate(folder: Path, *, keep: int, pattern: str = "ektp-desk-*.ektpbak") -> list[Path]:
    """Delete all but the newest `keep` backups in `folder`; returns those deleted."""
    backups = sorted(folder.glob(pattern), key=lambda p: p.name, reverse=True)
    gone = backups[keep:]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone
