"""Compact JWS (RS256) with an x5c certificate chain, as MOSIP SBI devices sign their
answers: just enough to sign (the simulator) and to verify against trusted certificates."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID


class SignatureError(ValueError):
    """A signed answer whose signature does not verify, or by an untrusted device."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def make_device_identity(name: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A key and a self-signed certificate for a (simulated) device."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return key, cert


def sign(payload: dict[str, Any], key: rsa.RSAPrivateKey, cert: x509.Certificate) -> str:
    header = {
        "alg": "RS256",
        "typ": "JWT",
        "x5c": [base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()],
    }
    signing_input = (
        b64url(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + b64url(json.dumps(payload, separators=(",", ":")).encode())
    )
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + b64url(signature)


def verify(token: str, trusted: set[str]) -> dict[str, Any]:
    """The payload of `token` when its signature verifies with its x5c certificate and that
    certificate's SHA-256 fingerprint is among `trusted`; raises SignatureError otherwise."""
    return verify_signed(token, trusted)[0]


def verify_signed(token: object, trusted: set[str]) -> tuple[dict[str, Any], str]:
    """`verify`, also giving the fingerprint of the certificate that signed: what a device
    is pinned to once found. Anything but a well-formed token is a SignatureError."""
    if not isinstance(token, str):
        raise SignatureError(f"not a signed device answer (a {type(token).__name__})")
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(b64url_decode(header_b64))
        if not isinstance(header, dict):
            raise ValueError("the header is not an object")
        cert = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
        payload = json.loads(b64url_decode(payload_b64))
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise SignatureError(f"not a signed device answer ({exc})") from None
    if header.get("alg") != "RS256":
        raise SignatureError(f"unsupported signature algorithm {header.get('alg')!r}")
    if fingerprint(cert) not in trusted:
        raise SignatureError(
            f"the device certificate {fingerprint(cert)[:16]}… is not among the trusted ones"
        )
    public = cert.public_key()
    if not isinstance(public, rsa.RSAPublicKey):
        raise SignatureError("the device certificate has no RSA key")
    try:
        public.verify(
            b64url_decode(signature_b64),
            f"{header_b64}.{payload_b64}".encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except InvalidSignature:
        raise SignatureError("the device's signature does not verify") from None
    if not isinstance(payload, dict):
        raise SignatureError("the signed payload is not an object")
    return payload, fingerprint(cert)
