"""A small secret (a private key) kept under a passphrase or a password: scrypt derives the
key, AES-256-GCM seals the secret. Layout: salt (16) | n, r, p (3 x 4) | nonce (12) | sealed.
"""

from __future__ import annotations

import hashlib
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ektp_desk.store import StoreError

HEADER = 16 + 12 + 12


class WrongSecret(StoreError):
    """The passphrase does not open it, or it is damaged."""


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * r * n + 2**20, dklen=32
    )


def wrap(secret: bytes, passphrase: str, *, n: int, r: int, p: int, label: bytes) -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_key(passphrase, salt, n, r, p)).encrypt(nonce, secret, label)
    return salt + struct.pack(">III", n, r, p) + nonce + sealed


def unwrap(wrapped: bytes, passphrase: str, *, label: bytes) -> bytes:
    if len(wrapped) <= HEADER:
        raise WrongSecret("wrapped_key_damaged")
    salt, params, nonce, sealed = wrapped[:16], wrapped[16:28], wrapped[28:40], wrapped[40:]
    n, r, p = struct.unpack(">III", params)
    if not (2**4 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):
        raise WrongSecret("wrapped_key_damaged")
    try:
        return AESGCM(_key(passphrase, salt, n, r, p)).decrypt(nonce, sealed, label)
    except InvalidTag:
        raise WrongSecret("wrong_secret") from None
