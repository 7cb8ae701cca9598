"""Sealed envelopes: a recording's payload encrypted to the hub's public key.

X25519 with an ephemeral key per envelope, HKDF-SHA256 to derive an AES-256-GCM key, and
the record id and desk id as associated data, so an envelope cannot be passed off as
another record's or another desk's. Only the hub's private key opens it.

Layout: MAGIC (8) | key id (8) | ephemeral public key (32) | nonce (12) | ciphertext+tag.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"EKTPENV1"
HEADER_SIZE = len(MAGIC) + 8 + 32 + 12
_INFO = b"ektp-desk sealed envelope v1"


class EnvelopeError(ValueError):
    """An envelope that cannot be opened: damaged, for another key, or for another record."""


def key_id(public_key: bytes) -> str:
    """A short fingerprint of the hub's public key, to read out over the phone."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def _derive(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=_INFO
    ).derive(shared)


def associated_data(record_id: str, desk_id: str) -> bytes:
    return f"{record_id}\n{desk_id}".encode()


def seal(payload: bytes, *, public_key: bytes, record_id: str, desk_id: str) -> bytes:
    recipient = X25519PublicKey.from_public_bytes(public_key)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    key = _derive(ephemeral.exchange(recipient), ephemeral_public, public_key)
    nonce = os.urandom(12)
    body = AESGCM(key).encrypt(nonce, payload, associated_data(record_id, desk_id))
    return MAGIC + bytes.fromhex(key_id(public_key)) + ephemeral_public + nonce + body


def envelope_key_id(envelope: bytes) -> str:
    if len(envelope) < HEADER_SIZE + 16 or not envelope.startswith(MAGIC):
        raise EnvelopeError("not a sealed ektp envelope")
    return envelope[8:16].hex()


def open_envelope(
    envelope: bytes, *, private_key: X25519PrivateKey, record_id: str, desk_id: str
) -> bytes:
    public = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    if envelope_key_id(envelope) != key_id(public):
        raise EnvelopeError("sealed for another hub key")
    ephemeral_public = envelope[16:48]
    nonce = envelope[48:60]
    try:
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        key = _derive(shared, ephemeral_public, public)
        return AESGCM(key).decrypt(nonce, envelope[60:], associated_data(record_id, desk_id))
    except (InvalidTag, ValueError):
        raise EnvelopeError(
            "the envelope does not open: damaged, or not sealed for this record and desk"
        ) from None


def generate_private_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def public_bytes(private_key: X25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def private_key_to_pem(private_key: X25519PrivateKey, passphrase: bytes) -> bytes:
    """The private key as PKCS#8 PEM, encrypted under the passphrase."""
    if len(passphrase) < 8:
        raise ValueError("the passphrase needs at least 8 characters")
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )


def private_key_from_pem(pem: bytes, passphrase: bytes) -> X25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=passphrase)
    except (ValueError, TypeError):
        raise EnvelopeError("wrong passphrase, or not an ektp-hub private key file") from None
    if not isinstance(key, X25519PrivateKey):
        raise EnvelopeError("the key file does not hold an X25519 key")
    return key
